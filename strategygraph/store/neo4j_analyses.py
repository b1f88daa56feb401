"""The whole-graph analyses answered by Cypher on the server, equal to
``strategygraph.trace``: the gaps and the coverage of the national goals.

Unlike the walks (``neo4j_trace``, ``neo4j_below``) they follow no node's edges level by
level: each question reads the reach index (``goals``) in one scan, and Python only
orders, counts and words the rows it returns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..domain import Health, NodeKind
from ..domain.answers import CoverageRow, Gap, GapType, gap_order
from . import neo4j_cypher as q
from .neo4j_levels import FIXED, Read

__all__ = ["coverage", "gaps"]

K = NodeKind


def gaps(read: Read, now: datetime, region: str | None = None, draft_days: int = 90) -> list[Gap]:
    """Every gap, as ``trace.gaps`` finds it; drafts judged stale at ``now``."""
    found: list[Gap] = []

    def each(query: str, **params: Any) -> list[dict[str, Any]]:
        return read(q.regional(query, region), region=region, **FIXED, **params)

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
    goals = [row["id"] for row in read(q.ACTIVE_GOALS, **FIXED)]
    rows: dict[tuple[str, str], CoverageRow] = {}
    for row in read(q.regional(q.COVERAGE, region), region=region, **FIXED):
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
