"""The situational picture as CSV: ``risks.csv``, ``indicators.csv``, ``measurements.csv``
and ``reports.csv`` beside the graph's four files, each optional on reading.

Columns are the fields of the JSON sections (``situation_records.py``); lists (a risk's
``threatens`` and ``inferred``, a report's ``risks``) are joined with ``;``, an empty cell
is an absent value. A measurement names its ``indicator``, which ``indicators.csv`` of the
same folder must list (a JSON document nests readings in their indicator). A number may be
written with a decimal comma (``12,5``), a date as Finnish Excel saves it (``1.4.2018``).

>>> rows = situation_rows({"risks": [{"id": "r", "region": "k", "title": "T",
...     "likelihood": 4, "threatens": ["a", "b"]}]})
>>> rows["risks.csv"][0]["threatens"]
'a;b'
>>> cells = {k: v or "" for k, v in rows["risks.csv"][0].items()}
>>> problems = []
>>> doc = read_situation_tables({"risks.csv": [("risks.csv line 2", cells)]}, problems)
>>> doc["risks"][0]["likelihood"], doc["risks"][0]["threatens"], problems
(4, ['a', 'b'], [])
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ..domain import Problem
from .fields import join_list, split_list

__all__ = [
    "SITUATION_COLUMNS",
    "SITUATION_CSV_FILES",
    "read_situation_tables",
    "situation_rows",
]

RISK_FIELDS = (
    "id",
    "region",
    "title",
    "description",
    "likelihood",
    "impact",
    "owner",
    "mitigation",
    "status",
    "review_date",
    "source",
    "threatens",
    "inferred",
    "lifecycle",
    "version",
    "updated_at",
    "updated_by",
)
INDICATOR_FIELDS = (
    "id",
    "node",
    "title",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_date",
    "amber",
    "red",
    "source",
    "region",
    "version",
    "updated_at",
    "updated_by",
)
MEASUREMENT_FIELDS = ("indicator", "on", "value", "source", "recorded_by")
REPORT_FIELDS = (
    "id",
    "project",
    "on",
    "health",
    "progress",
    "summary",
    "next_steps",
    "risks",
    "source",
    "region",
    "version",
    "filed_at",
    "filed_by",
)
SITUATION_CSV_FILES = ("risks.csv", "indicators.csv", "measurements.csv", "reports.csv")
SITUATION_COLUMNS = {
    "risks.csv": (RISK_FIELDS, ("id", "region", "title")),
    "indicators.csv": (INDICATOR_FIELDS, ("id", "node", "title")),
    "measurements.csv": (MEASUREMENT_FIELDS, ("indicator", "on", "value")),
    "reports.csv": (REPORT_FIELDS, ("id", "project", "on", "health")),
}
"""Each file's columns and those it needs."""

_INTEGERS = frozenset({"likelihood", "impact", "version", "progress"})
_NUMBERS = frozenset({"baseline", "target", "amber", "red", "value"})
_LISTS = frozenset({"threatens", "inferred", "risks"})
_DATES = frozenset({"review_date", "target_date", "on"})
_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return join_list(value) if value else None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def situation_rows(doc: Mapping[str, Any]) -> dict[str, list[dict[str, str | None]]]:
    """The rows of each situation file that ``doc``'s sections fill (none: no file)."""
    out: dict[str, list[dict[str, str | None]]] = {}
    if doc.get("risks"):
        out["risks.csv"] = [{k: _cell(r.get(k)) for k in RISK_FIELDS} for r in doc["risks"]]
    if doc.get("indicators"):
        out["indicators.csv"] = [
            {k: _cell(i.get(k)) for k in INDICATOR_FIELDS} for i in doc["indicators"]
        ]
        readings = [
            {k: _cell({**m, "indicator": i["id"]}.get(k)) for k in MEASUREMENT_FIELDS}
            for i in doc["indicators"]
            for m in i.get("measurements") or []
        ]
        if readings:
            out["measurements.csv"] = readings
    if doc.get("reports"):
        out["reports.csv"] = [{k: _cell(r.get(k)) for k in REPORT_FIELDS} for r in doc["reports"]]
    return out


def _value(name: str, text: str, where: str, problems: list[Problem]) -> Any:
    text = text.strip() if name not in {"description", "mitigation", "summary"} else text
    try:
        if name in _INTEGERS:
            return int(text.strip())
        if name in _NUMBERS:
            return float(text.strip().replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        kind = "a whole number" if name in _INTEGERS else "a number"
        problems.append(Problem("number", f"{name!r} {text!r} is not {kind}", name, where))
        return None
    if name in _LISTS:
        return split_list(text)
    if name in _DATES:
        found = _FINNISH_DATE.fullmatch(text)
        if found is not None:
            day, month, year = (int(g) for g in found.groups())
            try:
                return date(year, month, day).isoformat()
            except ValueError:
                problems.append(
                    Problem("date-format", f"{name!r} {text!r} is not a date", name, where)
                )
                return None
    return text


def _item(cells: Mapping[str, str], where: str, problems: list[Problem]) -> dict[str, Any]:
    item: dict[str, Any] = {}
    for name, text in cells.items():
        if text.strip():
            value = _value(name, text, where, problems)
            if value is not None:
                item[name] = value
    return item


def read_situation_tables(
    tables: Mapping[str, Iterable[tuple[str, dict[str, str]]]], problems: list[Problem]
) -> dict[str, Any]:
    """The sections ``risks``, ``indicators`` (with their ``measurements``) and
    ``reports`` from the rows of the situation files there are, each row with its place;
    ``_sources`` holds where each record (and each indicator's readings) came from."""
    out: dict[str, Any] = {}
    sources: dict[str, list[str]] = {}
    for name, section in (("risks.csv", "risks"), ("reports.csv", "reports")):
        if name in tables:
            out[section], sources[section] = [], []
            for where, cells in tables[name]:
                out[section].append(_item(cells, where, problems))
                sources[section].append(where)
    by_id: dict[str, int] = {}
    if "indicators.csv" in tables:
        out["indicators"], sources["indicators"] = [], []
        for where, cells in tables["indicators.csv"]:
            item = _item(cells, where, problems)
            item["measurements"] = []
            by_id.setdefault(str(item.get("id")), len(out["indicators"]))
            out["indicators"].append(item)
            sources["indicators"].append(where)
    for where, cells in tables.get("measurements.csv", ()):
        item = _item(cells, where, problems)
        indicator = str(item.pop("indicator", ""))
        if indicator not in by_id:
            problems.append(
                Problem(
                    "unknown-indicator",
                    f"a measurement of indicator {indicator!r}, which indicators.csv does not "
                    "list (readings are imported with their indicator)",
                    "indicator",
                    where,
                )
            )
            continue
        i = by_id[indicator]
        out["indicators"][i]["measurements"].append(item)
        sources.setdefault(f"indicators[{i}].measurements", []).append(where)
    out["_sources"] = sources
    return out
