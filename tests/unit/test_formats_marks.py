"""Format version 2: an edge's suspect mark survives every format (JSON, CSV, GraphML),
text with CRLF line ends keeps them, and a version 1 file still imports."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from strategygraph.domain import Status
from strategygraph.interchange import FORMAT_VERSION, dump_files, load_files
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document


def suspect_service() -> StrategyService:
    """The small graph with ``line`` approved and then retitled: the edges into it
    (from ``ch`` and ``ch-open``) are suspect; one edge note has CRLF line ends."""
    service = StrategyService(EmbeddedStore())
    doc = small_document()
    doc["edges"][4]["note"] = "rivi 1\r\nrivi 2\r\n"
    doc["nodes"][4]["description"] = "kuvaus\r\ntoinen rivi"
    service.import_document(doc, "loader")
    service.set_status("line", Status.PROPOSED, "loader")
    service.set_status(
        "line", Status.APPROVED, "loader", approved_by="Hallitus", decision_date=date(2026, 1, 15)
    )
    service.update_node("line", {"title": "Uusi otsikko"}, None, "mia")
    return service


def marks(service: StrategyService) -> dict[tuple[str, str], tuple[Any, Any]]:
    return {e.key: (e.suspect_at, e.suspect_by) for e in service.store.edges() if e.suspect}


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml"])
def test_suspect_marks_and_crlf_survive_a_round_trip(fmt: str) -> None:
    first = suspect_service()
    before = marks(first)
    assert sorted(before) == [("ch", "line"), ("ch-open", "line")]
    assert {by for _, by in before.values()} == {"mia"}
    files = dump_files(first.export_document(), fmt)
    second = StrategyService(EmbeddedStore())
    second.import_document(load_files(fmt, files).document, "copier")
    assert marks(second) == before
    note = next(e.note for e in second.store.edges() if e.key == ("ch-open", "line"))
    assert note == "rivi 1\r\nrivi 2\r\n"
    assert second.store.get_node("line").description == "kuvaus\r\ntoinen rivi"
    again = second.import_document(load_files(fmt, files).document, "copier")
    assert again.plan.operations == []


def test_json_export_is_version_2_with_marks_only_on_suspect_edges() -> None:
    doc = suspect_service().export_document()
    assert doc["format_version"] == FORMAT_VERSION == 2
    marked = [e for e in doc["edges"] if "suspect_at" in e]
    assert sorted(e["source"] for e in marked) == ["ch", "ch-open"]
    assert all(e["suspect_by"] == "mia" for e in marked)


def test_an_import_without_marks_keeps_them_and_one_with_marks_restores_them() -> None:
    service = suspect_service()
    before = marks(service)
    v1 = service.export_document()
    v1["format_version"] = 1
    for edge in v1["edges"]:
        edge.pop("suspect_at", None)
        edge.pop("suspect_by", None)
    assert service.import_document(v1, "loader").plan.operations == []
    assert marks(service) == before
    service.review_link("ch", service.store.edges("ch")[0].relation, "line", "loader")
    assert ("ch", "line") not in marks(service)
    v2 = json.loads(json.dumps(suspect_service().export_document()))
    service.import_document(v2, "loader")
    assert ("ch", "line") in marks(service)
