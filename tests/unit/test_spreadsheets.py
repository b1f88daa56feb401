"""Spreadsheets: the Finnish Excel CSV dialect both ways, xlsx workbooks both ways, a
portfolio workbook with a column mapping, and where imported rows came from."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from strategygraph.cli import main
from strategygraph.domain import ValidationError
from strategygraph.interchange import open_path, write_path
from strategygraph.interchange.csv_format import dump_csv, read_csv
from strategygraph.interchange.portfolio import load_portfolio
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.unit.test_formats_csv import comparable, finnish_document, portfolio_graph, service_with

FINNISH_NODES = (
    "id;kind;region;title;status;approved_by;decision_date;progress;health;start_date;due_date\r\n"
    "ch;CHALLENGE;r1;Tiedolla johtaminen;;;;;;;\r\n"
    "p1;STRATEGIC_PROJECT;r1;Digitaalisen road mapin luominen;APPROVED;Maakuntahallitus;"
    "1.4.2018;40 %;keltainen;1.4.2018;31.12.2019\r\n"
    "p2;STRATEGIC_PROJECT;r1;Sote-keskus Kärkölä;;;;75,0 %;gul;;\r\n"
)
FINNISH_EDGES = (
    "source;relation;target;inferred;note\r\n"
    "p1;ADDRESSES;ch;TOSI;Päätös\r\n"
    "p2;ADDRESSES;ch;EPÄTOSI;\r\n"
)


def finnish_folder(tmp_path: Path, encoding: str) -> Path:
    """nodes.csv and edges.csv as Finnish Excel saves them (``;``, dates, words)."""
    folder = tmp_path / "excel"
    folder.mkdir()
    (folder / "nodes.csv").write_bytes(FINNISH_NODES.encode(encoding))
    (folder / "edges.csv").write_bytes(FINNISH_EDGES.encode(encoding))
    return folder


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_a_finnish_excel_csv_imports_cleanly(tmp_path: Path, encoding: str) -> None:
    folder = finnish_folder(tmp_path, encoding)
    reading = read_csv(folder)
    nodes = {n["id"]: n for n in reading.document["nodes"]}
    assert nodes["p1"]["decision_date"] == "2018-04-01"
    assert (nodes["p1"]["start_date"], nodes["p1"]["due_date"]) == ("2018-04-01", "2019-12-31")
    assert (nodes["p1"]["progress"], nodes["p1"]["health"]) == (40, "AMBER")
    assert (nodes["p2"]["progress"], nodes["p2"]["health"]) == (75, "AMBER")  # Swedish "gul"
    edges = reading.document["edges"]
    assert [(e["source"], e.get("inferred", False)) for e in edges] == [
        ("p1", True),
        ("p2", False),
    ]
    assert edges[0]["note"] == "Päätös"
    if encoding == "cp1252":
        assert reading.report[:2] == [
            f"{name}.csv is not UTF-8: read as Windows-1252 (Finnish Excel's CSV)"
            for name in ("nodes", "edges")
        ]
        assert nodes["p2"]["title"] == "Sote-keskus Kärkölä"
    service = service_with(portfolio_graph())
    outcome = reading.import_with(lambda d: service.import_document(d, "test"))
    assert outcome.plan.added == ["p1", "p2"]


def test_a_bad_finnish_date_is_told_as_typed(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "nodes.csv").write_text(
        "id;kind;region;title;start_date\r\np;STRATEGIC_PROJECT;r1;P;30.2.2018\r\n", "utf-8"
    )
    with pytest.raises(ValidationError) as exc:
        read_csv(folder)
    (problem,) = exc.value.problems
    assert (problem.where, problem.field, problem.message) == (
        "nodes.csv line 2",
        "start_date",
        "node 'p': 'start_date' '30.2.2018' is not a date (day.month.year, e.g. 1.4.2018)",
    )


def test_the_finnish_export_reimports_unchanged(tmp_path: Path) -> None:
    first = service_with(finnish_document()).export_document()
    files = dump_csv(first, "fi")
    nodes = files["nodes.csv"].decode("utf-8-sig")
    assert nodes.startswith("id;kind;region;title;")
    assert ";1.3.2018;" in nodes and ";31.12.2019;" in nodes  # decision and due dates
    assert "TOSI" in files["edges.csv"].decode("utf-8-sig")
    write_path(first, tmp_path / "fi", "csv", dialect="fi")
    second = StrategyService(EmbeddedStore())
    open_path(tmp_path / "fi").import_with(lambda d: second.import_document(d, "test"))
    assert comparable(second.export_document()) == comparable(first)
    again = open_path(tmp_path / "fi").import_with(lambda d: second.import_document(d, "test"))
    assert again.plan.added == again.plan.changed == [] and again.plan.edges_added == 0


def test_the_cli_writes_the_finnish_dialect(tmp_path: Path) -> None:
    store = tmp_path / "g.db"
    service = StrategyService(EmbeddedStore(str(store)))
    service.import_document(finnish_document(), "test")
    service.store.close()  # type: ignore[attr-defined]
    result = CliRunner().invoke(
        main,
        [
            *("--store", f"sqlite:///{store}", "export", "--format", "csv"),
            *("--csv-dialect", "excel-fi", "-o", str(tmp_path / "out")),
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "nodes.csv").read_bytes().decode("utf-8-sig").count(";") > 20


def test_an_xlsx_workbook_round_trips(tmp_path: Path) -> None:
    first = service_with(finnish_document()).export_document()
    write_path(first, tmp_path / "graph.xlsx", "xlsx")
    book = load_workbook(tmp_path / "graph.xlsx")
    assert book.sheetnames == ["nodes", "edges", "regions", "organisations"]
    titles = [c.value for c in book["nodes"]["D"]]
    formula = next(c for c in book["nodes"]["D"] if c.value == "=SUMMA(A1:A9)")
    assert "=SUMMA(A1:A9)" in titles and formula.data_type == "s"  # text, not a formula
    second = StrategyService(EmbeddedStore())
    reading = open_path(tmp_path / "graph.xlsx")
    assert reading.sources["nodes"][0] == "graph.xlsx, sheet nodes row 2"
    reading.import_with(lambda d: second.import_document(d, "test"))
    assert comparable(second.export_document()) == comparable(first)


def portfolio_workbook(path: Path) -> Path:
    """A portfolio as a planner makes it in Excel: own column names, typed cells."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Hankkeet"
    sheet.append(["Hankkeen nimi", "Tavoite", "Liikennevalo", "Valmius", "Alkaa", "Huom"])
    sheet.append(["Digitaalinen tiekartta", "Tiedolla johtaminen", "keltainen", 0.4, None, "x"])
    sheet["D2"].number_format = "0 %"
    sheet["E2"] = date(2018, 4, 1)
    sheet.append(["Sote-keskus", "ch", "vihreä", 75, date(2019, 1, 15), None])
    book.save(path)
    return path


def test_an_xlsx_portfolio_with_a_column_mapping(tmp_path: Path) -> None:
    nodes = service_with(portfolio_graph()).store.nodes()
    data = portfolio_workbook(tmp_path / "hankkeet.xlsx").read_bytes()
    columns = {"title": "Hankkeen nimi", "serves": "tavoite", "progress": "Valmius"}
    reading = load_portfolio(data, nodes, region="r1", name="hankkeet.xlsx", columns=columns)
    road, sote = reading.document["nodes"]
    assert (road["title"], road["progress"], road["health"]) == (
        "Digitaalinen tiekartta",
        40,
        "AMBER",
    )
    assert road["start_date"] == "2018-04-01" and sote["start_date"] == "2019-01-15"
    assert road["attributes"] == {"imported_from": "hankkeet.xlsx, sheet Hankkeet row 2"}
    assert sote["attributes"] == {"imported_from": "hankkeet.xlsx, sheet Hankkeet row 3"}
    assert [e["target"] for e in reading.document["edges"]] == ["ch-tieto", "ch"]
    assert (
        "hankkeet.xlsx, sheet Hankkeet: column 'Huom' is not a portfolio column"
        in (reading.report[0])
    )


def test_the_cli_imports_a_portfolio_workbook_with_columns(tmp_path: Path) -> None:
    store = tmp_path / "g.db"
    StrategyService(EmbeddedStore(str(store))).import_document(portfolio_graph(), "test")
    book = portfolio_workbook(tmp_path / "hankkeet.xlsx")
    mapping = tmp_path / "sarakkeet.json"
    mapping.write_text(json.dumps({"title": "Hankkeen nimi", "progress": "Valmius"}), "utf-8")
    args = ["--store", f"sqlite:///{store}", "import", str(book), "--region", "r1"]
    args += ["--mapping", str(mapping), "--column", "serves=Tavoite", "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output[result.output.index("{") :])
    assert summary["added"] == ["digitaalinen-tiekartta", "sote-keskus"]
    node = StrategyService(EmbeddedStore(str(store))).store.get_node("sote-keskus")
    assert node.attributes["imported_from"] == "hankkeet.xlsx, sheet Hankkeet row 3"


def test_a_column_mapping_naming_no_column_is_refused() -> None:
    nodes = service_with(portfolio_graph()).store.nodes()
    sheet = b"Nimi;Tavoite\r\nA;ch\r\n"
    with pytest.raises(ValidationError) as exc:
        load_portfolio(sheet, nodes, columns={"serves": "Palvelee", "budget": "Nimi"})
    assert [(p.where, p.message) for p in exc.value.problems] == [
        (
            "portfolio.csv line 1",
            "'budget' is not a portfolio column; the columns are id, title, region, owner, "
            "phase, start_date, due_date, progress, health, serves, description, status, "
            "organisation, tags",
        ),
        (
            "portfolio.csv line 1",
            "the column mapping names 'Palvelee' for 'serves', but the header row has no such "
            "column",
        ),
    ]


def test_a_portfolio_row_with_more_cells_than_headers_is_named() -> None:
    nodes = service_with(portfolio_graph()).store.nodes()
    sheet = b"title;serves\r\nA;ch\r\nB;ch;Tiedolla johtaminen\r\n"
    with pytest.raises(ValidationError) as exc:
        load_portfolio(sheet, nodes, region="r1")
    (problem,) = exc.value.problems
    assert (problem.where, problem.message) == (
        "portfolio.csv line 3",
        "the row has 3 cells but the header has 2 columns: cell 3 'Tiedolla johtaminen' has "
        "no column (a separator inside a value that is not quoted?)",
    )


def test_a_bad_portfolio_date_is_told_as_typed() -> None:
    nodes = service_with(portfolio_graph()).store.nodes()
    with pytest.raises(ValidationError) as exc:
        load_portfolio(b"title;serves;due\r\nA;ch;31.13.2018\r\n", nodes, region="r1")
    (problem,) = exc.value.problems
    assert (problem.where, problem.field, problem.message) == (
        "portfolio.csv line 2",
        "due_date",
        "'due_date' '31.13.2018' is not a date (day.month.year, e.g. 1.4.2018)",
    )


def test_a_file_that_is_neither_utf8_nor_windows_1252_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "neither"
    folder.mkdir()
    (folder / "nodes.csv").write_bytes(b"id;kind;region;title\r\nch;CHALLENGE;r1;T\x81\xe4\r\n")
    with pytest.raises(ValidationError) as exc:
        read_csv(folder)
    (problem,) = exc.value.problems
    assert (problem.where, problem.message) == (
        "nodes.csv line 2",
        "the file is not UTF-8: byte 0x81 cannot be read (save it as UTF-8, e.g. 'CSV UTF-8' "
        "in a spreadsheet program)",
    )
