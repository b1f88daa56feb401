"""Has another process committed to the store file? Asked on a connection of its own.

``PRAGMA data_version`` on the store's own connection waits while another thread of this
process steps a statement on it, and SQLite's busy wait for the write lock is such a
step: a write waiting up to ``WRITE_WAIT`` for another process's lock would hold the
asker (the event loop) as long. A second connection, used for nothing else, answers at
once. It sees this process's own commits move too; the catch-up that follows finds
nothing to apply (the store's own connection says so) and costs one look.
"""

from __future__ import annotations

import sqlite3
import threading

from ..domain import StoreUnavailable

__all__ = ["Probe"]


class Probe:
    """``moved()``: has the file changed since ``mark(version)`` was given a version
    ``look()`` returned (taken before the catch-up it marks began)?"""

    def __init__(self, path: str) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._marked: int | None = None
        self._lock = threading.Lock()

    def look(self) -> int:
        with self._lock:
            try:
                if self._db is None:
                    self._db = sqlite3.connect(
                        self.path, check_same_thread=False, isolation_level=None
                    )
                return int(self._db.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot read the store file: {exc}") from exc

    def moved(self) -> bool:
        return self.look() != self._marked

    def mark(self, version: int) -> None:
        self._marked = version

    @property
    def opened(self) -> bool:
        return self._db is not None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
