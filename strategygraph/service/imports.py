"""Turning an interchange document into one commit: create what is new, update what
changed, leave alone what is equal (so re-importing the same file changes nothing)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import Node
from ..domain.changes import (
    AddEdge,
    CreateNode,
    Operation,
    PutOrganisation,
    PutRegion,
    UpdateNode,
)
from ..interchange import Document
from ..store import GraphStore

__all__ = ["ImportPlan", "plan_import"]

_COMPARED = tuple(
    name
    for name in Node.__slots__
    if name not in {"id", "kind", "version", "created_at", "created_by", "updated_at", "updated_by"}
)


@dataclass
class ImportPlan:
    operations: list[Operation] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edges_added: int = 0
    edges_unchanged: int = 0


def plan_import(store: GraphStore, doc: Document) -> ImportPlan:
    plan = ImportPlan()
    ops = plan.operations
    known_regions = {r.id: r for r in store.regions()}
    known_orgs = {o.id: o for o in store.organisations()}
    for i, region in enumerate(doc.regions):
        if known_regions.get(region.id) != region:
            ops.append(PutRegion(region, f"regions[{i}]"))
    for i, org in enumerate(doc.organisations):
        if known_orgs.get(org.id) != org:
            ops.append(PutOrganisation(org, f"organisations[{i}]"))
    existing = {n.id: n for n in store.nodes()} if store.version() else {}
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
    existing_edges = {e.key: e for e in store.edges()} if store.version() else {}
    for i, edge in enumerate(doc.edges):
        if existing_edges.get(edge.key) == edge:
            plan.edges_unchanged += 1
        else:
            ops.append(AddEdge(edge, f"edges[{i}]"))
            plan.edges_added += 1
    return plan
