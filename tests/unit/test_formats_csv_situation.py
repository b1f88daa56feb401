"""The situational picture in a CSV folder: ``risks.csv``, ``indicators.csv``,
``measurements.csv`` and ``reports.csv`` written beside the graph's files and read back
into equal records; each optional; problems told by file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from strategygraph.data import demo_situation
from strategygraph.domain import ValidationError
from strategygraph.interchange import write_path
from strategygraph.interchange.csv_format import dump_csv, load_csv, read_csv
from strategygraph.interchange.xlsx import dump_xlsx, load_xlsx, sheet_rows
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document
from tests.contract.test_situation_interchange import records

SITUATION = ("risks.csv", "indicators.csv", "measurements.csv", "reports.csv")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    store = EmbeddedStore(str(tmp_path_factory.mktemp("demo") / "graph.db"))
    try:
        service = StrategyService(store)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        return service.export_document(), records(store)
    finally:
        store.close()


@pytest.mark.parametrize("dialect", ["standard", "fi"])
def test_the_demo_picture_round_trips_through_csv(
    demo: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path, dialect: str
) -> None:
    document, expected = demo
    written = write_path(document, tmp_path / "out", "csv", dialect=dialect)
    assert [p.name for p in written][4:] == list(SITUATION)
    store = EmbeddedStore(str(tmp_path / "copy.db"))
    try:
        service = StrategyService(store)
        reading = read_csv(tmp_path / "out")
        reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert records(store) == expected
        version = store.version()
        again = read_csv(tmp_path / "out").import_with(
            lambda doc: service.import_document(doc, "importer")
        )
        assert again.plan.operations == []
        assert store.version() == version
    finally:
        store.close()


def test_the_situation_files_are_optional_and_stale_ones_removed(tmp_path: Path) -> None:
    files = dump_csv(small_document())
    assert sorted(files) == ["edges.csv", "nodes.csv", "organisations.csv", "regions.csv"]
    (tmp_path / "risks.csv").write_text("id,region,title\r\nold,r1,Vanha\r\n", encoding="utf-8")
    write_path(small_document(), tmp_path, "csv")
    assert not (tmp_path / "risks.csv").exists()
    assert "risks" not in read_csv(tmp_path).document


def _folder(**files: str) -> dict[str, bytes]:
    graph = dump_csv(small_document())
    return {**graph, **{f"{k}.csv": v.encode() for k, v in files.items()}}


def test_problems_are_told_by_file_and_line() -> None:
    with pytest.raises(ValidationError) as info:
        load_csv(
            _folder(
                risks="id,region,title,likelihood\r\nr-1,r1,Aikataulu,viisi\r\n",
                measurements="indicator,on,value\r\nnone,2020-01-01,3\r\n",
            )
        )
    assert [(p.rule, p.field, p.where) for p in info.value.problems] == [
        ("number", "likelihood", "risks.csv line 2"),
        ("unknown-indicator", "indicator", "measurements.csv line 2"),
    ]
    assert info.value.problems[0].message == "'likelihood' 'viisi' is not a whole number"


def test_a_refused_reading_is_told_by_its_row(tmp_path: Path) -> None:
    files = _folder(
        indicators="id,node,title\r\ni-1,proj,Osuus\r\n",
        measurements='indicator,on,value\r\ni-1,1.1.2020,"3,5"\r\ni-1,2020-01-01,4\r\n',
        reports="id,project,on,health,summary\r\nrep-1,proj,2020-02-01,AMBER,S\r\n",
    )
    reading = load_csv(files)
    assert reading.document["indicators"][0]["measurements"] == [
        {"on": "2020-01-01", "value": 3.5},
        {"on": "2020-01-01", "value": 4.0},
    ]
    store = EmbeddedStore(str(tmp_path / "graph.db"))
    try:
        service = StrategyService(store)
        with pytest.raises(ValidationError) as info:
            reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert [(p.rule, p.where) for p in info.value.problems] == [
            ("duplicate-measurement", "measurements.csv line 3")
        ]
        assert store.version() == 0
    finally:
        store.close()


def test_the_demo_picture_round_trips_through_a_workbook(
    demo: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    document, expected = demo
    data = dump_xlsx(document)
    assert {"risks", "indicators", "measurements", "reports"} <= set(sheet_rows(data, "g.xlsx"))
    reading = load_xlsx(data)
    assert reading.report == []
    store = EmbeddedStore(str(tmp_path / "copy.db"))
    try:
        service = StrategyService(store)
        reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert records(store) == expected
    finally:
        store.close()
