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

from collections.abc import Callable, Iterable, Sequence

from ..domain import NodeKind, Relation, Status
from ..domain.answers import GoalPaths, TracePage, TracePath
from .graph import TraceGraph
from .paths import require

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
    return _Pager(parents, is_goal, goal).page(node_id, max_depth, after, first)


def _first(pair: tuple[str, Relation]) -> str:
    return pair[0]


class _Pager:
    """One page's walk. A class, not nested functions: a nested function that calls
    itself holds itself through its closure, a reference cycle that kept the walk's whole
    state alive until the garbage collector came (its passes took ~5% of a cold
    ``traceUp``'s CPU); here it is freed by reference counting when the page is made."""

    def __init__(self, parents: Parents, is_goal: Callable[[str], bool], goal: str | None):
        self.parents = parents
        self.is_goal = is_goal
        self.goal = goal
        self.ups: dict[str, list[tuple[str, Relation]]] = {}
        self.counts: dict[tuple[str, int | None], dict[str, int]] = {}
        self.nothing: dict[str, int] = {}
        """What a node reaches with no edges left (shared, never changed)."""
        self.page_paths: list[TracePath] = []
        self.skipped = 0
        self.limit = 0
        self.cursor: tuple[str, ...] = ()

    def up(self, node: str) -> list[tuple[str, Relation]]:
        found = self.ups.get(node)
        if found is None:
            found = self.ups[node] = sorted(self.parents(node), key=_first)
        return found

    def reach(self, node: str, left: int | None) -> dict[str, int]:
        """The goals reached from ``node`` with ``left`` edges to go, each with its paths
        (a parent's answer is shared, never changed, when it is a node's only one)."""
        key = (node, left)
        found = self.counts.get(key)
        if found is None:
            if self.is_goal(node):
                found = {node: 1}
            elif left is None or left > 0:
                step = None if left is None else left - 1
                reach = self.reach
                above = [reach(parent, step) for parent, _ in self.up(node)]
                above = [a for a in above if a]
                if len(above) == 1:
                    found = above[0]
                elif above:
                    found = dict(above[0])  # summed by hand: a Counter's update costs more
                    for a in above[1:]:
                        for g, n in a.items():
                            found[g] = found.get(g, 0) + n
                else:
                    found = {}
            else:
                found = self.nothing
            self.counts[key] = found
        return found

    def paths(self, node: str, left: int | None) -> int:
        found = self.reach(node, left)
        return found.get(self.goal, 0) if self.goal is not None else sum(found.values())

    def walk(
        self, nodes: tuple[str, ...], rels: tuple[Relation, ...], left: int | None, on_cursor: bool
    ) -> None:
        """Depth first, parents by id: the paths in order. ``on_cursor``: ``nodes`` is a
        prefix of the cursor, so what sorts before it is skipped (and counted)."""
        node = nodes[-1]
        goal, page, cursor = self.goal, self.page_paths, self.cursor
        counted = goal is None or node == goal
        if self.is_goal(node):
            if on_cursor:
                self.skipped += counted  # the cursor's own path, or a prefix of it: before it
            elif counted and len(page) < self.limit:
                page.append(TracePath(nodes, rels))
            return
        step = None if left is None else left - 1
        here = len(nodes)
        follows = on_cursor and len(cursor) > here
        for parent, relation in self.up(node):
            if self.paths(parent, step) == 0:
                continue
            if follows and parent < cursor[here]:
                self.skipped += self.paths(parent, step)
                continue
            same = follows and parent == cursor[here]
            if len(page) >= self.limit and not same:
                return
            self.walk((*nodes, parent), (*rels, relation), step, same)

    def on_paths(self, start: str, depth: int | None) -> dict[str, int]:
        """Breadth first over the parents that lead to a goal in the edges left: every
        node on a path, at its fewest edges from ``start``."""
        seen = {start: 0}
        level, done = [start], 0
        while level:
            fresh = []
            left = None if depth is None else depth - done
            for node in level:
                if self.is_goal(node) or (left is not None and left <= 0):
                    continue
                for parent, _ in self.up(node):
                    if parent not in seen and self.reach(
                        parent, None if left is None else left - 1
                    ):
                        seen[parent] = done + 1
                        fresh.append(parent)
            level, done = fresh, done + 1
        return seen

    def page(
        self,
        node_id: str,
        max_depth: int | None,
        after: Sequence[str] | None,
        first: int | None,
    ) -> TracePage:
        everything = self.reach(node_id, max_depth)
        total = self.paths(node_id, max_depth)
        self.limit = total if first is None else first
        self.cursor = cursor = tuple(after or ())
        if cursor and cursor[0] != node_id:
            raise ValueError(f"the cursor is a path from {cursor[0]!r}, not from {node_id!r}")
        if total:
            self.walk((node_id,), (), max_depth, bool(cursor))
        goals = [GoalPaths(g, n) for g, n in sorted(everything.items()) if n]
        on_paths = self.on_paths(node_id, max_depth) if total else {}
        return TracePage(self.page_paths, total, goals, min(self.skipped, total), on_paths)


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
    require(view, node_id)
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

    national = NodeKind.NATIONAL_GOAL

    def is_goal(node: str) -> bool:
        return nodes[node].kind is national

    return trace_page(parents, is_goal, node_id, max_depth, goal, after, first)
