"""CSV: a folder of ``nodes.csv``, ``edges.csv``, ``regions.csv`` and ``organisations.csv``,
and, when there is a situational picture, ``risks.csv``, ``indicators.csv``,
``measurements.csv`` and ``reports.csv`` (``csv_situation.py``; each optional on reading).

Each file is UTF-8 with a byte-order mark (so spreadsheet programs show ä and ö), one
header row, comma-separated (a file saved with ``;`` or tabs is read too). Columns are the
interchange fields (``field_names.NODE_FIELDS``): tags joined with ``;``, attributes as JSON
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

This module holds the format's entry points; the file level (encodings, delimiters, the
formula guard) is ``csv_text``, our tables' columns and rows ``csv_tables``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..collector import collector_paused
from ..domain import Problem, ValidationError
from .csv_cells import edge_rows, node_rows
from .csv_situation import SITUATION_CSV_FILES, read_situation_tables, situation_rows
from .csv_tables import (
    COLUMNS,
    CSV_FILES,
    ORGANISATION_FIELDS,
    REGION_FIELDS,
    Typed,
    read_tables,
    rows_of,
    typed_rows,
)
from .csv_text import decode_csv, records, table, text_table
from .field_names import EDGE_FIELDS, NODE_FIELDS
from .reading import MAX_BYTES, Reading, check_size, read_limited
from .values import DIALECTS

__all__ = ["dump_csv", "load_csv", "read_csv"]


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
        files[name] = table(COLUMNS[name][0], rows, sep)
    return files


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
