"""A workbook's cell values read by calamine (Rust, through python-calamine): some twenty
times openpyxl's read-only mode (a 120,000-node workbook: minutes with openpyxl).

calamine reads values, not styles, so it serves workbooks whose values alone say what the
cells mean: a workbook with a percentage format (``40 %`` is kept as 0.4 and read as
``40``), a sheet that is not a worksheet, or one calamine cannot open goes to openpyxl
(``xlsx.sheet_rows``), which also words every refusal. ``tests/unit/test_xlsx_cells.py``
checks that the two read the same rows.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

__all__ = ["calamine_rows"]

_PERCENT = re.compile(rb'%|numFmtId="(?:9|10)"')
"""A percentage in the style sheet: a custom format with ``%`` or the built-in formats 9
(``0%``) and 10 (``0.00%``). Anything else with ``%`` only sends the file the slower way."""
_ERRORS = (b't="e"', b"t='e'")
"""An error cell (``#DIV/0!``): calamine reads it as empty, openpyxl as its text."""
_BLOCK = 1 << 20

Rows = dict[str, list[tuple[int, list[str]]]]


def _needs_openpyxl(data: bytes) -> bool:
    """Is this no Excel workbook (openpyxl words the refusal; calamine would also read an
    OpenDocument sheet), or one with a percentage format?"""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            names = set(book.namelist())
            styles = book.read("xl/styles.xml") if "xl/styles.xml" in names else b""
            if "xl/workbook.xml" not in names or _PERCENT.search(styles):
                return True
            sheets = (n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
            return any(_has_error_cell(book, sheet) for sheet in sheets)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError):
        return True


def _has_error_cell(book: zipfile.ZipFile, name: str) -> bool:
    """Read in blocks (a national sheet is some 100 MB of XML), each searched with the
    end of the one before, so an attribute split between two is found."""
    tail = b""
    with book.open(name) as part:
        while block := part.read(_BLOCK):
            joined = tail + block
            if any(error in joined for error in _ERRORS):
                return True
            tail = block[-16:]
    return False


def calamine_rows(data: bytes, text_of: Callable[[Any], str]) -> Rows | None:
    """Every sheet's non-blank rows (row number, cells as ``text_of`` spells them), by
    sheet title, as ``xlsx.sheet_rows`` reads them; None when the workbook needs openpyxl."""
    from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum

    if _needs_openpyxl(data):
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        if any(sheet.typ is not SheetTypeEnum.WorkSheet for sheet in book.sheets_metadata):
            return None
        sheets: Rows = {}
        for title in book.sheet_names:
            rows = sheets.setdefault(title, [])
            # From A1, not from the first cell with a value: row numbers are the sheet's.
            cells = book.get_sheet_by_name(title).to_python(skip_empty_area=False)
            for number, row in enumerate(cells, start=1):
                texts = [text_of(value) for value in row]
                while texts and not texts[-1]:
                    texts.pop()
                if "".join(texts).strip():
                    rows.append((number, texts))
    except (CalamineError, ValueError, OSError):
        return None
    return sheets
