"""Traceability answered by Cypher on the server, equal to ``strategygraph.trace``.

Walks that must break ties the way the reference does (trace down's ``via``, the route:
by node id, never by the order edges were written or read) go one level per query, so the
walk never enumerates paths; whole-graph analyses read the reach index (``goals``) in one scan per
question. Python only orders, counts and words the rows a query returns.

The walks of several start nodes go level by level together (the ``*_many`` functions):
one query a level for all of them, each walk taking the rows of its own level's nodes, so
each answer is the one its walk alone gives. A single node's answer is a walk of one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ..domain import Health, NodeKind, NotFound, Relation, Status
from ..domain.answers import (
    MAX_PATHS,
    Contribution,
    CoverageRow,
    Gap,
    GapType,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
    gap_order,
)
from ..trace.path_pages import trace_page
from . import neo4j_cypher as q

__all__ = [
    "Read",
    "coverage",
    "gaps",
    "impact",
    "impact_many",
    "rolled_up_health",
    "rolled_up_health_many",
    "route",
    "route_many",
    "trace_down",
    "trace_down_many",
    "trace_up",
    "trace_up_page",
    "trace_up_page_many",
]

Read = Callable[..., list[dict[str, Any]]]
"""Runs one read query with keyword parameters; its records as dicts."""

K = NodeKind
_FIXED = {
    "goal": K.NATIONAL_GOAL.value,
    "project": K.STRATEGIC_PROJECT.value,
    "retired": Status.RETIRED.value,
    "draft": Status.DRAFT.value,
}


def _kind(read: Read, node_id: str) -> dict[str, Any]:
    rows = read(q.KIND, id=node_id)
    if not rows:
        raise NotFound("node", node_id)
    return rows[0]


def _kinds(read: Read, node_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Each node's kind and health, in one query; ``NotFound`` for the first missing one."""
    found = {row["id"]: row for row in read(q.KINDS, ids=list(dict.fromkeys(node_ids)))}
    for node_id in node_ids:
        if node_id not in found:
            raise NotFound("node", node_id)
    return found


def _level_rows(read: Read, query: str, levels: Iterable[list[str]]) -> dict[str, list[Any]]:
    """The rows of ``query`` for every node of ``levels`` (one query), by the node (``at``)."""
    ids = list(dict.fromkeys(node for level in levels for node in level))
    rows: dict[str, list[dict[str, Any]]] = {}
    for row in read(query, ids=ids, **_FIXED):
        rows.setdefault(row["at"], []).append(row)
    return rows


def trace_up(read: Read, node_id: str, max_depth: int | None = None) -> list[TracePath]:
    rows = read(q.TRACE_UP, id=node_id, max=max_depth, **_FIXED)
    if not rows:
        if _kind(read, node_id)["kind"] == K.NATIONAL_GOAL:
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
    kinds = _kinds(read, node_ids)
    walks: dict[str, _Above] = {}
    for node_id in node_ids:
        is_goal = kinds[node_id]["kind"] == K.NATIONAL_GOAL
        level = [] if is_goal else [node_id]
        walks[node_id] = _Above({node_id} if is_goal else set(), level, set(level))
    depth = 0
    while (live := [w for w in walks.values() if w.level]) and (
        max_depth is None or depth < max_depth
    ):
        rows = _level_rows(read, q.PARENTS, (w.level for w in live))
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


Found = dict[str, tuple[Contribution, dict[str, Any]]]
"""The nodes below one start, breadth first, each with its row (kind, health)."""


@dataclass
class _Below:
    seen: set[str]
    level: list[str]
    found: Found = field(default_factory=dict)


def _walk_down(
    read: Read,
    node_ids: Sequence[str],
    max_depth: int | None = None,
    visible: Callable[[str], bool] | None = None,
) -> tuple[dict[str, dict[str, Any]], dict[str, Found]]:
    """Breadth-first below each of ``node_ids`` over active nodes (and those ``visible``
    accepts), each reached ``via`` the smallest id one level nearer, as the reference does;
    with each start's own row (its kind and health)."""
    kinds = _kinds(read, node_ids)
    walks = {node_id: _Below({node_id}, [node_id]) for node_id in node_ids}
    depth = 0
    while (live := [w for w in walks.values() if w.level]) and (
        max_depth is None or depth < max_depth
    ):
        rows = _level_rows(read, q.CHILDREN, (w.level for w in live))
        depth += 1
        for walk in live:
            nxt: list[str] = []
            for row in (row for at in walk.level for row in rows.get(at, [])):
                child, at = row["id"], row["at"]
                if visible is not None and not visible(child):
                    continue
                kept = walk.found.get(child)
                if kept is None and child not in walk.seen:
                    walk.seen.add(child)
                    nxt.append(child)
                elif kept is None or kept[0].depth != depth or at >= kept[0].via:
                    continue
                walk.found[child] = (Contribution(child, depth, at, Relation(row["relation"])), row)
            walk.level = nxt
    return kinds, {node_id: walk.found for node_id, walk in walks.items()}


def trace_down(
    read: Read,
    node_id: str,
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
    visible: Callable[[str], bool] | None = None,
) -> list[Contribution]:
    return trace_down_many(read, [node_id], max_depth, kinds, visible)[node_id]


def trace_down_many(
    read: Read,
    node_ids: Sequence[str],
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
    visible: Callable[[str], bool] | None = None,
) -> dict[str, list[Contribution]]:
    """``trace_down`` of each of ``node_ids``."""
    wanted = None if kinds is None else {k.value for k in kinds}
    return {
        node_id: sorted(
            (c for c, row in found.values() if wanted is None or row["kind"] in wanted),
            key=lambda c: (c.depth, c.node_id),
        )
        for node_id, found in _walk_down(read, node_ids, max_depth, visible)[1].items()
    }


def route(
    read: Read, source: str, target: str, visible: Callable[[str], bool] | None = None
) -> Route | None:
    return route_many(read, [(source, target)], visible)[(source, target)]


def route_many(
    read: Read, pairs: Sequence[tuple[str, str]], visible: Callable[[str], bool] | None = None
) -> dict[tuple[str, str], Route | None]:
    """``route`` of each (source, target) of ``pairs``; through what ``visible`` accepts."""
    _kinds(read, [node for pair in pairs for node in pair])
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
        rows = _level_rows(read, q.PARENTS, (s.level for s in live))
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


def gaps(read: Read, now: datetime, region: str | None = None, draft_days: int = 90) -> list[Gap]:
    """Every gap, as ``trace.gaps`` finds it; drafts judged stale at ``now``."""
    found: list[Gap] = []

    def each(query: str, **params: Any) -> list[dict[str, Any]]:
        return read(q.regional(query, region), region=region, **_FIXED, **params)

    def add(kind: GapType, row: dict[str, Any], message: str, related: str | None = None) -> None:
        gap = Gap(kind, row["id"], row["region"], message, related)
        found.append(gap)

    def title(row: dict[str, Any]) -> str:
        return f"'{row['title']}' ({row['id']})"

    for row in each(q.GAP_NOT_TRACED, kind=K.STRATEGIC_PROJECT.value):
        add(
            GapType.PROJECT_NOT_TRACED,
            row,
            f"Project {title(row)} does not reach any national goal: nothing explains "
            "why it exists.",
        )
    for row in each(q.GAP_NO_PROJECT, kind=K.CHALLENGE.value):
        add(
            GapType.CHALLENGE_UNADDRESSED,
            row,
            f"Challenge {title(row)} is addressed by no strategic project.",
        )
    for row in each(q.GAP_NOTHING_BELOW, kind=K.STRATEGIC_LINE.value):
        add(
            GapType.LINE_EMPTY,
            row,
            f"Strategic line {title(row)} has no challenge or project under it.",
        )
    for row in each(q.GAP_NOTHING_BELOW, kind=K.NATIONAL_GOAL.value):
        add(GapType.GOAL_UNSERVED, row, f"National goal {title(row)} is served by nothing.")
    for row in each(q.GAP_SKIPS):
        add(
            GapType.LAYER_SKIP,
            row,
            f"{K(row['kind']).label} {title(row)} links straight to "
            f"{K(row['parent_kind']).label.lower()} '{row['parent_title']}' ({row['parent']}), "
            "skipping a layer.",
            row["parent"],
        )
    before = now - timedelta(days=draft_days)
    for row in each(q.GAP_STALE, before=before.timestamp()):
        changed = datetime.fromisoformat(row["updated_at"] or row["created_at"])
        add(
            GapType.STALE_DRAFT,
            row,
            f"{K(row['kind']).label} {title(row)} has been a draft since {changed.date()}, "
            f"more than {draft_days} days.",
        )
    found.sort(key=gap_order)
    return found


def coverage(read: Read, region: str | None = None) -> list[CoverageRow]:
    goals = [row["id"] for row in read(q.ACTIVE_GOALS, **_FIXED)]
    rows: dict[tuple[str, str], CoverageRow] = {}
    for row in read(q.regional(q.COVERAGE, region), region=region, **_FIXED):
        key = (row["goal"], row["region"])
        line = rows.setdefault(key, CoverageRow(*key))
        kind = K(row["kind"])
        line.counts[kind] += row["count"]
        if kind is K.STRATEGIC_PROJECT:
            line.health[Health(row["health"] or Health.UNKNOWN)] += row["count"]
    reached = {goal for goal, _ in rows}
    for goal in goals:
        if goal not in reached:
            rows[(goal, region or "*")] = CoverageRow(goal, region or "*")
    return [rows[key] for key in sorted(rows)]


def impact(read: Read, node_id: str) -> list[str]:
    return impact_many(read, [node_id])[node_id]


def impact_many(read: Read, node_ids: Sequence[str]) -> dict[str, list[str]]:
    """``impact`` of each of ``node_ids``: the rows of all the nodes below them in one query."""
    walks = {
        node_id: [c.node_id for c, _ in found.values()]
        for node_id, found in _walk_down(read, node_ids)[1].items()
    }
    everything = list(dict.fromkeys(node for below in walks.values() for node in below))
    info: dict[str, tuple[int, bool]] = {}
    parents: dict[str, list[tuple[str, bool]]] = {}
    for row in read(q.IMPACT_ROWS, ids=everything, **_FIXED) if everything else []:
        info[row["id"]] = (row["layer"], bool(row["reaches"]))
        if row["parent"] is not None:
            parents.setdefault(row["id"], []).append((row["parent"], bool(row["parent_reaches"])))
    return {node_id: _lost(node_id, below, info, parents) for node_id, below in walks.items()}


def _lost(
    node_id: str,
    below: list[str],
    info: Mapping[str, tuple[int, bool]],
    parents: Mapping[str, list[tuple[str, bool]]],
) -> list[str]:
    """The nodes below ``node_id`` that reach a goal only through it."""
    inside = set(below)
    alive: dict[str, bool] = {}
    lost: list[str] = []
    for node in sorted(below, key=lambda n: (info[n][0], n)):  # as the reference orders
        alive[node] = any(
            parent != node_id and (alive.get(parent, False) if parent in inside else reaches)
            for parent, reaches in parents.get(node, [])
        )
        if info[node][1] and not alive[node]:
            lost.append(node)
    return lost


def rolled_up_health(read: Read, node_id: str) -> HealthRollup:
    return rolled_up_health_many(read, [node_id])[node_id]


def rolled_up_health_many(read: Read, node_ids: Sequence[str]) -> dict[str, HealthRollup]:
    """``rolled_up_health`` of each of ``node_ids``."""
    starts, walks = _walk_down(read, node_ids)
    return {node_id: _rollup(starts[node_id], found) for node_id, found in walks.items()}


def _rollup(start: dict[str, Any], found: Found) -> HealthRollup:
    healths = [
        row["health"] for _, row in found.values() if row["kind"] == K.STRATEGIC_PROJECT.value
    ]
    if start["kind"] == K.STRATEGIC_PROJECT.value:
        healths.append(start["health"])
    counts = Counter(Health(h) if h else Health.UNKNOWN for h in healths)
    full = {h: counts.get(h, 0) for h in Health}
    known = [h for h in Health if h is not Health.UNKNOWN and full[h]]
    worst = max(known, key=lambda h: h.severity) if known else Health.UNKNOWN
    return HealthRollup(worst, len(healths), full)
