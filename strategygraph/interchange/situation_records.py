"""The situational picture in the JSON interchange format: the optional sections ``risks``,
``indicators`` (each with its ``measurements``) and ``reports`` of a version 2 document.

A record is written as its state (``domain/situation_states.py``); a measurement sits in
its indicator and names no indicator of its own. A record whose fields cannot be built is
a problem located in its section (``indicators[0].measurements[2]``).

>>> from strategygraph.domain.situation import Indicator, Measurement
>>> from datetime import date
>>> records = SituationRecords(
...     indicators=[Indicator("i", "n", "Osuus")],
...     measurements=[Measurement("i", date(2018, 3, 1), 12.5)],
... )
>>> sections = dump_situation(records)
>>> sections["indicators"][0]["measurements"]
[{'on': '2018-03-01', 'value': 12.5, 'source': None, 'recorded_by': None}]
>>> read_situation(sections, set())[0] == records
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..domain import Problem
from ..domain.situation import Indicator, Measurement, Risk, StatusReport
from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
    situation_state,
)

__all__ = ["SITUATION_SECTIONS", "SituationRecords", "dump_situation", "read_situation"]

SITUATION_SECTIONS = ("risks", "indicators", "reports")
"""The document's optional sections of the situational picture."""

T = TypeVar("T")


@dataclass
class SituationRecords:
    """Risks, indicators, their measurements and status reports of one document."""

    risks: list[Risk] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    """Every indicator's readings, in the file's order."""
    reports: list[StatusReport] = field(default_factory=list)
    measured_at: list[str] = field(default_factory=list, compare=False)
    """Where each measurement is in the file (``indicators[0].measurements[2]``)."""

    def where(self, section: str, index: int) -> str:
        """The place in the file of record ``index`` of ``section``."""
        if section == "measurements" and index < len(self.measured_at):
            return self.measured_at[index]
        return f"{section}[{index}]"

    def __bool__(self) -> bool:
        return bool(self.risks or self.indicators or self.measurements or self.reports)


def dump_situation(records: SituationRecords) -> dict[str, Any]:
    """The sections holding ``records`` (an empty one is left out, so a graph alone
    exports as before)."""
    out: dict[str, Any] = {}
    if records.risks:
        out["risks"] = [situation_state(r) for r in records.risks]
    readings: dict[str, list[dict[str, Any]]] = {}
    for m in records.measurements:
        state = situation_state(m)
        del state["indicator"]
        readings.setdefault(m.indicator, []).append(state)
    if records.indicators:
        out["indicators"] = [
            {**situation_state(i), "measurements": readings.get(i.id, [])}
            for i in records.indicators
        ]
    if records.reports:
        out["reports"] = [situation_state(r) for r in records.reports]
    return out


def read_situation(
    data: dict[str, Any], bad: set[tuple[str, int]]
) -> tuple[SituationRecords, list[Problem]]:
    """The records of ``data``'s sections (those at the places in ``bad`` left out: the
    schema refused them), and a problem for each that cannot be built."""
    records = SituationRecords()
    problems: list[Problem] = []

    def build(make: Callable[[dict[str, Any]], T], raw: Any, where: str) -> T | None:
        try:
            return make(_whole(raw))
        except (KeyError, TypeError, ValueError) as exc:
            problems.append(Problem("field", f"{where}: {exc}", None, where))
            return None

    for i, raw in enumerate(_section(data, "risks")):
        if ("risks", i) not in bad and (risk := build(risk_from_state, raw, f"risks[{i}]")):
            records.risks.append(risk)
    for i, raw in enumerate(_section(data, "indicators")):
        if ("indicators", i) in bad:
            continue
        fields = {k: v for k, v in raw.items() if k != "measurements"}
        indicator = build(indicator_from_state, fields, f"indicators[{i}]")
        if indicator is None:
            continue
        records.indicators.append(indicator)
        for j, reading in enumerate(raw.get("measurements") or []):
            where = f"indicators[{i}].measurements[{j}]"
            m = build(measurement_from_state, {**reading, "indicator": indicator.id}, where)
            if m is not None:
                records.measurements.append(m)
                records.measured_at.append(where)
    for i, raw in enumerate(_section(data, "reports")):
        if ("reports", i) not in bad and (report := build(report_from_state, raw, f"reports[{i}]")):
            records.reports.append(report)
    return records, problems


_WHOLE = ("likelihood", "impact", "progress", "version")


def _whole(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` with a whole number written as a float (``"impact": 4.0``, as tools that keep
    every number a double write it) as an integer; the schema has let only those through."""
    found = {k: int(v) for k in _WHOLE if isinstance(v := raw.get(k), float) and v.is_integer()}
    return {**raw, **found} if found else raw


def _section(data: dict[str, Any], name: str) -> list[Any]:
    found = data.get(name)
    return found if isinstance(found, list) else []
