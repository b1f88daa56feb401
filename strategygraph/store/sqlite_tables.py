"""Tables of the embedded store's SQLite file kept by a port of their own (access,
webhooks) on the store's connection and under its lock."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from typing import Any

from ..domain import StoreUnavailable

__all__ = ["Ran", "SqliteTables"]


@dataclass(frozen=True, slots=True)
class Ran:
    """A statement run to its end under the lock: its rows, and how many rows it changed.

    Not the cursor: a cursor read after the lock is released keeps a read of the file
    open on the shared connection meanwhile, and a write this process begins then (on
    another thread) is refused at once whenever another process has committed since
    (SQLite's ``SQLITE_BUSY_SNAPSHOT``): a spurious ``STORE_BUSY``."""

    rows: list[Any]
    rowcount: int

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None

    def fetchall(self) -> list[Any]:
        return self.rows


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

    def _run(self, sql: str, *args: object) -> Ran:
        with self.lock:
            try:
                cursor = self.db.execute(sql, args)
                return Ran(cursor.fetchall(), cursor.rowcount)
            except sqlite3.Error as exc:
                article = "an" if self.WHAT[:1] in "aeiou" else "a"
                raise StoreUnavailable(
                    f"the store file refused {article} {self.WHAT} change: {exc}"
                ) from exc
