"""A portfolio sheet's layout: its rows (a CSV file, or one sheet of an xlsx workbook) and
which column holds which portfolio field.

A column is known by any of its field's names (``COLUMN_ALIASES``: English and Finnish,
case-insensitive) or by the caller's column mapping, which wins. Its own module because
this is all that depends on how a sheet is laid out; ``portfolio`` reads the rows.

>>> read_header(["Nimi", "Palvelee", "Budjetti"], None, "here")
(['title', 'serves', 'Budjetti'], [])
>>> read_header(["Hankkeen nimi", "serves"], {"title": "Hankkeen nimi"}, "here")[0]
['title', 'serves']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..domain import Problem, ValidationError
from .csv_text import decode_csv, records
from .xlsx import is_xlsx, sheet_rows

__all__ = ["COLUMN_ALIASES", "read_header", "sheet_records"]

COLUMN_ALIASES = {
    "id": ("id", "tunnus"),
    "title": ("title", "name", "nimi", "hanke", "project"),
    "region": ("region", "alue", "maakunta"),
    "owner": ("owner", "omistaja", "vastuuhenkilö"),
    "phase": ("phase", "vaihe"),
    "start_date": ("start_date", "start", "alkaa", "alkupäivä"),
    "due_date": ("due_date", "due", "end_date", "päättyy", "loppupäivä"),
    "progress": ("progress", "edistyminen", "valmiusaste"),
    "health": ("health", "terveys", "liikennevalo"),
    "serves": ("serves", "palvelee"),
    "description": ("description", "kuvaus"),
    "status": ("status",),
    "organisation": ("organisation", "organization", "organisaatio"),
    "tags": ("tags", "tunnisteet"),
}
"""Each portfolio field → the header names it is known by (lower case)."""
_COLUMN = {alias: name for name, aliases in COLUMN_ALIASES.items() for alias in aliases}


def read_header(
    cells: list[str], columns: Mapping[str, str] | None, where: str
) -> tuple[list[str], list[Problem]]:
    """The portfolio field of each header cell: by ``columns`` (field → header as the
    sheet has it, case-insensitive) first, then by the known names of each field."""
    wanted = {h.strip().lower(): f for f, h in (columns or {}).items()}
    problems = [
        Problem(
            "column-mapping",
            f"{f!r} is not a portfolio column; the columns are {', '.join(COLUMN_ALIASES)}",
            f,
            where,
        )
        for f in (columns or {})
        if f not in COLUMN_ALIASES
    ]
    header = []
    for cell in cells:
        key = cell.strip().lower()
        found = wanted.get(key) or _COLUMN.get(key, cell.strip())
        if key not in wanted and found in wanted.values():
            found = f"{cell.strip()} "  # the mapping reads this field from another column
        header.append(found)
    given = {c.strip().lower() for c in cells}
    problems.extend(
        Problem(
            "column-mapping",
            f"the column mapping names {h!r} for {f!r}, but the header row has no such column",
            f,
            where,
        )
        for f, h in (columns or {}).items()
        if f in COLUMN_ALIASES and h.strip().lower() not in given
    )
    return header, problems


def sheet_records(
    data: bytes, name: str, sheet: str | None, notes: list[str]
) -> tuple[str, Iterator[tuple[int, list[str]]], str]:
    """The label rows are located by, the rows, and their unit (``line`` or ``row``)."""
    if is_xlsx(data):
        sheets = sheet_rows(data, name)
        if sheet is not None and sheet not in sheets:
            raise ValidationError.one(
                "xlsx-sheets",
                f"no sheet {sheet!r}; the sheets are {', '.join(repr(t) for t in sheets)}",
                "sheet",
                name,
            )
        title = sheet if sheet is not None else next(iter(sheets), "")
        return f"{name}, sheet {title}", iter(sheets.get(title, [])), "row"
    text, note = decode_csv(data, name)
    if note:
        notes.append(note)
    return name, records(text, name), "line"
