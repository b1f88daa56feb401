"""Trace up, trace down and the route between two nodes.

Each walks the upward digraph's adjacency dicts with a plain DFS or BFS; retired nodes are
walked around and lateral ``DEPENDS_ON`` edges are not in that digraph at all. Where a walk
must choose (which paths fill the cap, which node a contribution is reached ``via``, which
of several shortest routes), it chooses by node id, never by the order the edges were added
or read: a store opened from its rows, from its image, or the Neo4j adapter answer alike.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from ..domain import NodeKind, NotFound, Relation
from ..domain.answers import MAX_PATHS, Contribution, Route, TracePath
from .graph import TraceGraph

__all__ = ["Contribution", "Route", "TracePath", "require", "route", "trace_down", "trace_up"]


def require(view: TraceGraph, node_id: str) -> None:
    """Refuse a node the graph does not hold (``NotFound``): every walk starts here."""
    if node_id not in view.nodes:
        raise NotFound("node", node_id)


def trace_up(
    view: TraceGraph, node_id: str, max_depth: int | None = None, max_paths: int = MAX_PATHS
) -> list[TracePath]:
    """Every path of upward edges from ``node_id`` to a national goal (why it exists);
    beyond ``max_paths`` of them, the first ``max_paths`` in the order of their node ids."""
    require(view, node_id)
    found = _paths_up(view, node_id, max_depth, max_paths, False)
    if len(found) >= max_paths:  # cut: walk again, in id order, to keep the first ones
        found = _paths_up(view, node_id, max_depth, max_paths, True)
    found.sort(key=lambda p: p.nodes)
    return found


def _paths_up(
    view: TraceGraph, node_id: str, max_depth: int | None, max_paths: int, in_order: bool
) -> list[TracePath]:
    """At most ``max_paths`` paths of a depth-first walk; ``in_order``: the smallest id
    first, so they are the first ones in id order."""
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
        parents = view.parents(current).items()
        # last pushed, first walked: the largest id first onto the stack
        for parent, data in sorted(parents, key=_id, reverse=True) if in_order else parents:
            if view.active(parent):
                stack.append((parent, (*path, parent), (*rels, data["relation"])))
    return found


def trace_down(
    view: TraceGraph,
    node_id: str,
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
    visible: Callable[[str], bool] | None = None,
) -> list[Contribution]:
    """Everything that contributes to ``node_id`` through upward edges, nearest first; each
    is reached ``via`` the smallest id among the nodes one level nearer that it serves.
    ``visible`` walks only the nodes it accepts: what it refuses is neither listed nor
    walked through, so each depth and ``via`` is one of the graph it leaves."""
    require(view, node_id)
    children = view.child_map
    active = view.active if visible is None else _both(view.active, visible)
    seen = {node_id}
    found: list[Contribution] = []
    level, depth = [node_id], 0
    while level and (max_depth is None or depth < max_depth):
        depth += 1
        fresh: list[str] = []
        level.sort()  # a node is first reached from the smallest id: its ``via``
        for current in level:
            for child, data in children.get(current, _NONE).items():
                if child in seen or not active(child):
                    continue
                seen.add(child)
                fresh.append(child)
                found.append(Contribution(child, depth, current, data["relation"]))
        level = fresh
    if kinds is not None:
        wanted = set(kinds)
        found = [c for c in found if view.nodes[c.node_id].kind in wanted]
    found.sort(key=lambda c: (c.depth, c.node_id))
    return found


def route(
    view: TraceGraph, source: str, target: str, visible: Callable[[str], bool] | None = None
) -> Route | None:
    """The shortest chain of upward edges joining ``source`` and ``target``, either way;
    ``visible``: through the nodes it accepts only."""
    require(view, source)
    require(view, target)
    up = _shortest_up(view, source, target, visible)
    if up is not None:
        return Route(up.nodes, up.relations, True)
    down = _shortest_up(view, target, source, visible)
    if down is not None:
        return Route(down.nodes[::-1], down.relations[::-1], False)
    return None


def _shortest_up(
    view: TraceGraph, source: str, target: str, visible: Callable[[str], bool] | None
) -> TracePath | None:
    """The shortest upward chain; each node on it is entered from the smallest id among
    the nodes one step nearer ``source`` that lead to it."""
    previous: dict[str, tuple[str, Relation] | None] = {source: None}
    level = [source]
    while level and target not in previous:
        fresh: list[str] = []
        level.sort()  # a node is first reached from the smallest id
        for current in level:
            for parent, data in view.parents(current).items():
                if (
                    parent not in previous
                    and view.active(parent)
                    and (visible is None or visible(parent))
                ):
                    previous[parent] = (current, data["relation"])
                    fresh.append(parent)
            if target in previous:
                break
        level = fresh
    if target not in previous:
        return None
    nodes, rels = [target], []
    step = previous[target]
    while step is not None:
        nodes.append(step[0])
        rels.append(step[1])
        step = previous[step[0]]
    return TracePath(tuple(nodes[::-1]), tuple(rels[::-1]))


_NONE: dict[str, dict[str, Relation]] = {}


def _both(first: Callable[[str], bool], second: Callable[[str], bool]) -> Callable[[str], bool]:
    return lambda i: first(i) and second(i)


def _id(item: tuple[str, object]) -> str:
    return item[0]
