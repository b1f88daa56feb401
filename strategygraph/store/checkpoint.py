"""WAL checkpoints off the write path, for the embedded store's SQLite file.

SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so every
few hundred writes one of them also copies the WAL back into the database file and waits
for that fsync: a write's p99 several times its p50. Instead the writer's connection turns
the automatic checkpoint off, and this thread, on its own connection, runs a ``PASSIVE``
checkpoint (which never blocks readers or writers) shortly after writes, at most once per
``interval``. Durability is unchanged: a commit is durable once its WAL frames are synced
(``synchronous=FULL``); the checkpoint only moves them into the main file.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading

__all__ = ["Checkpointer"]


class Checkpointer:
    """Checkpoints the WAL of ``path`` in the background while the store is open."""

    def __init__(self, path: str, interval: float = 1.0) -> None:
        self.path = path
        self.interval = interval
        self._written = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def written(self) -> None:
        """The writer committed: checkpoint soon."""
        self._written.set()

    def stop(self) -> None:
        """Stop the thread, after a last checkpoint."""
        self._stop.set()
        self._written.set()
        self._thread.join(30)

    def _run(self) -> None:
        try:
            db = sqlite3.connect(self.path, isolation_level=None)
        except sqlite3.Error:
            return  # the writer's own close still checkpoints the file
        try:
            while not self._stop.is_set():
                self._written.wait()
                self._written.clear()
                with contextlib.suppress(sqlite3.Error):  # busy: the next write tries again
                    db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self._stop.wait(self.interval)  # at most one per interval: in batches
        finally:
            db.close()
