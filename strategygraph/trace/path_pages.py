"""Trace up one page at a time: every goal reached with its number of paths, and the
paths themselves in the order of their nodes, from a cursor on.

Paths are never all listed: a count per (node, depth left) is memoised (a node's paths are
the sum of its parents'), and the walk for a page skips every subtree that lies before the
cursor or reaches no goal, so a page costs its own paths, not the whole set. Nothing is
ever cut silently: ``total`` and ``goals`` count every path that exists.

>>> from strategygraph.domain import Relation
>>> up = {"p": [("a", Relation.ADDRESSES), ("b", Relation.ADDRESSES)],
...       "a": [("g", Relation.CHALLENGES)], "b": [("g", Relation.CHALLENGES)]}
>>> page = trace_page(lambda n: up.get(n, []), lambda n: n == "g", "p", first=1)
>>> page.total, [(g.goal_id, g.count) for g in page.goals], page.paths[0].nodes
(2, [('g', 2)], ('p', 'a', 'g'))
>>> later = trace_page(lambda n: up.get(n, []), lambda n: n == "g", "p", after=("p", "a", "g"))
>>> [p.nodes for p in later.paths], later.start
([('p', 'b', 'g')], 1)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from ..domain import NodeKind, Relation, Status
from ..domain.answers import GoalPaths, TracePage, TracePath
from .graph import TraceGraph
from .paths import _require

__all__ = ["GoalPaths", "Parents", "TracePage", "trace_page", "view_trace_page"]

Parents = Callable[[str], Iterable[tuple[str, Relation]]]
"""What a node serves directly (active, and visible to the reader): (parent, relation)."""


def trace_page(
    parents: Parents,
    is_goal: Callable[[str], bool],
    node_id: str,
    max_depth: int | None = None,
    goal: str | None = None,
    after: Sequence[str] | None = None,
    first: int | None = None,
) -> TracePage:
    """The paths from ``node_id`` up to the goals (only to ``goal`` if given), in the order
    of their node ids, that come after the path ``after``: at most ``first`` of them.
    A cursor path that starts elsewhere is a ``ValueError``."""
    ups: dict[str, list[tuple[str, Relation]]] = {}

    def up(node: str) -> list[tuple[str, Relation]]:
        found = ups.get(node)
        if found is None:
            found = ups[node] = sorted(parents(node), key=lambda pr: pr[0])
        return found

    counts: dict[tuple[str, int | None], dict[str, int]] = {}
    nothing: dict[str, int] = {}

    def reach(node: str, left: int | None) -> dict[str, int]:
        """The goals reached from ``node`` with ``left`` edges to go, each with its paths
        (a parent's answer is shared, never changed, when it is a node's only one)."""
        key = (node, left)
        found = counts.get(key)
        if found is None:
            if is_goal(node):
                found = {node: 1}
            elif left is None or left > 0:
                step = None if left is None else left - 1
                above = [reach(parent, step) for parent, _ in up(node)]
                above = [a for a in above if a]
                if len(above) == 1:
                    found = above[0]
                else:
                    total: Counter[str] = Counter()
                    for a in above:
                        total.update(a)
                    found = dict(total)
            else:
                found = nothing
            counts[key] = found
        return found

    def paths(node: str, left: int | None) -> int:
        found = reach(node, left)
        return found.get(goal, 0) if goal is not None else sum(found.values())

    everything = reach(node_id, max_depth)
    total = paths(node_id, max_depth)
    page: list[TracePath] = []
    skipped = 0
    limit = total if first is None else first
    cursor: tuple[str, ...] = tuple(after or ())

    def walk(
        nodes: tuple[str, ...], rels: tuple[Relation, ...], left: int | None, on_cursor: bool
    ) -> None:
        """Depth first, parents by id: the paths in order. ``on_cursor``: ``nodes`` is a
        prefix of the cursor, so what sorts before it is skipped (and counted)."""
        nonlocal skipped
        node = nodes[-1]
        counted = goal is None or node == goal
        if is_goal(node):
            if on_cursor:
                skipped += counted  # the cursor's own path, or a prefix of it: before it
            elif counted and len(page) < limit:
                page.append(TracePath(nodes, rels))
            return
        step = None if left is None else left - 1
        here = len(nodes)
        follows = on_cursor and len(cursor) > here
        for parent, relation in up(node):
            if paths(parent, step) == 0:
                continue
            if follows and parent < cursor[here]:
                skipped += paths(parent, step)
                continue
            same = follows and parent == cursor[here]
            if len(page) >= limit and not same:
                return
            walk((*nodes, parent), (*rels, relation), step, same)

    def _on_paths(start: str, depth: int | None) -> dict[str, int]:
        """Breadth first over the parents that lead to a goal in the edges left: every
        node on a path, at its fewest edges from ``start``."""
        if not total:
            return {}
        seen = {start: 0}
        level, done = [start], 0
        while level:
            fresh = []
            left = None if depth is None else depth - done
            for node in level:
                if is_goal(node) or (left is not None and left <= 0):
                    continue
                for parent, _ in up(node):
                    if parent not in seen and reach(parent, None if left is None else left - 1):
                        seen[parent] = done + 1
                        fresh.append(parent)
            level, done = fresh, done + 1
        return seen

    if cursor and cursor[0] != node_id:
        raise ValueError(f"the cursor is a path from {cursor[0]!r}, not from {node_id!r}")
    if total:
        walk((node_id,), (), max_depth, bool(cursor))
    goals = [GoalPaths(g, n) for g, n in sorted(everything.items()) if n]
    return TracePage(page, total, goals, min(skipped, total), _on_paths(node_id, max_depth))


def view_trace_page(
    view: TraceGraph,
    node_id: str,
    max_depth: int | None = None,
    goal: str | None = None,
    after: Sequence[str] | None = None,
    first: int | None = None,
    visible: Callable[[str], bool] | None = None,
) -> TracePage:
    """``trace_page`` over the graph in memory, walking around retired nodes and, given
    ``visible``, around the nodes it refuses."""
    _require(view, node_id)
    nodes = view.nodes
    retired = Status.RETIRED

    def parents(node: str) -> list[tuple[str, Relation]]:
        found = view.parents(node)
        if visible is None:
            return [
                (p, data["relation"]) for p, data in found.items() if nodes[p].status is not retired
            ]
        return [
            (p, data["relation"])
            for p, data in found.items()
            if nodes[p].status is not retired and visible(p)
        ]

    def is_goal(node: str) -> bool:
        return nodes[node].kind is NodeKind.NATIONAL_GOAL

    return trace_page(parents, is_goal, node_id, max_depth, goal, after, first)
