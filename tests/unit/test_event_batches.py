"""A bulk run's events are one row of ``event_batches`` (``store/event_batches.py``, issue
17), yet every reader of the log answers as if each were a row of ``events``: the same
history written with bulk runs and written one operation at a time reads back the same
through the event listing (after, before, limit, direction, node, region, since), the
history shelf (graphAt, diff, node records), a second store following the file, and a
reopening."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategygraph.domain.changes import AddEdge, CreateNode, DeleteNode, RemoveEdge, UpdateNode
from strategygraph.interchange.json_format import read_document
from strategygraph.service.history import diff, graph_at
from strategygraph.service.imports import plan_import
from strategygraph.store import EmbeddedStore, bulk_apply, embedded_sync, event_batches
from strategygraph.store.event_run import EventRun
from tests.event_log import event_tuple, log_rows
from tests.graphs import seeded_document

T1 = datetime(2026, 12, 3, 6, 0, 0, 123456, tzinfo=UTC)
T2 = T1 + timedelta(minutes=5)
T3 = T1 + timedelta(minutes=9)
T4 = T1 + timedelta(minutes=20)
TIMES = (
    T1 - timedelta(seconds=1),
    T1 - timedelta(microseconds=1),
    T1,
    T1 + timedelta(microseconds=1),
    T2,
    T3 - timedelta(microseconds=1),
    T3,
    T3 + timedelta(seconds=1),
    T4,
    T4 + timedelta(days=1),
)
"""Times before, at and just around each commit."""
ONE_AT_A_TIME = 10**9
"""``bulk_apply.RUN`` that no run reaches."""


@dataclass
class Written:
    """One file written with a history, and a store that followed it from another
    connection while it was written."""

    path: Path
    store: EmbeddedStore
    follower: EmbeddedStore
    followed: list[int]


def _history() -> Iterator[tuple[datetime, list[Any]]]:
    """An import (bulk runs of nodes and of edges), single changes to what it made, a
    second pair of runs, then a change to a node of the second runs."""
    scratch = EmbeddedStore()
    doc, problems, _ = read_document(seeded_document(700, seed=5))
    assert not problems
    operations = plan_import(scratch, doc).operations
    scratch.close()
    yield T1, operations
    created = [op.node.id for op in operations if isinstance(op, CreateNode)]
    first = next(op.edge for op in operations if isinstance(op, AddEdge))
    yield (
        T2,
        [
            UpdateNode(created[3], {"title": "Muutettu"}),
            RemoveEdge(first.source, first.relation, first.target),
            DeleteNode(created[-1], cascade=True),
        ],
    )
    new = [
        CreateNode(replace(op.node, id=f"x-{op.node.id}"))
        for op in operations
        if isinstance(op, CreateNode)
    ]
    edges = [
        AddEdge(replace(op.edge, source=f"x-{op.edge.source}", target=f"x-{op.edge.target}"))
        for op in operations
        if isinstance(op, AddEdge)
    ]
    yield T3, [*new, *edges]
    yield T4, [UpdateNode(new[5].node.id, {"title": "Toinen"})]


def _written(path: Path, run: int, monkeypatch: pytest.MonkeyPatch) -> Written:
    monkeypatch.setattr(bulk_apply, "RUN", run)
    store = EmbeddedStore(str(path))
    follower = EmbeddedStore(str(path))
    followed = []
    for when, operations in _history():
        store.clock = lambda when=when: when  # type: ignore[misc]
        store.commit(operations, "loader", request_id=f"rq-{when.minute}")
        followed.append(follower.refresh())
    assert follower.reloads == 0  # it applied every event (``_reload_from`` below)
    return Written(path, store, follower, followed)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Written, Written]]:
    """The history written with bulk runs, and written one operation at a time."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        folder = tmp_path_factory.mktemp("batches")
        monkeypatch.setattr(embedded_sync, "_reload_from", lambda store: 10**9)  # catch up, always
        monkeypatch.setattr(event_batches, "CHUNK", 97)  # many chunks, more than a batch keeps
        bulk = _written(folder / "bulk.db", bulk_apply.RUN, monkeypatch)
        single = _written(folder / "single.db", ONE_AT_A_TIME, monkeypatch)
    yield bulk, single
    for written in (bulk, single):
        written.store.close()
        written.follower.close()


def test_the_bulk_file_keeps_its_runs_as_batches_and_the_log_reads_the_same(
    pair: tuple[Written, Written],
) -> None:
    bulk, single = pair
    with bulk.store._lock:
        (batches,) = bulk.store._file.db.execute("SELECT COUNT(*) FROM event_batches").fetchone()
        (rows,) = bulk.store._file.db.execute("SELECT COUNT(*) FROM events").fetchone()
    with single.store._lock:
        (none,) = single.store._file.db.execute("SELECT COUNT(*) FROM event_batches").fetchone()
    log = log_rows(bulk.path)
    assert batches == 4 and none == 0  # nodes and edges, twice
    assert rows < 100 < len(log)
    assert log == log_rows(single.path)
    assert [row[0] for row in log] == list(range(1, len(log) + 1))
    assert bulk.store.version() == single.store.version() == len(log)


SEQS = st.one_of(st.none(), st.integers(min_value=0, max_value=4_000))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    node=st.sampled_from([None, "goal-0", "x-goal-0", "nobody"]),
    region=st.sampled_from([None, "national", "r0", "r2"]),
    since=st.sampled_from([None, *TIMES]),
    after=SEQS,
    limit=st.sampled_from([1, 7, 250, 1_000, 100_000]),
    newest_first=st.booleans(),
    data=st.data(),
)
def test_every_listing_of_the_log_reads_the_same(
    pair: tuple[Written, Written],
    node: str | None,
    region: str | None,
    since: datetime | None,
    after: int | None,
    limit: int,
    newest_first: bool,
    data: st.DataObject,
) -> None:
    bulk, single = pair
    if node == "goal-0":  # a node with changes: take one the import made, if asked
        node = data.draw(st.sampled_from(["goal-0", _some_node(single.store)]))
    found = [
        [event_tuple(e) for e in w.store.events(node, region, since, after, limit, newest_first)]
        for w in (bulk, single)
    ]
    assert found[0] == found[1]


def _some_node(store: EmbeddedStore) -> str:
    return store.nodes()[len(store.nodes()) // 2].id


def test_graph_at_any_time_and_diff_between_any_two_read_the_same(
    pair: tuple[Written, Written],
) -> None:
    bulk, single = pair
    for moment in TIMES:
        graphs = [graph_at(w.store, moment) for w in (bulk, single)]
        replayed = graph_at(bulk.store, moment, full_replay=True)
        assert graphs[0].version() == graphs[1].version()
        assert graphs[0].nodes() == graphs[1].nodes() == replayed.nodes()
        assert graphs[0].edges() == graphs[1].edges() == replayed.edges()
    shelf, other = bulk.store.history, single.store.history
    assert [shelf.seq_at(t) for t in TIMES] == [other.seq_at(t) for t in TIMES]
    assert shelf.last() == other.last() == bulk.store.version()
    for start in TIMES[::2]:
        for end in TIMES[1::2]:
            if end >= start:
                assert diff(bulk.store, start, end) == diff(single.store, start, end)
                assert diff(bulk.store, start, end) == diff(
                    bulk.store, start, end, full_replay=True
                )


def test_node_records_and_changes_of_the_shelf_read_the_same(
    pair: tuple[Written, Written],
) -> None:
    bulk, single = pair
    last = bulk.store.version()
    nodes = ["goal-0", "x-goal-0", _some_node(single.store), "nobody"]
    marks = [0, 1, 9, 10, 400, 701, last // 2, last - 1, last]
    for seq in marks:
        for node in nodes:
            assert bulk.store.history.node_state(node, seq) == single.store.history.node_state(
                node, seq
            )
    for after in marks:
        for upto in marks:
            assert bulk.store.history.changes(after, upto) == single.store.history.changes(
                after, upto
            )


def test_a_follower_and_a_reopening_see_the_same_graph(pair: tuple[Written, Written]) -> None:
    bulk, single = pair
    assert bulk.followed == single.followed
    assert sum(bulk.followed) == bulk.store.version()
    assert bulk.follower.version() == bulk.store.version()
    assert (bulk.follower.nodes(), bulk.follower.edges()) == (
        single.follower.nodes(),
        single.follower.edges(),
    )
    assert (bulk.follower.nodes(), bulk.follower.edges()) == (
        bulk.store.nodes(),
        bulk.store.edges(),
    )
    reopened = EmbeddedStore(str(bulk.path))
    try:
        assert reopened.version() == bulk.store.version()
        assert (reopened.nodes(), reopened.edges()) == (single.store.nodes(), single.store.edges())
    finally:
        reopened.close()


def _run(count: int, mark: bytes) -> EventRun:
    afters = [b'{"n":%d,"m":"%s"}' % (i, mark) for i in range(count)]
    ids = [f"n{i}" for i in range(count)]
    return EventRun("create_node", ids, ["north"] * count, afters, None, T1, "t", None)


def test_packing_gives_each_run_the_chunks_compressed_at_once_would_be(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[str] = []
    start = threading.Thread.start

    def counted(thread: threading.Thread) -> None:
        started.append(thread.name)
        start(thread)

    monkeypatch.setattr(threading.Thread, "start", counted)
    with event_batches.packing([object(), object()]) as chunks_of:
        assert chunks_of(_run(3, b"x")) == event_batches.chunked(_run(3, b"x").afters)
    assert started == []  # no run among the events: compressed when asked, no thread
    runs = [_run(event_batches.CHUNK * 3 + 5, b"a"), _run(1, b"b"), _run(0, b"c")]
    with event_batches.packing([object(), *runs]) as chunks_of:
        got = [chunks_of(run) for run in reversed(runs)]
    assert got == [event_batches.chunked(run.afters) for run in reversed(runs)]
    assert [zlib.decompress(c) for c in got[2]][1] == b"".join(
        runs[0].afters[event_batches.CHUNK : event_batches.CHUNK * 2]
    )
    assert len(started) == 1
