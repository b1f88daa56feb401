"""The situational picture of a past time equals the one the store held then, whichever
way history builds it: from a snapshot and the events after it, by replaying the whole
log, or by undoing the events since from the graph as it is now. Random risk, indicator,
reading and report writes at random clock times, snapshots at random points."""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain import Health, StrategyGraphError
from strategygraph.domain.situation import (
    Indicator,
    Measurement,
    Risk,
    RiskStatus,
    StatusReport,
)
from strategygraph.domain.situation_states import situation_state
from strategygraph.service import StrategyService
from strategygraph.service import situation as writes
from strategygraph.service.history import graph_at
from strategygraph.service.past import keep_snapshots, moved_back, shelf_of
from strategygraph.service.situation_view import situation_of
from strategygraph.store import EmbeddedStore
from strategygraph.store.history_codec import decode, encode
from strategygraph.store.situation_state import SituationState
from tests.conftest import small_document

START = datetime(2018, 3, 1, 9, 0, tzinfo=UTC)
RISKS = ["r1", "r2", "r3"]
NODES = ["proj", "proj2", "ch", "line"]

Action = Callable[[StrategyService], object]


def _put_risk(risk_id: str, rating: int, status: RiskStatus, node: str) -> Action:
    def put(s: StrategyService) -> object:
        old = situation_of(s.store).risks.get(risk_id)
        risk = Risk(risk_id, "r1", f"Riski {risk_id}", likelihood=rating, impact=6 - rating)
        risk = Risk(**{**situation_fields(risk), "status": status, "threatens": (node,)})
        if old is None:
            return writes.put_risk(s, risk, "bob", create=True)
        return writes.put_risk(s, risk, "bob", expected_version=old.version)

    return put


def situation_fields(risk: Risk) -> dict[str, Any]:
    return {f: getattr(risk, f) for f in Risk.__dataclass_fields__}


def _put_indicator(indicator_id: str, node: str, red: float) -> Action:
    def put(s: StrategyService) -> object:
        old = situation_of(s.store).indicators.get(indicator_id)
        ind = Indicator(indicator_id, node, f"Mittari {indicator_id}", red=red)
        if old is None:
            return writes.put_indicator(s, ind, "bob", create=True)
        return writes.put_indicator(s, ind, "bob", expected_version=old.version)

    return put


actions: st.SearchStrategy[Action] = st.one_of(
    st.builds(
        _put_risk,
        st.sampled_from(RISKS),
        st.integers(1, 5),
        st.sampled_from(list(RiskStatus)),
        st.sampled_from(NODES),
    ),
    st.builds(
        lambda r: lambda s: writes.delete_risk(s, r, "bob"),
        st.sampled_from(RISKS),
    ),
    st.builds(
        _put_indicator,
        st.sampled_from(["i1", "i2"]),
        st.sampled_from(NODES),
        st.sampled_from([5.0, 9.0]),
    ),
    st.builds(
        lambda i, day, v: (
            lambda s: writes.add_measurement(s, Measurement(i, date(2018, 1, day), v), "bob")
        ),
        st.sampled_from(["i1", "i2"]),
        st.integers(1, 4),
        st.floats(0, 10, allow_nan=False),
    ),
    st.builds(
        lambda n, p, day: (
            lambda s: writes.file_report(
                s,
                StatusReport(f"rep-{n}", p, date(2018, 2, day), Health.AMBER, summary="Tilanne"),
                "bob",
            )
        ),
        st.integers(0, 5),
        st.sampled_from(["proj", "proj2"]),
        st.integers(1, 28),
    ),
)
steps = st.lists(
    st.tuples(actions, st.integers(0, 6), st.booleans()),  # (action, minute, snapshot after)
    min_size=1,
    max_size=16,
)


def picture(state: SituationState) -> dict[str, Any]:
    """The records and the indexes history's readers use, as comparable values."""
    return {
        "risks": {i: situation_state(r) for i, r in state.risks.items()},
        "indicators": {i: situation_state(r) for i, r in state.indicators.items()},
        "readings": {i: [situation_state(m) for m in ms] for i, ms in state.readings.items() if ms},
        "reports": {i: situation_state(r) for i, r in state.reports.items()},
        "by_node": {n: sorted(ids) for n, ids in state.risks_by_node.items() if ids},
        "by_region": {n: sorted(ids) for n, ids in state.risks_by_region.items() if ids},
        "indicators_by_node": {
            n: sorted(ids) for n, ids in state.indicators_by_node.items() if ids
        },
        "ranked": {k: [r.id for r in v] for k, v in state.ranked.items() if v},
        "cells": {k: [r.id for r in v] for k, v in state.cells.items() if v},
        "last_reports": state.last_report_dates(),
    }


@pytest.fixture
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=steps, snapshot_every=st.integers(1, 4))
def test_the_past_situation_is_the_one_the_store_held_then(
    folder: Path, script: list[tuple[Action, int, bool]], snapshot_every: int
) -> None:
    store = EmbeddedStore(str(folder / f"graph-{len(list(folder.iterdir()))}.db"))
    try:
        service = StrategyService(store)
        store.clock = lambda: START
        service.import_document(small_document(), "loader")
        shelf = shelf_of(store)
        assert shelf is not None
        held = {store.version(): picture(store.situation)}  # the truth after each commit
        for action, minute, snapshot in script:
            store.clock = lambda m=minute: START + timedelta(minutes=m)  # type: ignore[misc]
            with suppress(StrategyGraphError):  # a refused write: the next step
                action(service)
            held[store.version()] = picture(store.situation)
            if snapshot:
                keep_snapshots(store, shelf, every=snapshot_every)
        for minute in range(-1, 8):
            moment = START + timedelta(minutes=minute, seconds=30)
            slow = graph_at(store, moment, full_replay=True)
            seq = slow.version()
            expected = held.get(seq, picture(SituationState()))
            assert picture(situation_of(slow)) == expected
            assert picture(situation_of(graph_at(store, moment))) == expected
            assert picture(moved_back(store, seq).situation) == expected
    finally:
        store.close()


def test_a_snapshot_blob_keeps_the_situation() -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    writes.put_risk(service, Risk("r1", "r1", "R", likelihood=4, threatens=("proj",)), "bob", True)
    writes.put_indicator(service, Indicator("i1", "proj", "I", red=3.0), "bob", True)
    writes.add_measurement(service, Measurement("i1", date(2018, 1, 2), 4.0), "bob")
    writes.add_measurement(service, Measurement("i1", date(2018, 1, 1), 1.0), "bob")
    writes.file_report(
        service, StatusReport("rep", "proj", date(2018, 1, 3), Health.RED, summary="S"), "bob"
    )
    again = decode(encode(store))
    assert picture(again.situation) == picture(store.situation)
    assert len(again.situation.readings["i1"]) == 2
    store.close()


def test_graph_at_gives_the_situation_of_its_time_on_every_adapter(
    service: StrategyService,
) -> None:
    """On the Neo4j adapter too (history replays its event nodes there)."""
    store = service.store
    clock = iter(START + timedelta(minutes=m) for m in (0, 10, 20, 30, 30, 30))
    store.clock = lambda: next(clock)  # type: ignore[attr-defined]
    service.import_document(small_document(), "loader")  # +0
    risk = Risk("r1", "r1", "R", likelihood=2, impact=2, threatens=("proj",))
    writes.put_risk(service, risk, "bob", create=True)  # +10
    raised = Risk("r1", "r1", "R", likelihood=5, impact=5, threatens=("proj",))
    writes.put_risk(service, raised, "bob", expected_version=1)  # +20
    writes.delete_risk(service, "r1", "bob")  # +30
    writes.put_indicator(service, Indicator("i1", "proj", "I", red=3.0), "bob", True)
    writes.add_measurement(service, Measurement("i1", date(2018, 1, 2), 4.0), "bob")

    def risks(minute: int) -> list[tuple[str, int, int]]:
        past = situation_of(graph_at(store, START + timedelta(minutes=minute)))
        assert not past.indicators and not any(past.readings.values())  # both came at +30
        return [(r.id, r.score, r.version) for r in past.risks.values()]

    assert [risks(m) for m in (5, 15, 25)] == [[], [("r1", 4, 1)], [("r1", 25, 2)]]
    now = situation_of(graph_at(store, START + timedelta(minutes=35)))
    assert not now.risks and list(now.indicators) == ["i1"] and len(now.readings["i1"]) == 1


def test_a_snapshot_of_the_old_layout_is_dropped_and_taken_again(folder: Path) -> None:
    """Snapshots written before the picture was kept (layout 1) do not answer history
    without it: they are dropped when met, and taken again in the new layout."""
    store = EmbeddedStore(str(folder / "graph.db"))
    try:
        service = StrategyService(store)
        store.clock = lambda: START
        service.import_document(small_document(), "loader")
        store.clock = lambda: START + timedelta(minutes=1)
        writes.put_risk(service, Risk("r1", "r1", "R", threatens=("proj",)), "bob", True)
        for minute in range(2, 6):
            store.clock = lambda m=minute: START + timedelta(minutes=m)  # type: ignore[misc]
            service.update_node("proj", {"title": f"P{minute}"}, None, "bob")
        shelf = shelf_of(store)
        assert shelf is not None
        seq = graph_at(store, START + timedelta(minutes=1)).version()
        old = orjson.loads(zlib.decompress(encode(moved_back(store, seq))))
        del old["situation"]
        old["format"] = 1
        assert shelf.put(seq, zlib.compress(orjson.dumps(old)), shelf.generation())
        assert shelf.taken() == [seq]
        assert shelf.base(seq + 1) is None  # none readable: it is dropped
        assert shelf.taken() == []
        assert keep_snapshots(store, shelf, every=1) > 0
        assert seq in shelf.taken()
        again = shelf.base(seq)
        assert again is not None and list(again[1].situation.risks) == ["r1"]
    finally:
        store.close()
