"""``graphAt`` shows the situational picture as it was: a risk created later is absent,
a risk's rating and status are those of that time, a risk deleted since is there, and a
project's status reports (so its ``REPORT_OVERDUE`` gap) are those filed by then. Through
a real server, on a history scripted with the store's clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from strategygraph.domain.access import Role

from .conftest import Api, Served, bearer
from .scripted import T0, Clock

CREATE = "mutation($i: RiskInput!) { createRisk(input: $i) { id version } }"
UPDATE = "mutation($i: RiskInput!) { updateRisk(input: $i) { id version } }"
DELETE = "mutation($id: ID!, $v: Int) { deleteRisk(id: $id, expectedVersion: $v) }"
REPORT = "mutation($i: StatusReportInput!) { fileStatusReport(input: $i) { id } }"
PAST = """query($t: DateTime!) { graphAt(time: $t) {
  node(id: "proj-a") { risks { id likelihood impact status version } }
  traceUp(id: "proj-a") { risks { id } }
  risks { id status score version }
  gaps(region: "etela") { type node { id } } } }"""


def risk(risk_id: str, likelihood: int, impact: int, **extra: Any) -> dict[str, Any]:
    return {
        "id": risk_id,
        "region": "etela",
        "title": f"Riski {risk_id}",
        "likelihood": likelihood,
        "impact": impact,
        "threatens": ["proj-a"],
        **extra,
    }


def script(api: Api, clock: Clock) -> None:
    """+1 proj-b wants a report every 30 days; +10 two risks on proj-a and a report
    dated 2018-01-01 (overdue at T0); +20 r-old raised to 5×5 and MITIGATING; +30 r-gone
    deleted, r-new created, r-old CLOSED, a report dated 2018-02-28 (no longer overdue)."""
    clock.at(1)
    v = api('{ node(id: "proj-b") { version } }')["node"]["version"]
    api(
        "mutation($i: UpdateNodeInput!) { updateNode(input: $i) { node { id } } }",
        i={
            "id": "proj-b",
            "expectedVersion": v,
            "attributes": [{"key": "reportingCadenceDays", "value": "30"}],
        },
    )
    clock.at(10)
    api(CREATE, i=risk("r-old", 2, 2))
    api(CREATE, i=risk("r-gone", 3, 1))
    report = {"projectId": "proj-b", "health": "AMBER", "summary": "Viivästyy"}
    api(REPORT, i={"id": "rep-1", "date": "2018-01-01", **report})
    clock.at(20)
    api(UPDATE, i=risk("r-old", 5, 5, status="MITIGATING", expectedVersion=1))
    clock.at(30)
    api(DELETE, id="r-gone", v=1)
    api(CREATE, i=risk("r-new", 1, 1))
    api(UPDATE, i=risk("r-old", 5, 5, status="CLOSED", expectedVersion=2))
    api(REPORT, i={"id": "rep-2", "date": "2018-02-28", **report})


def at(api: Api, minutes: int) -> dict[str, Any]:
    found: dict[str, Any] = api(PAST, t=(T0 + timedelta(minutes=minutes)).isoformat())["graphAt"]
    return found


def overdue(past: dict[str, Any]) -> list[str]:
    return [g["node"]["id"] for g in past["gaps"] if g["type"] == "REPORT_OVERDUE"]


def test_graph_at_shows_the_risks_and_reports_of_that_time(scripted: Served, clock: Clock) -> None:
    api = scripted.api("alice")
    script(api, clock)
    before = at(api, 5)
    assert before["node"]["risks"] == [] and before["risks"] == []
    assert before["traceUp"]["risks"] == []
    assert overdue(before) == []  # cadence set at +1, the project created at T0: not due yet

    first = at(api, 15)
    assert first["node"]["risks"] == [
        {"id": "r-old", "likelihood": 2, "impact": 2, "status": "OPEN", "version": 1},
        {"id": "r-gone", "likelihood": 3, "impact": 1, "status": "OPEN", "version": 1},
    ]
    assert first["traceUp"]["risks"] == [{"id": "r-old"}, {"id": "r-gone"}]
    assert [r["id"] for r in first["risks"]] == ["r-old", "r-gone"]
    assert overdue(first) == ["proj-b"]  # rep-1 of 2018-01-01 was the last one then

    raised = at(api, 25)
    assert raised["node"]["risks"] == [
        {"id": "r-old", "likelihood": 5, "impact": 5, "status": "MITIGATING", "version": 2},
        {"id": "r-gone", "likelihood": 3, "impact": 1, "status": "OPEN", "version": 1},
    ]
    assert raised["risks"] == [
        {"id": "r-old", "status": "MITIGATING", "score": 25, "version": 2},
        {"id": "r-gone", "status": "OPEN", "score": 3, "version": 1},
    ]

    now = at(api, 35)
    assert now["node"]["risks"] == [
        {"id": "r-new", "likelihood": 1, "impact": 1, "status": "OPEN", "version": 1}
    ]
    assert now["risks"] == [
        {"id": "r-old", "status": "CLOSED", "score": 25, "version": 3},
        {"id": "r-new", "status": "OPEN", "score": 1, "version": 1},
    ]
    assert overdue(now) == []
    today = api('{ risks { id status score version } node(id: "proj-a") { risks { id } } }')
    assert today["risks"] == now["risks"]
    assert today["node"]["risks"] == [{"id": "r-new"}]


def test_graph_at_keeps_a_draft_risk_from_a_reader_of_another_region(
    scripted: Served, clock: Clock
) -> None:
    script(scripted.api("alice"), clock)
    outsider = scripted.api("olli", [(Role.VIEWER, "pohjoinen")])
    query = 'query($t: DateTime!) { graphAt(time: $t) { risks { id } node(id: "proj-a") { id } } }'
    past = outsider(query, t=(T0 + timedelta(minutes=25)).isoformat())["graphAt"]
    assert past == {"risks": [], "node": None}


def test_the_nested_fields_of_a_past_node_are_of_that_time(scripted: Served, clock: Clock) -> None:
    api = scripted.api("alice")
    clock.at(10)
    api(
        """mutation { link(input: {source: "proj-lonely", relation: ADDRESSES,
           target: "ch"}) { relationship { sourceId } } }"""
    )
    comment = (
        'mutation { addComment(input: {nodeId: "proj-lonely", text: "Miksi?"}) { comment { id } } }'
    )
    api(comment)
    query = """query($t: DateTime!) { graphAt(time: $t) { node(id: "proj-lonely") {
      relationships { targetId } comments { count }
      upward { node { id } } } } }"""
    then = api(query, t=(T0 + timedelta(minutes=5)).isoformat())["graphAt"]["node"]
    assert then == {"relationships": [], "comments": {"count": 0}, "upward": []}
    now = api(query, t=(T0 + timedelta(minutes=15)).isoformat())["graphAt"]["node"]
    assert now["relationships"] == [{"targetId": "ch"}] and now["comments"] == {"count": 1}
    aliased = api(
        """query($a: DateTime!, $b: DateTime!) {
          early: graphAt(time: $a) { node(id: "proj-lonely") { comments { count } } }
          late: graphAt(time: $b) { node(id: "proj-lonely") { comments { count } } }
          node(id: "proj-lonely") { comments { count } } }""",
        a=(T0 + timedelta(minutes=5)).isoformat(),
        b=(T0 + timedelta(minutes=15)).isoformat(),
    )
    assert [aliased[k]["node"]["comments"]["count"] for k in ("early", "late")] == [0, 1]
    assert aliased["node"]["comments"]["count"] == 1


@pytest.mark.anyio
async def test_graph_at_operations_at_once_on_one_websocket_keep_their_own_time(
    scripted: Served, clock: Clock
) -> None:
    """A WebSocket's operations share one context: each keeps the time it asked for."""
    await asyncio.to_thread(script, scripted.api("alice"), clock)
    token = scripted.token("alice")
    query = """query($t: DateTime!) { graphAt(time: $t) {
      node(id: "proj-a") { risks { id version } } } }"""
    transport = WebsocketsTransport(url=scripted.ws_url, init_payload=bearer(token))
    async with Client(transport=transport, execute_timeout=20) as session:
        answers = await asyncio.gather(
            *(
                session.execute(
                    GraphQLRequest(
                        query, variable_values={"t": (T0 + timedelta(minutes=m)).isoformat()}
                    )
                )
                for m in (15, 25, 35) * 4
            )
        )
    risks = [[(r["id"], r["version"]) for r in a["graphAt"]["node"]["risks"]] for a in answers]
    assert (
        risks
        == [
            [("r-old", 1), ("r-gone", 1)],
            [("r-old", 2), ("r-gone", 1)],
            [("r-new", 1)],
        ]
        * 4
    )
