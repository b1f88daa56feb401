"""Trace up, trace down and the route between two nodes.

Each walks the upward digraph's adjacency dicts with a plain DFS or BFS; retired nodes are
walked around and lateral ``DEPENDS_ON`` edges are not in that digraph at all.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection

from ..domain import NodeKind, NotFound, Relation
from ..domain.answers import MAX_PATHS, Contribution, Route, TracePath
from .graph import TraceGraph

__all__ = ["Contribution", "Route", "TracePath", "route", "trace_down", "trace_up"]


def _require(view: TraceGraph, node_id: str) -> None:
    if node_id not in view.nodes:
        raise NotFound("node", node_id)


def trace_up(
    view: TraceGraph, node_id: str, max_depth: int | None = None, max_paths: int = MAX_PATHS
) -> list[TracePath]:
    """Every path of upward edges from ``node_id`` to a national goal (why it exists)."""
    _require(view, node_id)
    nodes = view.nodes
    found: list[TracePath] = []
    stack: list[tuple[str, tuple[str, ...], tuple[Relation, ...]]] = [(node_id, (node_id,), ())]
    while stack and len(found) < max_paths:
        current, path, rels = stack.pop()
        if nodes[current].kind is NodeKind.NATIONAL_GOAL:
            found.append(TracePath(path, rels))
            continue
        if max_depth is not None and len(rels) >= max_depth:
            continue
        for parent, data in view.parents(current).items():
            if view.active(parent):
                stack.append((parent, (*path, parent), (*rels, data["relation"])))
    found.sort(key=lambda p: p.nodes)
    return found


def trace_down(
    view: TraceGraph,
    node_id: str,
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
) -> list[Contribution]:
    """Everything that contributes to ``node_id`` through upward edges, nearest first."""
    _require(view, node_id)
    seen = {node_id}
    found: list[Contribution] = []
    queue = deque([(node_id, 0)])
    while queue:
        current, depth = queue.popleft()
        if max_depth is not None and depth >= max_depth:
            continue
        for child, data in view.children(current).items():
            if child in seen or not view.active(child):
                continue
            seen.add(child)
            found.append(Contribution(child, depth + 1, current, data["relation"]))
            queue.append((child, depth + 1))
    if kinds is not None:
        wanted = set(kinds)
        found = [c for c in found if view.nodes[c.node_id].kind in wanted]
    found.sort(key=lambda c: (c.depth, c.node_id))
    return found


def route(view: TraceGraph, source: str, target: str) -> Route | None:
    """The shortest chain of upward edges joining ``source`` and ``target``, either way."""
    _require(view, source)
    _require(view, target)
    up = _shortest_up(view, source, target)
    if up is not None:
        return Route(up.nodes, up.relations, True)
    down = _shortest_up(view, target, source)
    if down is not None:
        return Route(down.nodes[::-1], down.relations[::-1], False)
    return None


def _shortest_up(view: TraceGraph, source: str, target: str) -> TracePath | None:
    previous: dict[str, tuple[str, Relation] | None] = {source: None}
    queue = deque([source])
    while queue:
        current = queue.popleft()
        if current == target:
            nodes, rels = [current], []
            step = previous[current]
            while step is not None:
                nodes.append(step[0])
                rels.append(step[1])
                step = previous[step[0]]
            return TracePath(tuple(nodes[::-1]), tuple(rels[::-1]))
        for parent, data in view.parents(current).items():
            if parent not in previous and view.active(parent):
                previous[parent] = (current, data["relation"])
                queue.append(parent)
    return None
