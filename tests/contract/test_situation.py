"""The situational picture on every adapter: the same writes kept, the same refusals in
the same words, the same answers (risk map, risks threatening a goal, health following
indicators, overdue reports), and the demo's picture equal on both stores."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from strategygraph.data import demo_documents, demo_situation
from strategygraph.domain import Health, NodeKind, ValidationError, VersionConflict
from strategygraph.domain.access import Principal
from strategygraph.domain.situation import Direction, Indicator, Measurement, Risk, StatusReport
from strategygraph.domain.situation_states import situation_state
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.situation_load import load_situation
from strategygraph.service.situation_read import Situation
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.trace import GapType
from tests.arcadedb import BoltServer
from tests.conftest import make_store

NOW = datetime(2026, 6, 1, tzinfo=UTC)


def _read(store: GraphStore) -> Situation:
    return Situation(store, Principal.local("t"))


@pytest.fixture
def clocked(loaded: StrategyService) -> StrategyService:
    loaded.store.clock = lambda: NOW
    return loaded


def test_a_risk_moves_on_the_map_and_threatens_what_it_serves(clocked: StrategyService) -> None:
    risk = Risk("r-1", "r1", "Aikataulu", likelihood=2, impact=3, threatens=("ch",))
    sit.put_risk(clocked, risk, "ann", create=True)
    cells = _read(clocked.store).risk_map("r1")
    assert [(c.likelihood, c.impact) for c in cells if c.risks] == [(2, 3)]
    raised = Risk("r-1", "r1", "Aikataulu", likelihood=5, impact=5, threatens=("ch",))
    assert sit.put_risk(clocked, raised, "bob", expected_version=1).version == 2
    assert [r.id for r in _read(clocked.store).risk_map("r1")[4].risks] == ["r-1"]
    assert [r.id for r in _read(clocked.store).threatening("goal")] == ["r-1"]
    assert _read(clocked.store).threatening("goal2") == []
    with pytest.raises(VersionConflict) as info:
        sit.put_risk(clocked, risk, "cid", expected_version=1)
    assert str(info.value) == (
        "risk 'r-1' is at version 2 (last changed by bob), not the expected 1; "
        "reload it and apply your change again"
    )
    assert [e.operation for e in clocked.store.events(node_id="r-1")] == ["put_risk", "put_risk"]


def test_a_node_the_picture_refers_to_is_not_deleted(clocked: StrategyService) -> None:
    sit.put_risk(clocked, Risk("r-x", "r1", "X", threatens=("ch-open",)), "ann", create=True)
    sit.put_indicator(clocked, Indicator("i-x", "line", "Mittari"), "ann", create=True)
    for node in ("ch-open", "line"):
        with pytest.raises(ValidationError) as info:
            clocked.delete_node(node, "ann", cascade=True)
        assert info.value.problems[0].rule == "has-situation"
    assert clocked.store.get_node("ch-open").id == "ch-open"


def test_refusals_name_the_field_and_keep_nothing(clocked: StrategyService) -> None:
    version = clocked.store.version()
    bad = Risk("r-2", "r1", "X", likelihood=9, impact=1, threatens=("ghost",))
    with pytest.raises(ValidationError) as info:
        sit.put_risk(clocked, bad, "ann", create=True)
    assert [(p.rule, p.field) for p in info.value.problems] == [
        ("scale", "likelihood"),
        ("dangling-endpoint", "threatens"),
    ]
    assert clocked.store.version() == version
    assert _read(clocked.store).risks() == []


def test_health_follows_indicators_and_reports_fall_due(clocked: StrategyService) -> None:
    attrs = {"healthFromIndicators": "true", "reportingCadenceDays": "30"}
    clocked.update_node("proj", {"attributes": attrs}, None, "ann")
    waits = Indicator("waits", "proj", "Jono", "pv", Direction.DOWN, amber=20, red=30)
    sit.put_indicator(clocked, waits, "ann", create=True)
    sit.add_measurement(clocked, Measurement("waits", date(2026, 1, 1), 10.0), "ann")
    assert clocked.store.get_node("proj").health is Health.GREEN
    sit.add_measurement(clocked, Measurement("waits", date(2026, 2, 1), 35.0), "ann")
    assert clocked.store.get_node("proj").health is Health.RED
    with pytest.raises(ValidationError) as info:
        sit.add_measurement(clocked, Measurement("waits", date(2026, 2, 1), 1.0), "ann")
    assert str(info.value) == "indicator 'waits' already has a measurement on 2026-02-01"
    report = StatusReport("rep", "proj", date(2026, 4, 1), Health.AMBER, 50, "Kesken")
    sit.file_report(clocked, report, "ann")

    def overdue() -> list[str]:
        return [
            g.node_id
            for g in clocked.store.gaps("r1", now=clocked.store.clock())
            if g.type is GapType.REPORT_OVERDUE
        ]

    assert overdue() == ["proj"]
    sit.file_report(
        clocked, StatusReport("rep2", "proj", date(2026, 5, 20), Health.GREEN, 60, "Ok"), "ann"
    )
    assert overdue() == []
    assert [m.value for m in _read(clocked.store).measurements("waits")] == [10.0, 35.0]


@pytest.fixture
def both(tmp_path: Path, bolt_server: BoltServer) -> Iterator[tuple[GraphStore, GraphStore]]:
    memory = EmbeddedStore(str(tmp_path / "reference.db"))
    neo = make_store("neo4j", tmp_path, bolt_server)
    yield memory, neo
    memory.close()
    neo.close()


def _summary(store: GraphStore) -> dict[str, Any]:
    read = _read(store)
    goals = [g.id for g in store.nodes(kind=NodeKind.NATIONAL_GOAL)]
    return {
        "risks": [situation_state(r) | {"updated_at": None} for r in read.risks()],
        "map": [
            (c.likelihood, c.impact, [r.id for r in c.risks]) for c in read.risk_map("kymenlaakso")
        ],
        "threatening": {g: [r.id for r in read.threatening(g)] for g in goals},
        "on": {
            n: [r.id for r in risks]
            for n, risks in read.risks_on([n.id for n in store.nodes()]).items()
        },
        "reports": [situation_state(r) | {"filed_at": None} for r in read.latest_reports()],
        "readings": {
            i.id: [situation_state(m) for m in read.measurements(i.id)]
            for n in ("kym-proj-digital-roadmap", "kym-ch-staff-engagement")
            for i in read.indicators(n)
        },
        "overdue": [
            g.node_id for g in store.gaps(now=store.clock()) if g.type is GapType.REPORT_OVERDUE
        ],
    }


def test_the_demo_picture_is_the_same_on_both_stores(both: tuple[GraphStore, GraphStore]) -> None:
    summaries = []
    for store in both:
        service = StrategyService(store)
        for doc in demo_documents():
            service.import_document(doc, "demo")
        load_situation(service, demo_situation(), "demo")
        summaries.append(_summary(store))
    memory, neo = summaries
    assert len(memory["risks"]) >= 10
    assert any(memory["threatening"].values())
    assert memory["on"]["kym-ch-change-success"] == ["kym-risk-political-will", "kym-risk-schedule"]
    assert memory["overdue"], "the demo's reports are years old: both projects are overdue"
    assert memory == neo
