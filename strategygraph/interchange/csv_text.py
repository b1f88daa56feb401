"""CSV text: the bytes of one file to records and back, as spreadsheet programs write and
read them.

Writing: UTF-8 with a byte-order mark, CRLF line ends, a cell that a spreadsheet would run
as a formula protected with a leading ``'``. Reading: UTF-8 (with or without a BOM), UTF-16
with a BOM, or Finnish Excel's Windows-1252; the delimiter sniffed from the header row;
each non-blank record with its line. What the records mean (our tables' columns) is
``csv_tables``; this module is the file level shared by the CSV format (``csv_format``)
and the portfolio sheet (``portfolio_sheet``).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator, Mapping
from types import SimpleNamespace
from typing import Any

from ..domain import ValidationError
from .csv_cells import FORMULA, write_lines
from .reading import decode_utf8

__all__ = ["decode_csv", "records", "sniff_delimiter", "table", "text_table"]


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
