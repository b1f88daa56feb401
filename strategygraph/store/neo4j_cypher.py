"""The Neo4j adapter's Cypher, in one place. Every value is a parameter.

The graph: ``(:Node)`` with the node's fields as properties (``attributes`` as a JSON
string) plus ``layer``, ``seq`` (creation order), ``changed`` (epoch seconds of the last
change) and ``goals`` (the active national goals it reaches through active nodes, kept up
to date by every write: the reach index gaps and coverage read). Upward edges are
``[:UP]``, lateral ones ``[:LATERAL]``, each with ``relation``, ``inferred``, ``note`` and
``seq`` (creation order), and ``suspect_at``/``suspect_by`` while suspect. ``(:Region)``,
``(:Organisation)``, ``(:Comment)`` (``node_id`` names its node), ``(:Event)`` (the log) and
one ``(:Meta {name: 'graph'})`` node holding the graph version, which every write
transaction locks first. Written for what runs on both Neo4j 5 and ArcadeDB (DESIGN §5).
The ``CREATE`` batches of a commit are shaped from their rows' keys in ``neo4j_create``.
"""

from __future__ import annotations

__all__ = ["SCHEMA"]

SCHEMA = (
    "CREATE CONSTRAINT sg_node_id IF NOT EXISTS FOR (n:Node) REQUIRE n.id IS UNIQUE",
    "CREATE CONSTRAINT sg_region_id IF NOT EXISTS FOR (r:Region) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT sg_organisation_id IF NOT EXISTS "
    "FOR (o:Organisation) REQUIRE o.id IS UNIQUE",
    "CREATE CONSTRAINT sg_event_seq IF NOT EXISTS FOR (e:Event) REQUIRE e.seq IS UNIQUE",
    "CREATE CONSTRAINT sg_meta_name IF NOT EXISTS FOR (m:Meta) REQUIRE m.name IS UNIQUE",
    "CREATE CONSTRAINT sg_comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE",
    "CREATE INDEX sg_comment_node IF NOT EXISTS FOR (c:Comment) ON (c.node_id)",
    "CREATE INDEX sg_node_kind IF NOT EXISTS FOR (n:Node) ON (n.kind)",
    "CREATE INDEX sg_node_region IF NOT EXISTS FOR (n:Node) ON (n.region)",
    "CREATE INDEX sg_event_target IF NOT EXISTS FOR (e:Event) ON (e.target)",
    "CREATE INDEX sg_event_related IF NOT EXISTS FOR (e:Event) ON (e.related)",
    "CREATE INDEX sg_event_region IF NOT EXISTS FOR (e:Event) ON (e.region)",
    # The time a diff starts and ends at: the first event after it (window_port.py).
    "CREATE INDEX sg_event_at IF NOT EXISTS FOR (e:Event) ON (e.at)",
)

META = "graph"

ENSURE_META = (
    "MERGE (m:Meta {name: $name}) "
    "ON CREATE SET m.version = 0, m.lock = 0 "
    "RETURN m.version AS version"
)
VERSION = "MATCH (m:Meta {name: $name}) RETURN m.version AS version"
LOCK = (
    "MERGE (m:Meta {name: $name}) ON CREATE SET m.version = 0 "
    "SET m.lock = coalesce(m.lock, 0) + 1 RETURN m.version AS version"
)
SET_VERSION = "MATCH (m:Meta {name: $name}) SET m.version = $version"
ANY_NODE = "MATCH (n:Node) RETURN n.id AS id LIMIT 1"
ANYTHING = (
    ANY_NODE,
    "MATCH (r:Region) RETURN r.id AS id LIMIT 1",
    "MATCH (c:Comment) RETURN c.id AS id LIMIT 1",
)
WIPE = (
    "MATCH (n:Node) DETACH DELETE n",
    "MATCH (n:Event) DETACH DELETE n",
    "MATCH (n:Organisation) DETACH DELETE n",
    "MATCH (n:Region) DETACH DELETE n",
    "MATCH (n:Comment) DETACH DELETE n",
    "MATCH (m:Meta {name: $name}) SET m.version = 0",
)

# -- reading -------------------------------------------------------------------
NODE = "MATCH (n:Node {id: $id}) RETURN properties(n) AS props"
NODES = "MATCH (n:Node) {where} RETURN properties(n) AS props ORDER BY n.id"
NODE_WHERE = {"kind": "n.kind = $kind", "region": "n.region = $region"}
EDGE_FIELDS = (
    "e.relation AS relation, e.inferred AS inferred, e.note AS note, e.seq AS seq, "
    "e.suspect_at AS suspect_at, e.suspect_by AS suspect_by"
)
EDGES = f"MATCH (a:Node)-[e]->(b:Node) RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}"
EDGES_OUT = (
    f"MATCH (a:Node {{id: $id}})-[e]->(b:Node) RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}"
)
EDGES_IN = (
    f"MATCH (a:Node)-[e]->(b:Node {{id: $id}}) RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}"
)
REGIONS = "MATCH (r:Region) RETURN r.id AS id, r.name AS name ORDER BY r.id"
ORGANISATIONS = (
    "MATCH (o:Organisation) RETURN o.id AS id, o.name AS name, o.region AS region ORDER BY o.id"
)
EVENTS = "MATCH (e:Event) WHERE {where} RETURN properties(e) AS props ORDER BY e.seq LIMIT $limit"
EVENT_WHERE = {
    "after": "e.seq > $after",
    "before": "e.seq < $before",
    "target": "e.target = $target",
    "related": "e.related = $related",
    "region": "e.region = $region",
    "since": "e.at >= $since",
}

# -- what a commit touches ---------------------------------------------------------
FETCH_NODES = "UNWIND $ids AS id MATCH (n:Node {id: id}) RETURN properties(n) AS props"
FETCH_PAIRS = (
    "UNWIND $pairs AS pair MATCH (a:Node {id: pair[0]})-[e]->(b:Node {id: pair[1]}) "
    f"RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}"
)
FETCH_TOUCHING_OUT = (
    "UNWIND $ids AS id MATCH (a:Node {id: id})-[e]->(b:Node) "
    f"RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}, properties(b) AS other"
)
FETCH_TOUCHING_IN = (
    "UNWIND $ids AS id MATCH (a:Node)-[e]->(b:Node {id: id}) "
    f"RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}, properties(a) AS other"
)
FETCH_LATERAL = (
    "UNWIND $ids AS id MATCH (a:Node {id: id})-[e:LATERAL]->(b:Node) "
    f"RETURN a.id AS source, b.id AS target, {EDGE_FIELDS}"
)
CHILD_IDS = "UNWIND $ids AS id MATCH (:Node {id: id})<-[:UP]-(c:Node) RETURN DISTINCT c.id AS id"
REACH_ROWS = (
    "UNWIND $ids AS id MATCH (n:Node {id: id}) "
    "OPTIONAL MATCH (n)-[:UP]->(p:Node) "
    "RETURN n.id AS id, n.kind AS kind, n.status AS status, n.goals AS goals, "
    "p.id AS parent, p.status AS parent_status, p.goals AS parent_goals"
)

# -- writing -----------------------------------------------------------------------
DELETE_EDGES = (
    "UNWIND $pairs AS pair MATCH (a:Node {id: pair[0]})-[e]->(b:Node {id: pair[1]}) DELETE e"
)
DELETE_NODES = "UNWIND $ids AS id MATCH (n:Node {id: id}) DETACH DELETE n"
UPDATE_NODES = "UNWIND $rows AS row MATCH (n:Node {id: row.id}) SET n = row"
SET_GOALS = "UNWIND $rows AS row MATCH (n:Node {id: row[0]}) SET n.goals = row[1]"
PUT_REGIONS = "UNWIND $rows AS row MERGE (r:Region {id: row.id}) SET r.name = row.name"
PUT_ORGANISATIONS = (
    "UNWIND $rows AS row MERGE (o:Organisation {id: row.id}) "
    "SET o.name = row.name, o.region = row.region"
)

# -- comments ------------------------------------------------------------------------
COMMENTS = "MATCH (c:Comment) {where} RETURN properties(c) AS props ORDER BY c.at, c.id"
COMMENT_WHERE = "WHERE c.node_id = $node_id"
FETCH_COMMENTS = "UNWIND $ids AS id MATCH (c:Comment {id: id}) RETURN properties(c) AS props"
PUT_COMMENTS = "UNWIND $rows AS row MERGE (c:Comment {id: row.id}) SET c = row"

# -- traceability ------------------------------------------------------------------
KIND = "MATCH (n:Node {id: $id}) RETURN n.kind AS kind, n.health AS health"
KINDS = (
    "UNWIND $ids AS id MATCH (n:Node {id: id}) "
    "RETURN n.id AS id, n.kind AS kind, n.health AS health"
)
TRACE_UP = (
    "MATCH p = (s:Node {id: $id})-[:UP*1..]->(g:Node) "
    "WHERE g.kind = $goal AND all(x IN nodes(p)[1..] WHERE x.status <> $retired) "
    "AND ($max IS NULL OR length(p) <= $max) "
    "RETURN [x IN nodes(p) | x.id] AS ids, [r IN relationships(p) | r.relation] AS relations"
)
CHILDREN = (
    "MATCH (p:Node)<-[r:UP]-(c:Node) WHERE p.id IN $ids AND c.status <> $retired "
    "RETURN p.id AS at, c.id AS id, c.kind AS kind, c.health AS health, r.relation AS relation"
)
PARENTS = (
    "MATCH (c:Node)-[r:UP]->(p:Node) WHERE c.id IN $ids AND p.status <> $retired "
    "RETURN c.id AS at, p.id AS id, p.kind AS kind, r.relation AS relation"
)
_ACTIVE_OF_KIND = "MATCH (n:Node) WHERE n.kind = $kind AND n.status <> $retired REGION "
_GAP_FIELDS = "RETURN n.id AS id, n.region AS region, n.title AS title, n.kind AS kind"
GAP_NOT_TRACED = _ACTIVE_OF_KIND + "AND size(n.goals) = 0 " + _GAP_FIELDS
GAP_NO_PROJECT = (
    _ACTIVE_OF_KIND + "AND NOT EXISTS { MATCH (n)<-[:UP]-(c:Node) "
    "WHERE c.kind = $project AND c.status <> $retired } " + _GAP_FIELDS
)
GAP_NOTHING_BELOW = (
    _ACTIVE_OF_KIND + "AND NOT EXISTS { MATCH (n)<-[:UP]-(c:Node) "
    "WHERE c.status <> $retired } " + _GAP_FIELDS
)
GAP_SKIPS = (
    "MATCH (n:Node)-[r:UP]->(p:Node) "
    "WHERE n.status <> $retired AND p.status <> $retired AND p.layer < n.layer - 1 REGION "
    + _GAP_FIELDS
    + ", p.id AS parent, p.title AS parent_title, p.kind AS parent_kind"
)
GAP_STALE = (
    "MATCH (n:Node) WHERE n.status = $draft AND n.changed < $before REGION "
    + _GAP_FIELDS
    + ", n.updated_at AS updated_at, n.created_at AS created_at"
)
ACTIVE_GOALS = (
    "MATCH (g:Node) WHERE g.kind = $goal AND g.status <> $retired RETURN g.id AS id ORDER BY id"
)
COVERAGE = (
    "MATCH (n:Node) WHERE n.kind <> $goal AND n.status <> $retired REGION "
    "AND size(n.goals) > 0 UNWIND n.goals AS goal "
    "RETURN goal, n.region AS region, n.kind AS kind, n.health AS health, count(*) AS count"
)
IMPACT_ROWS = (
    "UNWIND $ids AS id MATCH (n:Node {id: id}) "
    "OPTIONAL MATCH (n)-[:UP]->(p:Node) WHERE p.status <> $retired "
    "RETURN n.id AS id, n.layer AS layer, size(n.goals) > 0 AS reaches, "
    "p.id AS parent, size(p.goals) > 0 AS parent_reaches"
)


def regional(query: str, region: str | None) -> str:
    """Fill the fixed ``REGION`` slot: a region condition on ``n``, or nothing."""
    return query.replace("REGION", "AND n.region = $region" if region is not None else "")
