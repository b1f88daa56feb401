"""The answer types of the traceability questions: what every ``GraphStore`` adapter
returns, whichever way it computes it (the embedded store with ``trace/``, Neo4j with
Cypher). Plain records, no algorithm: the port, the API, the maps and the CLI import them
from here, not from ``trace``."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .kinds import Health, NodeKind, Relation

__all__ = [
    "COUNTED",
    "MAX_PATHS",
    "Contribution",
    "CoverageRow",
    "Gap",
    "GapType",
    "GoalPaths",
    "GoalReach",
    "HealthRollup",
    "RegionComparison",
    "Route",
    "TracePage",
    "TracePath",
    "gap_order",
]

MAX_PATHS = 1000
"""Trace up lists at most this many paths (the first of a depth-first walk)."""

COUNTED = (
    NodeKind.CHANGE_VISION,
    NodeKind.ORGANISATIONAL_VISION,
    NodeKind.STRATEGIC_LINE,
    NodeKind.CHALLENGE,
    NodeKind.STRATEGIC_PROJECT,
)
"""The kinds coverage counts (every kind below the national goals)."""


@dataclass(frozen=True, slots=True)
class TracePath:
    """A chain of upward edges: ``relations[i]`` links ``nodes[i]`` to ``nodes[i + 1]``."""

    nodes: tuple[str, ...]
    relations: tuple[Relation, ...]


@dataclass(frozen=True, slots=True)
class Contribution:
    """A node under the traced one, ``depth`` edges below it, reached via ``via``."""

    node_id: str
    depth: int
    via: str
    relation: Relation


@dataclass(frozen=True, slots=True)
class Route:
    """The shortest upward chain between two nodes; ``upward`` is False when it runs down."""

    nodes: tuple[str, ...]
    relations: tuple[Relation, ...]
    upward: bool


@dataclass(frozen=True, slots=True)
class GoalPaths:
    """One national goal the traced node reaches, and by how many paths."""

    goal_id: str
    count: int


@dataclass(frozen=True, slots=True)
class TracePage:
    """One page of a node's upward paths, with the counts of all of them.

    ``goals`` names every goal reached (whatever ``goal`` filter the page has), by id;
    ``total`` counts the paths the page is taken from (those to ``goal`` when filtered);
    ``start`` is how many of them come before the page; ``on_paths`` gives every node on
    any of the paths (whichever page) with its fewest edges from the traced node."""

    paths: list[TracePath]
    total: int
    goals: list[GoalPaths]
    start: int
    on_paths: dict[str, int] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        return self.start + len(self.paths) < self.total


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


_RANK = {t: i for i, t in enumerate(GapType)}


def gap_order(gap: Gap) -> tuple[int, str, str]:
    """The order every adapter lists gaps in: by type, node id, then the node a layer
    skip links to (a total order, so no answer depends on the order edges were read)."""
    return (_RANK[gap.type], gap.node_id, gap.related or "")


@dataclass(slots=True)
class CoverageRow:
    goal_id: str
    region: str
    counts: dict[NodeKind, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    health: dict[Health, int] = field(default_factory=lambda: dict.fromkeys(Health, 0))

    @property
    def projects(self) -> int:
        return self.counts[NodeKind.STRATEGIC_PROJECT]


@dataclass(frozen=True, slots=True)
class HealthRollup:
    """``worst`` ignores UNKNOWN unless nothing is known; shares are of ``projects``."""

    worst: Health
    projects: int
    counts: dict[Health, int]

    def share(self, health: Health) -> float:
        return self.counts[health] / self.projects if self.projects else 0.0


@dataclass(slots=True)
class GoalReach:
    """What of one region reaches one national goal."""

    goal_id: str
    counts: dict[NodeKind, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))
    health: dict[Health, int] = field(default_factory=lambda: dict.fromkeys(Health, 0))
    projects: list[str] = field(default_factory=list)
    """The region's projects that reach the goal, by id."""
    gaps: list[Gap] = field(default_factory=list)
    """The region's gaps at nodes that reach the goal (an empty line, a layer skip, …)."""

    @property
    def reached(self) -> bool:
        return any(self.counts.values())


@dataclass(slots=True)
class RegionComparison:
    region: str
    goals: list[GoalReach]
    gaps: list[Gap]
    """Every gap of the region, including projects that reach no goal at all."""

    @property
    def goals_reached(self) -> int:
        return sum(1 for g in self.goals if g.reached)
