"""The steering group's situational picture: risks, indicators with measurements, and
status reports, each attached to nodes of the strategy graph.

A risk threatens nodes (a line, a challenge, a project, a vision); an indicator measures
one node; a status report is filed on a strategic project. Two node attributes tie them to
the graph: ``healthFromIndicators`` ("true": the node's health follows its indicators)
and ``reportingCadenceDays`` (a project's reports are due that often).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from .kinds import Health, Status

__all__ = [
    "CADENCE_ATTRIBUTE",
    "FOLLOWS_ATTRIBUTE",
    "SCALE",
    "Direction",
    "Indicator",
    "Measurement",
    "Risk",
    "RiskStatus",
    "StatusReport",
    "Trend",
    "attribute_problems",
    "cadence_days",
    "follows_indicators",
    "reading_health",
    "reading_trend",
    "worst_health",
]

SCALE = range(1, 6)
"""Likelihood and impact are rated 1 (lowest) to 5 (highest)."""

FOLLOWS_ATTRIBUTE = "healthFromIndicators"
"""Node attribute: "true" when the node's health follows its indicators."""
CADENCE_ATTRIBUTE = "reportingCadenceDays"
"""Node attribute: a project's status reports are due every this many days."""


class RiskStatus(StrEnum):
    """Where the steering group stands with a risk."""

    OPEN = "OPEN"
    MITIGATING = "MITIGATING"
    ACCEPTED = "ACCEPTED"
    CLOSED = "CLOSED"


class Direction(StrEnum):
    """Which way an indicator's value is good."""

    UP = "UP"
    DOWN = "DOWN"


@dataclass(frozen=True, slots=True)
class Risk:
    """A risk the steering group sees, and the nodes it threatens.

    ``threatens`` lists node ids; those in ``inferred`` are links the source does not state
    (our own reading). ``lifecycle`` is the approval state, as for nodes: a DRAFT risk is
    read only by viewers of its region."""

    id: str
    region: str
    title: str
    description: str = ""
    likelihood: int = 1
    impact: int = 1
    owner: str | None = None
    mitigation: str = ""
    status: RiskStatus = RiskStatus.OPEN
    review_date: date | None = None
    source: str | None = None
    threatens: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    lifecycle: Status = Status.DRAFT
    version: int = 1
    updated_at: datetime | None = None
    updated_by: str | None = None

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


@dataclass(frozen=True, slots=True)
class Indicator:
    """A measure of one node: which way is good, where it started, where it should get by
    when, and the thresholds at which it turns amber and red."""

    id: str
    node: str
    title: str
    unit: str = ""
    direction: Direction = Direction.UP
    baseline: float | None = None
    target: float | None = None
    target_date: date | None = None
    amber: float | None = None
    red: float | None = None
    source: str | None = None
    region: str = ""
    """The region of its node (set when it is written)."""
    version: int = 1
    updated_at: datetime | None = None
    updated_by: str | None = None


@dataclass(frozen=True, slots=True)
class Measurement:
    """One reading of an indicator on one date."""

    indicator: str
    on: date
    value: float
    source: str | None = None
    recorded_by: str | None = None


@dataclass(frozen=True, slots=True)
class StatusReport:
    """A project owner's periodic report on one strategic project."""

    id: str
    project: str
    on: date
    health: Health
    progress: int | None = None
    summary: str = ""
    next_steps: str = ""
    risks: tuple[str, ...] = ()
    source: str | None = None
    region: str = ""
    """The region of its project (set when it is written)."""
    version: int = 1
    filed_at: datetime | None = None
    filed_by: str | None = None


def reading_health(indicator: Indicator, value: float) -> Health:
    """RED or AMBER once ``value`` is at or past that threshold (in the bad direction),
    GREEN otherwise; UNKNOWN when the indicator has no thresholds.

    >>> up = Indicator("i", "n", "t", direction=Direction.UP, amber=50, red=30)
    >>> [reading_health(up, v).value for v in (60, 50, 31, 30)]
    ['GREEN', 'AMBER', 'AMBER', 'RED']
    """
    if indicator.amber is None and indicator.red is None:
        return Health.UNKNOWN
    up = indicator.direction is Direction.UP
    for threshold, health in ((indicator.red, Health.RED), (indicator.amber, Health.AMBER)):
        if threshold is not None and (value <= threshold if up else value >= threshold):
            return health
    return Health.GREEN


class Trend(StrEnum):
    """Which way an indicator's last two readings went, judged by its good direction."""

    BETTER = "BETTER"
    WORSE = "WORSE"
    STEADY = "STEADY"


def reading_trend(indicator: Indicator, readings: list[Measurement]) -> Trend | None:
    """The trend of the last two of ``readings`` (in date order); None before two.

    >>> down = Indicator("i", "n", "t", direction=Direction.DOWN)
    >>> day = date(2018, 1, 1)
    >>> reading_trend(down, [Measurement("i", day, 5), Measurement("i", day, 3)])
    <Trend.BETTER: 'BETTER'>
    """
    if len(readings) < 2:
        return None
    change = readings[-1].value - readings[-2].value
    if change == 0:
        return Trend.STEADY
    up = indicator.direction is Direction.UP
    return Trend.BETTER if (change > 0) == up else Trend.WORSE


def worst_health(healths: list[Health]) -> Health:
    """The most severe of ``healths`` (UNKNOWN for none)."""
    return max(healths, key=lambda h: h.severity, default=Health.UNKNOWN)


def follows_indicators(attributes: dict[str, Any]) -> bool:
    return str(attributes.get(FOLLOWS_ATTRIBUTE, "")).lower() == "true"


def cadence_days(attributes: dict[str, Any]) -> int | None:
    """The reporting cadence in days, or None when unset or not a positive number."""
    raw = attributes.get(CADENCE_ATTRIBUTE)
    if raw is None or not str(raw).isdigit() or int(raw) <= 0:
        return None
    return int(raw)


def attribute_problems(attributes: dict[str, str], is_project: bool) -> list[tuple[str, str]]:
    """(rule, message) for each situational-picture attribute of a node with a bad value.

    >>> [rule for rule, _ in attribute_problems({"reportingCadenceDays": "soon"}, True)]
    ['cadence']
    """
    found = []
    cadence = attributes.get(CADENCE_ATTRIBUTE)
    if cadence is not None:
        if not is_project:
            found.append(
                ("project-only", f"attribute {CADENCE_ATTRIBUTE} is only for strategic projects")
            )
        elif cadence_days(attributes) is None:
            found.append(
                (
                    "cadence",
                    f"attribute {CADENCE_ATTRIBUTE} must be a whole number of days from 1, "
                    f"not {cadence!r}",
                )
            )
    follows = attributes.get(FOLLOWS_ATTRIBUTE)
    if follows is not None and follows.lower() not in ("true", "false"):
        found.append(
            (
                "health-from-indicators",
                f"attribute {FOLLOWS_ATTRIBUTE} must be true or false, not {follows!r}",
            )
        )
    return found
