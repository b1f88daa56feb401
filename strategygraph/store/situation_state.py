"""The situational picture held in memory: risks, indicators, measurements and status
reports, with the indexes the questions need (risks by region and by threatened node,
indicators by node, readings by indicator in date order, reports by project).

The embedded store keeps one beside its graph and fills it from its file; the event log's
situation entries move it forward (``apply_situation_event``) like the graph's own.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from sortedcontainers import SortedKeyList

from ..domain import Event, Status
from ..domain.operations import EventOperation
from ..domain.situation import Indicator, Measurement, Risk, RiskStatus, StatusReport
from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
)

__all__ = ["SituationState", "apply_situation_event", "undo_situation_event"]

T = TypeVar("T")
CellKey = tuple[str | None, bool, bool, int, int]
"""(region or None for all, closed, approved, likelihood, impact)."""
_MEMO_SIZE = 256
"""Answers kept at most (keys may carry user input)."""
_LOG_SIZE = 100_000
"""Risk changes remembered at most (``changed_since``)."""


class SituationState:
    """Every risk, indicator, measurement and report, indexed. Each ``put``/``drop`` keeps
    the indexes in step; nothing else writes the dicts."""

    def __init__(self) -> None:
        self.risks: dict[str, Risk] = {}
        self.risks_by_region: defaultdict[str, set[str]] = defaultdict(set)
        self.risks_by_node: defaultdict[str, set[str]] = defaultdict(set)
        self.indicators: dict[str, Indicator] = {}
        self.indicators_by_node: defaultdict[str, set[str]] = defaultdict(set)
        self.readings: defaultdict[str, list[Measurement]] = defaultdict(list)
        """Per indicator, its measurements in date order."""
        self.reports: dict[str, StatusReport] = {}
        self.reports_by_project: defaultdict[str, list[StatusReport]] = defaultdict(list)
        """Per project, its reports in (date, id) order."""
        self.ranked: defaultdict[str | None, SortedKeyList] = defaultdict(_by_rank)
        """Per region (None: all), its risks highest score first, then by id."""
        self.cells: defaultdict[CellKey, SortedKeyList] = defaultdict(_by_id)
        """Per (region or None, closed, approved, likelihood, impact): those risks, by id."""
        self._risk_generation = 0
        self._memo: dict[str, tuple[int, Any]] = {}
        self._risk_log: list[str] = []
        """The risk put or dropped at each generation since ``_log_base``."""
        self._log_base = 0
        self.kept: dict[str, Any] = {}
        """Answers their readers keep in step with ``changed_since`` (bounded by them)."""

    def copy(self) -> SituationState:
        """A copy with its own dicts and indexes (the records themselves are immutable):
        history moves it back to a past time or on from a kept snapshot."""
        new = SituationState()
        new.risks = dict(self.risks)
        new.risks_by_region = _sets(self.risks_by_region)
        new.risks_by_node = _sets(self.risks_by_node)
        new.indicators = dict(self.indicators)
        new.indicators_by_node = _sets(self.indicators_by_node)
        new.readings = defaultdict(list, {k: list(v) for k, v in self.readings.items() if v})
        new.reports = dict(self.reports)
        new.reports_by_project = defaultdict(
            list, {k: list(v) for k, v in self.reports_by_project.items() if v}
        )
        for region, ranked in self.ranked.items():
            if ranked:
                new.ranked[region].update(ranked)
        for key, cell in self.cells.items():
            if cell:
                new.cells[key].update(cell)
        return new

    @property
    def risk_generation(self) -> int:
        """A number naming the risks as they are: a new one whenever one is put or dropped."""
        return self._risk_generation

    def changed_since(self, generation: int) -> list[str] | None:
        """The ids of the risks put or dropped since ``generation`` (with repeats), or None
        when no longer known."""
        if generation < self._log_base or generation > self._risk_generation:
            return None
        return self._risk_log[generation - self._log_base :]

    def _moved(self, risk_id: str) -> None:
        self._risk_generation += 1
        if len(self._risk_log) >= _LOG_SIZE:
            self._risk_log.clear()
            self._log_base = self._risk_generation - 1
        self._risk_log.append(risk_id)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until a risk is next put or dropped (readings and reports do
        not invalidate it). Callers must not modify the answer."""
        generation = self._risk_generation
        kept = self._memo.get(key)
        if kept is not None and kept[0] == generation:
            value: T = kept[1]
            return value
        value = compute()
        if len(self._memo) >= _MEMO_SIZE:  # keys may carry user input (a region): bounded
            self._memo.clear()
        self._memo[key] = (generation, value)
        return value

    # -- risks -----------------------------------------------------------------
    def put_risk(self, risk: Risk) -> None:
        self.drop_risk(risk.id)
        self._moved(risk.id)
        self.risks[risk.id] = risk
        self.risks_by_region[risk.region].add(risk.id)
        for key in _cell_keys(risk):
            self.cells[key].add(risk)
        for region in (risk.region, None):
            self.ranked[region].add(risk)
        for node in risk.threatens:
            self.risks_by_node[node].add(risk.id)

    def drop_risk(self, risk_id: str) -> None:
        old = self.risks.pop(risk_id, None)
        if old is None:
            return
        self._moved(risk_id)
        self.risks_by_region[old.region].discard(risk_id)
        for key in _cell_keys(old):
            self.cells[key].remove(old)
        for region in (old.region, None):
            self.ranked[region].remove(old)
        for node in old.threatens:
            self.risks_by_node[node].discard(risk_id)

    # -- indicators and readings -----------------------------------------------
    def put_indicator(self, indicator: Indicator) -> None:
        old = self.indicators.get(indicator.id)
        if old is not None:
            self.indicators_by_node[old.node].discard(old.id)
        self.indicators[indicator.id] = indicator
        self.indicators_by_node[indicator.node].add(indicator.id)

    def drop_indicator(self, indicator_id: str) -> None:
        old = self.indicators.pop(indicator_id, None)
        if old is not None:
            self.indicators_by_node[old.node].discard(indicator_id)

    def add_reading(self, m: Measurement) -> None:
        bisect.insort(self.readings[m.indicator], m, key=lambda r: r.on)

    def drop_reading(self, m: Measurement) -> None:
        found = self.readings.get(m.indicator, [])
        if m in found:
            found.remove(m)

    def reading_on(self, indicator_id: str, on: Any) -> Measurement | None:
        found = self.readings.get(indicator_id, [])
        i = bisect.bisect_left(found, on, key=lambda r: r.on)
        return found[i] if i < len(found) and found[i].on == on else None

    def latest(self, indicator_id: str) -> Measurement | None:
        found = self.readings.get(indicator_id)
        return found[-1] if found else None

    # -- reports -----------------------------------------------------------------
    def add_report(self, report: StatusReport) -> None:
        self.reports[report.id] = report
        bisect.insort(self.reports_by_project[report.project], report, key=_report_key)

    def drop_report(self, report_id: str) -> None:
        old = self.reports.pop(report_id, None)
        if old is not None:
            self.reports_by_project[old.project].remove(old)

    def last_report_dates(self) -> dict[str, date]:
        """Per project, the date of its latest report."""
        return {p: found[-1].on for p, found in self.reports_by_project.items() if found}

    def last_report(self, project: str) -> StatusReport | None:
        found = self.reports_by_project.get(project)
        return found[-1] if found else None


def _sets(index: defaultdict[str, set[str]]) -> defaultdict[str, set[str]]:
    return defaultdict(set, {k: set(v) for k, v in index.items() if v})


def _by_rank() -> SortedKeyList:
    return SortedKeyList(key=lambda r: (-r.score, r.id))


def _by_id() -> SortedKeyList:
    return SortedKeyList(key=lambda r: r.id)


def _cell_keys(risk: Risk) -> tuple[CellKey, ...]:
    closed = risk.status is RiskStatus.CLOSED
    approved = risk.lifecycle is Status.APPROVED
    return tuple(
        (region, closed, approved, risk.likelihood, risk.impact) for region in (risk.region, None)
    )


def _report_key(report: StatusReport) -> tuple[Any, str]:
    return (report.on, report.id)


def apply_situation_event(state: SituationState, event: Event) -> None:
    """Change ``state`` as ``event`` changed the store it was committed to."""
    op, after = event.operation, event.after
    if op == EventOperation.PUT_RISK and after is not None:
        state.put_risk(risk_from_state(after))
    elif op == EventOperation.DELETE_RISK:
        state.drop_risk(event.target)
    elif op == EventOperation.PUT_INDICATOR and after is not None:
        state.put_indicator(indicator_from_state(after))
    elif op == EventOperation.ADD_MEASUREMENT and after is not None:
        state.add_reading(measurement_from_state(after))
    elif op == EventOperation.FILE_REPORT and after is not None:
        state.add_report(report_from_state(after))


def undo_situation_event(state: SituationState, event: Event) -> None:
    """Change ``state`` back as it was before ``event`` (the record before the change,
    none for a new one; a reading or report is only ever added)."""
    op, before, after = event.operation, event.before, event.after
    if op in (EventOperation.PUT_RISK, EventOperation.DELETE_RISK):
        if before is None:
            state.drop_risk(event.target)
        else:
            state.put_risk(risk_from_state(before))
    elif op == EventOperation.PUT_INDICATOR:
        if before is None:
            state.drop_indicator(event.target)
        else:
            state.put_indicator(indicator_from_state(before))
    elif op == EventOperation.ADD_MEASUREMENT and after is not None:
        state.drop_reading(measurement_from_state(after))
    elif op == EventOperation.FILE_REPORT and after is not None:
        state.drop_report(report_from_state(after).id)
