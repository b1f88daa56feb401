"""Use cases of the situational picture: record and change risks, indicators, readings and
status reports. Each is one authorized commit through ``StrategyService`` (the graph's own
unit of work, event log and listeners), so the API and the CLI write the same way."""

from __future__ import annotations

import dataclasses

from ..domain import NotFound, Problem, ValidationError
from ..domain.changes import CommitResult
from ..domain.situation import Indicator, Measurement, Risk, StatusReport
from ..domain.situation_changes import AddMeasurement, DeleteRisk, FileReport, PutIndicator, PutRisk
from . import situation_authz  # noqa: F401 (registers the write rules)
from .authz import Actor, principal_of
from .service import StrategyService
from .situation_read import Situation
from .situation_view import situation_of

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
    kept = () if create else _hidden_threats(service, risk, actor)
    if kept:
        inferred = tuple(n for n in _stored(service, risk.id).inferred if n in kept)
        risk = dataclasses.replace(
            risk, threatens=risk.threatens + kept, inferred=risk.inferred + inferred
        )
    result = service.commit([PutRisk(risk, create, expected_version, kept=kept)], actor)
    found = _one(result)
    assert isinstance(found, Risk)
    return found


def _stored(service: StrategyService, risk_id: str) -> Risk:
    found = situation_of(service.store).risks.get(risk_id)
    return found if found is not None else Risk(risk_id, "", "")


def _hidden_threats(service: StrategyService, risk: Risk, actor: Actor) -> tuple[str, ...]:
    """The nodes the stored ``risk`` threatens that ``actor`` may not open (so its
    ``threatens`` did not show them) and did not name again: a whole replacement keeps
    them."""
    principal = principal_of(actor)
    if principal.sees_everything:
        return ()

    def opens(node_id: str) -> bool:
        try:
            return principal.can_view(service.store.get_node(node_id))
        except NotFound:
            return False

    given = set(risk.threatens)
    old = _stored(service, risk.id).threatens
    return tuple(n for n in old if n not in given and not opens(n))


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
    _refuse_hidden_risks(service, report, actor)
    found = _one(service.commit([FileReport(report)], actor))
    assert isinstance(found, StatusReport)
    return found


def _refuse_hidden_risks(service: StrategyService, report: StatusReport, actor: Actor) -> None:
    """A report naming a risk ``actor`` may not see is refused as one naming a risk that
    does not exist: with the store's other problems of the report, in the same words."""
    principal = principal_of(actor)
    if principal.sees_everything or not report.risks:
        return
    risks = situation_of(service.store).risks
    sees = Situation(service.store, principal).can_see_risk
    hidden = {r for r in report.risks if (x := risks.get(r)) is not None and not sees(x)}
    if not hidden:
        return
    service.authorize([FileReport(report)], principal)  # the roles first, as for any write
    rest = dataclasses.replace(report, risks=tuple(r for r in report.risks if r not in hidden))
    problems: list[Problem] = []
    try:
        service.store.commit([FileReport(rest)], principal.name, dry_run=True)
    except ValidationError as exc:
        if exc.problems and exc.problems[0].rule == "duplicate-id":
            raise  # the store's first check, before the risks are looked at
        problems = [p for p in exc.problems if p.rule != "unknown-risk"]
    what = f"status report '{report.id}'"
    problems += [
        Problem("unknown-risk", f"{what}: risk '{r}' does not exist", "risks")
        for r in report.risks
        if r in hidden or r not in risks
    ]
    raise ValidationError(problems)
