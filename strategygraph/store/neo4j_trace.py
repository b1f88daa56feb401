"""Traceability answered by Cypher on the server, equal to ``strategygraph.trace``.

Walks that must break ties the way the reference does (trace down's ``via``, the route:
by node id, never by the order edges were written or read) go one level per query, so the
walk never enumerates paths; whole-graph analyses read the reach index (``goals``) in one scan per
question. Python only orders, counts and words the rows a query returns.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Sequence
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
    "rolled_up_health",
    "route",
    "trace_down",
    "trace_up",
    "trace_up_page",
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
    goals = {node_id} if _kind(read, node_id)["kind"] == K.NATIONAL_GOAL else set()
    up: dict[str, list[tuple[str, Relation]]] = {}
    level, depth = [] if goals else [node_id], 0
    walked = set(level)
    while level and (max_depth is None or depth < max_depth):
        fresh: list[str] = []
        for row in read(q.PARENTS, ids=level, **_FIXED):
            if visible is not None and not visible(row["id"]):
                continue
            up.setdefault(row["at"], []).append((row["id"], Relation(row["relation"])))
            if row["kind"] == K.NATIONAL_GOAL:
                goals.add(row["id"])
            elif row["id"] not in walked:
                walked.add(row["id"])
                fresh.append(row["id"])
        level = fresh
        depth += 1

    def parents(node: str) -> list[tuple[str, Relation]]:
        return up.get(node, [])

    return trace_page(parents, goals.__contains__, node_id, max_depth, goal, after, first)


def _walk_down(
    read: Read, node_id: str, max_depth: int | None = None
) -> list[tuple[Contribution, dict[str, Any]]]:
    """Breadth-first below ``node_id`` over active nodes, each reached ``via`` the
    smallest id one level nearer, as the reference does."""
    _kind(read, node_id)
    found: dict[str, tuple[Contribution, dict[str, Any]]] = {}
    level = [node_id]
    depth = 0
    while level and (max_depth is None or depth < max_depth):
        depth += 1
        nxt: list[str] = []
        for row in read(q.CHILDREN, ids=level, **_FIXED):
            child, at = row["id"], row["at"]
            kept = found.get(child)
            if kept is None and child != node_id:
                nxt.append(child)
            elif kept is None or kept[0].depth != depth or at >= kept[0].via:
                continue
            found[child] = (Contribution(child, depth, at, Relation(row["relation"])), row)
        level = nxt
    return list(found.values())


def trace_down(
    read: Read,
    node_id: str,
    max_depth: int | None = None,
    kinds: Collection[NodeKind] | None = None,
) -> list[Contribution]:
    found = _walk_down(read, node_id, max_depth)
    if kinds is not None:
        wanted = {k.value for k in kinds}
        found = [(c, row) for c, row in found if row["kind"] in wanted]
    return sorted((c for c, _ in found), key=lambda c: (c.depth, c.node_id))


def route(read: Read, source: str, target: str) -> Route | None:
    _kind(read, source)
    _kind(read, target)
    up = _shortest_up(read, source, target)
    if up is not None:
        return Route(up.nodes, up.relations, True)
    down = _shortest_up(read, target, source)
    if down is not None:
        return Route(down.nodes[::-1], down.relations[::-1], False)
    return None


def _shortest_up(read: Read, source: str, target: str) -> TracePath | None:
    previous: dict[str, tuple[str, Relation] | None] = {source: None}
    level = [source]
    while level and target not in previous:
        nearer: dict[str, tuple[str, Relation]] = {}
        for row in read(q.PARENTS, ids=level, **_FIXED):
            parent, at = row["id"], row["at"]
            kept = nearer.get(parent)
            if parent not in previous and (kept is None or at < kept[0]):
                nearer[parent] = (at, Relation(row["relation"]))
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
    below = [c.node_id for c, _ in _walk_down(read, node_id)]
    if not below:
        return []
    inside = set(below)
    info: dict[str, tuple[int, bool]] = {}
    parents: dict[str, list[tuple[str, bool]]] = {}
    for row in read(q.IMPACT_ROWS, ids=below, **_FIXED):
        info[row["id"]] = (row["layer"], bool(row["reaches"]))
        if row["parent"] is not None:
            parents.setdefault(row["id"], []).append((row["parent"], bool(row["parent_reaches"])))
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
    start = _kind(read, node_id)
    healths = [
        row["health"]
        for c, row in _walk_down(read, node_id)
        if row["kind"] == K.STRATEGIC_PROJECT.value
    ]
    if start["kind"] == K.STRATEGIC_PROJECT.value:
        healths.append(start["health"])
    counts = Counter(Health(h) if h else Health.UNKNOWN for h in healths)
    full = {h: counts.get(h, 0) for h in Health}
    known = [h for h in Health if h is not Health.UNKNOWN and full[h]]
    worst = max(known, key=lambda h: h.severity) if known else Health.UNKNOWN
    return HealthRollup(worst, len(healths), full)
