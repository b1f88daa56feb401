"""The situational picture through the JSON interchange format, on every adapter: the demo
with its picture exported and imported into a fresh store gives equal records; a second
import changes nothing; a bad record stops the whole file, located; an export carries only
the records of its region that its reader may see."""

from __future__ import annotations

import json
from typing import Any

import pytest

from strategygraph.data import demo_situation
from strategygraph.domain import Status, ValidationError
from strategygraph.domain.access import Principal, Role
from strategygraph.domain.situation import Risk
from strategygraph.domain.situation_states import situation_state
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.situation_state import SituationState
from strategygraph.store.snapshot import fingerprint, read_snapshot
from tests.conftest import small_document


def records(store: GraphStore) -> dict[str, Any]:
    """Every record of the store's picture, as JSON values, in a stable order."""
    state = store.situation  # type: ignore[attr-defined]
    assert isinstance(state, SituationState)
    return {
        "risks": [situation_state(r) for r in sorted(state.risks.values(), key=lambda r: r.id)],
        "indicators": [
            situation_state(i) for i in sorted(state.indicators.values(), key=lambda i: i.id)
        ],
        "measurements": {
            k: [situation_state(m) for m in v] for k, v in sorted(state.readings.items()) if v
        },
        "reports": [situation_state(r) for r in sorted(state.reports.values(), key=lambda r: r.id)],
    }


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    """The demo with its situational picture, exported, and the source's records."""
    source = EmbeddedStore(str(tmp_path_factory.mktemp("source") / "graph.db"))
    try:
        service = StrategyService(source)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        return json.loads(json.dumps(service.export_document())), records(source)
    finally:
        source.close()


def test_the_demo_picture_round_trips(
    service: StrategyService, demo_export: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    document, expected = demo_export
    picture = demo_situation()
    assert len(document["risks"]) == len(picture["risks"]) >= 10
    assert sum(len(i["measurements"]) for i in document["indicators"]) == len(
        picture["measurements"]
    )
    assert len(document["reports"]) == len(picture["reports"])
    outcome = service.import_document(document, "importer")
    assert len(outcome.plan.records_added) == sum(
        len(picture[s]) for s in ("risks", "indicators", "measurements", "reports")
    )
    assert records(service.store) == expected
    version = service.store.version()
    again = service.import_document(document, "importer")
    assert again.plan.operations == []
    assert again.plan.records_unchanged == len(again.plan.records_added) + len(
        outcome.plan.records_added
    )
    assert service.store.version() == version
    assert records(service.store) == expected


def _picture(**risk: Any) -> dict[str, Any]:
    doc = small_document()
    doc["format_version"] = 2
    doc["risks"] = [
        {"id": "r-1", "region": "r1", "title": "Aikataulu", "threatens": ["ch"], **risk}
    ]
    doc["indicators"] = [
        {
            "id": "i-1",
            "node": "proj",
            "title": "Osuus",
            "measurements": [{"on": "2020-01-01", "value": 3}],
        }
    ]
    doc["reports"] = [
        {"id": "rep-1", "project": "proj", "on": "2020-02-01", "health": "AMBER", "summary": "S"}
    ]
    return doc


def test_a_bad_record_stops_the_whole_file(service: StrategyService) -> None:
    with pytest.raises(ValidationError) as info:
        service.import_document(_picture(threatens=["ch", "nowhere"]), "importer")
    assert [(p.rule, p.field, p.where) for p in info.value.problems] == [
        ("dangling-endpoint", "threatens", "risks[0]")
    ]
    assert str(info.value.problems[0].message) == "risk 'r-1': node 'nowhere' does not exist"
    assert service.store.version() == 0
    assert service.store.nodes() == []


def test_schema_problems_name_section_index_and_field(service: StrategyService) -> None:
    doc = _picture(likelihood=9)
    doc["indicators"][0]["measurements"][0]["value"] = "kolme"
    with pytest.raises(ValidationError) as info:
        service.import_document(doc, "importer")
    assert [(p.where, p.message) for p in info.value.problems] == [
        ("indicators[0].measurements[0].value", "'kolme' is not of type 'number'"),
        ("risks[0].likelihood", "9 is greater than the maximum of 5"),
    ]
    assert service.store.version() == 0


def test_a_changed_reading_is_refused_and_a_changed_risk_replaced(
    service: StrategyService,
) -> None:
    service.import_document(_picture(), "importer")
    version = service.store.version()
    doc = _picture(likelihood=5, impact=5)
    doc["indicators"][0]["measurements"][0]["value"] = 4
    with pytest.raises(ValidationError) as info:
        service.import_document(doc, "importer")
    assert [(p.rule, p.field, p.where) for p in info.value.problems] == [
        ("duplicate-measurement", "date", "indicators[0].measurements[0]")
    ]
    assert service.store.version() == version
    doc["indicators"][0]["measurements"][0]["value"] = 3
    outcome = service.import_document(doc, "importer")
    assert outcome.plan.records_changed == ["risk 'r-1'"]
    risk = records(service.store)["risks"][0]
    assert (risk["likelihood"], risk["impact"], risk["version"]) == (5, 5, 2)


def test_an_export_carries_what_its_reader_may_see(service: StrategyService) -> None:
    doc = small_document()
    doc["regions"].append({"id": "r2", "name": "Region Two"})
    doc["nodes"][0]["status"] = "APPROVED"
    service.import_document(doc, "loader")
    sit.put_risk(service, Risk("draft", "r1", "Luonnos", threatens=("goal",)), "a", create=True)
    sit.put_risk(
        service,
        Risk("open", "r1", "Julkinen", threatens=("goal", "ch"), lifecycle=Status.APPROVED),
        "a",
        create=True,
    )
    sit.put_risk(service, Risk("other", "r2", "Toinen", threatens=("goal",)), "a", create=True)
    everything = service.export_document()
    assert [r["id"] for r in everything["risks"]] == ["draft", "open", "other"]
    region = service.export_document("r1")
    assert [r["id"] for r in region["risks"]] == ["draft", "open"]
    stranger = Principal.of("s", [(Role.VIEWER, "r2")])
    seen = service.export_document("r1", reader=stranger)
    assert [(r["id"], r["threatens"]) for r in seen["risks"]] == [("open", ["goal"])]
    insider = Principal.of("i", [(Role.VIEWER, "r1")])
    assert [r["id"] for r in service.export_document("r1", reader=insider)["risks"]] == [
        "draft",
        "open",
    ]


def test_a_file_without_the_picture_keeps_the_stored_one(service: StrategyService) -> None:
    service.import_document(_picture(lifecycle="APPROVED", threatens=["goal", "ch"]), "importer")
    before = records(service.store)
    plain = small_document()
    assert service.import_document(plain, "importer").plan.operations == []
    region_only = service.export_document("r1", reader=Principal.of("s", [(Role.VIEWER, "r2")]))
    assert [r["threatens"] for r in region_only["risks"]] == [["goal"]]
    outcome = service.import_document(region_only, "importer")  # 'ch' is not in the file
    assert outcome.plan.records_changed == []
    assert records(service.store) == before


def test_a_restore_copies_the_picture_as_recorded(
    store: GraphStore, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """What ``migrate`` does: the demo's store, with its picture, restored into this one."""
    source = EmbeddedStore(str(tmp_path_factory.mktemp("restore") / "graph.db"))
    try:
        service = StrategyService(source)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        snapshot = read_snapshot(source)
        expected = fingerprint(snapshot)
        store.restore(snapshot)
        assert fingerprint(read_snapshot(store)) == expected
        assert records(store) == records(source)
    finally:
        source.close()


def test_whole_numbers_written_as_doubles_read_as_integers(service: StrategyService) -> None:
    doc = _picture(likelihood=4.0, impact=2.0)
    doc["reports"][0]["progress"] = 35.0
    service.import_document(doc, "importer")
    stored = records(service.store)
    assert (stored["risks"][0]["likelihood"], stored["risks"][0]["impact"]) == (4, 2)
    assert type(stored["reports"][0]["progress"]) is int
    assert service.import_document(doc, "importer").plan.operations == []
