"""A write of one process while a read is in progress on its connection (another thread
stepping a statement) and another process has committed since: SQLite refuses the write
at once (``SQLITE_BUSY_SNAPSHOT``). The store waits for the read to end instead of
answering ``STORE_BUSY``, and its own tables never leave a read open after a call."""

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
