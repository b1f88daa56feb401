"""The applier's steps for risks, indicators, measurements and status reports (see
``apply.Applier``): the same shape as a node's — check every field, check what it refers to
against the graph as the commit left it, guard ``expected_version``, write, record how to
undo, one event row. A reading of an indicator whose project follows its indicators
(``healthFromIndicators``) sets the project's health in the same commit."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from ..domain import Health, NodeKind, NotFound, Problem, ValidationError, VersionConflict
from ..domain.changes import UpdateNode
from ..domain.operations import EventOperation
from ..domain.situation import Indicator, Risk, follows_indicators, reading_health, worst_health
from ..domain.situation_changes import (
    AddMeasurement,
    DeleteRisk,
    FileReport,
    PutIndicator,
    PutRisk,
    SituationOperation,
)
from ..domain.situation_rules import check_indicator, check_measurement, check_report, check_risk
from ..domain.situation_states import situation_state
from .situation_state import SituationState

if TYPE_CHECKING:
    from .apply import Applier

__all__ = [
    "SITUATION_TABLES",
    "apply_situation",
    "check_unreferenced",
    "indicator_health",
    "situation_row",
]

R = TypeVar("R", Risk, Indicator)

SITUATION_TABLES = frozenset({"risks", "indicators", "measurements", "reports"})


def apply_situation(applier: Applier, op: SituationOperation) -> None:
    if isinstance(op, PutRisk):
        _put_risk(applier, op)
    elif isinstance(op, DeleteRisk):
        _delete_risk(applier, op)
    elif isinstance(op, PutIndicator):
        _put_indicator(applier, op)
    elif isinstance(op, AddMeasurement):
        _add_measurement(applier, op)
    else:
        _file_report(applier, op)


def situation_row(state: SituationState, table: str, key: str) -> Any:
    """The row of ``table`` at ``key`` as the commit left it (None: deleted)."""
    if table == "risks":
        return state.risks.get(key)
    if table == "indicators":
        return state.indicators.get(key)
    if table == "reports":
        return state.reports.get(key)
    indicator, on = key.split("\x00")
    return state.reading_on(indicator, date.fromisoformat(on))


def _state(applier: Applier) -> SituationState:
    return applier.store.situation


def _missing_nodes(
    applier: Applier, ids: tuple[str, ...], what: str, field: str, where: str | None
) -> list[Problem]:
    nodes = applier.view.nodes
    return [
        Problem("dangling-endpoint", f"{what}: node '{n}' does not exist", field, where)
        for n in ids
        if n not in nodes
    ]


def _put_risk(applier: Applier, op: PutRisk) -> None:
    state, risk = _state(applier), op.risk
    old = state.risks.get(risk.id)
    _check_put("risk", risk.id, old, op)
    what = f"risk '{risk.id}'"
    problems = check_risk(risk, op.where)
    problems += _missing_nodes(applier, risk.threatens, what, "threatens", op.where)
    if risk.region not in applier.store.region_map:
        problems.append(
            Problem(
                "unknown-region",
                f"{what}: region '{risk.region}' does not exist",
                "region",
                op.where,
            )
        )
    if problems:
        raise ValidationError(problems)
    if old is not None and _same(old, risk):
        applier.result.situation.append(old)
        return
    new = _stamped(applier, risk, old, op)
    state.put_risk(new)
    applier.undo_steps.append(
        lambda: state.put_risk(old) if old is not None else state.drop_risk(new.id)
    )
    applier.touch("risks", new.id)
    before = None if old is None else situation_state(old)
    applier.event(EventOperation.PUT_RISK, new.id, new.region, before, situation_state(new))
    applier.result.situation.append(new)


def _check_put(
    what: str, record_id: str, old: Risk | Indicator | None, op: PutRisk | PutIndicator
) -> None:
    """Refuse creating what exists, changing what does not, and a stale expected version."""
    if op.create and old is not None:
        raise ValidationError.one(
            "duplicate-id", f"{what} id '{record_id}' is already used", "id", op.where
        )
    if not op.create and old is None:
        raise NotFound(what, record_id)
    if old is not None and op.expected_version not in (None, old.version):
        raise VersionConflict(record_id, op.expected_version, old.version, old.updated_by, what)


def _stamped(applier: Applier, record: R, old: R | None, op: PutRisk | PutIndicator) -> R:
    """``record`` with its stamps: as recorded elsewhere (a copy) when created so, else
    the next version, written now by the applier's actor."""
    if old is None and op.as_recorded:
        return dataclasses.replace(
            record,
            updated_at=record.updated_at or applier.now,
            updated_by=record.updated_by or applier.actor,
        )
    return dataclasses.replace(
        record,
        version=1 if old is None else old.version + 1,
        updated_at=applier.now,
        updated_by=applier.actor,
    )


def _same(old: Risk, new: Risk) -> bool:
    def bare(r: Risk) -> Risk:
        return dataclasses.replace(r, version=0, updated_at=None, updated_by=None)

    return bare(old) == bare(new)


def _delete_risk(applier: Applier, op: DeleteRisk) -> None:
    state = _state(applier)
    old = state.risks.get(op.risk_id)
    if old is None:
        raise NotFound("risk", op.risk_id)
    if op.expected_version not in (None, old.version):
        raise VersionConflict(old.id, op.expected_version, old.version, old.updated_by, "risk")
    state.drop_risk(old.id)
    applier.undo_steps.append(lambda: state.put_risk(old))
    applier.touch("risks", old.id)
    applier.event(EventOperation.DELETE_RISK, old.id, old.region, situation_state(old), None)


def _put_indicator(applier: Applier, op: PutIndicator) -> None:
    state, ind = _state(applier), op.indicator
    old = state.indicators.get(ind.id)
    _check_put("indicator", ind.id, old, op)
    problems = check_indicator(ind, op.where)
    problems += _missing_nodes(applier, (ind.node,), f"indicator '{ind.id}'", "node", op.where)
    if problems:
        raise ValidationError(problems)
    node = applier.view.nodes[ind.node]
    new = _stamped(applier, dataclasses.replace(ind, region=node.region), old, op)
    state.put_indicator(new)
    applier.undo_steps.append(
        lambda: state.put_indicator(old) if old is not None else state.drop_indicator(new.id)
    )
    applier.touch("indicators", new.id)
    before = None if old is None else situation_state(old)
    applier.event(
        EventOperation.PUT_INDICATOR, new.id, new.region, before, situation_state(new), new.node
    )
    applier.result.situation.append(new)
    if op.as_recorded:
        return  # a copy: the node's health is copied as it was
    _follow(applier, new.node)
    if old is not None and old.node != new.node:
        _follow(applier, old.node)


def _add_measurement(applier: Applier, op: AddMeasurement) -> None:
    state, m = _state(applier), op.measurement
    ind = state.indicators.get(m.indicator)
    if ind is None:
        raise NotFound("indicator", m.indicator)
    problems = check_measurement(m, op.where)
    if state.reading_on(m.indicator, m.on) is not None:
        problems.append(
            Problem(
                "duplicate-measurement",
                f"indicator '{m.indicator}' already has a measurement on {m.on.isoformat()}",
                "date",
                op.where,
            )
        )
    if problems:
        raise ValidationError(problems)
    kept = op.as_recorded and m.recorded_by
    new = m if kept else dataclasses.replace(m, recorded_by=applier.actor)
    state.add_reading(new)
    applier.undo_steps.append(lambda: state.drop_reading(new))
    applier.touch("measurements", f"{new.indicator}\x00{new.on.isoformat()}")
    applier.event(
        EventOperation.ADD_MEASUREMENT, ind.id, ind.region, None, situation_state(new), ind.node
    )
    applier.result.situation.append(new)
    if not op.as_recorded:
        _follow(applier, ind.node)


def _file_report(applier: Applier, op: FileReport) -> None:
    state, report = _state(applier), op.report
    if report.id in state.reports:
        raise ValidationError.one(
            "duplicate-id", f"status report id '{report.id}' is already used", "id", op.where
        )
    what = f"status report '{report.id}'"
    problems = check_report(report, applier.now.date(), op.where)
    project = applier.view.nodes.get(report.project)
    if project is None:
        problems += _missing_nodes(applier, (report.project,), what, "project", op.where)
    elif project.kind is not NodeKind.STRATEGIC_PROJECT:
        problems.append(
            Problem(
                "not-a-project",
                f"{what}: node '{project.id}' is a {project.kind.value}, not a strategic project",
                "project",
                op.where,
            )
        )
    problems += [
        Problem("unknown-risk", f"{what}: risk '{r}' does not exist", "risks", op.where)
        for r in report.risks
        if r not in state.risks
    ]
    if problems or project is None:
        raise ValidationError(problems)
    new = dataclasses.replace(
        report,
        region=project.region,
        filed_at=report.filed_at if op.as_recorded and report.filed_at else applier.now,
        filed_by=report.filed_by if op.as_recorded and report.filed_by else applier.actor,
    )
    state.add_report(new)
    applier.undo_steps.append(lambda: state.drop_report(new.id))
    applier.touch("reports", new.id)
    applier.event(
        EventOperation.FILE_REPORT, new.project, new.region, None, situation_state(new), new.id
    )
    applier.result.situation.append(new)


def indicator_health(state: SituationState, node_id: str) -> Health:
    """The worst health of the latest readings of ``node_id``'s indicators."""
    found = []
    for ind_id in state.indicators_by_node.get(node_id, ()):
        latest = state.latest(ind_id)
        if latest is not None:
            found.append(reading_health(state.indicators[ind_id], latest.value))
    return worst_health(found)


def _follow(applier: Applier, node_id: str) -> None:
    """A project whose health follows its indicators takes their health now."""
    node = applier.view.nodes.get(node_id)
    if node is None or not node.is_project or not follows_indicators(node.attributes):
        return
    health = indicator_health(_state(applier), node_id)
    if health is Health.UNKNOWN or health is node.health:
        return
    applier.apply(UpdateNode(node_id, {"health": health}))


def check_unreferenced(applier: Applier, node_id: str, where: str | None) -> None:
    """Refuse to delete a node that risks threaten, indicators measure or status reports
    are filed on: they would point at nothing."""
    state = _state(applier)
    held = [
        *(f"risk '{r}'" for r in sorted(state.risks_by_node.get(node_id, ()))),
        *(f"indicator '{i}'" for i in sorted(state.indicators_by_node.get(node_id, ()))),
        *(f"status report '{r.id}'" for r in state.reports_by_project.get(node_id, ())),
    ]
    if held:
        shown = ", ".join(held[:5]) + (", …" if len(held) > 5 else "")
        raise ValidationError.one(
            "has-situation",
            f"node '{node_id}' is still referred to by {len(held)} record(s) of the "
            f"situational picture: {shown}; remove or relink them first",
            "id",
            where,
        )
