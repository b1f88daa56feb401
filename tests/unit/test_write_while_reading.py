"""A write of one process while a read is in progress on its connection (another thread
stepping a statement) and another process has committed since, or holds the write lock:
SQLite refuses the write at once (``SQLITE_BUSY_SNAPSHOT``, or plain ``SQLITE_BUSY``: it
waits only for a connection that is not reading). The store waits for the read to end
instead of answering ``STORE_BUSY``, and its own tables never leave a read open after a
call."""

from __future__ import annotations

import threading
from pathlib import Path

from strategygraph.domain.situation import Risk
from strategygraph.service import StrategyService
from strategygraph.service import situation as writes
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document


def _two_processes(tmp_path: Path) -> tuple[EmbeddedStore, EmbeddedStore]:
    path = str(tmp_path / "shared.db")
    first = EmbeddedStore(path)
    StrategyService(first).import_document(small_document(), "loader")
    return first, EmbeddedStore(path)


def _risk(risk_id: str) -> Risk:
    return Risk(risk_id, "r1", f"Riski {risk_id}", threatens=("proj",))


def test_a_write_waits_for_a_read_in_progress_on_its_connection(tmp_path: Path) -> None:
    a, b = _two_processes(tmp_path)
    try:
        reading = a._file.db.execute("SELECT seq FROM events")  # a read stepped, not done
        assert reading.fetchone() is not None
        writes.put_risk(StrategyService(b), _risk("r-b"), "bob", create=True)
        ends = threading.Timer(0.05, reading.close)  # the reading thread finishes
        ends.start()
        try:
            written = writes.put_risk(StrategyService(a), _risk("r-a"), "ann", create=True)
        finally:
            ends.join(5)
        assert written.version == 1
        assert sorted(a.situation.risks) == ["r-a", "r-b"]
    finally:
        a.close()
        b.close()


def test_the_access_tables_read_to_the_end_before_they_answer(tmp_path: Path) -> None:
    a, b = _two_processes(tmp_path)
    try:
        access = AccessService(a.access)
        for user in ("ann", "bob", "cid"):
            access.create_token(user)
        found = a.access._run("SELECT id FROM tokens")  # type: ignore[attr-defined]
        writes.put_risk(StrategyService(b), _risk("r-b"), "bob", create=True)
        written = writes.put_risk(StrategyService(a), _risk("r-a"), "ann", create=True)
        assert written.version == 1
        assert len(found.fetchall()) == 3  # rows read under the lock, not a cursor
    finally:
        a.close()
        b.close()


def test_a_write_waits_while_it_reads_and_another_process_holds_the_lock(
    tmp_path: Path,
) -> None:
    """SQLite calls its busy handler only for a connection that is not reading: with a read
    in progress on ours (the change feed reading the log, say) and another process holding
    the write lock, it refused the write at once, plain ``SQLITE_BUSY``: "waited 0.0 s"."""
    a, b = _two_processes(tmp_path)
    holding, go = threading.Event(), threading.Event()
    # another process's write, under way
    holder = threading.Thread(target=_write_held, args=(b, "r-b", "bob", True, holding, go))
    holder.start()
    reading = a._file.db.execute("SELECT seq FROM events")  # a read stepped, not done
    ends = [threading.Timer(0.05, reading.close), threading.Timer(0.1, go.set)]
    try:
        assert holding.wait(10) and reading.fetchone() is not None
        for timer in ends:
            timer.start()
        written = writes.put_risk(StrategyService(a), _risk("r-a"), "ann", create=True)
        assert written.version == 1
        assert sorted(a.situation.risks) == ["r-a", "r-b"]
    finally:
        go.set()
        for timer in ends:
            timer.cancel()
        reading.close()
        holder.join(10)
        a.close()
        b.close()


def test_the_log_is_read_under_the_lock_never_mid_write(tmp_path: Path) -> None:
    """The change feed reads the log on its own thread: on the shared connection, beside a
    write under way on another thread (a document's mutations, kept together), it read
    that write's events before they were committed, and those of a write then undone."""
    a, b = _two_processes(tmp_path)
    written, go = threading.Event(), threading.Event()
    writer = threading.Thread(target=_write_held, args=(a, "r-a", "ann", False, written, go))
    writer.start()
    lets_go = threading.Timer(0.2, go.set)
    try:
        assert written.wait(10)
        lets_go.start()
        seen = a.events(after=0, limit=1_000)  # waits for the write to end
        assert [e.operation for e in seen if e.operation == "put_risk"] == []
        assert a.events(after=0, limit=1_000) == seen and a.situation.risks == {}
    finally:
        go.set()
        lets_go.cancel()
        writer.join(10)
        a.close()
        b.close()


def _write_held(
    store: EmbeddedStore,
    risk: str,
    actor: str,
    keep: bool,
    written: threading.Event,
    go: threading.Event,
) -> None:
    """A unit on ``store`` in which ``actor`` writes the risk ``risk``, says it has
    (``written``), holds the store until ``go`` (10 s at most), then ends, kept or undone
    (``keep``)."""
    store.begin()
    try:
        writes.put_risk(StrategyService(store), _risk(risk), actor, create=True)
        written.set()
        go.wait(10)
    finally:
        store.end(keep=keep)
