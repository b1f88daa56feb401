"""Transactions on the embedded store's SQLite file: the write lock and read snapshots.

Several processes share one file, so every write holds SQLite's write lock from its start
(``locked``: ``BEGIN IMMEDIATE``, waiting up to ``WRITE_WAIT`` and then refusing with a
retryable ``StoreBusy``), a unit keeps it open across commits (``begin``/``end``), and a
reader sees one moment of the file (``reading``). How the file is locked is its own
concept, apart from what is written (``sqlite_write``) and read (``sqlite.py``) inside.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress

from ..domain import StoreBusy, StoreUnavailable
from .checkpoint import Checkpointer

__all__ = ["WRITE_WAIT", "SqliteTransactions", "begin_write"]

WRITE_WAIT = 5.0
"""Seconds a write waits for another process's write to finish before it gives up with
``StoreBusy`` (a retryable error)."""


def begin_write(db: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, waiting up to ``WRITE_WAIT`` for the write lock (SQLite's busy
    timeout) and, the same while, for a read still in progress on this connection (a
    statement another thread is stepping: the change feed reading the log, say). SQLite
    waits for the lock only for a connection that is not reading; this one it refuses at
    once, with ``SQLITE_BUSY_SNAPSHOT`` when another process's commit has made the read's
    view of the file stale, or plain ``SQLITE_BUSY`` when another process holds the lock
    meanwhile. The read ends in microseconds: try again until the wait is up. (SQLite
    keeps one error code per connection, so that refusal may come reported as the other
    statement's step, ``SQLITE_ROW`` or ``SQLITE_DONE``: the same refusal.)"""
    deadline = time.monotonic() + WRITE_WAIT
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.DatabaseError as exc:
            name = getattr(exc, "sqlite_errorname", "")
            busy = name.startswith("SQLITE_BUSY") or name in _STEPPED
            if not busy or time.monotonic() > deadline:
                raise
        time.sleep(0.001)


_STEPPED = frozenset({"SQLITE_ROW", "SQLITE_DONE"})
"""Error names that are another statement's step on the connection, not an error."""


class SqliteTransactions:
    """The transactions of ``SqliteFile`` on its connection ``db`` (set up by
    ``SqliteFile.__init__``)."""

    db: sqlite3.Connection
    checkpointer: Checkpointer | None
    _unit: AbstractContextManager[None] | None

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One write transaction, holding SQLite's write lock from the start (``BEGIN
        IMMEDIATE``): no other process commits until it ends. Commits when the block
        ends, rolls back if it raises. A lock another process holds for longer than
        ``WRITE_WAIT`` gives ``StoreBusy``."""
        db = self.db
        asked = time.monotonic()
        try:
            begin_write(db)
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                waited = time.monotonic() - asked
                why = getattr(exc, "sqlite_errorname", "SQLITE_BUSY")
                raise StoreBusy(
                    f"the store file is busy: the write waited {waited:.1f} s (at most "
                    f"{WRITE_WAIT:g} s) for the write lock another process holds ({why}); "
                    f"nothing was written, try again"
                ) from exc
            raise StoreUnavailable(f"the store file refused the write: {exc}") from exc
        try:
            yield
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise StoreUnavailable(f"the store file refused the write: {exc}") from exc
        if self.checkpointer is not None:
            self.checkpointer.written()

    def begin(self) -> None:
        """``locked``, opened by hand: ``end`` closes it."""
        unit = self.locked()
        unit.__enter__()  # raises (StoreBusy, say) with nothing left open
        self._unit = unit

    def end(self, keep: bool) -> None:
        """Commit (``keep``) or roll back what ``begin`` opened."""
        unit, self._unit = self._unit, None
        if unit is None:
            return
        if keep:
            unit.__exit__(None, None, None)
        else:
            rolled_back = _RolledBack()
            with suppress(_RolledBack):
                unit.__exit__(_RolledBack, rolled_back, None)

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction (inside ``locked``, that one): every statement in it sees
        the file as it was when it began, whatever other processes commit meanwhile."""
        db = self.db
        if db.in_transaction:
            yield
            return
        try:
            db.execute("BEGIN")
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot read the store file: {exc}") from exc
        try:
            yield
        finally:
            if db.in_transaction:
                db.execute("COMMIT")


class _RolledBack(Exception):
    """Thrown into ``locked`` to roll a unit back."""
