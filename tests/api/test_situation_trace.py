"""Which risks threaten what, in the traces: a node's ``risks``, the ``risks`` of a
``traceUp`` page, and the ids a risk names, only those the reader may see."""

from __future__ import annotations

from datetime import UTC, datetime

from strategygraph.domain.access import Role

from .conftest import Api, Served

RISK = "mutation($input: RiskInput!) { createRisk(input: $input) { id } }"
TRACE = """
query($id: ID!) { traceUp(id: $id, first: 100) {
  risks { id score threatens }
  paths { nodes { id risks { id } } } } }
"""


def _risk(risk_id: str, threatens: list[str], **extra: object) -> dict[str, object]:
    return {
        "id": risk_id,
        "region": "etela",
        "title": f"Riski {risk_id}",
        "likelihood": 2,
        "impact": 2,
        "threatens": threatens,
        **extra,
    }


def test_a_trace_lists_the_open_risks_on_its_nodes(api: Api) -> None:
    api(RISK, input=_risk("r-line", ["line"]))
    api(RISK, input=_risk("r-proj", ["proj-a"], likelihood=3, impact=3))
    api(RISK, input=_risk("r-closed", ["ch"], status="CLOSED"))
    api(RISK, input=_risk("r-elsewhere", ["proj-b"], likelihood=5, impact=5))
    up = api(TRACE, id="proj-a")["traceUp"]
    assert up["risks"] == [
        {"id": "r-proj", "score": 9, "threatens": ["proj-a"]},
        {"id": "r-line", "score": 4, "threatens": ["line"]},
    ]
    on = {n["id"]: [r["id"] for r in n["risks"]] for p in up["paths"] for n in p["nodes"]}
    assert on["proj-a"] == ["r-proj"] and on["line"] == ["r-line"]
    assert on["ch"] == [] and on["ng-equal"] == []


def test_a_node_without_paths_still_names_its_risks(api: Api) -> None:
    api(RISK, input=_risk("r-goal", ["ng-unserved"]))
    up = api(TRACE, id="ng-unserved")["traceUp"]
    assert [r["id"] for r in up["risks"]] == ["r-goal"]


def test_a_reader_sees_neither_hidden_risks_nor_hidden_node_ids(served: Served, api: Api) -> None:
    api(RISK, input=_risk("r-public", ["ng-equal", "proj-a"], lifecycle="APPROVED"))
    api(RISK, input=_risk("r-draft", ["ng-equal"], likelihood=5, impact=5))
    outsider = served.api("olli", [(Role.VIEWER, "pohjoinen")])
    query = '{ node(id: "ng-equal") { risks { id threatens inferred } } }'
    assert outsider(query)["node"]["risks"] == [
        {"id": "r-public", "threatens": ["ng-equal"], "inferred": []}
    ]
    assert outsider("{ risks { threatens } }")["risks"] == [{"threatens": ["ng-equal"]}]
    insider = served.api("iida", [(Role.VIEWER, "etela")])
    assert [r["id"] for r in insider(query)["node"]["risks"]] == ["r-draft", "r-public"]
    assert insider(TRACE, id="ng-equal")["traceUp"]["risks"][1]["threatens"] == [
        "ng-equal",
        "proj-a",
    ]


def test_an_indicator_tells_its_trend(api: Api) -> None:
    api(
        "mutation($input: IndicatorInput!) { createIndicator(input: $input) { id } }",
        input={"id": "i-1", "node": "proj-a", "title": "Valmius", "direction": "DOWN"},
    )
    add = "mutation($input: MeasurementInput!) { addMeasurement(input: $input) { value } }"
    query = '{ indicators(nodeId: "proj-a") { trend } }'
    api(add, input={"indicatorId": "i-1", "date": "2018-01-31", "value": 5})
    assert api(query)["indicators"] == [{"trend": None}]
    api(add, input={"indicatorId": "i-1", "date": "2018-02-28", "value": 7})
    assert api(query)["indicators"] == [{"trend": "WORSE"}]


def test_a_past_trace_lists_the_risks_of_its_time(served: Served, api: Api) -> None:
    served.store.clock = lambda: datetime(2030, 6, 1, tzinfo=UTC)  # after the load
    api(RISK, input=_risk("r-proj", ["proj-a"]))
    query = """query($t: DateTime!) { graphAt(time: $t) {
      traceUp(id: "proj-a") { totalCount risks { id } } } }"""
    before = api(query, t="2030-05-31T00:00:00Z")["graphAt"]["traceUp"]
    assert before["totalCount"] > 0 and before["risks"] == []  # created later
    after = api(query, t="2030-06-01T00:00:00Z")["graphAt"]["traceUp"]
    assert after["risks"] == [{"id": "r-proj"}]
