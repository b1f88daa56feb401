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
from itertools import compress, count, groupby, repeat
from operator import attrgetter, eq, gt, is_, is_not, lt, not_

import networkx as nx

from ..domain import Edge, Node, StrategyGraphError
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
    """Add every edge of ``run``, or change nothing and return False.

    Each check is a C-level pass over a column of the run (its sources, targets,
    relations, their nodes): 100,000s of edges cost no Python-level step each."""
    view = applier.view
    nodes, metamodel = view.nodes, view.metamodel
    edges = list(map(_EDGE, run))
    sources, targets = list(map(_SOURCE, edges)), list(map(_TARGET, edges))
    relations = list(map(_RELATION, edges))
    source_nodes, target_nodes = list(map(nodes.get, sources)), list(map(nodes.get, targets))
    if any(map(is_, source_nodes, repeat(None))) or any(map(is_, target_nodes, repeat(None))):
        return False
    if any(map(eq, sources, targets)):  # a self-loop
        return False
    triples = set(zip(map(_KIND, source_nodes), relations, map(_KIND, target_nodes), strict=True))
    if not triples <= metamodel.upward | metamodel.lateral:
        return False
    keys = list(zip(sources, targets, strict=True))
    if len(set(keys)) != len(keys) or _linked(applier, keys, set(sources)):
        return False
    lateral = not triples <= metamodel.upward
    was_lateral = bool(view.depends_map)
    plain = not (
        any(map(_INFERRED, edges))
        or any(map(is_not, map(_NOTE, edges), repeat(None)))
        or any(map(is_not, map(_SUSPECT_AT, edges), repeat(None)))
    )
    held = applier.held_at == view.generation or not applier.added_edges
    if plain:  # the nodes' own id objects, from the nodes looked up above
        ids = list(map(_ID, source_nodes)), list(map(_ID, target_nodes))
        created = view.add_plain(ids[0], relations, ids[1])
    else:
        created = view.add_edges(edges)
    if lateral and not _acyclic(applier, was_lateral, edges):
        view.remove_edges(edges, created)
        return False
    applier.undo_steps.append(lambda: view.remove_edges(edges, created))
    regions = list(map(_REGION, source_nodes))
    applier.log.append(
        link_run(edges, regions, applier.now, applier.actor, applier.request_id, plain)
    )
    applier.result.edges.extend(edges)
    row_keys = list(map("\x00".join, keys))
    applier.touch_all("edges", row_keys)
    if plain:
        applier.added_edges.update(zip(row_keys, edges, strict=True))
        # No change since the earlier runs' edges were added, so all are held as added.
        applier.held_at = view.generation if held else None
    else:
        made = [not e.inferred and e.note is None and e.suspect_at is None for e in edges]
        applier.added_edges.update(compress(zip(row_keys, edges, strict=True), made))
        applier.held_at = None
    return True


def _linked(applier: Applier, keys: list[tuple[str, str]], sources: set[str]) -> bool:
    """Are any of the (source, target) pairs ``keys`` already linked (upward or
    laterally)? Only the sources that have edges already are looked at."""
    view = applier.view
    for succ in (view.parent_map, view.depends_map):
        linked = succ.keys() & sources
        if linked and any(t in succ[s] for s, t in keys if s in linked):
            return True
    return False


def _acyclic(applier: Applier, was_lateral: bool, edges: list[Edge]) -> bool:
    """Is the lateral graph acyclic, now that it holds ``edges``? When it held no edge
    before them and every new lateral edge goes the same way through the order the nodes
    were created in (each from a later node to an earlier one, or each the other way),
    a cycle cannot be: it would have to come back to the node it left. Otherwise
    NetworkX walks the whole lateral graph (as it always did)."""
    view = applier.view
    if not was_lateral:
        upward = view.metamodel.is_upward
        relations = list(map(_RELATION, edges))
        up = {r: upward(r) for r in set(relations)}
        lateral = list(compress(edges, map(not_, map(up.__getitem__, relations))))
        order = dict(zip(view.nodes, count(), strict=False))
        sources = list(map(order.__getitem__, map(_SOURCE, lateral)))
        targets = list(map(order.__getitem__, map(_TARGET, lateral)))
        if all(map(gt, sources, targets)) or all(map(lt, sources, targets)):
            return True
    return bool(nx.is_directed_acyclic_graph(view.lateral))


_EDGE = attrgetter("edge")
_SOURCE, _TARGET, _RELATION = attrgetter("source"), attrgetter("target"), attrgetter("relation")
_INFERRED, _NOTE, _SUSPECT_AT = attrgetter("inferred"), attrgetter("note"), attrgetter("suspect_at")
_KIND, _REGION, _ID = attrgetter("kind"), attrgetter("region"), attrgetter("id")
