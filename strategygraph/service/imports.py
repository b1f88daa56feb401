"""Turning an interchange document into one commit: create what is new, update what
changed, leave alone what is equal (so re-importing the same file changes nothing).

The situational picture a file carries (risks, indicators with their readings, status
reports) commits in the same unit of work (``situation_exchange.py``).

Suspect marks (format version 2) a file carries are restored on its edges; a file without
a mark leaves the stored one (clearing a mark is a review, ``reviewLink``).

Empty optional texts (``"approved_by": ""``, an edge's ``"note": ""``) are absent values,
as the store keeps them, so a file that spells them either way imports the same.

An edge whose ``note``, ``inferred`` or relation differ from the stored edge between the
same two nodes replaces it (an unlink and a link in the same commit).

With ``mirror`` (a region id) the file is the whole truth for that region: nodes of the
region missing from the file are deleted when they are drafts (with their edges) and
retired otherwise (a decided element keeps its record); edges leaving the region's nodes
that are missing from the file are removed. Nodes already retired are left alone.
A portfolio sheet holds only projects and what they serve: mirrored, it is the whole
truth of the region's projects and their upward edges (``mirror_scope``); lateral
``DEPENDS_ON`` edges, which a sheet cannot say, are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..domain import (
    DEFAULT_METAMODEL,
    Edge,
    Node,
    NodeKind,
    Problem,
    Status,
    StrategyGraphError,
    ValidationError,
)
from ..domain.access import Principal
from ..domain.changes import (
    AddEdge,
    CreateNode,
    DeleteNode,
    Operation,
    PutOrganisation,
    PutRegion,
    RemoveEdge,
    UpdateNode,
)
from ..domain.model import STORE_FIELDS
from ..domain.workflow import approval_problems
from ..interchange import Document, PortfolioReading, Reading
from ..store import GraphStore
from .authz import principal_of
from .hidden_ends import refuse_hidden_ends
from .situation_exchange import situation_operations

__all__ = [
    "EVERYTHING",
    "ImportPlan",
    "MirrorScope",
    "later_problems",
    "mirror_scope",
    "normalised",
    "plan_import",
    "unapproved",
]

_COMPARED = tuple(name for name in Node.__slots__ if name not in STORE_FIELDS | {"id", "kind"})
_OPTIONAL_TEXT = ("organisation", "approved_by", "decision_ref", "source", "owner", "phase")
"""Node texts that may be absent: an empty one is absent."""
_OPTIONAL_TEXTS = attrgetter(*_OPTIONAL_TEXT)


@dataclass(frozen=True)
class MirrorScope:
    """What a mirrored file is the whole truth of: nodes of these kinds, and their
    edges (only the upward ones with ``upward_only``)."""

    kinds: frozenset[NodeKind] = frozenset(NodeKind)
    upward_only: bool = False


EVERYTHING = MirrorScope()


def mirror_scope(reading: Reading, mirror: str | None) -> MirrorScope:
    """What ``reading`` may mirror; a portfolio with rows left out cannot be mirrored
    (their projects would look missing), and is refused naming the rows."""
    if mirror is None or not isinstance(reading, PortfolioReading):
        return EVERYTHING
    if reading.unmatched:
        raise ValidationError(
            [
                Problem(
                    "mirror-incomplete",
                    f"{u}; a mirror import needs every row read (fix the row or import "
                    "without mirror)",
                    "serves",
                    u.where,
                )
                for u in reading.unmatched
            ]
        )
    return MirrorScope(frozenset({NodeKind.STRATEGIC_PROJECT}), upward_only=True)


@dataclass
class ImportPlan:
    operations: list[Operation] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edges_added: int = 0
    edges_unchanged: int = 0
    edges_changed: list[str] = field(default_factory=list)
    """Edges whose note, ``inferred`` or relation the file changes (``a -REL-> b``)."""
    deleted: list[str] = field(default_factory=list)
    """Mirror: draft nodes of the region missing from the file, deleted with their edges."""
    retired: list[str] = field(default_factory=list)
    """Mirror: decided nodes of the region missing from the file, retired."""
    edges_removed: list[str] = field(default_factory=list)
    """Mirror: edges of the region missing from the file (``a -REL-> b``)."""
    mirror: str | None = None
    records_added: list[str] = field(default_factory=list)
    """Records of the situational picture the file adds (``risk 'id'``, …)."""
    records_changed: list[str] = field(default_factory=list)
    """Risks and indicators the file changes."""
    records_unchanged: int = 0
    refused: list[AddEdge] = field(default_factory=list)
    """File edges with an end the importer may not see: not committed but told as edges to
    a node that does not exist (``hidden_ends.py``), in the order of the file."""
    hidden: frozenset[str] = frozenset()
    """The ids of ``refused``'s ends the importer may not see."""


def shown(edge: Edge) -> str:
    return f"{edge.source} -{edge.relation.value}-> {edge.target}"


def _new_mark(old: Edge | None, new: Edge) -> bool:
    """Does the file put a suspect mark on the edge that the store does not hold? (A file
    without one leaves the store's mark: only a review clears it.)"""
    return (
        old is not None
        and new.suspect_at is not None
        and (old.suspect_at, old.suspect_by) != (new.suspect_at, new.suspect_by)
    )


def normalised(doc: Document) -> Document:
    """``doc`` with its empty optional texts absent (``None``), as the store keeps them."""

    def node(n: Node) -> Node:
        empty: dict[str, Any] = {name: None for name in _OPTIONAL_TEXT if getattr(n, name) == ""}
        return dataclasses.replace(n, **empty)

    def edge(e: Edge) -> Edge:
        return dataclasses.replace(e, note=None)

    texts = map(_OPTIONAL_TEXTS, doc.nodes)  # one C call a node: most have none empty
    if not any("" in t for t in texts) and not any(e.note == "" for e in doc.edges):
        return doc
    nodes = [node(n) if "" in _OPTIONAL_TEXTS(n) else n for n in doc.nodes]
    edges = [edge(e) if e.note == "" else e for e in doc.edges]
    return dataclasses.replace(doc, nodes=nodes, edges=edges)


def plan_import(
    store: GraphStore,
    doc: Document,
    mirror: str | None = None,
    scope: MirrorScope = EVERYTHING,
    sees: Callable[[Node], bool] | None = None,
) -> ImportPlan:
    """The operations importing ``doc``; under ``mirror`` only what the importer ``sees``
    is removed (an edge into a node hidden from them was not in their export either).

    A node the importer does not ``see`` counts as one that does not exist: a file node
    with its id is created (and refused by the store as an id already used, as
    ``createNode`` is), a file edge touching it goes to ``refused``, and no stored edge
    touching it is compared, removed or counted. So no answer tells its region, status,
    content or edges."""
    doc = normalised(doc)
    plan = ImportPlan(mirror=mirror)
    ops = plan.operations
    known_regions = {r.id: r for r in store.regions()}
    known_orgs = {o.id: o for o in store.organisations()}
    for i, region in enumerate(doc.regions):
        if known_regions.get(region.id) != region:
            ops.append(PutRegion(region, f"regions[{i}]"))
    for i, org in enumerate(doc.organisations):
        if known_orgs.get(org.id) != org:
            ops.append(PutOrganisation(org, f"organisations[{i}]"))
    existing, hidden = _seen(store, sees)
    ends_hidden = hidden - {n.id for n in doc.nodes}
    plan.hidden = frozenset(ends_hidden)
    for i, node in enumerate(doc.nodes):
        where = f"nodes[{i}]"
        old = existing.get(node.id)
        if old is None:
            ops.append(CreateNode(node, where))
            plan.added.append(node.id)
            continue
        changes = {
            name: getattr(node, name)
            for name in _COMPARED
            if getattr(node, name) != getattr(old, name)
        }
        if node.kind is not old.kind:
            changes["kind"] = node.kind  # refused by the store with a clear message
        if changes:
            ops.append(UpdateNode(node.id, changes, where=where))
            plan.changed.append(node.id)
        else:
            plan.unchanged.append(node.id)
    existing_edges = {}
    if store.version():
        existing_edges = {
            e.key: e
            for e in store.edges()
            if not hidden or (e.source not in hidden and e.target not in hidden)
        }
    removals: list[Operation] = []
    additions: list[Operation] = []
    for i, edge in enumerate(doc.edges):
        if ends_hidden and (edge.source in ends_hidden or edge.target in ends_hidden):
            plan.refused.append(AddEdge(edge, f"edges[{i}]"))
            continue
        old_edge = existing_edges.get(edge.key) if existing_edges else None
        if old_edge is None:
            plan.edges_added += 1
            additions.append(AddEdge(edge, f"edges[{i}]"))
            continue
        if old_edge == edge and not _new_mark(old_edge, edge):
            plan.edges_unchanged += 1
            continue
        where = f"edges[{i}]"
        # the same two nodes: the file's edge replaces the stored one
        removals.append(RemoveEdge(old_edge.source, old_edge.relation, old_edge.target, where))
        plan.edges_changed.append(shown(edge))
        if edge.suspect_at is None:  # only a review clears a mark
            edge = dataclasses.replace(
                edge, suspect_at=old_edge.suspect_at, suspect_by=old_edge.suspect_by
            )
        additions.append(AddEdge(edge, where))
    retirements = _removed(plan, doc, existing, existing_edges, removals)
    if mirror is not None:
        seen = sees or _everything
        retirements += _mirror(plan, mirror, scope, seen, doc, existing, existing_edges, removals)
    ops.extend(removals)
    ops.extend(additions)
    node_ids = {n.id for n in doc.nodes}
    situation, plan.records_added, plan.records_changed, plan.records_unchanged = (
        situation_operations(store, doc.situation, node_ids)
    )
    ops.extend(situation)  # after the nodes they refer to, before a mirror's removals
    ops.extend(retirements)
    return plan


def _everything(node: Node) -> bool:
    return True


def _seen(
    store: GraphStore, sees: Callable[[Node], bool] | None
) -> tuple[dict[str, Node], set[str]]:
    """The stored nodes the importer sees, by id, and the ids of those it does not."""
    if not store.version():
        return {}, set()
    if sees is None:
        return {n.id: n for n in store.nodes()}, set()
    seen: dict[str, Node] = {}
    hidden: set[str] = set()
    for n in store.nodes():
        if sees(n):
            seen[n.id] = n
        else:
            hidden.add(n.id)
    return seen, hidden


def _removed(
    plan: ImportPlan,
    doc: Document,
    existing: dict[str, Node],
    existing_edges: dict[tuple[str, str], Edge],
    removals: list[Operation],
) -> list[Operation]:
    """A delta's ``removed`` section: its edges still stored are unlinked (added to
    ``removals``), its nodes still stored deleted with their edges (returned)."""
    deleted = [i for i in dict.fromkeys(doc.removed_nodes) if i in existing]
    for key in doc.removed_edges:
        edge = existing_edges.get(key)
        if edge is None:
            continue
        plan.edges_removed.append(shown(edge))
        if edge.source not in deleted and edge.target not in deleted:
            removals.append(RemoveEdge(edge.source, edge.relation, edge.target, "removed.edges"))
    plan.deleted.extend(deleted)
    return [DeleteNode(i, cascade=True, where="removed.nodes") for i in deleted]


def _mirror(
    plan: ImportPlan,
    region: str,
    scope: MirrorScope,
    sees: Callable[[Node], bool],
    doc: Document,
    existing: dict[str, Node],
    existing_edges: dict[tuple[str, str], Edge],
    removals: list[Operation],
) -> list[Operation]:
    """Operations making ``region`` hold only what ``doc`` holds; the edge removals are
    added to ``removals`` (they go before the file's new edges)."""
    in_file = {n.id for n in doc.nodes} | {end for e in doc.edges for end in e.key}
    edges_in_file = {e.key for e in doc.edges}
    gone = {
        n.id: n
        for n in existing.values()
        if n.region == region
        and n.kind in scope.kinds
        and sees(n)
        and n.id not in in_file
        and n.status is not Status.RETIRED
    }
    drafts = {i for i, n in gone.items() if n.status is Status.DRAFT}
    where = f"mirror of region '{region}'"
    for key, edge in existing_edges.items():
        if key in edges_in_file:
            continue
        if edge.source in drafts or edge.target in drafts:
            plan.edges_removed.append(shown(edge))  # a deleted draft takes its edges along
            continue
        if scope.upward_only and not DEFAULT_METAMODEL.is_upward(edge.relation):
            continue  # a portfolio's lateral edge: the sheet cannot say it
        source, target = existing.get(edge.source), existing.get(edge.target)
        if source is None or target is None or not sees(target):
            continue
        if source.region == region and source.kind in scope.kinds:
            plan.edges_removed.append(shown(edge))
            removals.append(RemoveEdge(edge.source, edge.relation, edge.target, where))
    out: list[Operation] = []
    for node_id in sorted(gone):
        if node_id in drafts:
            out.append(DeleteNode(node_id, cascade=True, where=where))
            plan.deleted.append(node_id)
        else:
            out.append(UpdateNode(node_id, {"status": Status.RETIRED}, where=where))
            plan.retired.append(node_id)
    return out


def unapproved(doc: Document) -> list[Problem]:
    """The APPROVED nodes of ``doc`` that lack the approving body or the decision date,
    refused as ``setStatus`` refuses such an approval: each named by node, field and
    place (``nodes[3]``, told by the reader as its file, line or row)."""
    problems = []
    for i, node in enumerate(doc.nodes):
        if node.status is not Status.APPROVED:
            continue
        for p in approval_problems(node.id, node.approved_by, node.decision_date):
            message = f"{p.message}: '{p.field}' is empty; give it, or import the node as PROPOSED"
            problems.append(dataclasses.replace(p, message=message, where=doc.place(f"nodes[{i}]")))
    return problems


def later_problems(
    store: GraphStore,
    doc: Document,
    failed: set[str],
    actor: str | Principal,
    sees: Callable[[Node], bool] | None = None,
) -> list[Problem]:
    """The problems a commit of the right records of a file would meet (references,
    cycles, duplicates in the store), found by a dry run that keeps nothing; edges of the
    nodes that failed earlier are left out (their node's problem is reported)."""

    def files(section: str, count: int) -> list[int]:
        return doc.places.get(section) or list(range(count))

    nodes = [i for i, n in enumerate(doc.nodes) if n.id not in failed]
    edges = [
        i for i, e in enumerate(doc.edges) if e.source not in failed and e.target not in failed
    ]
    places = {
        "regions": files("regions", len(doc.regions)),
        "organisations": files("organisations", len(doc.organisations)),
        "nodes": [files("nodes", len(doc.nodes))[i] for i in nodes],
        "edges": [files("edges", len(doc.edges))[i] for i in edges],
    }
    subset = dataclasses.replace(
        doc,
        nodes=[doc.nodes[i] for i in nodes],
        edges=[doc.edges[i] for i in edges],
        places=places,
    )
    plan = plan_import(store, subset, sees=sees)
    try:
        if plan.refused:  # edges to nodes the importer may not see: as if missing
            name = principal_of(actor).name
            refuse_hidden_ends(store, plan.operations, plan.refused, plan.hidden, name)
        store.commit(plan.operations, principal_of(actor).name, dry_run=True)
    except ValidationError as exc:
        return [dataclasses.replace(p, where=subset.place(p.where)) for p in exc.problems]
    except StrategyGraphError:
        pass  # not a problem of the file (the store, a role): the next run tells it
    return []
