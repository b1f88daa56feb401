"""Two embedded stores on one file, as two processes hold it: each catches up with the
other's commits before it reads (``refresh``) and inside its own write lock, so version
races have one winner, the metamodel holds across writers, and a restore or a large
import elsewhere is loaded rather than replayed."""

from __future__ import annotations

import contextlib
import random
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from strategygraph.domain import Edge, Relation, StoreBusy, ValidationError, VersionConflict
from strategygraph.domain.changes import AddEdge, UpdateNode
from strategygraph.service import StrategyService
from strategygraph.service.replay import graph_state
from strategygraph.store import EmbeddedStore, embedded_sync, sqlite_lock
from strategygraph.store.snapshot import read_snapshot

from ..api.conftest import LOADER, graph_document


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[EmbeddedStore, EmbeddedStore]]:
    path = str(tmp_path / "shared.db")
    first = EmbeddedStore(path)
    StrategyService(first).import_document(graph_document(), LOADER)
    second = EmbeddedStore(path)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


def state(store: EmbeddedStore) -> dict[str, object]:
    return graph_state(
        store.nodes(), store.edges(), store.regions(), store.organisations(), store.comments()
    )


def test_a_read_after_refresh_sees_the_other_writer(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    a.commit([UpdateNode("ch", {"title": "Uusi"}, 1)], "a")
    assert b.get_node("ch").title == "Tiedolla johtaminen"  # not yet looked
    assert b.refresh() == 1
    assert b.get_node("ch").title == "Uusi" and b.version() == a.version()
    assert b.refresh() == 0  # nothing moved since


def test_a_stale_expected_version_loses_whoever_wrote_first(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    a.commit([UpdateNode("ch", {"title": "A"}, 1)], "a")
    with pytest.raises(VersionConflict) as caught:
        b.commit([UpdateNode("ch", {"title": "B"}, 1)], "b")  # no refresh: the lock catches up
    assert caught.value.current == 2
    b.commit([UpdateNode("ch", {"title": "B"}, 2)], "b")
    a.refresh()
    assert [e.operation for e in a.events(node_id="ch", after=0)].count("update_node") == 2
    assert a.get_node("ch").version == b.get_node("ch").version == 3


def test_two_writers_cannot_close_a_cycle_between_them(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    a.commit([AddEdge(Edge("proj-a", Relation.DEPENDS_ON, "proj-skip"))], "a")
    with pytest.raises(ValidationError) as caught:
        b.commit([AddEdge(Edge("proj-skip", Relation.DEPENDS_ON, "proj-b"))], "b")
    assert caught.value.problems[0].rule == "cycle"
    assert "'proj-b' already leads to 'proj-skip'" in caught.value.message


def test_a_restore_elsewhere_is_loaded_not_replayed(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    snapshot = read_snapshot(a)
    a.commit([UpdateNode("ch", {"title": "gone after the restore"}, 1)], "a")
    b.refresh()
    b.restore(snapshot, replace=True)
    reloads = a.reloads
    a.refresh()
    assert a.reloads == reloads + 1
    assert a.get_node("ch").title == "Tiedolla johtaminen"
    assert state(a) == state(b)


def test_a_large_import_elsewhere_is_loaded_in_one_go(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    nodes = [
        {"id": f"bulk-{i}", "kind": "CHALLENGE", "region": "etela", "title": f"Haaste {i}"}
        for i in range(2_100)
    ]
    document = {"format": "strategygraph", "format_version": 1, "nodes": nodes, "edges": []}
    StrategyService(b).import_document(document, "b")
    reloads = a.reloads
    assert a.refresh() >= 2_100
    assert a.reloads == reloads + 1
    assert len(a.nodes()) == len(b.nodes()) and a.version() == b.version()


@pytest.mark.parametrize("seed", range(5))
def test_random_writes_through_both_keep_both_equal_to_the_file(
    pair: tuple[EmbeddedStore, EmbeddedStore], seed: int, tmp_path: Path
) -> None:
    a, b = pair
    rng = random.Random(seed)
    ids = sorted(n.id for n in a.nodes() if n.kind.name == "STRATEGIC_PROJECT")
    for step in range(60):
        writer = rng.choice((a, b))
        node_id = rng.choice(ids)
        if rng.random() < 0.6:
            writer.refresh()
            version = writer.get_node(node_id).version
            writer.commit([UpdateNode(node_id, {"progress": step}, version)], f"w{step}")
        else:
            target = rng.choice([i for i in ids if i != node_id])
            with contextlib.suppress(ValidationError):  # already linked, or a cycle: refused
                writer.commit([AddEdge(Edge(node_id, Relation.DEPENDS_ON, target))], "w")
    a.refresh()
    b.refresh()
    fresh = EmbeddedStore(a.path)
    try:
        assert state(a) == state(b) == state(fresh)
        assert a.version() == b.version() == fresh.version()
    finally:
        fresh.close()
    seqs = [e.seq for e in a.events(after=0, limit=10_000)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_writer_that_cannot_get_the_lock_is_told_to_retry(
    pair: tuple[EmbeddedStore, EmbeddedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b = pair
    monkeypatch.setattr(sqlite_lock, "WRITE_WAIT", 0.2)
    holder = sqlite3.connect(a.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    b._file.db.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(StoreBusy) as caught:
            b.commit([UpdateNode("ch", {"title": "B"}, 1)], "b")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert caught.value.code == "STORE_BUSY"
    assert caught.value.extensions() == {"retryable": True}
    assert "for the write lock another process holds" in caught.value.message
    assert b.get_node("ch").title == "Tiedolla johtaminen"  # undone in memory too
    b.commit([UpdateNode("ch", {"title": "B"}, 1)], "b")


def test_threads_writing_through_two_stores_lose_nothing(
    pair: tuple[EmbeddedStore, EmbeddedStore],
) -> None:
    a, b = pair
    start = a.version()
    wins: list[int] = []

    def write(store: EmbeddedStore, name: str) -> None:
        for i in range(25):  # a new value each time: an update to the same value writes nothing
            while True:
                store.refresh()
                version = store.get_node("proj-a").version
                try:
                    store.commit([UpdateNode("proj-a", {"owner": f"{name}{i}"}, version)], name)
                    wins.append(version)
                    break
                except VersionConflict:
                    continue

    threads = [threading.Thread(target=write, args=(s, n)) for s, n in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == list(range(1, 51))  # each version won exactly once
    a.refresh()
    assert a.get_node("proj-a").version == 51 and a.version() == start + 50


def test_the_version_moves_once_a_catch_up_is_done(
    pair: tuple[EmbeddedStore, EmbeddedStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read off the gate while a catch-up applies another process's commit (``/healthz``
    does), the version is the one held before it, never one inside that commit."""
    a, b = pair
    before = b.version()
    ids = [n.id for n in a.nodes()][:3]
    a.commit([UpdateNode(i, {"description": f"muutettu {i}"}) for i in ids], "alice")
    assert a.version() == before + 3  # one commit of three events
    seen: list[int] = []
    applying = embedded_sync.apply_entry

    def watched(store: EmbeddedStore, entry: object) -> None:
        seen.append(store.version())
        applying(store, entry)

    monkeypatch.setattr(embedded_sync, "apply_entry", watched)
    b.refresh()
    assert seen == [before] * 3
    assert b.version() == a.version() and state(b) == state(a)
