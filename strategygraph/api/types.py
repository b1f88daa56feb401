"""The graph as GraphQL: a ``Node`` interface, one type per kind, relationships.

Every node type is built from a domain ``Node`` by ``node_type``; the neighbour and health
fields read the live graph, so a node from a payload or a subscription shows the graph as
it is now (a deleted node has no neighbours). Regions and organisations are
``region_types.py``, the rolled-up health ``health_types.py``; the node types, their edges
and ``node_type`` stay together here, as they refer to each other.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from strawberry.types import Info

from ..domain import Edge
from ..domain import Node as DomainNode
from ..domain.answers import HealthRollup as DomainRollup
from .comments import CommentThread, comment_thread
from .context import Context
from .enums import Health, NodeKind, Relation, Status
from .health_types import HealthRollup, rollup
from .region_types import Organisation, Region, organisation_type, region_type
from .situation_types import RiskType, threat_types

__all__ = [
    "Attribute",
    "Link",
    "NodeType",
    "Relationship",
    "node_type",
    "relationship",
]

Ctx = Info[Context, None]


@strawberry.type(description="A free-form attribute of a node.")
class Attribute:
    key: str = strawberry.field(description="The attribute's name, unique within the node.")
    value: str = strawberry.field(description="The attribute's text.")


@strawberry.type(description="One neighbour of a node, through one edge.")
class Link:
    relation: Relation = strawberry.field(description="The relation of the edge.")
    node: NodeType = strawberry.field(description="The node at the other end.")
    inferred: bool = strawberry.field(
        description=("True when the edge was inferred (for example by an import), not stated.")
    )
    note: str | None = strawberry.field(description="A note on the edge, if any.")


@strawberry.type(
    description="A typed edge. It points from `source` to `target`: up the layers, "
    "or sideways for DEPENDS_ON (`lateral`)."
)
class Relationship:
    source_id: strawberry.ID = strawberry.field(
        description="The id of the node the edge starts from."
    )
    relation: Relation = strawberry.field(description="The relation.")
    target_id: strawberry.ID = strawberry.field(
        description="The id of the node the edge points to."
    )
    inferred: bool = strawberry.field(description="True when the edge was inferred, not stated.")
    note: str | None = strawberry.field(description="A note on the edge, if any.")
    lateral: bool = strawberry.field(
        description=("True for DEPENDS_ON (sideways between projects), false for upward edges.")
    )
    suspect: bool = strawberry.field(
        description="The approved node it serves changed title or description since the "
        "edge was last reviewed (`reviewLink` clears it)."
    )
    suspect_since: datetime | None = strawberry.field(description="When it became suspect.")
    suspect_by: str | None = strawberry.field(description="Whose change made it suspect.")

    @strawberry.field(description="The source node; null if it no longer exists.")
    def source(self, info: Ctx) -> NodeType | None:
        found = info.context.at(info.path).find(self.source_id)
        return node_type(found) if found else None

    @strawberry.field(description="The target node; null if it no longer exists.")
    def target(self, info: Ctx) -> NodeType | None:
        found = info.context.at(info.path).find(self.target_id)
        return node_type(found) if found else None


def relationship(e: Edge, ctx: Context) -> Relationship:
    return Relationship(
        source_id=strawberry.ID(e.source),
        relation=e.relation,
        target_id=strawberry.ID(e.target),
        inferred=e.inferred,
        note=e.note,
        lateral=not ctx.store.metamodel.is_upward(e.relation),
        suspect=e.suspect,
        suspect_since=e.suspect_at,
        suspect_by=e.suspect_by,
    )


@strawberry.interface(name="Node", description="One element of a strategy, in one layer.")
class NodeType:
    domain: strawberry.Private[DomainNode]
    id: strawberry.ID = strawberry.field(description="The stable readable id, unique overall.")
    kind: NodeKind = strawberry.field(
        description=("The node's layer as a kind: NATIONAL_GOAL … STRATEGIC_PROJECT.")
    )
    layer: int = strawberry.field(description="0 for national goals … 5 for projects.")
    title: str = strawberry.field(
        description="The node's name as people read it (Finnish in the demo)."
    )
    description: str = strawberry.field(
        description=("A longer text explaining the node; empty when none was given.")
    )
    status: Status = strawberry.field(
        description=("Where the node is in its lifecycle: DRAFT, PROPOSED, APPROVED or RETIRED.")
    )
    approved_by: str | None = strawberry.field(
        description=("The body that approved the node (e.g. a board); set when APPROVED.")
    )
    decision_date: date | None = strawberry.field(
        description="The date of the approving decision; set when APPROVED."
    )
    decision_ref: str | None = strawberry.field(
        description="A reference to the approving decision (minutes, section)."
    )
    tags: list[str] = strawberry.field(description="Free tags, de-duplicated, in the order given.")
    source: str | None = strawberry.field(
        description="Where the node comes from: a document, a page, a link."
    )
    attributes: list[Attribute] = strawberry.field(
        description="Free-form key/value attributes, keys unique."
    )
    version: int = strawberry.field(description="Give it back as `expectedVersion`.")
    created_at: datetime | None = strawberry.field(
        description=("When the node was created (UTC); null for nodes loaded without a time.")
    )
    created_by: str | None = strawberry.field(description="Who created the node (a user name).")
    updated_at: datetime | None = strawberry.field(description="When the node last changed (UTC).")
    updated_by: str | None = strawberry.field(description="Who changed the node last.")

    @classmethod
    def resolve_type(cls, obj: Any, info: Any, abstract_type: Any) -> str:
        """The GraphQL type of a node object: its own class's, looked up directly (the
        default searches the schema, a third of a ``traceUp`` answer's time)."""
        return str(obj.__strawberry_definition__.name)

    @strawberry.field(
        description=("The region the node belongs to (`national` for national goals).")
    )
    def region(self, info: Ctx) -> Region:
        return region_type(info.context.at(info.path).region(self.domain.region))

    @strawberry.field(description="The organisation that owns the node, if one is named.")
    def organisation(self, info: Ctx) -> Organisation | None:
        org = self.domain.organisation
        found = info.context.at(info.path).organisation(org) if org else None
        return organisation_type(found) if found else None

    @strawberry.field(description="What this node serves directly (upward edges out of it).")
    def upward(self, info: Ctx) -> list[Link]:
        return _links(self.domain.id, info, up=True)

    @strawberry.field(description="What serves this node directly (upward edges into it).")
    def downward(self, info: Ctx) -> list[Link]:
        return _links(self.domain.id, info, up=False)

    @strawberry.field(description="Every edge touching this node, in either direction.")
    def relationships(self, info: Ctx) -> list[Relationship]:
        return [relationship(e, info.context.at(info.path)) for e in _edges(self.domain.id, info)]

    @strawberry.field(description="The node's discussion thread, oldest first, and its size.")
    def comments(self, info: Ctx) -> CommentThread:
        return comment_thread(info.context.at(info.path).store.comments(self.domain.id))

    @strawberry.field(
        description="The risks that threaten this node directly and are not CLOSED, that "
        "the caller may read, highest score first (`risksThreatening` adds those on "
        "everything serving it)."
    )
    def risks(self, info: Ctx) -> list[RiskType]:
        return threat_types([self.domain.id], info.context.at(info.path))

    @strawberry.field(description="Health of the active projects at or under this node.")
    def rolled_up_health(self, info: Ctx) -> HealthRollup:
        if info.context.at(info.path).find(self.domain.id) is None:
            return rollup(DomainRollup(Health.UNKNOWN, 0, dict.fromkeys(Health, 0)))
        return rollup(info.context.at(info.path).store.rolled_up_health(self.domain.id))


def _edges(node_id: str, info: Ctx) -> list[Edge]:
    if info.context.at(info.path).find(node_id) is None:
        return []
    return info.context.at(info.path).store.edges(node_id)


def _links(node_id: str, info: Ctx, up: bool, relation: Relation | None = None) -> list[Link]:
    """Neighbours through upward edges (or through ``relation`` edges only): the targets
    of the node's edges when ``up``, else their sources."""
    ctx = info.context.at(info.path)
    links = []
    for e in _edges(node_id, info):
        wanted = e.relation is relation if relation else ctx.store.metamodel.is_upward(e.relation)
        near, far = (e.source, e.target) if up else (e.target, e.source)
        if wanted and near == node_id and (found := ctx.find(far)) is not None:
            links.append(
                Link(relation=e.relation, node=node_type(found), inferred=e.inferred, note=e.note)
            )
    return links


@strawberry.type(description="A national goal (kansallinen tavoite); region `national`.")
class NationalGoal(NodeType):
    pass


@strawberry.type(description="A change vision (muutosvisio).")
class ChangeVision(NodeType):
    pass


@strawberry.type(
    description="An organisation's vision (organisaation visio), with mission and values."
)
class OrganisationalVision(NodeType):
    mission: str | None = strawberry.field(
        description="The organisation's mission (toiminta-ajatus)."
    )
    values: str | None = strawberry.field(description="The organisation's values (arvot).")
    slogan: str | None = strawberry.field(description="The organisation's slogan, if it has one.")


@strawberry.type(description="A strategic line (strateginen linjaus).")
class StrategicLine(NodeType):
    pass


@strawberry.type(description="A challenge to solve (ratkaistava haaste / voitettava taistelu).")
class Challenge(NodeType):
    pass


@strawberry.type(description="A strategic project (strateginen hanke), with the PMO's picture.")
class StrategicProject(NodeType):
    owner: str | None = strawberry.field(description="Who runs the project (a person or a team).")
    phase: str | None = strawberry.field(
        description="The project's phase, in the words of its PMO."
    )
    start_date: date | None = strawberry.field(description="When the project starts.")
    due_date: date | None = strawberry.field(description="When the project is due to end.")
    progress: int | None = strawberry.field(description="Per cent done, 0–100.")
    health: Health | None = strawberry.field(
        description=("The project's health as last reported; null when nobody has said.")
    )

    @strawberry.field(description="The projects this one depends on (DEPENDS_ON out).")
    def depends_on(self, info: Ctx) -> list[Link]:
        return _links(self.domain.id, info, up=True, relation=Relation.DEPENDS_ON)

    @strawberry.field(description="The projects that depend on this one (DEPENDS_ON in).")
    def dependents(self, info: Ctx) -> list[Link]:
        return _links(self.domain.id, info, up=False, relation=Relation.DEPENDS_ON)


NODE_TYPES: tuple[type[NodeType], ...] = (
    NationalGoal,
    ChangeVision,
    OrganisationalVision,
    StrategicLine,
    Challenge,
    StrategicProject,
)
_BY_KIND: dict[NodeKind, type[NodeType]] = dict(zip(NodeKind, NODE_TYPES, strict=True))


SHOWN_MAX = 20_000
"""How many GraphQL node objects ``node_type`` keeps for reuse (per process)."""
_shown: dict[int, tuple[DomainNode, NodeType]] = {}


def node_type(n: DomainNode) -> NodeType:
    """The GraphQL object of the node's kind.

    Domain nodes are immutable (a change makes a new object) and the GraphQL object only
    copies their fields (the other fields resolve against the asking request), so one
    object serves every request that shows the same version of a node: the last
    ``SHOWN_MAX`` made are kept, by the identity of the domain node they were built from."""
    found = _shown.get(id(n))
    if found is not None and found[0] is n:
        return found[1]
    shown = _build(n)
    if len(_shown) >= SHOWN_MAX:
        _shown.clear()
    _shown[id(n)] = (n, shown)
    return shown


def _build(n: DomainNode) -> NodeType:
    common: dict[str, Any] = {
        "domain": n,
        "id": strawberry.ID(n.id),
        "kind": n.kind,
        "layer": n.kind.layer,
        "title": n.title,
        "description": n.description,
        "status": n.status,
        "approved_by": n.approved_by,
        "decision_date": n.decision_date,
        "decision_ref": n.decision_ref,
        "tags": list(n.tags),
        "source": n.source,
        "attributes": [Attribute(key=k, value=v) for k, v in sorted(n.attributes.items())],
        "version": n.version,
        "created_at": n.created_at,
        "created_by": n.created_by,
        "updated_at": n.updated_at,
        "updated_by": n.updated_by,
    }
    if n.kind is NodeKind.STRATEGIC_PROJECT:
        return StrategicProject(
            **common,
            owner=n.owner,
            phase=n.phase,
            start_date=n.start_date,
            due_date=n.due_date,
            progress=n.progress,
            health=n.health,
        )
    if n.kind is NodeKind.ORGANISATIONAL_VISION:
        a = n.attributes
        return OrganisationalVision(
            **common, mission=a.get("mission"), values=a.get("values"), slogan=a.get("slogan")
        )
    return _BY_KIND[n.kind](**common)
