"""Webhooks in the embedded store's SQLite file (tables ``webhooks`` and
``webhook_deliveries``): each hook's URL, secret, owner and the last graph version
delivered to it, so deliveries resume after a restart where they stopped.

Like tokens and grants, webhooks are beside the graph, not in its event log.
"""

from __future__ import annotations

from datetime import datetime

from ..domain.webhooks import Delivery, Webhook
from .sqlite_tables import SqliteTables

__all__ = ["SqliteWebhooks"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY, url TEXT NOT NULL, secret TEXT NOT NULL, owner TEXT NOT NULL,
    everything INTEGER NOT NULL, region TEXT, created_at TEXT NOT NULL,
    delivered INTEGER NOT NULL, lease_until TEXT);
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, hook TEXT NOT NULL, version INTEGER NOT NULL,
    attempt INTEGER NOT NULL, at TEXT NOT NULL, status INTEGER, outcome TEXT NOT NULL,
    detail TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS webhook_deliveries_hook ON webhook_deliveries (hook, id);
"""

_HOOK = "SELECT id, url, secret, owner, everything, region, created_at, delivered FROM webhooks"
_DELIVERY = "SELECT id, hook, version, attempt, at, status, outcome, detail FROM webhook_deliveries"


def _hook(row: tuple[str, str, str, str, int, str | None, str, int]) -> Webhook:
    id, url, secret, owner, everything, region, created, delivered = row
    return Webhook(
        id, url, secret, owner, bool(everything), region, datetime.fromisoformat(created), delivered
    )


def _delivery(row: tuple[int, str, int, int, str, int | None, str, str]) -> Delivery:
    id, hook, version, attempt, at, status, outcome, detail = row
    return Delivery(id, hook, version, attempt, datetime.fromisoformat(at), status, outcome, detail)


class SqliteWebhooks(SqliteTables):
    """Webhooks on the store's own connection (and its lock), as ``SqliteAccess`` is."""

    SCHEMA, WHAT = SCHEMA, "webhook"

    def add(self, hook: Webhook) -> None:
        h = hook
        self._run(
            "INSERT INTO webhooks VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            h.id,
            h.url,
            h.secret,
            h.owner,
            int(h.everything),
            h.region,
            h.created_at.isoformat(),
            h.delivered,
        )

    def remove(self, hook_id: str) -> bool:
        with self.lock:
            found = self._run("DELETE FROM webhooks WHERE id = ?", hook_id).rowcount == 1
            self._run("DELETE FROM webhook_deliveries WHERE hook = ?", hook_id)
        return found

    def hooks(self) -> list[Webhook]:
        return [_hook(r) for r in self._run(f"{_HOOK} ORDER BY created_at, id").fetchall()]

    def get(self, hook_id: str) -> Webhook | None:
        row = self._run(f"{_HOOK} WHERE id = ?", hook_id).fetchone()
        return _hook(row) if row else None

    def lease(self, hook_id: str, now: datetime, until: datetime) -> bool:
        """Take the hook for delivering until ``until``, unless another process holds it:
        one sender per hook, whichever server worker it runs in."""
        cursor = self._run(
            "UPDATE webhooks SET lease_until = ? WHERE id = ? "
            "AND (lease_until IS NULL OR lease_until < ?)",
            until.isoformat(),
            hook_id,
            now.isoformat(),
        )
        return cursor.rowcount == 1

    def release(self, hook_id: str) -> None:
        self._run("UPDATE webhooks SET lease_until = NULL WHERE id = ?", hook_id)

    def delivered(self, hook_id: str, version: int) -> None:
        """The hook has had everything up to ``version``."""
        self._run(
            "UPDATE webhooks SET delivered = MAX(delivered, ?) WHERE id = ?", version, hook_id
        )

    def log(self, delivery: Delivery) -> None:
        d = delivery
        self._run(
            "INSERT INTO webhook_deliveries (hook, version, attempt, at, status, outcome, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            d.hook,
            d.version,
            d.attempt,
            d.at.isoformat(),
            d.status,
            d.outcome,
            d.detail,
        )

    def deliveries(self, hook_id: str | None = None, limit: int = 100) -> list[Delivery]:
        """The latest ``limit`` delivery attempts (of ``hook_id``), oldest first."""
        if hook_id is None:
            rows = self._run(f"{_DELIVERY} ORDER BY id DESC LIMIT ?", limit).fetchall()
        else:
            rows = self._run(
                f"{_DELIVERY} WHERE hook = ? ORDER BY id DESC LIMIT ?", hook_id, limit
            ).fetchall()
        return [_delivery(r) for r in reversed(rows)]
