"""Field rules for risks, indicators, measurements and status reports. Pure functions:
each returns the problems it finds, every one naming its field."""

from __future__ import annotations

import math
from datetime import date

from .errors import Problem
from .situation import SCALE, Direction, Indicator, Measurement, Risk, StatusReport
from .validation import TITLE_MAX, check_id, check_text

__all__ = ["LONG_TEXT_MAX", "check_indicator", "check_measurement", "check_report", "check_risk"]

LONG_TEXT_MAX = 10_000
"""Characters in a description, mitigation, summary or next steps."""
THREATS_MAX = 200
"""Nodes one risk may threaten."""


class _Checker:
    def __init__(self, what: str, where: str | None) -> None:
        self.what = what
        self.where = where
        self.problems: list[Problem] = []

    def bad(self, rule: str, field: str, message: str) -> None:
        self.problems.append(Problem(rule, f"{self.what}: {message}", field, self.where))

    def text(self, value: str | None, field: str, limit: int, required: bool = False) -> None:
        if value is None:
            return
        if required and not value.strip():
            self.bad(f"{field}-required", field, f"{field} must not be empty")
        if len(value) > limit:
            self.bad("text-too-long", field, f"{field} has {len(value)} characters, over {limit}")
        self.problems += check_text(value, self.what, field, self.where)

    def number(self, value: float | None, field: str) -> None:
        if value is not None and not math.isfinite(value):
            self.bad("not-a-number", field, f"{field} must be a finite number, not {value}")


def check_risk(risk: Risk, where: str | None = None) -> list[Problem]:
    c = _Checker(f"risk '{risk.id}'", where)
    c.problems += check_id(risk.id, "risk", where)
    c.text(risk.title, "title", TITLE_MAX, required=True)
    c.text(risk.description, "description", LONG_TEXT_MAX)
    c.text(risk.mitigation, "mitigation", LONG_TEXT_MAX)
    c.text(risk.owner, "owner", TITLE_MAX)
    c.text(risk.source, "source", LONG_TEXT_MAX)
    for field, value in (("likelihood", risk.likelihood), ("impact", risk.impact)):
        if value not in SCALE:
            c.bad("scale", field, f"{field} must be 1 to 5, not {value}")
    if len(set(risk.threatens)) != len(risk.threatens):
        c.bad("duplicate-threat", "threatens", "a node is listed twice in threatens")
    if len(risk.threatens) > THREATS_MAX:
        c.bad(
            "too-many-threats",
            "threatens",
            f"at most {THREATS_MAX} nodes, not {len(risk.threatens)}",
        )
    stray = [n for n in risk.inferred if n not in risk.threatens]
    if stray:
        c.bad(
            "inferred-not-threatened",
            "inferred",
            f"inferred lists {', '.join(stray)}, which threatens does not",
        )
    return c.problems


def check_indicator(indicator: Indicator, where: str | None = None) -> list[Problem]:
    c = _Checker(f"indicator '{indicator.id}'", where)
    c.problems += check_id(indicator.id, "indicator", where)
    c.text(indicator.title, "title", TITLE_MAX, required=True)
    c.text(indicator.unit, "unit", 50)
    c.text(indicator.source, "source", LONG_TEXT_MAX)
    for field in ("baseline", "target", "amber", "red"):
        c.number(getattr(indicator, field), field)
    amber, red = indicator.amber, indicator.red
    if amber is not None and red is not None and not c.problems:
        up = indicator.direction is Direction.UP
        if (up and red > amber) or (not up and red < amber):
            way = "below" if up else "above"
            c.bad(
                "threshold-order",
                "red",
                f"when {indicator.direction.value} is good, red ({red:g}) must not lie "
                f"{'above' if up else 'below'} amber ({amber:g}): red is further {way}",
            )
    return c.problems


def check_measurement(m: Measurement, where: str | None = None) -> list[Problem]:
    c = _Checker(f"measurement of '{m.indicator}' on {m.on.isoformat()}", where)
    c.number(m.value, "value")
    c.text(m.source, "source", LONG_TEXT_MAX)
    return c.problems


def check_report(report: StatusReport, today: date, where: str | None = None) -> list[Problem]:
    c = _Checker(f"status report '{report.id}'", where)
    c.problems += check_id(report.id, "status report", where)
    c.text(report.summary, "summary", LONG_TEXT_MAX, required=True)
    c.text(report.next_steps, "nextSteps", LONG_TEXT_MAX)
    c.text(report.source, "source", LONG_TEXT_MAX)
    if report.progress is not None and not 0 <= report.progress <= 100:
        c.bad("progress-range", "progress", f"progress must be 0 to 100, not {report.progress}")
    if report.on > today:
        c.bad("future-date", "date", f"date {report.on.isoformat()} lies in the future")
    return c.problems
