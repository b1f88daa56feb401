"""Coverage: per national goal and region, how many lines, challenges, projects reach it."""

from __future__ import annotations

from collections import Counter
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
    reaches get a row with zero counts for the asked region (or ``"*"`` for all)."""
    goals, masks = goal_masks(view)
    groups: Counter[tuple[str, NodeKind, Health | None, int]] = Counter()
    for node in view.by_layer():
        if node.kind is NodeKind.NATIONAL_GOAL or (region and node.region != region):
            continue
        mask = masks[node.id]
        if mask:
            health = node.effective_health if node.is_project else None
            groups[(node.region, node.kind, health, mask)] += 1
    rows: dict[tuple[str, str], CoverageRow] = {}
    for (node_region, kind, health, mask), count in groups.items():
        for bit, goal in enumerate(goals):
            if mask >> bit & 1:
                row = rows.setdefault((goal, node_region), CoverageRow(goal, node_region))
                row.counts[kind] += count
                if health is not None:
                    row.health[health] += count
    reached = {goal for goal, _ in rows}
    for goal in goals:
        if goal not in reached:
            rows[(goal, region or "*")] = CoverageRow(goal, region or "*")
    return [rows[key] for key in sorted(rows)]
