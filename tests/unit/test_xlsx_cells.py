"""calamine reads a workbook's rows as openpyxl does (``interchange/xlsx_cells.py``), and
leaves to openpyxl what only it reads right: percentage formats and files that are not
Excel workbooks."""

from __future__ import annotations

import gc
import io
import zipfile
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from strategygraph.domain import ValidationError
from strategygraph.interchange.xlsx import CELL_MAX, dump_xlsx, openpyxl_rows, sheet_rows, text_of
from strategygraph.interchange.xlsx_cells import calamine_rows

TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="="), max_size=12
) | st.sampled_from(["", " ", " x ", "1.4.2018", "TOSI", "0012", "40 %", "ääkköset"])
VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=64).filter(lambda f: abs(f) < 1e15),
    st.booleans(),
    st.dates(date(1901, 1, 1), date(2099, 12, 31)),
    st.datetimes(datetime(1901, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
)
SHEET = st.tuples(
    st.integers(0, 3),  # blank rows above
    st.integers(0, 2),  # blank columns to the left
    st.lists(st.lists(VALUES, max_size=6), max_size=6),
)


def workbook(sheets: list[tuple[int, int, list[list[Any]]]]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for number, (top, left, rows) in enumerate(sheets):
        sheet = book.create_sheet(f"taulu {number}")
        for r, row in enumerate(rows, start=top + 1):
            for c, value in enumerate(row, start=left + 1):
                if value is not None:
                    sheet.cell(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SHEET, min_size=1, max_size=3))
def test_calamine_reads_the_rows_openpyxl_reads(sheets: list[Any]) -> None:
    data = workbook(sheets)
    assert calamine_rows(data, text_of) == openpyxl_rows(data, "t.xlsx")


def test_many_rows_and_an_offset_sheet_read_the_same() -> None:
    rows = [
        [f"id-{i}", "STRATEGIC_PROJECT", 40 + i, 0.5, date(2018, 4, 1), None] for i in range(500)
    ]
    data = workbook([(0, 0, rows), (2, 1, rows[:3])])
    read = calamine_rows(data, text_of)
    assert read is not None
    assert read == openpyxl_rows(data, "t.xlsx")
    assert read["taulu 0"][0] == (1, ["id-0", "STRATEGIC_PROJECT", "40", "0.5", "2018-04-01"])


def test_a_sheet_with_an_error_cell_goes_to_openpyxl() -> None:
    data = workbook([(0, 0, [["a", 1]])])
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {n: src.read(n) for n in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b'<c r="B1" t="n"><v>1</v></c>', b'<c r="B1" t="e"><v>#DIV/0!</v></c>'
    )
    assert parts["xl/worksheets/sheet1.xml"] != sheet
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name, part in parts.items():
            dst.writestr(name, part)
    crafted = out.getvalue()
    assert calamine_rows(crafted, text_of) is None  # it reads the error as an empty cell
    assert sheet_rows(crafted, "t.xlsx") == {"taulu 0": [(1, ["a", "#DIV/0!"])]}


def test_a_percentage_format_goes_to_openpyxl() -> None:
    book = Workbook()
    book.active.title = "nodes"
    book.active["A1"] = "progress"
    book.active["A2"] = 0.4
    book.active["A2"].number_format = "0 %"
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    assert calamine_rows(data, text_of) is None
    assert sheet_rows(data, "t.xlsx")["nodes"] == [(1, ["progress"]), (2, ["40"])]


def test_a_zip_that_is_no_workbook_is_refused_as_before() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:  # an OpenDocument sheet's shape: calamine reads it
        dst.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        dst.writestr("content.xml", "<office:document-content/>")
    data = out.getvalue()
    assert calamine_rows(data, text_of) is None
    with pytest.raises(ValidationError, match=r"not an Excel workbook \(\.xlsx\)"):
        sheet_rows(data, "salkku.xlsx")


def test_times_and_durations_read_as_openpyxl_reads_them() -> None:
    data = workbook([(0, 0, [[time(12, 30), timedelta(hours=30), datetime(2018, 4, 1, 12)]])])
    assert calamine_rows(data, text_of) == openpyxl_rows(data, "t.xlsx")


def test_a_text_longer_than_an_excel_cell_is_refused_with_its_place() -> None:
    doc = {"regions": [{"id": "kymenlaakso", "name": "Kymenlaakso"}, {"id": "x", "name": "y"}]}
    assert "regions" in sheet_rows(dump_xlsx(doc), "t.xlsx")
    doc["regions"][1]["name"] = "ä" * (CELL_MAX + 1)
    with pytest.raises(ValidationError) as refused:
        dump_xlsx(doc)
    assert "sheet regions row 3, column name: 32,768 characters" in str(refused.value)
    assert "at most 32,767" in str(refused.value)
    del refused  # its traceback holds the half-written workbook
    gc.collect()  # which leaves nothing open to fail when collected (unraisable, -W error)
