"""The embedded store's WAL is checkpointed by its own thread, not inside a commit: the
writer's automatic checkpoint is off, yet committed pages reach the database file while
the store stays open, and the file reopens with every write."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_commits_reach_the_database_file_without_a_checkpoint_in_the_commit(
    tmp_path: Path,
) -> None:
    path = tmp_path / "graph.db"
    store = EmbeddedStore(str(path))
    try:
        assert store._file.db.execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)
        before = digest(path)
        service = StrategyService(store)
        service.import_document(small_document(), "loader")
        deadline = time.monotonic() + 10
        while digest(path) == before:  # the checkpoint thread copies the WAL back
            assert time.monotonic() < deadline, "the WAL was never checkpointed"
            time.sleep(0.05)
        service.update_node("proj", {"title": "Checked"}, 1, "bob")
    finally:
        store.close()
    assert not Path(f"{path}-wal").exists()  # closing checkpointed the rest
    again = EmbeddedStore(str(path))
    try:
        assert again.get_node("proj").title == "Checked"
    finally:
        again.close()
