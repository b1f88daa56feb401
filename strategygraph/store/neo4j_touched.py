"""What one commit touches, fetched from Neo4j into a scratch graph (``Touched.fetch``).

The read half of a commit, which ``neo4j_write`` runs first in the same transaction: the
regions and organisations, the comments and situation rows the operations name, their
nodes and the edges between them, the edges of a deleted node or of one whose update may
make them suspect, and the lateral edges the cycle check walks; fetched in batches of ids,
so the embedded store's applier checks the operations on just that part of the graph.
Apart from the writing half: a question of the graph, not a batch to send.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..domain import Edge, Metamodel, Node, Organisation, Region
from ..domain.changes import (
    AddComment,
    AddEdge,
    CreateNode,
    DeleteNode,
    EditComment,
    Operation,
    RemoveEdge,
    ReviewEdge,
    UpdateNode,
)
from ..domain.workflow import SUSPECT_FIELDS
from ..trace.graph import TraceGraph
from . import neo4j_cypher as q
from .apply import Scratch
from .neo4j_io import Runner, chunks, records
from .neo4j_reach import upward_relations
from .neo4j_rows import comment_from_props, edge_from_record, node_from_props
from .neo4j_situation import fetch_situation

__all__ = ["Stored", "Touched"]


@dataclass
class Stored:
    """A node as the database holds it before this commit."""

    node: Node
    seq: int
    goals: list[str]


@dataclass
class Touched:
    """The part of the graph a commit touches, fetched into a scratch workspace."""

    space: Scratch
    nodes: dict[str, Stored] = field(default_factory=dict)
    edges: dict[tuple[str, str], tuple[Edge, int]] = field(default_factory=dict)

    @classmethod
    def fetch(cls, tx: Runner, metamodel: Metamodel, operations: Sequence[Operation]) -> Touched:
        touched = cls(Scratch(TraceGraph(metamodel)))
        upward = upward_relations(metamodel)
        space = touched.space
        for row in records(tx, q.REGIONS):
            space.region_map[row["id"]] = Region(row["id"], row["name"])
        for row in records(tx, q.ORGANISATIONS):
            space.organisation_map[row["id"]] = Organisation(row["id"], row["name"], row["region"])
        ids: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        deletes: set[str] = set()
        lateral: set[str] = set()
        under: set[str] = set()
        """Updated nodes whose edges below may turn suspect."""
        comment_ids = sorted(
            op.comment.id if isinstance(op, AddComment) else op.comment_id
            for op in operations
            if isinstance(op, (AddComment, EditComment))
        )
        for batch in chunks(comment_ids):
            for row in records(tx, q.FETCH_COMMENTS, ids=list(batch)):
                comment = comment_from_props(row["props"])
                space.comment_map[comment.id] = comment
                ids.add(comment.node_id)
        ids.update(fetch_situation(tx, operations, space.situation))
        for op in operations:
            if isinstance(op, CreateNode):
                ids.add(op.node.id)
            elif isinstance(op, AddComment):
                ids.add(op.comment.node_id)
            elif isinstance(op, (UpdateNode, DeleteNode)):
                ids.add(op.node_id)
                if isinstance(op, DeleteNode):
                    deletes.add(op.node_id)
                elif any(f in op.changes for f in SUSPECT_FIELDS):
                    under.add(op.node_id)
            elif isinstance(op, (AddEdge, RemoveEdge, ReviewEdge)):
                source, relation, target = (
                    (op.edge.source, op.edge.relation, op.edge.target)
                    if isinstance(op, AddEdge)
                    else (op.source, op.relation, op.target)
                )
                ids.update((source, target))
                pairs.add((source, target))
                if isinstance(op, AddEdge) and relation not in upward:
                    lateral.add(target)
        # Into an empty graph (a first import) nothing is there to fetch: one question
        # instead of an index lookup for each of 100,000s of new ids.
        if ids and records(tx, q.ANY_NODE):
            for batch in chunks(sorted(ids)):
                for row in records(tx, q.FETCH_NODES, ids=list(batch)):
                    touched._keep(row["props"])
        known = touched.nodes
        # Filtered before sorted: into an empty graph none of an import's 100,000s is.
        found = [list(p) for p in sorted(p for p in pairs if p[0] in known and p[1] in known)]
        for batch in chunks(found):
            touched._edges(records(tx, q.FETCH_PAIRS, pairs=list(batch)))
        doomed = sorted(d for d in deletes if d in known)
        for query, starts in (
            (q.FETCH_TOUCHING_OUT, doomed),
            (q.FETCH_TOUCHING_IN, sorted({*doomed, *(u for u in under if u in known)})),
        ):
            for batch in chunks(starts):
                rows = records(tx, query, ids=list(batch))
                for row in rows:
                    if row["other"]["id"] not in known:
                        touched._keep(row["other"])
                touched._edges(rows)
        touched._lateral_closure(tx, sorted(t for t in lateral if t in known))
        for node in (s.node for s in known.values()):
            space.view.put_node(node)
        for edge, _ in sorted(touched.edges.values(), key=lambda pair: pair[1]):
            space.view.add_edge(edge)
        return touched

    def _keep(self, props: dict[str, Any]) -> None:
        node = node_from_props(props)
        self.nodes[node.id] = Stored(
            node, int(props.get("seq") or 0), list(props.get("goals") or [])
        )

    def _edges(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            edge = edge_from_record(row)
            self.edges[edge.key] = (edge, int(row["seq"] or 0))

    def _lateral_closure(self, tx: Runner, starts: list[str]) -> None:
        """Every stored lateral edge reachable from ``starts``, for the cycle check."""
        seen = set(starts)
        frontier = starts
        while frontier:
            rows = [r for b in chunks(frontier) for r in records(tx, q.FETCH_LATERAL, ids=list(b))]
            self._edges(rows)
            frontier = sorted({r["target"] for r in rows} - seen)
            seen.update(frontier)
