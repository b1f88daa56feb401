"""The answer types of the whole-graph analyses: a gap, a coverage row."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..domain import Health, NodeKind

__all__ = ["COUNTED", "CoverageRow", "Gap", "GapType"]

COUNTED = (
    NodeKind.CHANGE_VISION,
    NodeKind.ORGANISATIONAL_VISION,
    NodeKind.STRATEGIC_LINE,
    NodeKind.CHALLENGE,
    NodeKind.STRATEGIC_PROJECT,
)
"""The kinds coverage counts (every kind below the national goals)."""


class GapType(StrEnum):
    PROJECT_NOT_TRACED = "PROJECT_NOT_TRACED"
    CHALLENGE_UNADDRESSED = "CHALLENGE_UNADDRESSED"
    LINE_EMPTY = "LINE_EMPTY"
    GOAL_UNSERVED = "GOAL_UNSERVED"
    LAYER_SKIP = "LAYER_SKIP"
    STALE_DRAFT = "STALE_DRAFT"
    REPORT_OVERDUE = "REPORT_OVERDUE"


@dataclass(frozen=True, slots=True)
class Gap:
    type: GapType
    node_id: str
    region: str
    message: str
    related: str | None = None


@dataclass(slots=True)
class CoverageRow:
    goal_id: str
    region: str
    counts: dict[NodeKind, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    health: dict[Health, int] = field(default_factory=lambda: dict.fromkeys(Health, 0))

    @property
    def projects(self) -> int:
        return self.counts[NodeKind.STRATEGIC_PROJECT]
