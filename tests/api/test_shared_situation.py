"""Two ``strategygraph serve`` processes on one store file, writing the situational
picture at once: every acknowledged risk, indicator, reading and report is read through
both servers and is in the file; of racing writes with the same expected version (or
the same new id) exactly one wins and the others are refused with the conflict error;
nothing acknowledged is lost when one server is killed with ``kill -9`` mid-write.

Every wait has a bound (HTTP timeouts, barriers, futures and threads joined with
timeouts), so a server that stops answering fails the test instead of hanging it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP

from .conftest import LOADER, graph_document
from .processes import RETRIES, Instance, retryable, serving, write_through_a_kill

CALL_TIMEOUT = 20.0
"""Seconds one GraphQL call may take (a write waits at most 5 s for the file's lock)."""
RACERS = 8

CREATE_RISK = "mutation($i: RiskInput!) { createRisk(input: $i) { id version title } }"
UPDATE_RISK = "mutation($i: RiskInput!) { updateRisk(input: $i) { id version title } }"
CREATE_INDICATOR = (
    "mutation($i: IndicatorInput!) { createIndicator(input: $i) { id version title } }"
)
UPDATE_INDICATOR = (
    "mutation($i: IndicatorInput!) { updateIndicator(input: $i) { id version title } }"
)
MEASURE = "mutation($i: MeasurementInput!) { addMeasurement(input: $i) { value } }"
REPORT = "mutation($i: StatusReportInput!) { fileStatusReport(input: $i) { id summary } }"
READ = """query { risks(region: "etela") { id version title }
  indicators(nodeId: "proj-a") { id version title }
  measurements(indicatorId: "ind-1") { date value }
  statusReports(projectId: "proj-a") { id summary } }"""


@dataclass
class Pair:
    """Two servers on one store file, and a token of an admin of every region."""

    path: Path
    token: str
    a: Instance
    b: Instance

    def call(self, url: str, query: str, **variables: Any) -> dict[str, Any]:
        """The JSON answer (errors included, never raised); bounded by ``CALL_TIMEOUT``."""
        answer = HTTP.post(
            url,
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=CALL_TIMEOUT,
        )
        found: dict[str, Any] = answer.json()
        return found

    def read(self, url: str) -> dict[str, Any]:
        answer = self.call(url, READ)
        assert "errors" not in answer, answer
        return dict(answer["data"])

    def race(self, query: str, inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``query`` with each input at the same moment, in turn through each server."""
        start = threading.Barrier(len(inputs), timeout=CALL_TIMEOUT)
        urls = [self.a.url, self.b.url]

        def at_once(n: int) -> dict[str, Any]:
            start.wait()
            return self.call(urls[n % 2], query, i=inputs[n])

        pool = ThreadPoolExecutor(len(inputs))
        try:
            futures = [pool.submit(at_once, n) for n in range(len(inputs))]
            return [f.result(timeout=3 * CALL_TIMEOUT) for f in futures]
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[Pair]:
    path = tmp_path / "shared.db"
    store = EmbeddedStore(str(path))
    try:
        StrategyService(store).import_document(graph_document(), LOADER)
        access = AccessService(store.access)
        access.grant("alice", Role.ADMIN, ANY_REGION)
        token = access.create_token("alice")[1]
    finally:
        store.close()
    url = f"sqlite:///{path}"
    with ExitStack() as stack:
        a = stack.enter_context(serving(url, tmp_path / "a.log"))
        b = stack.enter_context(serving(url, tmp_path / "b.log"))
        yield Pair(path, token, a, b)


def risk(risk_id: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": risk_id,
        "region": "etela",
        "title": title,
        "likelihood": 3,
        "impact": 3,
        "threatens": ["proj-a"],
        **extra,
    }


def indicator(title: str, **extra: Any) -> dict[str, Any]:
    return {"id": "ind-1", "node": "proj-a", "title": title, "red": 30, **extra}


def one_winner(answers: list[dict[str, Any]], refusal: str) -> dict[str, Any]:
    """The one answer without errors; every other one refused with ``refusal``."""
    won = [a for a in answers if "errors" not in a]
    assert len(won) == 1, answers
    codes = {a["errors"][0]["extensions"]["code"] for a in answers if "errors" in a}
    assert codes == {refusal}, answers
    return dict(won[0]["data"])


def test_racing_situation_writes_through_two_servers_have_one_winner_and_lose_nothing(
    pair: Pair,
) -> None:
    created = pair.race(CREATE_RISK, [risk(f"r-{n}", f"Riski {n}") for n in range(RACERS)])
    assert all("errors" not in a for a in created), created
    same = pair.race(CREATE_RISK, [risk("r-same", f"Sama {n}") for n in range(RACERS)])
    title = one_winner(same, "VALIDATION")["createRisk"]["title"]
    expected = {f"r-{n}": (1, f"Riski {n}") for n in range(RACERS)} | {"r-same": (1, title)}
    for turn in range(5):  # all through both servers with the same expected version
        racing = [
            risk("r-0", f"Kierros {turn}/{n}", expectedVersion=turn + 1) for n in range(RACERS)
        ]
        won = one_winner(pair.race(UPDATE_RISK, racing), "VERSION_CONFLICT")["updateRisk"]
        assert won["version"] == turn + 2
        expected["r-0"] = (won["version"], won["title"])

    pair.call(pair.a.url, CREATE_INDICATOR, i=indicator("Jonotusaika"))
    indicator_won: tuple[int, str] = (1, "Jonotusaika")
    for turn in range(3):
        racing = [indicator(f"Jono {turn}/{n}", expectedVersion=turn + 1) for n in range(RACERS)]
        won = one_winner(pair.race(UPDATE_INDICATOR, racing), "VERSION_CONFLICT")
        indicator_won = (won["updateIndicator"]["version"], won["updateIndicator"]["title"])
    readings = [
        {"indicatorId": "ind-1", "date": "2026-01-05", "value": float(n)} for n in range(RACERS)
    ]
    value = one_winner(pair.race(MEASURE, readings), "VALIDATION")["addMeasurement"]["value"]
    reports = [
        {"id": "rep-1", "projectId": "proj-a", "date": "2026-01-05", "health": "GREEN",
         "summary": f"Tilanne {n}"}
        for n in range(RACERS)
    ]  # fmt: skip
    summary = one_winner(pair.race(REPORT, reports), "VALIDATION")["fileStatusReport"]["summary"]

    def as_read(found: dict[str, Any]) -> dict[str, Any]:
        return {
            "risks": {r["id"]: (r["version"], r["title"]) for r in found["risks"]},
            "indicators": [(i["version"], i["title"]) for i in found["indicators"]],
            "measurements": [(m["date"], m["value"]) for m in found["measurements"]],
            "reports": [(r["id"], r["summary"]) for r in found["statusReports"]],
        }

    acknowledged = {
        "risks": expected,
        "indicators": [indicator_won],
        "measurements": [("2026-01-05", value)],
        "reports": [("rep-1", summary)],
    }
    for url in (pair.a.url, pair.b.url):  # a write made anywhere is read everywhere
        assert as_read(pair.read(url)) == acknowledged

    # kill -9 of server a in the middle of its writes, while b writes on
    acked = kill_mid_write(pair)
    truth = EmbeddedStore(str(pair.path))  # the file itself
    try:
        stored = {i: (r.version, r.title) for i, r in truth.situation.risks.items()}
        log = truth.events(after=0, limit=100_000)
        assert [e.seq for e in log] == list(range(1, len(log) + 1))  # contiguous
        puts = [
            (e.target, e.after["version"], e.after["title"])
            for e in log
            if e.operation == "put_risk" and e.after is not None
        ]
    finally:
        truth.close()
    assert len({(i, v) for i, v, _ in puts}) == len(puts)  # no version of a risk twice
    assert {(i, v, t) for i, (v, t) in expected.items()} <= set(puts)
    assert set(acked) <= set(puts)  # every acknowledged write is in the file
    assert stored["r-2"] == max(a[1:] for a in acked if a[0] == "r-2")  # b: all 40 kept
    last_a = max(a[1] for a in acked if a[0] == "r-1")
    assert stored["r-1"][0] in (last_a, last_a + 1)  # + the one a committed as it died
    untouched = {i: v for i, v in expected.items() if i not in ("r-1", "r-2")}
    assert {i: stored[i] for i in untouched} == untouched
    after_kill = as_read(pair.read(pair.b.url))  # b reads all the file holds
    assert after_kill["risks"] == stored
    assert {k: v for k, v in after_kill.items() if k != "risks"} == {
        k: v for k, v in acknowledged.items() if k != "risks"
    }


def kill_mid_write(pair: Pair) -> list[tuple[str, int, str]]:
    """Update ``r-1`` through a and ``r-2`` through b, one write after another; kill a
    with ``kill -9`` while a request is in flight, b writing on. Returns every write a
    server acknowledged: (risk, version, title)."""
    acknowledged: list[tuple[str, int, str]] = []
    versions = {"r-1": 1, "r-2": 1}

    def send(instance: Instance, risk_id: str, n: int) -> bool:
        title = f"{risk_id} kirjoitus {n}"
        update = risk(risk_id, title, expectedVersion=versions[risk_id])
        for _ in range(RETRIES):  # a write refused as retryable changed nothing: again
            try:
                answer = pair.call(instance.url, UPDATE_RISK, i=update)
            except httpx.HTTPError:  # the server died under this request: not acknowledged
                return False
            if not retryable(answer):
                break
        if "errors" in answer:
            raise AssertionError(answer)
        versions[risk_id] = answer["data"]["updateRisk"]["version"]
        acknowledged.append((risk_id, versions[risk_id], title))
        return True

    write_through_a_kill([(pair.a, "r-1", 10), (pair.b, "r-2", None)], 40, send)
    assert pair.a.process.poll() is not None
    assert [a[1] for a in acknowledged if a[0] == "r-2"] == list(range(2, 42))
    return acknowledged
