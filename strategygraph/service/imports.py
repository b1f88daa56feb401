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

With ``mirror`` (a region id) the file is the whole truth for that region
(``import_mirror.py``). What the plan tells is ``ImportPlan`` (``import_plan.py``); the
checks of a file before it commits are ``import_checks.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any

from ..domain import Edge, Node
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
from ..interchange import Document
from ..store import GraphStore
from .import_mirror import EVERYTHING, MirrorScope, mirror_operations
from .import_plan import ImportPlan, shown
from .situation_exchange import situation_operations

__all__ = ["normalised", "plan_import"]

_COMPARED = tuple(name for name in Node.__slots__ if name not in STORE_FIELDS | {"id", "kind"})
_OPTIONAL_TEXT = ("organisation", "approved_by", "decision_ref", "source", "owner", "phase")
"""Node texts that may be absent: an empty one is absent."""
_OPTIONAL_TEXTS = attrgetter(*_OPTIONAL_TEXT)


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
        retirements += mirror_operations(
            plan, mirror, scope, seen, doc, existing, existing_edges, removals
        )
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
