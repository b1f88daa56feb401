"""The situational picture as GraphQL types: risks, the risk map, indicators with their
readings, status reports (``situation.py`` has the queries and mutations)."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum

import strawberry

from ..domain import situation as d
from ..service.situation_read import RiskCell, Situation
from .context import Context
from .enums import Health, Status

__all__ = [
    "Direction",
    "IndicatorType",
    "MeasurementType",
    "RiskCellType",
    "RiskStatus",
    "RiskType",
    "StatusReportType",
    "Trend",
    "indicator_type",
    "measurement_type",
    "report_type",
    "risk_type",
    "threat_types",
]

F = strawberry.field


@strawberry.enum(description="Where the steering group stands with a risk.")
class RiskStatus(Enum):
    OPEN = strawberry.enum_value("OPEN", description="Seen, nothing done yet.")
    MITIGATING = strawberry.enum_value("MITIGATING", description="Being mitigated.")
    ACCEPTED = strawberry.enum_value("ACCEPTED", description="Accepted as it is.")
    CLOSED = strawberry.enum_value("CLOSED", description="No longer a risk.")


@strawberry.enum(name="GoodDirection", description="Which way an indicator's value is good.")
class Direction(Enum):
    UP = strawberry.enum_value("UP", description="Higher is better.")
    DOWN = strawberry.enum_value("DOWN", description="Lower is better.")


@strawberry.enum(
    description="Which way an indicator's last two readings went, judged by which way is good."
)
class Trend(Enum):
    BETTER = strawberry.enum_value("BETTER", description="The latest reading is better.")
    WORSE = strawberry.enum_value("WORSE", description="The latest reading is worse.")
    STEADY = strawberry.enum_value("STEADY", description="The last two readings are equal.")


@strawberry.type(name="Risk", description="A risk the steering group sees, and what it threatens.")
class RiskType:
    id: strawberry.ID = F(description="Stable id.")
    region: strawberry.ID = F(description="The region whose risk it is.")
    title: str = F(description="What could go wrong, in a line.")
    description: str = F(description="More about it.")
    likelihood: int = F(description="1 (rare) to 5 (almost certain).")
    impact: int = F(description="1 (minor) to 5 (severe).")
    score: int = F(description="likelihood × impact.")
    owner: str | None = F(description="Who answers for it.")
    mitigation: str = F(description="What is done about it.")
    status: RiskStatus = F(description="Where the steering group stands with it.")
    review_date: date | None = F(description="When it is next reviewed.")
    source: str | None = F(description="Where it comes from (a document, minutes).")
    threatens: list[strawberry.ID] = F(
        description="Ids of the nodes it threatens (those the caller may see)."
    )
    inferred: list[strawberry.ID] = F(
        description="Those of `threatens` the source does not state (our own reading)."
    )
    lifecycle: Status = F(description="Approval state; a DRAFT is read in its region only.")
    version: int = F(description="Give it back as `expectedVersion` to change it.")
    updated_at: datetime | None = F(description="When it last changed (UTC).")
    updated_by: str | None = F(description="Who changed it last.")


def risk_type(r: d.Risk) -> RiskType:
    """``r`` as GraphQL: a risk as the service shows it to the caller (its ``threatens``
    and ``inferred`` already only what they may open: ``Situation.shown``)."""
    return RiskType(
        id=strawberry.ID(r.id),
        region=strawberry.ID(r.region),
        title=r.title,
        description=r.description,
        likelihood=r.likelihood,
        impact=r.impact,
        score=r.score,
        owner=r.owner,
        mitigation=r.mitigation,
        status=RiskStatus[r.status.value],
        review_date=r.review_date,
        source=r.source,
        threatens=[strawberry.ID(n) for n in r.threatens],
        inferred=[strawberry.ID(n) for n in r.inferred],
        lifecycle=Status(r.lifecycle.value),
        version=r.version,
        updated_at=r.updated_at,
        updated_by=r.updated_by,
    )


@strawberry.type(name="RiskCell", description="One cell of the risk map.")
class RiskCellType:
    likelihood: int = F(description="The cell's likelihood, 1 to 5.")
    impact: int = F(description="The cell's impact, 1 to 5.")
    count: int = F(description="How many risks sit in it.")
    risks: list[RiskType] = F(description="Its risks, highest score first.")


def cell_type(c: RiskCell) -> RiskCellType:
    return RiskCellType(
        likelihood=c.likelihood,
        impact=c.impact,
        count=len(c.risks),
        risks=[risk_type(r) for r in c.risks],
    )


def threat_types(node_ids: Iterable[str], ctx: Context) -> list[RiskType]:
    """The risks (not CLOSED, that the caller may read) threatening any of ``node_ids``
    directly, each once, highest score first, then by id."""
    sit = Situation(ctx.store, ctx.actor)
    found = {
        r.id: r for risks in sit.risks_on(list(dict.fromkeys(node_ids))).values() for r in risks
    }
    return [risk_type(r) for r in sorted(found.values(), key=lambda r: (-r.score, r.id))]


@strawberry.type(name="Measurement", description="One reading of an indicator.")
class MeasurementType:
    indicator: strawberry.ID = F(description="The indicator read.")
    date: date = F(description="The date of the reading.")
    value: float = F(description="The value read, in the indicator's unit.")
    source: str | None = F(description="Where the value comes from.")
    recorded_by: str | None = F(description="Who recorded it.")
    health: Health = F(description="The value against the indicator's thresholds.")


def measurement_type(m: d.Measurement, ind: d.Indicator) -> MeasurementType:
    return MeasurementType(
        indicator=strawberry.ID(m.indicator),
        date=m.on,
        value=m.value,
        source=m.source,
        recorded_by=m.recorded_by,
        health=Health(d.reading_health(ind, m.value).value),
    )


@strawberry.type(name="Indicator", description="A measure of one node, with its readings.")
class IndicatorType:
    id: strawberry.ID = F(description="Stable id.")
    node: strawberry.ID = F(description="The node it measures.")
    title: str = F(description="What it measures.")
    unit: str = F(description="The unit of its values.")
    direction: Direction = F(description="Which way is good.")
    baseline: float | None = F(description="Where it started.")
    target: float | None = F(description="Where it should get.")
    target_date: date | None = F(description="By when.")
    amber: float | None = F(description="At or past this value (the bad way) it is AMBER.")
    red: float | None = F(description="At or past this value (the bad way) it is RED.")
    source: str | None = F(description="Where it is defined.")
    version: int = F(description="Give it back as `expectedVersion` to change it.")
    latest: MeasurementType | None = F(description="Its latest reading.")
    health: Health = F(description="Its latest reading against the thresholds.")
    trend: Trend | None = F(
        description="Which way its last two readings went (null before two readings)."
    )


def indicator_type(ind: d.Indicator, sit: Situation) -> IndicatorType:
    latest = sit.latest(ind.id)
    trend = d.reading_trend(ind, sit.readings(ind.id))
    return IndicatorType(
        id=strawberry.ID(ind.id),
        node=strawberry.ID(ind.node),
        title=ind.title,
        unit=ind.unit,
        direction=Direction[ind.direction.value],
        baseline=ind.baseline,
        target=ind.target,
        target_date=ind.target_date,
        amber=ind.amber,
        red=ind.red,
        source=ind.source,
        version=ind.version,
        latest=measurement_type(latest, ind) if latest else None,
        health=Health(d.reading_health(ind, latest.value).value if latest else "UNKNOWN"),
        trend=Trend[trend.value] if trend else None,
    )


@strawberry.type(name="StatusReport", description="A project owner's periodic report.")
class StatusReportType:
    id: strawberry.ID = F(description="Stable id.")
    project: strawberry.ID = F(description="The strategic project reported on.")
    date: date = F(description="The date it reports on.")
    health: Health = F(description="The project's health as reported.")
    progress: int | None = F(description="Progress, 0 to 100 %.")
    summary: str = F(description="Where the project stands.")
    next_steps: str = F(description="What comes next.")
    risks: list[strawberry.ID] = F(description="Ids of the risks it touches.")
    source: str | None = F(description="Where it comes from.")
    filed_at: datetime | None = F(description="When it was filed (UTC).")
    filed_by: str | None = F(description="Who filed it.")


def report_type(r: d.StatusReport) -> StatusReportType:
    return StatusReportType(
        id=strawberry.ID(r.id),
        project=strawberry.ID(r.project),
        date=r.on,
        health=Health(r.health.value),
        progress=r.progress,
        summary=r.summary,
        next_steps=r.next_steps,
        risks=[strawberry.ID(x) for x in r.risks],
        source=r.source,
        filed_at=r.filed_at,
        filed_by=r.filed_by,
    )
