"""Tables of the embedded store's SQLite file kept by a port of their own (access,
webhooks) on the store's connection and under its lock."""

from __future__ import annotations

import sqlite3
import threading

from ..domain import StoreUnavailable

__all__ = ["SqliteTables"]


class SqliteTables:
    """Creates its tables (``SCHEMA``) on opening; runs each statement under the lock, and
    reports SQLite's refusal as ``StoreUnavailable`` naming what the tables hold
    (``WHAT``: "access" or "webhook")."""

    SCHEMA = ""
    WHAT = ""

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        self.db = db
        self.lock = lock
        with self.lock:
            try:
                db.executescript(self.SCHEMA)
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot prepare the {self.WHAT} tables: {exc}") from exc

    def _run(self, sql: str, *args: object) -> sqlite3.Cursor:
        with self.lock:
            try:
                return self.db.execute(sql, args)
            except sqlite3.Error as exc:
                article = "an" if self.WHAT[:1] in "aeiou" else "a"
                raise StoreUnavailable(
                    f"the store file refused {article} {self.WHAT} change: {exc}"
                ) from exc
