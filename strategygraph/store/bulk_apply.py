"""The applier's bulk path: a long run of node creations or of new edges, checked as a set.

An import of a large graph is 100,000s of ``CreateNode`` and ``AddEdge`` operations in a
row. Checking and applying them one at a time (``Applier.apply``) costs a closure, a few
dict copies and, for every lateral edge, a reachability search. Here a run of them is
checked in one pass: duplicate ids with a set, references and metamodel triples with dict
and set lookups, cycles with one acyclicity test of the lateral graph after the run. The
run then goes into the graph in one call, with one undo step and an event per node and
per edge, exactly as one-at-a-time would have written them (kept as columns, one
``EventRun`` a run: ``event_run.py``).

When anything in the run is wrong the bulk path changes nothing and the run goes through
``Applier.apply`` one operation at a time instead, so the problems reported are exactly
those of the one-at-a-time path. Both accept the same runs: all of a run's edges pass the
one-at-a-time cycle check if and only if the lateral graph with all of them is acyclic.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import groupby
from operator import attrgetter

import networkx as nx

from ..domain import Node, StrategyGraphError
from ..domain.changes import AddEdge, CreateNode, Operation
from ..domain.codec_fast import node_from_values
from ..domain.validation import nodes_pass
from .apply import Applier
from .event_run import link_run, node_run

__all__ = ["RUN", "apply_all", "stamper"]

RUN = 200
"""Consecutive creations (or new edges) from which they take the bulk path."""


def apply_all(applier: Applier, operations: Sequence[Operation]) -> list[StrategyGraphError]:
    """Apply ``operations`` in order; return every failure (the caller undoes on any)."""
    failures: list[StrategyGraphError] = []
    for op_type, group in groupby(operations, type):
        run = list(group)
        if len(run) >= RUN and not failures:
            if op_type is CreateNode and _create_nodes(applier, run):  # type: ignore[arg-type]
                continue
            if op_type is AddEdge and _add_edges(applier, run):  # type: ignore[arg-type]
                continue
        for op in run:
            try:
                applier.apply(op)
            except StrategyGraphError as exc:
                failures.append(exc)
    return failures


def _create_nodes(applier: Applier, run: list[CreateNode]) -> bool:
    """Create every node of ``run``, or change nothing and return False."""
    view, store = applier.view, applier.store
    existing, regions, orgs = view.nodes, store.region_map, store.organisation_map
    seen: set[str] = set()
    for op in run:
        node = op.node
        if node.id in existing or node.id in seen or node.region not in regions:
            return False
        seen.add(node.id)
        if node.organisation is not None:
            org = orgs.get(node.organisation)
            if org is None or org.region != node.region:
                return False
    if not nodes_pass([op.node for op in run]):  # the field rules, as a set
        return False
    nodes = list(map(stamper(applier.now, applier.actor), [op.node for op in run]))
    view.put_nodes(nodes)

    def undo() -> None:
        for node in nodes:
            view.remove_node(node.id)

    applier.undo_steps.append(undo)
    ids = [node.id for node in nodes]
    events, rows = node_run(nodes, applier.now, applier.actor, applier.request_id)
    applier.log.append(events)  # each node encoded once: its event's JSON and its row
    applier.payloads.update(zip(ids, zip(nodes, rows, strict=True), strict=True))
    applier.result.nodes.extend(nodes)
    applier.touch_all("nodes", ids)
    return True


_FIELDS = tuple(Node.__slots__)
_VALUES = attrgetter(*_FIELDS)
_STAMPS = tuple(
    _FIELDS.index(name) for name in ("created_at", "created_by", "updated_at", "updated_by")
)


def stamper(now: datetime, actor: str) -> Callable[[Node], Node]:
    """``Applier.stamped`` for a run of nodes: the same stamps, but each node built by one
    positional call (``dataclasses.replace`` costs a keyword dict and a field walk a node,
    a third of a second on 30,000 new nodes; ``Node(*values)`` is a Python-level
    ``object.__setattr__`` a field, ``node_from_values`` a plain slot store)."""
    ca, cb, ua, ub = _STAMPS

    def stamped(node: Node) -> Node:
        if node.created_at and node.created_by and node.updated_at and node.updated_by:
            return node
        values = list(_VALUES(node))
        created_at, created_by = values[ca], values[cb]
        values[ca] = created_at or now
        values[cb] = created_by or actor
        values[ua] = values[ua] or created_at or now
        values[ub] = values[ub] or created_by or actor
        return node_from_values(values)

    return stamped


def _add_edges(applier: Applier, run: list[AddEdge]) -> bool:
    """Add every edge of ``run``, or change nothing and return False."""
    view = applier.view
    nodes, metamodel = view.nodes, view.metamodel
    allowed = metamodel.upward | metamodel.lateral
    succ_up, succ_lateral = view.parent_map, view.depends_map
    pairs: set[tuple[str, str]] = set()
    lateral = False
    for op in run:
        edge = op.edge
        source, target = nodes.get(edge.source), nodes.get(edge.target)
        if source is None or target is None or edge.source == edge.target:
            return False
        triple = (source.kind, edge.relation, target.kind)
        if triple not in allowed:
            return False
        key = edge.key
        if (
            key in pairs
            or edge.target in succ_up.get(edge.source, ())
            or edge.target in succ_lateral.get(edge.source, ())
        ):
            return False
        pairs.add(key)
        lateral = lateral or triple not in metamodel.upward
    edges = [op.edge for op in run]
    created = view.add_edges(edges)
    if lateral and not nx.is_directed_acyclic_graph(view.lateral):
        view.remove_edges(edges, created)
        return False
    applier.undo_steps.append(lambda: view.remove_edges(edges, created))
    regions = [nodes[e.source].region for e in edges]
    applier.log.append(link_run(edges, regions, applier.now, applier.actor, applier.request_id))
    applier.result.edges.extend(edges)
    row_keys = [f"{edge.source}\x00{edge.target}" for edge in edges]
    applier.touch_all("edges", row_keys)
    applier.added_edges.update(
        (row_key, edge)
        for row_key, edge in zip(row_keys, edges, strict=True)
        if edge.note is None and not edge.inferred and edge.suspect_at is None
    )
    return True
