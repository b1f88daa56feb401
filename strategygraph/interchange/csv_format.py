"""CSV: a folder of ``nodes.csv``, ``edges.csv``, ``regions.csv`` and ``organisations.csv``,
and, when there is a situational picture, ``risks.csv``, ``indicators.csv``,
``measurements.csv`` and ``reports.csv`` (``csv_situation.py``; each optional on reading).

Each file is UTF-8 with a byte-order mark (so spreadsheet programs show ä and ö), one
header row, comma-separated (a file saved with ``;`` or tabs is read too). Columns are the
interchange fields (``fields.NODE_FIELDS``): tags joined with ``;``, attributes as JSON
text, an empty cell for an absent value. Regions and organisations get files of their
own, so the round trip CSV → store → CSV keeps everything the JSON format carries, except
that an empty optional text (``approved_by: ""``) reads back as absent.

A cell that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``) or
one starting with ``'`` is written with a leading ``'``, which reading removes again.

Reading takes any of the four files: only ``nodes.csv`` and ``edges.csv`` are needed, and
a folder with just ``edges.csv`` links nodes already in the store. Required columns:
``id, kind, region, title`` (nodes), ``source, relation, target`` (edges),
``id, name`` (regions), ``id, name, region`` (organisations); an unknown column is an
error, since it may be a misspelt field whose values would otherwise be lost.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NamedTuple

from ..collector import collector_paused
from ..domain import Problem, ValidationError
from .csv_cells import FORMULA, SPELLED, edge_rows, node_rows, write_lines
from .csv_rows import RowPlan
from .csv_situation import (
    SITUATION_COLUMNS,
    SITUATION_CSV_FILES,
    read_situation_tables,
    situation_rows,
)
from .fields import EDGE_FIELDS, NODE_FIELDS, edge_record, node_record
from .reading import (
    MAX_BYTES,
    MAX_PROBLEMS,
    Built,
    Reading,
    check_size,
    decode_utf8,
    empty_document,
    fail_if,
    read_limited,
)
from .values import DIALECTS, BadValue, plain

__all__ = [
    "CSV_FILES",
    "decode_csv",
    "dump_csv",
    "load_csv",
    "read_csv",
    "read_tables",
    "rows_of",
]

REGION_FIELDS = ("id", "name")
ORGANISATION_FIELDS = ("id", "name", "region")
CSV_FILES = ("regions.csv", "organisations.csv", "nodes.csv", "edges.csv")
_COLUMNS = {
    "regions.csv": (REGION_FIELDS, REGION_FIELDS),
    "organisations.csv": (ORGANISATION_FIELDS, ORGANISATION_FIELDS),
    "nodes.csv": (NODE_FIELDS, ("id", "kind", "region", "title")),
    "edges.csv": (EDGE_FIELDS, ("source", "relation", "target")),
    **SITUATION_COLUMNS,
}


def table(columns: Iterable[str], rows: Iterable[Mapping[str, Any]], delimiter: str = ",") -> bytes:
    """UTF-8 CSV with a BOM and CRLF line ends, as spreadsheet programs expect; each row
    a dict by column, its formula-looking text protected (``csv_cells.FORMULA``)."""
    names = list(columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    writer.writerow(names)
    # A missing cell is None, which the writer leaves empty; only text can need a quote.
    formula = FORMULA
    writer.writerows(
        [
            "'" + cell if isinstance(cell, str) and cell.startswith(formula) else cell
            for cell in map(row.get, names)
        ]
        for row in rows
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def text_table(
    columns: Iterable[str], rows: Iterable[list[str | None]], delimiter: str = ","
) -> bytes:
    """``table`` of the rows of ``csv_cells.node_rows`` or ``edge_rows``: lists of text
    or ``None`` in column order, protected already, most written joined at once
    (``csv_cells.write_lines``)."""
    lines: list[str] = []
    writer = csv.writer(
        SimpleNamespace(write=lines.append), lineterminator="\r\n", delimiter=delimiter
    )
    writer.writerow(columns)
    write_lines(rows, lines, writer.writerow, delimiter)
    return codecs.BOM_UTF8 + "".join(lines).encode("utf-8")


def dump_csv(doc: Mapping[str, Any], dialect: str = "standard") -> dict[str, bytes]:
    """An interchange dict as the four files' contents, by file name; ``dialect="fi"``
    writes what Finnish Excel saves (``;``, ``1.4.2018``, ``TOSI``, ``40 %``, ``keltainen``)."""
    with collector_paused():
        return _dump_csv(doc, dialect)


def _dump_csv(doc: Mapping[str, Any], dialect: str) -> dict[str, bytes]:
    if dialect not in DIALECTS:
        raise ValidationError.one(
            "csv-dialect",
            f"unknown CSV dialect {dialect!r}; expected one of {', '.join(DIALECTS)}",
            "dialect",
        )
    finnish = dialect == "fi"
    sep = ";" if finnish else ","
    # 100,000s of node and edge rows: a list of text per row (``csv_cells``).
    nodes = node_rows(doc.get("nodes", []), finnish)
    edges = edge_rows(doc.get("edges", []), finnish)
    files = {
        "regions.csv": table(REGION_FIELDS, doc.get("regions", []), sep),
        "organisations.csv": table(ORGANISATION_FIELDS, doc.get("organisations", []), sep),
        "nodes.csv": text_table(NODE_FIELDS, nodes, sep),
        "edges.csv": text_table(EDGE_FIELDS, edges, sep),
    }
    for name, rows in situation_rows(doc).items():
        files[name] = table(_COLUMNS[name][0], rows, sep)
    return files


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


def sniff_delimiter(header: str) -> str:
    """``,`` unless the header row uses ``;`` or tabs more (Finnish Excel saves ``;``)."""
    return max((",", ";", "\t"), key=header.count)


def records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on; a malformed one is an error."""
    end = text.find("\n")
    delimiter = sniff_delimiter(text if end < 0 else text[:end])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for row in reader:
            # not blank: some cell has more than whitespace (mostly the first, at once)
            if row and (row[0].strip() or "".join(row).strip()):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ValidationError.one(
            "csv-syntax", f"malformed CSV: {exc}", where=f"{name} line {start}"
        ) from None


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


def decode_csv(data: bytes, name: str) -> tuple[str, str | None]:
    """A CSV file's text, and a note when it was not UTF-8.

    UTF-8 (with or without a BOM) and UTF-16 with a BOM (Excel's "Unicode text") are read
    as they are. A file that is not UTF-8 but whose header row is ``;``-separated is what
    Finnish Excel saves as plain "CSV": it is read as Windows-1252, and the note says so.
    Otherwise the UTF-8 error (with its line) stands.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: reported as not UTF-8 below
    try:
        return decode_utf8(data, name), None
    except ValidationError as not_utf8:
        header = data.split(b"\n", 1)[0]
        if header.count(b";") <= header.count(b",") or b"\x00" in data:
            raise
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # a byte Windows-1252 does not have: not that either
            raise not_utf8 from None
        return text, f"{name} is not UTF-8: read as Windows-1252 (Finnish Excel's CSV)"


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
    known, required = _COLUMNS[name]
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


def _rows(
    name: str, label: str, data: bytes, notes: list[str], problems: list[Problem]
) -> Iterator[tuple[str, dict[str, str]]] | Typed:
    text, note = decode_csv(data, label)
    if note:
        notes.append(note)
    if name in ("nodes.csv", "edges.csv"):
        return typed_rows(name, label, records(text, label), problems)
    return rows_of(name, label, records(text, label), problems)


def load_csv(
    files: Mapping[str, bytes],
    max_bytes: int = MAX_BYTES,
    labels: Mapping[str, str] | None = None,
) -> Reading:
    """Read the files' contents (by standard file name) into one interchange dict, or raise
    every problem with its file and line; ``labels`` gives files other names to show."""
    unknown = sorted(set(files) - set(CSV_FILES) - set(SITUATION_CSV_FILES))
    if unknown or not ({"nodes.csv", "edges.csv"} & set(files)):
        raise ValidationError.one(
            "csv-files",
            "a CSV import needs nodes.csv and/or edges.csv (and may have regions.csv, "
            "organisations.csv, risks.csv, indicators.csv, measurements.csv, reports.csv); "
            f"got {', '.join(sorted(files)) or 'no files'}",
            where=", ".join(sorted(files)) or None,
        )
    notes: list[str] = []
    problems: list[Problem] = []
    tables: dict[str, Iterable[tuple[str, dict[str, str]]] | Typed] = {}
    for name in (*CSV_FILES, *SITUATION_CSV_FILES):
        if name in files:
            label = (labels or {}).get(name, name)
            check_size(len(files[name]), label, max_bytes)
            tables[name] = _rows(name, label, files[name], notes, problems)
    situation = {k: rows for k, rows in tables.items() if not isinstance(rows, Typed)}
    picture = read_situation_tables(situation, problems)
    reading = read_tables(tables, problems)
    reading.sources.update(picture.pop("_sources"))
    reading.document.update(picture)
    reading.report[:0] = notes
    if "edges.csv" not in files:
        reading.report.append("no edges.csv: only nodes were read")
    return reading


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


def csv_paths(path: str | Path) -> dict[str, Path]:
    """The CSV files of a folder, or of the folder a ``nodes.csv``/``edges.csv`` is in."""
    given = Path(path)
    folder = given if given.is_dir() else given.parent
    if not given.is_dir() and given.name not in (*CSV_FILES, *SITUATION_CSV_FILES):
        return {"nodes.csv": given}
    names = (*CSV_FILES, *SITUATION_CSV_FILES)
    return {name: folder / name for name in names if (folder / name).is_file()}


def read_csv(
    path: str | Path,
    edges: str | Path | None = None,
    *,
    regions: str | Path | None = None,
    organisations: str | Path | None = None,
    max_bytes: int = MAX_BYTES,
) -> Reading:
    """Read a CSV export: a folder, one of its files (the others are found beside it), or a
    nodes file named otherwise with its ``edges`` (and ``regions``, ``organisations``)."""
    paths = csv_paths(path)
    for name, extra in (
        ("edges.csv", edges),
        ("regions.csv", regions),
        ("organisations.csv", organisations),
    ):
        if extra is not None:
            paths[name] = Path(extra)
    if not paths:
        raise ValidationError.one(
            "csv-files", f"{path} has no nodes.csv or edges.csv", where=str(path)
        )
    files = {name: read_limited(p, max_bytes) for name, p in paths.items()}
    return load_csv(files, max_bytes, {name: p.name for name, p in paths.items()})
