"""Risks, indicators, measurements and status reports as plain JSON-ready dicts (the
event log's ``before``/``after`` and the store's rows), and back.

>>> from .situation import Risk
>>> risk_from_state(situation_state(Risk("r1", "kymenlaakso", "T", threatens=("a",))))
Risk(id='r1', region='kymenlaakso', title='T', description='', likelihood=1, impact=1, \
owner=None, mitigation='', status=<RiskStatus.OPEN: 'OPEN'>, review_date=None, source=None, \
threatens=('a',), inferred=(), lifecycle=<Status.DRAFT: 'DRAFT'>, version=1, \
updated_at=None, updated_by=None)
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any

from .kinds import Health, Status
from .situation import Direction, Indicator, Measurement, Risk, RiskStatus, StatusReport

__all__ = [
    "indicator_from_state",
    "measurement_from_state",
    "report_from_state",
    "risk_from_state",
    "situation_state",
]

Record = Risk | Indicator | Measurement | StatusReport


def situation_state(record: Record) -> dict[str, Any]:
    """``record`` as a dict of JSON values (dates in ISO form, enums as their values)."""
    out: dict[str, Any] = {}
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Enum):
            value = value.value
        elif isinstance(value, date | datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def _day(value: Any) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _time(value: Any) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def risk_from_state(d: dict[str, Any]) -> Risk:
    return Risk(
        id=d["id"],
        region=d["region"],
        title=d["title"],
        description=d.get("description", ""),
        likelihood=int(d.get("likelihood", 1)),
        impact=int(d.get("impact", 1)),
        owner=d.get("owner"),
        mitigation=d.get("mitigation", ""),
        status=RiskStatus(d.get("status", "OPEN")),
        review_date=_day(d.get("review_date")),
        source=d.get("source"),
        threatens=tuple(d.get("threatens", ())),
        inferred=tuple(d.get("inferred", ())),
        lifecycle=Status(d.get("lifecycle", "DRAFT")),
        version=int(d.get("version", 1)),
        updated_at=_time(d.get("updated_at")),
        updated_by=d.get("updated_by"),
    )


def indicator_from_state(d: dict[str, Any]) -> Indicator:
    return Indicator(
        id=d["id"],
        node=d["node"],
        title=d["title"],
        unit=d.get("unit", ""),
        direction=Direction(d.get("direction", "UP")),
        baseline=_num(d.get("baseline")),
        target=_num(d.get("target")),
        target_date=_day(d.get("target_date")),
        amber=_num(d.get("amber")),
        red=_num(d.get("red")),
        source=d.get("source"),
        region=d.get("region", ""),
        version=int(d.get("version", 1)),
        updated_at=_time(d.get("updated_at")),
        updated_by=d.get("updated_by"),
    )


def measurement_from_state(d: dict[str, Any]) -> Measurement:
    return Measurement(
        indicator=d["indicator"],
        on=date.fromisoformat(d["on"]),
        value=float(d["value"]),
        source=d.get("source"),
        recorded_by=d.get("recorded_by"),
    )


def report_from_state(d: dict[str, Any]) -> StatusReport:
    return StatusReport(
        id=d["id"],
        project=d["project"],
        on=date.fromisoformat(d["on"]),
        health=Health(d["health"]),
        progress=d.get("progress"),
        summary=d.get("summary", ""),
        next_steps=d.get("next_steps", ""),
        risks=tuple(d.get("risks", ())),
        source=d.get("source"),
        region=d.get("region", ""),
        version=int(d.get("version", 1)),
        filed_at=_time(d.get("filed_at")),
        filed_by=d.get("filed_by"),
    )
