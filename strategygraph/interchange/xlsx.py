"""Excel workbooks (``.xlsx``, through openpyxl): the CSV tables as sheets, both ways.

A workbook export has the sheets ``nodes``, ``edges``, ``regions`` and ``organisations``,
and ``risks``, ``indicators``, ``measurements`` and ``reports`` when there are such
records, with the CSV files' columns; every cell is text, so nothing is reinterpreted (an id
``2018-1`` stays an id, a title ``=A1`` is no formula). Reading takes such a workbook (the
``nodes`` and/or ``edges`` sheets are needed), or, for a portfolio, the first sheet. Cells
Excel typed itself are read as the interchange spells them: a date cell as
``2018-04-01``, a number ``40`` as ``40``, TRUE as ``true``. Rows are located as
``file, sheet S row N``.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from contextlib import suppress
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..collector import collector_paused
from ..domain import Problem, ValidationError
from .csv_situation import (
    SITUATION_COLUMNS,
    SITUATION_CSV_FILES,
    read_situation_tables,
    situation_rows,
)
from .csv_tables import CSV_FILES, ORGANISATION_FIELDS, REGION_FIELDS, read_tables, rows_of
from .field_names import EDGE_FIELDS, NODE_FIELDS
from .fields import edge_text, node_text
from .reading import MAX_BYTES, Reading, check_size
from .xlsx_cells import calamine_rows

if TYPE_CHECKING:
    from openpyxl import Workbook

__all__ = ["XLSX_MAGIC", "dump_xlsx", "is_xlsx", "load_xlsx", "sheet_rows"]

XLSX_MAGIC = b"PK\x03\x04"
"""An xlsx workbook is a zip file: it starts with these bytes."""
CELL_MAX = 32_767
"""The most characters an Excel cell holds: Excel refuses to open a workbook with more."""
_SHEETS = {name.removesuffix(".csv"): name for name in (*CSV_FILES, *SITUATION_CSV_FILES)}


def is_xlsx(data: bytes) -> bool:
    return data.startswith(XLSX_MAGIC)


def text_of(value: Any, number_format: str = "General") -> str:
    """A cell's value as the interchange writes it (``None``: an empty cell); a number
    shown as a percentage (``40 %``, kept as 0.4) is its percent, ``40``."""
    if value is None:
        return ""
    if "%" in number_format and isinstance(value, int | float) and not isinstance(value, bool):
        value = round(value * 100, 6)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheet_rows(data: bytes, name: str) -> dict[str, list[tuple[int, list[str]]]]:
    """Every sheet's non-blank rows (row number, cells as text), by sheet title: read by
    calamine where the values alone say it (``xlsx_cells.py``), else by openpyxl."""
    quick = calamine_rows(data, text_of)
    return quick if quick is not None else openpyxl_rows(data, name)


def openpyxl_rows(data: bytes, name: str) -> dict[str, list[tuple[int, list[str]]]]:
    """``sheet_rows`` by openpyxl, which reads styles too, and words every refusal."""
    # openpyxl is imported where a workbook is read or written, not with the module: the
    # API server and the CLI start without it (0.1-0.15 s of every start).
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError) as exc:
        raise ValidationError.one(
            "xlsx", f"the file is not an Excel workbook (.xlsx): {exc}", where=name
        ) from None
    sheets: dict[str, list[tuple[int, list[str]]]] = {}
    try:
        for sheet in book.worksheets:
            rows = sheets.setdefault(sheet.title, [])
            for number, row in enumerate(sheet.iter_rows(), start=1):
                # Only a number can be a percentage: the style is looked up for those alone.
                cells = [
                    text_of(c.value, c.number_format)
                    if type(c.value) is float or type(c.value) is int
                    else text_of(c.value)
                    for c in row
                ]
                while cells and not cells[-1]:
                    cells.pop()
                if "".join(cells).strip():
                    rows.append((number, cells))
    finally:
        book.close()
    return sheets


def load_xlsx(data: bytes, name: str = "graph.xlsx", max_bytes: int = MAX_BYTES) -> Reading:
    """A workbook of ``nodes``/``edges`` (``regions``, ``organisations``) sheets, read as
    the CSV files are; every problem is raised with its sheet and row."""
    check_size(len(data), name, max_bytes)
    sheets = sheet_rows(data, name)
    found = {title.strip().lower(): rows for title, rows in sheets.items()}
    if not ({"nodes", "edges"} & set(found)):
        raise ValidationError.one(
            "xlsx-sheets",
            "a workbook import needs a sheet 'nodes' and/or 'edges' (and may have 'regions', "
            f"'organisations'); the sheets are {', '.join(repr(t) for t in sheets)}",
            where=name,
        )
    problems: list[Problem] = []
    tables = {
        _SHEETS[sheet]: rows_of(
            _SHEETS[sheet], f"{name}, sheet {sheet}", iter(rows), problems, "row"
        )
        for sheet, rows in found.items()
        if sheet in _SHEETS
    }
    picture = read_situation_tables(tables, problems)
    reading = read_tables(tables, problems)
    reading.sources.update(picture.pop("_sources"))
    reading.document.update(picture)
    reading.report.extend(
        f"{name}: sheet {title!r} is not one of ours and was not read"
        for title in sheets
        if title.strip().lower() not in _SHEETS
    )
    if "edges" not in found:
        reading.report.append(f"{name}: no edges sheet: only nodes were read")
    return reading


def _sheet(book: Workbook, title: str, columns: tuple[str, ...], rows: Any) -> None:
    from openpyxl.cell import WriteOnlyCell

    sheet = book.create_sheet(title)
    sheet.append(list(columns))
    for number, row in enumerate(rows, start=2):
        # An empty text is no cell at all: it reads back the same, and writes in half the time.
        cells: list[Any] = [row.get(column) or None for column in columns]
        for i, value in enumerate(cells):
            if value is None:
                continue
            if len(value) > CELL_MAX:
                raise ValidationError.one(
                    "xlsx-cell",
                    f"sheet {title} row {number}, column {columns[i]}: {len(value):,} "
                    f"characters, and an Excel cell holds at most {CELL_MAX:,}; export JSON "
                    "or CSV instead",
                    where=f"{title}[{number - 2}].{columns[i]}",
                )
            if value.startswith("="):  # openpyxl would run it
                cell = WriteOnlyCell(sheet, value)
                cell.data_type = "s"  # text, always: "=A1" is a title, not a formula
                cells[i] = cell
        sheet.append(cells)


def dump_xlsx(doc: Mapping[str, Any]) -> bytes:
    """The interchange dict as a workbook of four sheets (and those of the situational
    picture there is), every cell text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    out = io.BytesIO()
    try:
        with collector_paused():
            _sheet(book, "nodes", NODE_FIELDS, map(node_text, doc.get("nodes", [])))
            _sheet(book, "edges", EDGE_FIELDS, map(edge_text, doc.get("edges", [])))
            _sheet(book, "regions", REGION_FIELDS, doc.get("regions", []))
            _sheet(book, "organisations", ORGANISATION_FIELDS, doc.get("organisations", []))
            for name, rows in situation_rows(doc).items():
                _sheet(book, name.removesuffix(".csv"), SITUATION_COLUMNS[name][0], rows)
    except BaseException:
        # A refusal half-way leaves the sheets' writers open: saving closes them and their
        # temporary files (collected open, they raise in whatever runs at that moment).
        with suppress(Exception):
            book.save(io.BytesIO())
        raise
    book.save(out)
    return out.getvalue()
