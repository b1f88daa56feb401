"""The situational picture names only what its reader may open (issue 13): a risk the
reader sees that threatens a DRAFT of another region does not list that node, a status
report does not list a risk hidden from its reader, and a risk write naming a hidden node
answers as for a node that does not exist (an update keeps the threats it could not see)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from strategygraph.domain import Health, Status
from strategygraph.domain.access import Role
from strategygraph.domain.situation import Risk, StatusReport
from strategygraph.service import situation as writes
from strategygraph.service.situation_view import situation_of

from .conftest import Api, Served, graph_document, loaded_store, serve

HIDDEN = "proj-lonely"
"""A DRAFT project of region `pohjoinen`: hidden from an `etela` reader."""
SECRETS = (HIDDEN, "r-north", "pohjoinen")

READ = """
query {
  risk(id: "r-shared") { threatens inferred }
  risks(region: "etela") { id threatens inferred }
  riskMap(region: "etela") { risks { id threatens inferred } }
  risksThreatening(nodeId: "ch") { id threatens inferred }
  statusReports(projectId: "proj-a") { id risks }
  latest: statusReports(region: "etela") { id risks }
}
"""


@pytest.fixture
def picture() -> Iterator[Served]:
    """`r-shared` (a DRAFT risk of etela) threatens proj-a and the hidden project, which
    it infers; `r-north` (a DRAFT of pohjoinen) is hidden; proj-a's report names both."""
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            service = served.service
            shared = Risk(
                "r-shared",
                "etela",
                "Rahoitus loppuu",
                threatens=("proj-a", HIDDEN),
                inferred=(HIDDEN,),
            )
            writes.put_risk(service, shared, "setup", create=True)
            north = Risk("r-north", "pohjoinen", "Pohjoinen riski", threatens=(HIDDEN,))
            writes.put_risk(service, north, "setup", create=True)
            report = StatusReport(
                "rep-a",
                "proj-a",
                date(2018, 5, 1),
                Health.AMBER,
                summary="Rahoitus kesken",
                risks=("r-shared", "r-north"),
            )
            writes.file_report(service, report, "setup")
            yield served
    finally:
        store.close()


def reader(served: Served, role: Role = Role.VIEWER) -> Api:
    return served.api(f"etela-{role.value}", ((role, "etela"),))


def test_a_reader_is_told_only_of_the_nodes_and_risks_it_may_open(picture: Served) -> None:
    seen = reader(picture)(READ)
    assert seen["risk"] == {"threatens": ["proj-a"], "inferred": []}
    assert seen["risks"] == [{"id": "r-shared", "threatens": ["proj-a"], "inferred": []}]
    assert [r for c in seen["riskMap"] for r in c["risks"]] == seen["risks"]
    assert seen["risksThreatening"] == seen["risks"]
    assert seen["statusReports"] == [{"id": "rep-a", "risks": ["r-shared"]}]
    assert seen["latest"] == seen["statusReports"]
    assert not any(secret in json.dumps(seen) for secret in SECRETS)
    everything = picture.api("root")(READ)  # an admin everywhere reads it all
    assert everything["risk"] == {"threatens": ["proj-a", HIDDEN], "inferred": [HIDDEN]}
    assert everything["statusReports"] == [{"id": "rep-a", "risks": ["r-shared", "r-north"]}]


UPDATE = """
mutation($input: RiskInput!) { updateRisk(input: $input) { id version threatens inferred } }
"""
CREATE = """
mutation($input: RiskInput!) { createRisk(input: $input) { id threatens } }
"""


def _input(**extra: Any) -> dict[str, Any]:
    return {
        "id": "r-shared",
        "region": "etela",
        "title": "Rahoitus loppuu",
        "likelihood": 3,
        "impact": 4,
        "threatens": ["proj-a"],
        **extra,
    }


def test_an_update_keeps_the_threats_its_writer_could_not_see(picture: Served) -> None:
    planner = reader(picture, Role.PLANNER)
    answer = planner(UPDATE, input=_input(threatens=["proj-a", "proj-b"], expectedVersion=1))
    assert answer["updateRisk"] == {
        "id": "r-shared",
        "version": 2,
        "threatens": ["proj-a", "proj-b"],
        "inferred": [],
    }
    stored = situation_of(picture.store).risks["r-shared"]
    assert stored.threatens == ("proj-a", "proj-b", HIDDEN)
    assert stored.inferred == (HIDDEN,)
    assert stored.lifecycle is Status.DRAFT


@pytest.mark.parametrize("mutation", ["create", "update"])
def test_a_risk_naming_a_hidden_node_answers_as_one_naming_a_missing_node(
    picture: Served, mutation: str
) -> None:
    planner = reader(picture, Role.PLANNER)
    version = picture.store.version()

    def answer(node: str) -> str:
        if mutation == "create":
            error = planner.error(CREATE, input=_input(id="r-new", threatens=["proj-a", node]))
        else:
            error = planner.error(UPDATE, input=_input(threatens=[node], expectedVersion=1))
        error.pop("locations", None)
        return json.dumps(error, sort_keys=True).replace(node, "<node>")

    on_hidden, on_missing = answer(HIDDEN), answer("no-such-node")
    assert on_hidden == on_missing
    assert "does not exist" in on_hidden
    assert not any(secret in on_hidden for secret in SECRETS)
    assert picture.store.version() == version


INDICATOR = """
mutation($i: IndicatorInput!) { createIndicator(input: $i) { id } }
"""
REPORT = """
mutation($i: StatusReportInput!) { fileStatusReport(input: $i) { id } }
"""


@pytest.mark.parametrize("what", ["indicator", "report"])
def test_an_indicator_or_report_on_a_hidden_node_answers_as_on_a_missing_one(
    picture: Served, what: str
) -> None:
    planner = reader(picture, Role.PLANNER)
    version = picture.store.version()

    def answer(node: str) -> str:
        if what == "indicator":
            i = {"id": "ind", "node": node, "title": "Jono", "unit": "pv", "direction": "DOWN"}
            error = planner.error(INDICATOR, i=i)
        else:
            i = {
                "id": "rep",
                "projectId": node,
                "date": "2018-05-02",
                "health": "GREEN",
                "summary": "Hyvin",
            }
            error = planner.error(REPORT, i=i)
        error.pop("locations", None)
        return json.dumps(error, sort_keys=True).replace(node, "<node>")

    on_hidden, on_missing = answer(HIDDEN), answer("no-such-node")
    assert on_hidden == on_missing
    assert "does not exist" in on_hidden
    assert not any(secret in on_hidden for secret in SECRETS)
    assert picture.store.version() == version


@pytest.mark.parametrize("dated", ["2018-05-02", "2999-01-01"], ids=["good", "in the future"])
def test_a_report_naming_a_hidden_risk_answers_as_one_naming_a_missing_risk(
    picture: Served, dated: str
) -> None:
    planner = reader(picture, Role.PLANNER)
    version = picture.store.version()

    def answer(risk: str) -> str:
        i = {
            "id": "rep",
            "projectId": "proj-a",
            "date": dated,
            "health": "GREEN",
            "summary": "Hyvin",
            "risks": ["r-shared", risk],
        }
        error = planner.error(REPORT, i=i)
        error.pop("locations", None)
        return json.dumps(error, sort_keys=True).replace(risk, "<risk>")

    on_hidden, on_missing = answer("r-north"), answer("no-such-risk")
    assert on_hidden == on_missing
    assert "risk '<risk>' does not exist" in on_hidden
    assert picture.store.version() == version
