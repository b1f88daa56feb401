"""Upward traceability answered by Cypher on the server, equal to ``strategygraph.trace``:
the paths to the national goals (``trace_up``, paged) and the route between two nodes.

Walks that must break ties the way the reference does (the route: by node id, never by the
order edges were written or read) go one level per query (``neo4j_levels``), so the walk
never enumerates paths. Python only orders, counts and words the rows a query returns.
The downward walks are in ``neo4j_below``, the whole-graph analyses in ``neo4j_analyses``.

The walks of several start nodes go level by level together (the ``*_many`` functions):
one query a level for all of them, each walk taking the rows of its own level's nodes, so
each answer is the one its walk alone gives. A single node's answer is a walk of one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..domain import NodeKind, Relation
from ..domain.answers import MAX_PATHS, Route, TracePage, TracePath
from ..trace.path_pages import trace_page
from . import neo4j_cypher as q
from .neo4j_levels import FIXED, Read, kind_row, level_rows, node_kinds

__all__ = [
    "route",
    "route_many",
    "trace_up",
    "trace_up_page",
    "trace_up_page_many",
]

K = NodeKind


def trace_up(read: Read, node_id: str, max_depth: int | None = None) -> list[TracePath]:
    rows = read(q.TRACE_UP, id=node_id, max=max_depth, **FIXED)
    if not rows:
        if kind_row(read, node_id)["kind"] == K.NATIONAL_GOAL:
            return [TracePath((node_id,), ())]
        return []
    if len(rows) > MAX_PATHS:  # the reference keeps the first MAX_PATHS by node ids
        rows.sort(key=lambda r: r["ids"])
        rows = rows[:MAX_PATHS]
    found = [TracePath(tuple(r["ids"]), tuple(map(Relation, r["relations"]))) for r in rows]
    found.sort(key=lambda p: p.nodes)
    return found


def trace_up_page(
    read: Read,
    node_id: str,
    max_depth: int | None = None,
    goal: str | None = None,
    after: Sequence[str] | None = None,
    first: int | None = None,
    visible: Callable[[str], bool] | None = None,
) -> TracePage:
    """The nodes above ``node_id`` read one level per query (never its paths), then
    paged and counted by the reference ``trace_page``."""
    cursors = None if after is None else {node_id: after}
    return trace_up_page_many(read, [node_id], max_depth, goal, cursors, first, visible)[node_id]


@dataclass
class _Above:
    """One walk up: the goals met, each walked node's parents, the level to read next."""

    goals: set[str]
    level: list[str]
    walked: set[str]
    up: dict[str, list[tuple[str, Relation]]] = field(default_factory=dict)

    def parents(self, node: str) -> list[tuple[str, Relation]]:
        return self.up.get(node, [])


def trace_up_page_many(
    read: Read,
    node_ids: Sequence[str],
    max_depth: int | None = None,
    goal: str | None = None,
    after: Mapping[str, Sequence[str]] | None = None,
    first: int | None = None,
    visible: Callable[[str], bool] | None = None,
) -> dict[str, TracePage]:
    """``trace_up_page`` of each of ``node_ids`` (``after``: each one's cursor, if any)."""
    kinds = node_kinds(read, node_ids)
    walks: dict[str, _Above] = {}
    for node_id in node_ids:
        is_goal = kinds[node_id]["kind"] == K.NATIONAL_GOAL
        level = [] if is_goal else [node_id]
        walks[node_id] = _Above({node_id} if is_goal else set(), level, set(level))
    depth = 0
    while (live := [w for w in walks.values() if w.level]) and (
        max_depth is None or depth < max_depth
    ):
        rows = level_rows(read, q.PARENTS, (w.level for w in live))
        for walk in live:
            fresh: list[str] = []
            for row in (row for at in walk.level for row in rows.get(at, [])):
                if visible is not None and not visible(row["id"]):
                    continue
                walk.up.setdefault(row["at"], []).append((row["id"], Relation(row["relation"])))
                if row["kind"] == K.NATIONAL_GOAL:
                    walk.goals.add(row["id"])
                elif row["id"] not in walk.walked:
                    walk.walked.add(row["id"])
                    fresh.append(row["id"])
            walk.level = fresh
        depth += 1
    cursors = after or {}
    return {
        node_id: trace_page(
            walk.parents,
            walk.goals.__contains__,
            node_id,
            max_depth,
            goal,
            cursors.get(node_id),
            first,
        )
        for node_id, walk in walks.items()
    }


def route(
    read: Read, source: str, target: str, visible: Callable[[str], bool] | None = None
) -> Route | None:
    return route_many(read, [(source, target)], visible)[(source, target)]


def route_many(
    read: Read, pairs: Sequence[tuple[str, str]], visible: Callable[[str], bool] | None = None
) -> dict[tuple[str, str], Route | None]:
    """``route`` of each (source, target) of ``pairs``; through what ``visible`` accepts."""
    node_kinds(read, [node for pair in pairs for node in pair])
    up = _shortest_up(read, pairs, visible)
    back = [(target, source) for source, target in up if up[(source, target)] is None]
    down = _shortest_up(read, back, visible)
    found: dict[tuple[str, str], Route | None] = {}
    for source, target in up:
        if (path := up[(source, target)]) is not None:
            found[(source, target)] = Route(path.nodes, path.relations, True)
        elif (path := down[(target, source)]) is not None:
            found[(source, target)] = Route(path.nodes[::-1], path.relations[::-1], False)
        else:
            found[(source, target)] = None
    return found


@dataclass
class _Search:
    """One breadth-first search up: how each node reached was first reached."""

    target: str
    level: list[str]
    previous: dict[str, tuple[str, Relation] | None]


def _shortest_up(
    read: Read, pairs: Iterable[tuple[str, str]], visible: Callable[[str], bool] | None = None
) -> dict[tuple[str, str], TracePath | None]:
    searches = {
        (source, target): _Search(target, [source], {source: None}) for source, target in pairs
    }
    while live := [s for s in searches.values() if s.level and s.target not in s.previous]:
        rows = level_rows(read, q.PARENTS, (s.level for s in live))
        for search in live:
            nearer: dict[str, tuple[str, Relation]] = {}  # each reached from the smallest id
            for row in (row for at in search.level for row in rows.get(at, [])):
                parent, at = row["id"], row["at"]
                if visible is not None and not visible(parent):
                    continue
                kept = nearer.get(parent)
                if parent not in search.previous and (kept is None or at < kept[0]):
                    nearer[parent] = (at, Relation(row["relation"]))
            search.previous.update(nearer)
            search.level = list(nearer)
    return {pair: _path(search) for pair, search in searches.items()}


def _path(search: _Search) -> TracePath | None:
    if search.target not in search.previous:
        return None
    nodes, rels = [search.target], []
    step = search.previous[search.target]
    while step is not None:
        nodes.append(step[0])
        rels.append(step[1])
        step = search.previous[step[0]]
    return TracePath(tuple(nodes[::-1]), tuple(rels[::-1]))
