"""Use cases of the situational picture: record and change risks, indicators, readings and
status reports. Each is one authorized commit through ``StrategyService`` (the graph's own
unit of work, event log and listeners), so the API and the CLI write the same way."""

from __future__ import annotations

from ..domain.changes import CommitResult
from ..domain.situation import Indicator, Measurement, Risk, StatusReport
from ..domain.situation_changes import AddMeasurement, DeleteRisk, FileReport, PutIndicator, PutRisk
from . import situation_authz  # noqa: F401 (registers the write rules)
from .authz import Actor
from .service import StrategyService

__all__ = ["add_measurement", "delete_risk", "file_report", "put_indicator", "put_risk"]


def _one(result: CommitResult) -> object:
    return result.situation[0]


def put_risk(
    service: StrategyService,
    risk: Risk,
    actor: Actor,
    create: bool = False,
    expected_version: int | None = None,
) -> Risk:
    result = service.commit([PutRisk(risk, create, expected_version)], actor)
    found = _one(result)
    assert isinstance(found, Risk)
    return found


def delete_risk(
    service: StrategyService, risk_id: str, actor: Actor, expected_version: int | None = None
) -> None:
    service.commit([DeleteRisk(risk_id, expected_version)], actor)


def put_indicator(
    service: StrategyService,
    indicator: Indicator,
    actor: Actor,
    create: bool = False,
    expected_version: int | None = None,
) -> Indicator:
    result = service.commit([PutIndicator(indicator, create, expected_version)], actor)
    found = _one(result)
    assert isinstance(found, Indicator)
    return found


def add_measurement(service: StrategyService, m: Measurement, actor: Actor) -> Measurement:
    found = _one(service.commit([AddMeasurement(m)], actor))
    assert isinstance(found, Measurement)
    return found


def file_report(service: StrategyService, report: StatusReport, actor: Actor) -> StatusReport:
    found = _one(service.commit([FileReport(report)], actor))
    assert isinstance(found, StatusReport)
    return found
