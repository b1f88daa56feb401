"""Coverage: per national goal and region, how many lines, challenges, projects reach it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import Health, NodeKind
from .reach import goal_masks
from .view import GraphView

__all__ = ["COUNTED", "CoverageRow", "coverage"]

COUNTED = (
    NodeKind.CHANGE_VISION,
    NodeKind.ORGANISATIONAL_VISION,
    NodeKind.STRATEGIC_LINE,
    NodeKind.CHALLENGE,
    NodeKind.STRATEGIC_PROJECT,
)

_BITS = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]
"""The set bits of each byte value."""


@dataclass(slots=True)
class CoverageRow:
    goal_id: str
    region: str
    counts: dict[NodeKind, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    health: dict[Health, int] = field(default_factory=lambda: dict.fromkeys(Health, 0))

    @property
    def projects(self) -> int:
        return self.counts[NodeKind.STRATEGIC_PROJECT]


def coverage(view: GraphView, region: str | None = None) -> list[CoverageRow]:
    """One row per (national goal, region) with anything reaching it; goals nothing
    reaches get a row with zero counts for the asked region (or ``"*"`` for all).

    The answer is kept until the graph changes (``GraphView.memo``); each call gets its
    own copy of the rows."""
    rows = view.memo(f"coverage {region!r}", lambda: _coverage(view, region))
    return [CoverageRow(r.goal_id, r.region, dict(r.counts), dict(r.health)) for r in rows]


def _coverage(view: GraphView, region: str | None) -> list[CoverageRow]:
    """``coverage``, computed.

    Counting is bit-sliced: each node adds one to a table per byte of its goal mask
    (``tally``), and each table is turned into per-goal counts once at the end, so the
    cost does not grow with how many goals a node reaches."""
    order = view.by_layer()
    goals, masks = goal_masks(view)
    chunks = range(0, len(goals), 8)
    tally: dict[tuple[str, NodeKind, Health | None], list[list[int]]] = {}
    project = NodeKind.STRATEGIC_PROJECT
    for node in order:
        kind = node.kind
        if kind is NodeKind.NATIONAL_GOAL or (region and node.region != region):
            continue
        mask = masks[node.id]
        if not mask:
            continue
        key = (node.region, kind, (node.health or Health.UNKNOWN) if kind is project else None)
        tables = tally.get(key)
        if tables is None:
            tables = tally[key] = [[0] * 256 for _ in chunks]
        for table, shift in zip(tables, chunks, strict=True):
            table[mask >> shift & 255] += 1
    rows: dict[tuple[str, str], CoverageRow] = {}
    for (node_region, kind, health), tables in tally.items():
        per_goal = [0] * len(goals)
        for table, shift in zip(tables, chunks, strict=True):
            for byte, count in enumerate(table):
                if count:
                    for bit in _BITS[byte]:
                        per_goal[shift + bit] += count
        for goal, count in zip(goals, per_goal, strict=True):
            if count:
                row = rows.get((goal, node_region))
                if row is None:
                    row = rows[(goal, node_region)] = CoverageRow(goal, node_region)
                row.counts[kind] += count
                if health is not None:
                    row.health[health] += count
    reached = {goal for goal, _ in rows}
    for goal in goals:
        if goal not in reached:
            rows[(goal, region or "*")] = CoverageRow(goal, region or "*")
    return [rows[key] for key in sorted(rows)]
