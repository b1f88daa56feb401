"""Trace up, trace down and the route between two nodes.

Each walks the upward digraph's adjacency dicts with a plain DFS or BFS; retired nodes are
walked around and lateral ``DEPENDS_ON`` edges are not in that digraph at all. Where a walk
must choose (which paths fill the cap, which node a contribution is reached ``via``, which
of several shortest routes), it chooses by node id, never by the order the edges were added
or read: a store opened from its rows, from its image, or the Neo4j adapter answer alike.
"""

from __future__ import annotations

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
    """Every path of upward edges from ``node_id`` to a national goal (why it exists);
    beyond ``max_paths`` of them, the first ``max_paths`` in the order of their node ids."""
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
        # Last pushed, first walked: the smallest id first, so paths come in id order.
        for parent, data in sorted(view.parents(current).items(), key=_id, reverse=True):
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
    """Everything that contributes to ``node_id`` through upward edges, nearest first; each
    is reached ``via`` the smallest id among the nodes one level nearer that it serves."""
    _require(view, node_id)
    reached: dict[str, tuple[int, str, Relation]] = {}
    level, depth = [node_id], 0
    while level and (max_depth is None or depth < max_depth):
        depth += 1
        fresh: list[str] = []
        for current in level:
            for child, data in view.children(current).items():
                kept = reached.get(child)
                if kept is None:
                    if child != node_id and view.active(child):
                        reached[child] = (depth, current, data["relation"])
                        fresh.append(child)
                elif kept[0] == depth and current < kept[1]:
                    reached[child] = (depth, current, data["relation"])
        level = fresh
    found = [Contribution(c, d, via, r) for c, (d, via, r) in reached.items()]
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
    """The shortest upward chain; each node on it is entered from the smallest id among
    the nodes one step nearer ``source`` that lead to it."""
    previous: dict[str, tuple[str, Relation] | None] = {source: None}
    level = [source]
    while level and target not in previous:
        nearer: dict[str, tuple[str, Relation]] = {}
        for current in level:
            for parent, data in view.parents(current).items():
                if parent in previous or not view.active(parent):
                    continue
                kept = nearer.get(parent)
                if kept is None or current < kept[0]:
                    nearer[parent] = (current, data["relation"])
        previous.update(nearer)
        level = list(nearer)
    if target not in previous:
        return None
    nodes, rels = [target], []
    step = previous[target]
    while step is not None:
        nodes.append(step[0])
        rels.append(step[1])
        step = previous[step[0]]
    return TracePath(tuple(nodes[::-1]), tuple(rels[::-1]))


def _id(item: tuple[str, object]) -> str:
    return item[0]
