"""The situational picture's queries and mutations, mixed into ``Query`` and ``Mutation``.
Reads go through ``Situation`` as the caller (what they may see); writes through the
service, authorized, one commit each."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain import Health, Status
from ..domain import situation as d
from ..service import situation as writes
from ..service.situation_read import Situation
from .context import Context
from .situation_types import (
    Direction,
    IndicatorType,
    MeasurementType,
    RiskCellType,
    RiskStatus,
    RiskType,
    StatusReportType,
    cell_type,
    indicator_type,
    measurement_type,
    report_type,
    risk_type,
)

__all__ = ["SituationMutation", "SituationQuery"]

Ctx = Info[Context, None]
F = strawberry.field


def _arg(text: str) -> object:
    return strawberry.argument(description=text)


def _sit(info: Ctx) -> Situation:
    return Situation(info.context.store, info.context.actor)


@strawberry.type
class SituationQuery:
    @F(description="Risks (of one region, in some statuses), highest score first.")
    def risks(
        self,
        info: Ctx,
        region: Annotated[strawberry.ID | None, _arg("Only this region's.")] = None,
        statuses: Annotated[list[RiskStatus] | None, _arg("Only in these statuses.")] = None,
    ) -> list[RiskType]:
        wanted = [d.RiskStatus(s.name) for s in statuses] if statuses is not None else None
        return [risk_type(r) for r in _sit(info).risks(region, wanted)]

    @F(description="One risk, or NOT_FOUND (also when the caller may not see it).")
    def risk(self, info: Ctx, id: Annotated[strawberry.ID, _arg("The risk's id.")]) -> RiskType:
        return risk_type(_sit(info).risk(id))

    @F(
        description="The risk map: 25 cells, likelihood 5 → 1, each impact 1 → 5 (the "
        "top-right cell is likelihood 5 × impact 5). CLOSED risks are left out by default."
    )
    def risk_map(
        self,
        info: Ctx,
        region: Annotated[strawberry.ID | None, _arg("Only this region's risks.")] = None,
        include_closed: Annotated[bool, _arg("Place CLOSED risks too.")] = False,
    ) -> list[RiskCellType]:
        return [cell_type(c) for c in _sit(info).risk_map(region, include_closed)]

    @F(
        description="Risks that threaten a node or anything that serves it (everything "
        "its trace down reaches): 'which risks threaten this national goal?'"
    )
    def risks_threatening(
        self,
        info: Ctx,
        node_id: Annotated[strawberry.ID, _arg("The node threatened.")],
        include_closed: Annotated[bool, _arg("Include CLOSED risks.")] = False,
    ) -> list[RiskType]:
        return [risk_type(r) for r in _sit(info).threatening(node_id, include_closed)]

    @F(description="The indicators of one node.")
    def indicators(
        self, info: Ctx, node_id: Annotated[strawberry.ID, _arg("The node measured.")]
    ) -> list[IndicatorType]:
        sit = _sit(info)
        return [indicator_type(i, sit) for i in sit.indicators(node_id)]

    @F(description="An indicator's readings from `since` to `until` (both included).")
    def measurements(
        self,
        info: Ctx,
        indicator_id: Annotated[strawberry.ID, _arg("The indicator.")],
        since: Annotated[date | None, _arg("First date included.")] = None,
        until: Annotated[date | None, _arg("Last date included.")] = None,
    ) -> list[MeasurementType]:
        sit = _sit(info)
        ind = sit.indicator(indicator_id)
        return [measurement_type(m, ind) for m in sit.measurements(indicator_id, since, until)]

    @F(description="The worst health of a node's indicators' latest readings.")
    def indicator_health(
        self, info: Ctx, node_id: Annotated[strawberry.ID, _arg("The node.")]
    ) -> Health:
        sit = _sit(info)
        found = [
            d.reading_health(i, m.value)
            for i in sit.indicators(node_id)
            if (m := sit.latest(i.id)) is not None
        ]
        return d.worst_health(found)

    @F(
        description="Status reports: one project's, newest first; without `projectId`, "
        "the latest of every project (of `region`) — the board view."
    )
    def status_reports(
        self,
        info: Ctx,
        project_id: Annotated[strawberry.ID | None, _arg("The project.")] = None,
        region: Annotated[strawberry.ID | None, _arg("Only this region's.")] = None,
    ) -> list[StatusReportType]:
        sit = _sit(info)
        found = sit.reports(project_id) if project_id else sit.latest_reports(region)
        return [report_type(r) for r in found]


@strawberry.input(description="A risk, whole.")
class RiskInput:
    id: strawberry.ID = F(description="Stable id (a-z, 0-9, '-').")
    region: strawberry.ID = F(description="The region whose risk it is.")
    title: str = F(description="What could go wrong, in a line.")
    likelihood: int = F(description="1 to 5.")
    impact: int = F(description="1 to 5.")
    description: str = F(default="", description="More about it.")
    owner: str | None = F(default=None, description="Who answers for it.")
    mitigation: str = F(default="", description="What is done about it.")
    status: RiskStatus = F(default=RiskStatus.OPEN, description="Where it stands.")
    review_date: date | None = F(default=None, description="Next review.")
    source: str | None = F(default=None, description="Where it comes from.")
    threatens: list[strawberry.ID] = F(default_factory=list, description="Nodes threatened.")
    inferred: list[strawberry.ID] = F(
        default_factory=list, description="Those of `threatens` the source does not state."
    )
    lifecycle: Status = F(default=Status.DRAFT, description="Approval state.")
    expected_version: int | None = F(
        default=None, description="On update: the version you read (stale: VERSION_CONFLICT)."
    )

    def domain(self) -> d.Risk:
        return d.Risk(
            id=self.id,
            region=self.region,
            title=self.title,
            description=self.description,
            likelihood=self.likelihood,
            impact=self.impact,
            owner=self.owner,
            mitigation=self.mitigation,
            status=d.RiskStatus(self.status.name),
            review_date=self.review_date,
            source=self.source,
            threatens=tuple(self.threatens),
            inferred=tuple(self.inferred),
            lifecycle=Status(self.lifecycle),
        )


@strawberry.input(description="An indicator, whole.")
class IndicatorInput:
    id: strawberry.ID = F(description="Stable id.")
    node: strawberry.ID = F(description="The node it measures.")
    title: str = F(description="What it measures.")
    unit: str = F(default="", description="The unit of its values.")
    direction: Direction = F(default=Direction.UP, description="Which way is good.")
    baseline: float | None = F(default=None, description="Where it started.")
    target: float | None = F(default=None, description="Where it should get.")
    target_date: date | None = F(default=None, description="By when.")
    amber: float | None = F(default=None, description="AMBER at or past this value.")
    red: float | None = F(default=None, description="RED at or past this value.")
    source: str | None = F(default=None, description="Where it is defined.")
    expected_version: int | None = F(default=None, description="On update: the version read.")

    def domain(self) -> d.Indicator:
        return d.Indicator(
            id=self.id,
            node=self.node,
            title=self.title,
            unit=self.unit,
            direction=d.Direction(self.direction.name),
            baseline=self.baseline,
            target=self.target,
            target_date=self.target_date,
            amber=self.amber,
            red=self.red,
            source=self.source,
        )


@strawberry.input(description="One reading of an indicator.")
class MeasurementInput:
    indicator_id: strawberry.ID = F(description="The indicator.")
    date: date = F(description="The date of the reading (one per date).")
    value: float = F(description="The value.")
    source: str | None = F(default=None, description="Where the value comes from.")


@strawberry.input(description="A status report on a strategic project.")
class StatusReportInput:
    id: strawberry.ID = F(description="Stable id.")
    project_id: strawberry.ID = F(description="The project.")
    date: date = F(description="The date it reports on (not in the future).")
    health: Health = F(description="The project's health.")
    summary: str = F(description="Where the project stands.")
    progress: int | None = F(default=None, description="0 to 100 %.")
    next_steps: str = F(default="", description="What comes next.")
    risks: list[strawberry.ID] = F(default_factory=list, description="Risks it touches.")
    source: str | None = F(default=None, description="Where it comes from.")


@strawberry.type
class SituationMutation:
    @strawberry.mutation(description="Record a new risk (version 1).")
    def create_risk(self, info: Ctx, input: Annotated[RiskInput, _arg("The risk.")]) -> RiskType:
        ctx = info.context
        risk = writes.put_risk(ctx.service, input.domain(), ctx.actor, create=True)
        return risk_type(_sit(info).shown(risk))

    @strawberry.mutation(description="Replace a risk at `expectedVersion`.")
    def update_risk(
        self, info: Ctx, input: Annotated[RiskInput, _arg("The risk, whole.")]
    ) -> RiskType:
        ctx = info.context
        risk = writes.put_risk(
            ctx.service, input.domain(), ctx.actor, expected_version=input.expected_version
        )
        return risk_type(_sit(info).shown(risk))

    @strawberry.mutation(description="Delete a risk; answers its id.")
    def delete_risk(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, _arg("The risk.")],
        expected_version: Annotated[int | None, _arg("The version read.")] = None,
    ) -> strawberry.ID:
        ctx = info.context
        writes.delete_risk(ctx.service, id, ctx.actor, expected_version)
        return id

    @strawberry.mutation(description="Create an indicator on a node.")
    def create_indicator(
        self, info: Ctx, input: Annotated[IndicatorInput, _arg("The indicator.")]
    ) -> IndicatorType:
        ctx = info.context
        ind = writes.put_indicator(ctx.service, input.domain(), ctx.actor, create=True)
        return indicator_type(ind, _sit(info))

    @strawberry.mutation(description="Replace an indicator at `expectedVersion`.")
    def update_indicator(
        self, info: Ctx, input: Annotated[IndicatorInput, _arg("The indicator, whole.")]
    ) -> IndicatorType:
        ctx = info.context
        ind = writes.put_indicator(
            ctx.service, input.domain(), ctx.actor, expected_version=input.expected_version
        )
        return indicator_type(ind, _sit(info))

    @strawberry.mutation(
        description="Add a reading; a node whose health follows its indicators "
        "(attribute healthFromIndicators) takes their health in the same commit."
    )
    def add_measurement(
        self, info: Ctx, input: Annotated[MeasurementInput, _arg("The reading.")]
    ) -> MeasurementType:
        ctx = info.context
        m = d.Measurement(input.indicator_id, input.date, input.value, input.source)
        added = writes.add_measurement(ctx.service, m, ctx.actor)
        return measurement_type(added, _sit(info).indicator(added.indicator))

    @strawberry.mutation(description="File a status report on a strategic project.")
    def file_status_report(
        self, info: Ctx, input: Annotated[StatusReportInput, _arg("The report.")]
    ) -> StatusReportType:
        ctx = info.context
        report = d.StatusReport(
            id=input.id,
            project=input.project_id,
            on=input.date,
            health=Health(input.health),
            progress=input.progress,
            summary=input.summary,
            next_steps=input.next_steps,
            risks=tuple(input.risks),
            source=input.source,
        )
        filed = writes.file_report(ctx.service, report, ctx.actor)
        return report_type(_sit(info).shown_report(filed))
