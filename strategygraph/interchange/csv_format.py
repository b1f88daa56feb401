"""CSV: a folder of ``nodes.csv``, ``edges.csv``, ``regions.csv`` and ``organisations.csv``.

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
from typing import Any

from ..domain import Problem, ValidationError
from ..store.bulk import collector_paused
from .fields import EDGE_FIELDS, NODE_FIELDS, edge_from_text, edge_text, node_from_text, node_text
from .reading import (
    MAX_BYTES,
    MAX_PROBLEMS,
    Reading,
    check_size,
    decode_utf8,
    empty_document,
    fail_if,
    read_limited,
)

__all__ = ["CSV_FILES", "dump_csv", "load_csv", "read_csv", "write_csv"]

REGION_FIELDS = ("id", "name")
ORGANISATION_FIELDS = ("id", "name", "region")
CSV_FILES = ("regions.csv", "organisations.csv", "nodes.csv", "edges.csv")
_COLUMNS = {
    "regions.csv": (REGION_FIELDS, REGION_FIELDS),
    "organisations.csv": (ORGANISATION_FIELDS, ORGANISATION_FIELDS),
    "nodes.csv": (NODE_FIELDS, ("id", "kind", "region", "title")),
    "edges.csv": (EDGE_FIELDS, ("source", "relation", "target")),
}
_FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")


def table(columns: Iterable[str], rows: Iterable[Mapping[str, str | None]]) -> bytes:
    """UTF-8 CSV with a BOM and CRLF line ends, as spreadsheet programs expect."""
    names = list(columns)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    # A missing cell is None, which the writer leaves empty; only text can need a quote.
    formula = _FORMULA
    writer.writerows(
        [
            "'" + cell if isinstance(cell, str) and cell.startswith(formula) else cell
            for cell in map(row.get, names)
        ]
        for row in rows
    )
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")


def dump_csv(doc: Mapping[str, Any]) -> dict[str, bytes]:
    """An interchange dict as the four files' contents, by file name."""
    with collector_paused():
        return _dump_csv(doc)


def _dump_csv(doc: Mapping[str, Any]) -> dict[str, bytes]:
    return {
        "regions.csv": table(REGION_FIELDS, doc.get("regions", [])),
        "organisations.csv": table(ORGANISATION_FIELDS, doc.get("organisations", [])),
        "nodes.csv": table(NODE_FIELDS, map(node_text, doc.get("nodes", []))),
        "edges.csv": table(EDGE_FIELDS, map(edge_text, doc.get("edges", []))),
    }


def write_csv(doc: Mapping[str, Any], folder: str | Path) -> list[Path]:
    """Write the four files into ``folder`` (created if missing); returns their paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in dump_csv(doc).items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written


def sniff_delimiter(header: str) -> str:
    """``,`` unless the header row uses ``;`` or tabs more (Finnish Excel saves ``;``)."""
    return max((",", ";", "\t"), key=header.count)


def records(text: str, name: str) -> Iterator[tuple[int, list[str]]]:
    """Each non-blank record with the line it starts on; a malformed one is an error."""
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ValidationError.one(
                "csv-syntax", f"malformed CSV: {exc}", where=f"{name} line {start}"
            ) from None
        if "".join(row).strip():  # not blank: some cell has more than whitespace
            yield start, row


def header_problems(
    header: list[str], name: str, known: Iterable[str], required: Iterable[str]
) -> list[Problem]:
    where = f"{name} line 1"
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


def _rows(
    name: str, label: str, data: bytes, problems: list[Problem]
) -> Iterator[tuple[str, dict[str, str]]]:
    """Each data row of one of our files (``name``, called ``label``) as
    (location, column → cell); a row with more cells than the header has columns is
    added to ``problems`` and left out, so the other rows are checked too."""
    known, required = _COLUMNS[name]
    rows = records(decode_utf8(data, label), label)
    first = next(rows, None)
    if first is None:
        fail_if(header_problems([], label, known, required))
        return
    header = [cell.strip() for cell in first[1]]
    fail_if(header_problems(header, label, known, required))
    for line, row in rows:
        where = f"{label} line {line}"
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            problems.append(
                Problem(
                    "csv-columns",
                    f"the row has {len(row)} cells but the header has {len(header)} columns "
                    f"(a cell holding the delimiter needs quotes)",
                    None,
                    where,
                )
            )
            continue
        cells = dict(zip(header, row, strict=False))
        if "'" in "".join(row):  # perhaps a protected cell: unprotect those
            cells = {k: v[1:] if v.startswith("'") else v for k, v in cells.items()}
        yield where, cells


def load_csv(
    files: Mapping[str, bytes],
    max_bytes: int = MAX_BYTES,
    labels: Mapping[str, str] | None = None,
) -> Reading:
    """Read the files' contents (by standard file name) into one interchange dict, or raise
    every problem with its file and line; ``labels`` gives files other names to show."""
    unknown = sorted(set(files) - set(CSV_FILES))
    if unknown or not ({"nodes.csv", "edges.csv"} & set(files)):
        raise ValidationError.one(
            "csv-files",
            "a CSV import needs nodes.csv and/or edges.csv (and may have regions.csv, "
            f"organisations.csv); got {', '.join(sorted(files)) or 'no files'}",
            where=", ".join(sorted(files)) or None,
        )
    doc = empty_document()
    reading = Reading(doc, sources={})
    problems: list[Problem] = []
    # 100,000s of rows stay alive: no cyclic collection passes over them meanwhile.
    with collector_paused():
        for name in CSV_FILES:
            if name not in files:
                continue
            label = (labels or {}).get(name, name)
            check_size(len(files[name]), label, max_bytes)
            section = name.removesuffix(".csv")
            items, sources = doc[section], reading.sources.setdefault(section, [])
            seen: dict[str, str] = {}
            for where, cells in _rows(name, label, files[name], problems):
                item: dict[str, Any] | None
                if section == "nodes":
                    item = node_from_text(cells, where, problems)
                elif section == "edges":
                    item = edge_from_text(cells, where, problems)
                else:
                    item = {k: v.strip() for k, v in cells.items()}
                if item is None:
                    continue
                key = item.get("id") or f"{item.get('source')} -> {item.get('target')}"
                if key in seen:
                    problems.append(
                        Problem(
                            "duplicate-id", f"{key!r} is already listed on {seen[key]}", "id", where
                        )
                    )
                seen.setdefault(key, where)
                items.append(item)
                sources.append(where)
            if len(problems) >= MAX_PROBLEMS:
                break
    fail_if(problems)
    if "edges.csv" not in files:
        reading.report.append("no edges.csv: only nodes were read")
    return reading


def csv_paths(path: str | Path) -> dict[str, Path]:
    """The CSV files of a folder, or of the folder a ``nodes.csv``/``edges.csv`` is in."""
    given = Path(path)
    folder = given if given.is_dir() else given.parent
    if not given.is_dir() and given.name not in CSV_FILES:
        return {"nodes.csv": given}
    return {name: folder / name for name in CSV_FILES if (folder / name).is_file()}


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
