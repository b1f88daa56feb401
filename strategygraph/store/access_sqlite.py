"""The access port in the embedded store's SQLite file (tables ``tokens`` and ``grants``)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Hashable
from datetime import datetime

from ..domain.access import ApiToken, Grant, Role
from .sqlite_tables import Ran, SqliteTables

__all__ = ["SqliteAccess"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY, user TEXT NOT NULL, digest TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL, expires_at TEXT, revoked_at TEXT, label TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grants (
    user TEXT NOT NULL, role TEXT NOT NULL, region TEXT NOT NULL,
    PRIMARY KEY (user, role, region));
"""

_SELECT = "SELECT id, user, digest, created_at, expires_at, revoked_at, label FROM tokens"


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _token(row: tuple[str, str, str, str, str | None, str | None, str]) -> ApiToken:
    id, user, digest, created, expires, revoked, label = row
    return ApiToken(
        id, user, digest, datetime.fromisoformat(created), _time(expires), _time(revoked), label
    )


class SqliteAccess(SqliteTables):
    """``AccessStore`` on the store's own connection (and its write lock)."""

    SCHEMA, WHAT = SCHEMA, "access"

    def __init__(self, db: sqlite3.Connection, lock: threading.RLock) -> None:
        super().__init__(db, lock)
        self._changes = 0  # this connection's own token and grant changes

    def stamp(self, wait: bool = True) -> Hashable | None:
        """This connection's own changes, and the file's ``data_version``, which moves
        whenever another connection (another process: the CLI, a second worker) commits."""
        if not self.lock.acquire(blocking=wait):
            return None
        try:
            return (self._changes, self.db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None
        finally:
            self.lock.release()

    def _change(self, sql: str, *args: object) -> Ran:
        with self.lock:
            self._changes += 1
            return self._run(sql, *args)

    def add_token(self, token: ApiToken) -> None:
        t = token
        self._change(
            "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?)",
            t.id,
            t.user,
            t.digest,
            t.created_at.isoformat(),
            t.expires_at.isoformat() if t.expires_at else None,
            t.revoked_at.isoformat() if t.revoked_at else None,
            t.label,
        )

    def token_by_digest(self, digest: str) -> ApiToken | None:
        row = self._run(f"{_SELECT} WHERE digest = ?", digest).fetchone()
        return _token(row) if row else None

    def tokens(self, user: str | None = None) -> list[ApiToken]:
        if user is None:
            rows = self._run(f"{_SELECT} ORDER BY created_at, id").fetchall()
        else:
            rows = self._run(f"{_SELECT} WHERE user = ? ORDER BY created_at, id", user).fetchall()
        return [_token(r) for r in rows]

    def revoke_token(self, token_id: str, at: datetime) -> ApiToken | None:
        with self.lock:
            self._change(
                "UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?",
                at.isoformat(),
                token_id,
            )
            row = self._run(f"{_SELECT} WHERE id = ?", token_id).fetchone()
        return _token(row) if row else None

    def add_grant(self, grant: Grant) -> bool:
        cursor = self._change(
            "INSERT OR IGNORE INTO grants VALUES (?, ?, ?)",
            grant.user,
            grant.role.value,
            grant.region,
        )
        return cursor.rowcount == 1

    def remove_grant(self, grant: Grant) -> bool:
        cursor = self._change(
            "DELETE FROM grants WHERE user = ? AND role = ? AND region = ?",
            grant.user,
            grant.role.value,
            grant.region,
        )
        return cursor.rowcount == 1

    def grants(self, user: str | None = None) -> list[Grant]:
        sql = "SELECT user, role, region FROM grants"
        rows = (
            self._run(sql).fetchall()
            if user is None
            else self._run(f"{sql} WHERE user = ?", user).fetchall()
        )
        found = [Grant(u, Role(r), g) for u, r, g in rows]
        return sorted(found, key=lambda g: (g.user, g.region, g.role.rank))
