"""Keeping the reach index (each node's ``goals``) right after a commit.

A node reaches the active national goals its active parents reach (a goal reaches itself;
a retired node reaches nothing). A commit can change that only for the nodes it creates,
the nodes whose upward edges or retirement it changes, and everything below those; those
are recomputed parents-first (upward edges always point to a higher layer). Nodes created
in the commit are complete in the scratch graph; the others are read from the database.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import TYPE_CHECKING

from ..domain import Edge, Metamodel, Node, NodeKind, Relation, Status
from . import neo4j_cypher as q
from .neo4j_io import Runner, chunks, records

if TYPE_CHECKING:
    from .neo4j_touched import Touched

__all__ = ["recompute_goals", "upward_relations"]

Parent = tuple[str | None, list[str] | None]
"""A stored parent's status and goals, as the database holds them."""


@cache
def upward_relations(metamodel: Metamodel) -> frozenset[Relation]:
    """The relations that point up, as a set: ``Metamodel.is_upward`` walks the triples,
    and an import asks it about every one of 100,000s of edges."""
    return frozenset(relation for _, relation, _ in metamodel.upward)


def recompute_goals(
    tx: Runner,
    metamodel: Metamodel,
    touched: Touched,
    nodes: dict[str, Node | None],
    edges: dict[tuple[str, str], Edge | None],
) -> dict[str, list[str]]:
    """Goals to write: for every node the commit writes, and for others whose goals change."""
    view = touched.space.view
    stored = touched.nodes
    upward = upward_relations(metamodel)
    created = {i for i, n in nodes.items() if n is not None and i not in stored}
    deleted = {i for i, n in nodes.items() if n is None and i in stored}
    roots = {
        i
        for i, n in nodes.items()
        if n is not None and i in stored and _active(n) != _active(stored[i].node)
    }
    added: dict[str, list[str]] = defaultdict(list)
    removed: set[tuple[str, str]] = set()
    for (source, target), edge in edges.items():
        old = touched.edges.get((source, target))
        versions = [e for e in (edge, old[0] if old else None) if e is not None]
        if not any(e.relation in upward for e in versions):
            continue
        if edge is None:
            removed.add((source, target))
        elif edge.relation in upward:
            added[source].append(target)
        if source in stored and source not in deleted:
            roots.add(source)
    affected = set(roots)
    frontier = sorted(roots)
    while frontier:
        found: list[str] = []
        for batch in chunks(frontier):
            for row in records(tx, q.CHILD_IDS, ids=list(batch)):
                child = row["id"]
                if child not in affected and child not in deleted:
                    affected.add(child)
                    found.append(child)
        frontier = sorted(found)
    kinds: dict[str, tuple[NodeKind, Status, list[str]]] = {}
    parents: dict[str, dict[str, Parent]] = defaultdict(dict)
    for batch in chunks(sorted(affected)):
        for row in records(tx, q.REACH_ROWS, ids=list(batch)):
            node_id = row["id"]
            kinds[node_id] = (NodeKind(row["kind"]), Status(row["status"]), row["goals"] or [])
            if row["parent"] is not None and (node_id, row["parent"]) not in removed:
                parents[node_id][row["parent"]] = (row["parent_status"], row["parent_goals"])
    for source, targets in added.items():
        for target in targets:
            parents[source].setdefault(target, (None, None))

    def layer(node_id: str) -> int:
        node = view.nodes.get(node_id)
        return (node.kind if node else kinds[node_id][0]).layer

    computed: dict[str, list[str]] = {}
    for node_id in sorted(created | affected, key=layer):
        node = view.nodes.get(node_id)
        kind, status = (node.kind, node.status) if node else kinds[node_id][:2]
        if status is Status.RETIRED:
            computed[node_id] = []
            continue
        if kind is NodeKind.NATIONAL_GOAL:
            computed[node_id] = [node_id]
            continue
        ups: dict[str, Parent] = (
            dict.fromkeys(view.parents(node_id), (None, None))
            if node_id in created
            else parents[node_id]
        )
        reach: set[str] = set()
        for parent, (parent_status, parent_goals) in ups.items():
            if parent in deleted:
                continue
            current = view.nodes.get(parent)
            if (current.status if current else parent_status) == Status.RETIRED:
                continue
            if parent in computed:
                reach.update(computed[parent])
            elif parent in stored:
                reach.update(stored[parent].goals)
            else:
                reach.update(parent_goals or [])
        computed[node_id] = sorted(reach)
    return {
        node_id: goals
        for node_id, goals in computed.items()
        if node_id in nodes or goals != kinds.get(node_id, (None, None, goals))[2]
    }


def _active(node: Node) -> bool:
    return node.status is not Status.RETIRED
