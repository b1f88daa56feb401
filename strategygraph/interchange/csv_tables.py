"""Our tables read row by row: each table's columns, its header and rows checked, and the
rows typed into the interchange dict with the place of each.

A table is ``regions``, ``organisations``, ``nodes`` or ``edges`` (and the situational
picture's, ``csv_situation``), by its CSV file name, whether its rows come from a CSV file
(``csv_format``) or an xlsx sheet (``xlsx``): both readers hand this module records with
their line (or sheet row) numbers, so both check and type them alike and report problems
in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from ..collector import collector_paused
from ..domain import Problem
from .csv_cells import SPELLED
from .csv_rows import RowPlan
from .csv_situation import SITUATION_COLUMNS
from .field_names import EDGE_FIELDS, NODE_FIELDS
from .fields_read import edge_record, node_record
from .reading import MAX_PROBLEMS, Built, Reading, empty_document, fail_if
from .values import BadValue, plain

__all__ = [
    "COLUMNS",
    "CSV_FILES",
    "ORGANISATION_FIELDS",
    "REGION_FIELDS",
    "Typed",
    "extra_cells",
    "header_of",
    "header_problems",
    "plain_cells",
    "read_tables",
    "row_cells",
    "rows_of",
    "typed_rows",
]

REGION_FIELDS = ("id", "name")
ORGANISATION_FIELDS = ("id", "name", "region")
CSV_FILES = ("regions.csv", "organisations.csv", "nodes.csv", "edges.csv")
COLUMNS = {
    "regions.csv": (REGION_FIELDS, REGION_FIELDS),
    "organisations.csv": (ORGANISATION_FIELDS, ORGANISATION_FIELDS),
    "nodes.csv": (NODE_FIELDS, ("id", "kind", "region", "title")),
    "edges.csv": (EDGE_FIELDS, ("source", "relation", "target")),
    **SITUATION_COLUMNS,
}


def plain_cells(cells: dict[str, str], where: str, problems: list[Problem]) -> dict[str, str]:
    """Spreadsheet spellings in ``cells`` as interchange text (``values.plain``); a value
    that is spelt wrong adds a problem naming the text as typed."""
    for name in SPELLED.intersection(cells):
        text = cells[name]
        if text.strip():
            try:
                cells[name] = plain(name, text)
            except BadValue as exc:
                node = f"node {cells['id'].strip()!r}: " if cells.get("id", "").strip() else ""
                problems.append(Problem("date-format", node + exc.message, name, where))
                cells[name] = ""
    return cells


def header_problems(
    header: list[str],
    name: str,
    known: Iterable[str],
    required: Iterable[str],
    unit: str = "line",
    line: int = 1,
) -> list[Problem]:
    where = f"{name} {unit} {line}"
    problems = []
    missing = [c for c in required if c not in header]
    if missing:
        problems.append(
            Problem(
                "missing-column",
                f"missing column{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(c) for c in missing)}; the header row has "
                f"{', '.join(repr(c) for c in header) or 'no columns'}",
                missing[0],
                where,
            )
        )
    known = set(known)
    for column in header:
        if column not in known:
            problems.append(
                Problem(
                    "unknown-column",
                    f"unknown column {column!r}; the columns are {', '.join(sorted(known))}",
                    column,
                    where,
                )
            )
    if len(set(header)) != len(header):
        twice = sorted({c for c in header if header.count(c) > 1})
        problems.append(
            Problem("duplicate-column", f"column {twice[0]!r} appears twice", twice[0], where)
        )
    return problems


def rows_of(
    name: str,
    label: str,
    rows: Iterator[tuple[int, list[str]]],
    problems: list[Problem],
    unit: str = "line",
) -> Iterator[tuple[str, dict[str, str]]]:
    """Each data row of one of our tables (``name``, shown as ``label``) as (location,
    column → cell); ``rows`` are its records with their line (or sheet row) numbers. A row
    with more cells than the header is added to ``problems`` and left out, so the other
    rows are checked too."""
    header = header_of(name, label, rows, unit)
    for line, row in rows:
        where = f"{label} {unit} {line}"
        cells = row_cells(row, header, where, problems)
        if cells is not None:
            yield where, cells


def header_of(
    name: str, label: str, rows: Iterator[tuple[int, list[str]]], unit: str = "line"
) -> list[str]:
    """The header row of table ``name`` (taken from ``rows``), or its problems raised."""
    known, required = COLUMNS[name]
    first = next(rows, None)
    if first is None:
        fail_if(header_problems([], label, known, required, unit))
        return []
    header = [cell.strip() for cell in first[1]]
    while header and not header[-1]:  # a sheet's empty trailing header cells
        header.pop()
    fail_if(header_problems(header, label, known, required, unit, first[0]))
    return header


def row_cells(
    row: list[str], header: list[str], where: str, problems: list[Problem]
) -> dict[str, str] | None:
    """One data row as column → cell, protected cells unprotected; None (and its problem
    added) for a row with text beyond the header's columns."""
    extra = extra_cells(row, header, where)
    if extra is not None:
        problems.append(extra)
        return None
    cells = dict(zip(header, row, strict=False))
    if "'" in "".join(row):  # perhaps a protected cell: unprotect those
        cells = {k: v[1:] if v.startswith("'") else v for k, v in cells.items()}
    return cells


def extra_cells(row: list[str], header: list[str], where: str) -> Problem | None:
    """The problem of a row with text in more cells than the header has columns, naming
    the first such cell; None for a row that fits."""
    if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
        extra = next(i for i, c in enumerate(row) if i >= len(header) and c.strip())
        return Problem(
            "csv-columns",
            f"the row has {len(row)} cells but the header has {len(header)} columns: "
            f"cell {extra + 1} {row[extra]!r} has no column (a separator inside a value "
            "that is not quoted?)",
            None,
            where,
        )
    return None


def read_tables(
    tables: Mapping[str, Iterable[tuple[str, dict[str, str]]] | Typed], problems: list[Problem]
) -> Reading:
    """One interchange dict from our tables' rows (CSV files or xlsx sheets, by CSV file
    name), each row with its location; every problem (with those the rows' readers add to
    ``problems``) is raised with its place."""
    doc = empty_document()
    reading = Reading(doc, sources={})
    # 100,000s of rows stay alive: no cyclic collection passes over them meanwhile.
    with collector_paused():
        for name in CSV_FILES:
            if name not in tables:
                continue
            section = name.removesuffix(".csv")
            sources = reading.sources.setdefault(section, [])
            # Nodes and edges with the records built while checking them (``Built``).
            items = doc[section] = Built() if section in ("nodes", "edges") else doc[section]
            seen: dict[str | tuple[Any, Any], str] = {}  # an edge by its two ends
            rows = tables[name]
            typed = rows.rows if isinstance(rows, Typed) else _typed(section, rows, problems)
            records = section in ("nodes", "edges")
            for where, item, record in typed:
                if records:
                    items.add(item, record)
                else:
                    items.append(item)
                key = item.get("id") or (item.get("source"), item.get("target"))
                if key in seen:
                    shown = key if isinstance(key, str) else f"{key[0]} -> {key[1]}"
                    problems.append(
                        Problem(
                            "duplicate-id",
                            f"{shown!r} is already listed on {seen[key]}",
                            "id",
                            where,
                        )
                    )
                else:
                    seen[key] = where
                sources.append(where)
            if len(problems) >= MAX_PROBLEMS:
                break
    fail_if(problems)
    return reading


def _typed(
    section: str, rows: Iterable[tuple[str, dict[str, str]]], problems: list[Problem]
) -> Iterator[tuple[str, dict[str, Any], Any]]:
    """Each right row of a table as (location, interchange dict, the record built from it
    or None), the problems of the others added to ``problems``."""
    for where, cells in rows:
        if section not in ("nodes", "edges"):
            yield where, {k: v.strip() for k, v in cells.items()}, None
            continue
        build = node_record if section == "nodes" else edge_record
        found = build(plain_cells(cells, where, problems), where, problems)
        if found is not None:
            yield where, found[0], found[1]


class Typed(NamedTuple):
    """A node or edge table read straight into ``_typed``'s triples (``typed_rows``)."""

    rows: Iterator[tuple[str, dict[str, Any], Any]]


def typed_rows(
    name: str, label: str, rows: Iterator[tuple[int, list[str]]], problems: list[Problem]
) -> Typed:
    """``_typed(rows_of(...))`` of ``nodes.csv`` or ``edges.csv``, a plain row typed at
    once by its columns (``csv_rows.RowPlan``), any other the general way."""

    def typed() -> Iterator[tuple[str, dict[str, Any], Any]]:
        header = header_of(name, label, rows)
        plan = RowPlan(header)
        quick, build = (plan.node, node_record) if name == "nodes.csv" else (plan.edge, edge_record)
        for line, row in rows:
            where = f"{label} line {line}"
            found: tuple[dict[str, Any], Any] | None = quick(row)
            if found is None:
                cells = row_cells(row, header, where, problems)
                if cells is None:
                    continue
                found = build(plain_cells(cells, where, problems), where, problems)
                if found is None:
                    continue
            yield where, found[0], found[1]

    return Typed(typed())
