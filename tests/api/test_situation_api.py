"""The situational picture over a real server: the risk map, health following
indicators, overdue status reports in the gaps, and who may read a draft risk."""

from __future__ import annotations

from datetime import UTC, datetime

from strategygraph.domain.access import Role

from .conftest import Api, Served

RISK = """
mutation($input: RiskInput!) { createRisk(input: $input) { id version score } }
"""
UPDATE = """
mutation($input: RiskInput!) { updateRisk(input: $input) { id version likelihood impact } }
"""
HEALTH = '{ node(id: "proj-a") { ... on StrategicProject { health } } }'
MAP = """
query($region: ID) { riskMap(region: $region) { likelihood impact count risks { id } } }
"""


def _risk(**extra: object) -> dict[str, object]:
    return {
        "id": "r-will",
        "region": "etela",
        "title": "Poliittinen tahto puuttuu",
        "likelihood": 2,
        "impact": 2,
        "threatens": ["line"],
        "source": "Kymenlaakson raportti",
        **extra,
    }


def test_raising_a_risk_to_5x5_moves_it_to_the_top_right_cell(api: Api) -> None:
    assert api(RISK, input=_risk())["createRisk"] == {"id": "r-will", "version": 1, "score": 4}
    cells = api(MAP, region="etela")["riskMap"]
    assert len(cells) == 25
    assert [c["risks"] for c in cells if c["count"]] == [[{"id": "r-will"}]]
    top_right = cells[4]
    assert (top_right["likelihood"], top_right["impact"], top_right["count"]) == (5, 5, 0)
    updated = api(UPDATE, input=_risk(likelihood=5, impact=5, expectedVersion=1))["updateRisk"]
    assert updated == {"id": "r-will", "version": 2, "likelihood": 5, "impact": 5}
    cells = api(MAP, region="etela")["riskMap"]
    assert cells[4]["risks"] == [{"id": "r-will"}]
    assert sum(c["count"] for c in cells) == 1
    stale = api.error(UPDATE, input=_risk(likelihood=1, expectedVersion=1))
    assert stale["extensions"]["code"] == "VERSION_CONFLICT"


def test_risks_threatening_a_national_goal_include_those_on_what_serves_it(api: Api) -> None:
    api(RISK, input=_risk(threatens=["proj-a"]))
    api(RISK, input=_risk(id="r-lonely", region="pohjoinen", threatens=["proj-lonely"]))
    q = "query($n: ID!) { risksThreatening(nodeId: $n) { id } }"
    assert api(q, n="ng-equal")["risksThreatening"] == [{"id": "r-will"}]
    assert api(q, n="proj-lonely")["risksThreatening"] == [{"id": "r-lonely"}]


def test_an_indicator_crossing_red_turns_the_node_red(api: Api) -> None:
    v = api('{ node(id: "proj-a") { version } }')["node"]
    attrs = [{"key": "healthFromIndicators", "value": "true"}]
    api(
        "mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }",
        i={"id": "proj-a", "expectedVersion": v["version"], "attributes": attrs},
    )
    api(
        "mutation($i: IndicatorInput!) { createIndicator(input: $i) { id health } }",
        i={
            "id": "waits",
            "node": "proj-a",
            "title": "Jonotusaika",
            "unit": "pv",
            "direction": "DOWN",
            "amber": 20,
            "red": 30,
        },
    )
    add = "mutation($i: MeasurementInput!) { addMeasurement(input: $i) { health } }"
    reading = {"indicatorId": "waits", "date": "2026-01-01", "value": 12, "source": "demo"}
    assert api(add, i=reading)["addMeasurement"] == {"health": "GREEN"}
    assert api(HEALTH)["node"] == {"health": "GREEN"}
    assert api(add, i={**reading, "date": "2026-02-01", "value": 30})["addMeasurement"] == {
        "health": "RED"
    }
    assert api(HEALTH)["node"] == {"health": "RED"}
    history = api('{ measurements(indicatorId: "waits", since: "2026-01-15") { date value } }')[
        "measurements"
    ]
    assert history == [{"date": "2026-02-01", "value": 30.0}]
    bad = api.error(add, i={**reading, "date": "2026-02-01"})
    assert bad["extensions"]["code"] == "VALIDATION"
    assert bad["extensions"]["field"] == "date"


def test_a_project_whose_report_is_older_than_its_cadence_is_a_gap(
    served: Served, api: Api
) -> None:
    served.store.clock = lambda: datetime(2026, 6, 1, tzinfo=UTC)
    v = api('{ node(id: "proj-b") { version } }')["node"]["version"]
    api(
        "mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }",
        i={
            "id": "proj-b",
            "expectedVersion": v,
            "attributes": [{"key": "reportingCadenceDays", "value": "30"}],
        },
    )
    report = "mutation($i: StatusReportInput!) { fileStatusReport(input: $i) { id filedBy } }"
    filed = api(
        report,
        i={
            "id": "rep-1",
            "projectId": "proj-b",
            "date": "2026-03-01",
            "health": "AMBER",
            "summary": "Viivästyy",
        },
    )
    assert filed["fileStatusReport"] == {"id": "rep-1", "filedBy": "alice"}
    gaps = '{ gaps(region: "etela", first: 100) { items { type node { id } } } }'

    def overdue() -> list[str]:
        return [
            g["node"]["id"] for g in api(gaps)["gaps"]["items"] if g["type"] == "REPORT_OVERDUE"
        ]

    assert overdue() == ["proj-b"]
    api(
        report,
        i={
            "id": "rep-2",
            "projectId": "proj-b",
            "date": "2026-05-25",
            "health": "GREEN",
            "summary": "Etenee",
        },
    )
    assert overdue() == []
    board = api('{ statusReports(region: "etela") { id project } }')["statusReports"]
    assert board == [{"id": "rep-2", "project": "proj-b"}]


def test_a_viewer_of_another_region_cannot_read_a_draft_risk(served: Served, api: Api) -> None:
    api(RISK, input=_risk())
    outsider = served.api("olli", [(Role.VIEWER, "pohjoinen")])
    error = outsider.error('{ risk(id: "r-will") { id } }')
    assert error["extensions"]["code"] == "NOT_FOUND"
    assert outsider("{ risks { id } }")["risks"] == []
    assert sum(c["count"] for c in outsider(MAP)["riskMap"]) == 0
    insider = served.api("iida", [(Role.VIEWER, "etela")])
    assert insider('{ risk(id: "r-will") { id } }')["risk"] == {"id": "r-will"}
    refused = outsider.error(RISK, input=_risk(id="r-other"))
    assert refused["extensions"]["code"] == "FORBIDDEN"


def test_kept_answers_follow_a_risk_change(production: Served) -> None:
    """Production keeps answers by graph version: a risk write moves it, so the next
    riskMap is the new one, not the kept one."""
    api = production.api("alice")
    api(RISK, input=_risk())
    first = api(MAP, region="etela")["riskMap"]
    assert api(MAP, region="etela")["riskMap"] == first
    api(UPDATE, input=_risk(likelihood=5, impact=5, expectedVersion=1))
    assert api(MAP, region="etela")["riskMap"][4]["risks"] == [{"id": "r-will"}]
