"""The situational picture over HTTP: ``exportGraph`` carries what the reader may see (a
viewer of another region no draft risk), and ``importGraph`` of the export into an empty
store tells the records it added, then that nothing changed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from strategygraph.data import demo_situation
from strategygraph.domain.access import Role
from strategygraph.domain.situation import Risk
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore

from .conftest import Served, serve

EXPORT = """
query ($format: InterchangeFormat!, $region: ID) {
  exportGraph(format: $format, region: $region) { format content files { name content } }
}
"""
IMPORT = """
mutation ($input: ImportGraphInput!) {
  importGraph(input: $input) { dryRun recordsAdded recordsChanged recordsUnchanged }
}
"""


@pytest.fixture(scope="module")
def pictured() -> Iterator[Served]:
    store = EmbeddedStore(":memory:")
    service = StrategyService(store)
    load_demo(service)
    load_situation(service, demo_situation(), "demo")
    draft = Risk("kym-risk-draft", "kymenlaakso", "Luonnos", threatens=("kym-ch-change-success",))
    sit.put_risk(service, draft, "demo", create=True)
    try:
        with serve(store) as served:
            yield served
    finally:
        store.close()


def _risks(served: Served, roles: list[tuple[Role, str]]) -> list[str]:
    api = served.api(f"reader-{roles[0][1]}", roles)  # grants add up per user
    content = api(EXPORT, format="JSON", region="kymenlaakso")["exportGraph"]["content"]
    return [r["id"] for r in json.loads(content)["risks"]]


def test_a_draft_risk_is_exported_only_to_viewers_of_its_region(pictured: Served) -> None:
    approved = len(demo_situation()["risks"])
    inside = _risks(pictured, [(Role.VIEWER, "kymenlaakso")])
    assert "kym-risk-draft" in inside and len(inside) == approved + 1
    outside = _risks(pictured, [(Role.VIEWER, "uusimaa")])
    assert "kym-risk-draft" not in outside and len(outside) == approved


def test_import_tells_the_records(pictured: Served) -> None:
    exported = pictured.api()(EXPORT, format="CSV", region=None)["exportGraph"]
    names = [f["name"] for f in exported["files"]]
    assert {"risks.csv", "indicators.csv", "measurements.csv", "reports.csv"} <= set(names)
    picture = demo_situation()
    count = sum(len(picture[k]) for k in ("risks", "indicators", "measurements", "reports"))
    empty = EmbeddedStore(":memory:")
    try:
        with serve(empty) as target:
            api = target.api()
            given = {"format": "CSV", "files": exported["files"]}
            done = api(IMPORT, input=given)["importGraph"]
            assert len(done["recordsAdded"]) == count + 1  # and the draft
            again = api(IMPORT, input=given)["importGraph"]
            assert (again["recordsAdded"], again["recordsChanged"]) == ([], [])
            assert again["recordsUnchanged"] == count + 1
    finally:
        empty.close()
