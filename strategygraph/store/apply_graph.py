"""The applier's steps for nodes and edges (see ``apply.Applier``): the rules of the graph.

``CreateNode``, ``UpdateNode`` and ``DeleteNode`` check the node (its fields, its region
and organisation, the expected version) and ``AddEdge`` and ``RemoveEdge`` the edge (the
metamodel's triples, duplicates, cycles) against the graph as the commit's earlier
operations left it; each step records how to undo itself and its event. Nodes and edges
share one module because deleting a node drops its edges (``cascade``); the records
beside the graph (regions, organisations) are in ``apply_records``.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..domain import Edge, Node, NotFound, Problem, ValidationError, VersionConflict
from ..domain.changes import CreateNode, DeleteNode, RemoveEdge, UpdateNode
from ..domain.codec import node_to_dict
from ..domain.model import STORE_FIELDS
from ..domain.operations import EventOperation
from ..domain.states import edge_state
from ..domain.validation import check_edge, check_node
from ..domain.workflow import demoted
from .apply_history import mark_suspect
from .apply_situation import check_unreferenced

if TYPE_CHECKING:
    from .apply import Applier

__all__ = [
    "READ_ONLY_FIELDS",
    "add_edge",
    "create_node",
    "delete_node",
    "remove_edge",
    "update_node",
]

READ_ONLY_FIELDS = STORE_FIELDS | {"id", "kind"}
_NODE_FIELDS = frozenset(Node.__slots__)


def create_node(applier: Applier, op: CreateNode) -> None:
    """``CreateNode``: a new node, checked, with its creation stamps."""
    node = op.node
    problems = check_node(node, op.where) + _references(applier, node, op.where)
    if node.id in applier.view.nodes:
        problems.append(
            Problem("duplicate-id", f"node id '{node.id}' is already used", "id", op.where)
        )
    if problems:
        raise ValidationError(problems)
    node = applier.stamped(node)
    _put_node(applier, node, None)
    applier.event(EventOperation.CREATE_NODE, node.id, node.region, None, node_to_dict(node))
    applier.result.nodes.append(node)


def update_node(applier: Applier, op: UpdateNode) -> None:
    """``UpdateNode``: the changed fields, checked; the same values write nothing."""
    old = _existing(applier, op.node_id, op.expected_version)
    problems = [
        Problem("read-only-field", f"node '{old.id}': '{name}' cannot be changed", name, op.where)
        for name in op.changes
        if name in READ_ONLY_FIELDS
    ] + [
        Problem("unknown-field", f"node '{old.id}': unknown field '{name}'", name, op.where)
        for name in op.changes
        if name not in _NODE_FIELDS
    ]
    if problems:
        raise ValidationError(problems)
    changed = demoted(old, dataclasses.replace(old, **op.changes))
    if changed == old:  # the same values: nothing to write, no event, no new version
        applier.result.nodes.append(old)
        return
    new = dataclasses.replace(
        changed, version=old.version + 1, updated_at=applier.now, updated_by=applier.actor
    )
    problems = check_node(new, op.where) + _references(applier, new, op.where)
    if problems:
        raise ValidationError(problems)
    _put_node(applier, new, old)
    applier.event(
        EventOperation.UPDATE_NODE, new.id, new.region, node_to_dict(old), node_to_dict(new)
    )
    applier.result.nodes.append(new)
    mark_suspect(applier, old, new)


def delete_node(applier: Applier, op: DeleteNode) -> None:
    """``DeleteNode``: refused while it has edges, unless it cascades to them."""
    node = _existing(applier, op.node_id, op.expected_version)
    check_unreferenced(applier, node.id, op.where)
    edges = applier.view.edges_of(node.id)
    if edges and not op.cascade:
        shown = ", ".join(_show(e) for e in edges[:5]) + (", …" if len(edges) > 5 else "")
        raise ValidationError.one(
            "has-edges",
            f"node '{node.id}' still has {len(edges)} edge(s): {shown}; unlink them "
            "first or delete with cascade",
            "id",
            op.where,
        )
    for edge in edges:
        _drop_edge(applier, edge)
    _put_node(applier, None, node)
    applier.event(EventOperation.DELETE_NODE, node.id, node.region, node_to_dict(node), None)
    applier.result.removed_nodes.append(node)


def _existing(applier: Applier, node_id: str, expected_version: int | None) -> Node:
    node = applier.view.nodes.get(node_id)
    if node is None:
        raise NotFound("node", node_id)
    if expected_version is not None and expected_version != node.version:
        raise VersionConflict(node_id, expected_version, node.version, node.updated_by)
    return node


def _references(applier: Applier, node: Node, where: str | None) -> list[Problem]:
    problems = []
    if node.region not in applier.store.region_map:
        problems.append(
            Problem(
                "unknown-region",
                f"node '{node.id}': region '{node.region}' does not exist",
                "region",
                where,
            )
        )
    org = node.organisation
    if org is not None:
        found = applier.store.organisation_map.get(org)
        if found is None:
            problems.append(
                Problem(
                    "unknown-organisation",
                    f"node '{node.id}': organisation '{org}' does not exist",
                    "organisation",
                    where,
                )
            )
        elif found.region != node.region:
            problems.append(
                Problem(
                    "organisation-region",
                    f"node '{node.id}': organisation '{org}' belongs to region "
                    f"'{found.region}', not '{node.region}'",
                    "organisation",
                    where,
                )
            )
    return problems


def _put_node(applier: Applier, new: Node | None, old: Node | None) -> None:
    view = applier.view
    if new is None and old is not None:
        view.remove_node(old.id)
        applier.undo_steps.append(lambda: view.put_node(old))
    elif new is not None:
        view.put_node(new)
        if old is None:
            applier.undo_steps.append(lambda: view.remove_node(new.id))
        else:
            applier.undo_steps.append(lambda: view.put_node(old))
    applier.touch("nodes", (new or old).id)  # type: ignore[union-attr]


def add_edge(applier: Applier, edge: Edge, where: str | None) -> None:
    """``AddEdge``: checked against the metamodel, duplicates and cycles."""
    view = applier.view
    if edge.source in applier.failed or edge.target in applier.failed:
        return  # the commit fails anyway, for the node's own problem
    shown = _show(edge)
    missing = [
        Problem("dangling-endpoint", f"edge {shown}: node '{end}' does not exist", name, where)
        for name, end in (("source", edge.source), ("target", edge.target))
        if end not in view.nodes
    ]
    if missing:
        raise ValidationError(missing)
    source, target = view.nodes[edge.source], view.nodes[edge.target]
    problems = check_edge(edge, source, target, view.metamodel, where)
    if not problems and view.edge(edge.source, edge.target) is not None:
        problems.append(
            Problem(
                "duplicate-edge",
                f"edge {shown}: these nodes are already linked",
                "target",
                where,
            )
        )
    if (
        not problems
        and not view.metamodel.is_upward(edge.relation)
        and view.reaches(edge.target, edge.source, lateral=True)
    ):
        problems.append(
            Problem(
                "cycle",
                f"edge {shown}: would close a cycle, since '{edge.target}' already "
                f"leads to '{edge.source}'",
                "target",
                where,
            )
        )
    if problems:
        raise ValidationError(problems)
    view.add_edge(edge)
    applier.undo_steps.append(lambda: view.remove_edge(edge.source, edge.target))
    applier.touch("edges", f"{edge.source}\x00{edge.target}")
    applier.event(
        EventOperation.LINK, edge.source, source.region, None, edge_state(edge), edge.target
    )
    applier.result.edges.append(edge)


def remove_edge(applier: Applier, op: RemoveEdge) -> None:
    """``RemoveEdge``: the edge named, with the relation named."""
    edge = applier.view.edge(op.source, op.target)
    if edge is None or edge.relation is not op.relation:
        raise NotFound("edge", f"{op.source} -{op.relation.value}-> {op.target}")
    _drop_edge(applier, edge)


def _drop_edge(applier: Applier, edge: Edge) -> None:
    view = applier.view
    view.remove_edge(edge.source, edge.target)
    applier.undo_steps.append(lambda: view.add_edge(edge))
    applier.touch("edges", f"{edge.source}\x00{edge.target}")
    region = view.nodes[edge.source].region
    applier.event(EventOperation.UNLINK, edge.source, region, edge_state(edge), None, edge.target)
    applier.result.removed_edges.append(edge)


def _show(edge: Edge) -> str:
    return f"{edge.source} -{edge.relation.value}-> {edge.target}"
