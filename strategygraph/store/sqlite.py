"""The embedded store's file: SQLite in WAL mode with ``synchronous=FULL``.

Rows mirror the in-memory graph; the ``events`` table is the event log, and its last
sequence number is the graph version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain import Edge, Event, Node, Organisation, Region, Relation, StoreUnavailable
from ..domain.codec import node_from_trusted, node_to_dict

__all__ = ["SqliteFile"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS regions (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS organisations (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS nodes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS edges (
    source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL,
    inferred INTEGER NOT NULL DEFAULT 0, note TEXT, PRIMARY KEY (source, target));
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
    operation TEXT NOT NULL, target TEXT NOT NULL, region TEXT,
    before TEXT, after TEXT, related TEXT);
CREATE INDEX IF NOT EXISTS events_related ON events (related, seq);
CREATE INDEX IF NOT EXISTS events_target ON events (target, seq);
CREATE INDEX IF NOT EXISTS events_region ON events (region, seq);
"""

_EVENTS_SQL = (
    "SELECT seq, at, actor, operation, target, region, before, after, related "
    "FROM events WHERE {where} ORDER BY seq LIMIT ?"
)

Change = tuple[str, str, Any]
"""(table, key, row or None to delete)."""


class SqliteFile:
    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the store file {path}: {exc}") from exc

    def load(self) -> tuple[list[Region], list[Organisation], list[Node], list[Edge], int]:
        db = self.db
        regions = [Region(*row) for row in db.execute("SELECT id, name FROM regions")]
        orgs = [Organisation(*r) for r in db.execute("SELECT id, name, region FROM organisations")]
        nodes = [node_from_trusted(json.loads(d)) for (d,) in db.execute("SELECT data FROM nodes")]
        edges = [
            Edge(s, Relation(r), t, bool(i), n)
            for s, t, r, i, n in db.execute(
                "SELECT source, target, relation, inferred, note FROM edges"
            )
        ]
        (version,) = db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
        return regions, orgs, nodes, edges, int(version)

    def write(self, changes: Iterable[Change], events: list[Event], replace: bool = False) -> int:
        """Write rows and event rows in one transaction; return the last sequence number.

        With ``replace`` every table is emptied first and the events keep their own
        sequence numbers (a restore); otherwise they get the next free ones."""
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                if replace:
                    for table in ("regions", "organisations", "nodes", "edges", "events"):
                        db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
                    db.execute("DELETE FROM sqlite_sequence WHERE name = 'events'")
                for table, key, row in changes:
                    self._write_row(table, key, row)
                last = 0
                for e in events:
                    cursor = db.execute(
                        "INSERT INTO events (seq, at, actor, operation, target, region, before,"
                        " after, related) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            e.seq if replace else None,
                            e.at.isoformat(),
                            e.actor,
                            e.operation,
                            e.target,
                            e.region,
                            _dump(e.before),
                            _dump(e.after),
                            e.related,
                        ),
                    )
                    last = cursor.lastrowid or last
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"the store file refused the write: {exc}") from exc
        return last

    def _write_row(self, table: str, key: str, row: Any) -> None:
        db = self.db
        if table == "edges":
            source, target = key.split("\x00")
            if row is None:
                db.execute("DELETE FROM edges WHERE source = ? AND target = ?", (source, target))
            else:
                db.execute(
                    "INSERT OR REPLACE INTO edges VALUES (?, ?, ?, ?, ?)",
                    (source, target, row.relation.value, int(row.inferred), row.note),
                )
        elif row is None:
            db.execute(f"DELETE FROM {table} WHERE id = ?", (key,))  # noqa: S608 (fixed names)
        elif table == "nodes":
            db.execute(
                "INSERT OR REPLACE INTO nodes VALUES (?, ?)",
                (key, json.dumps(node_to_dict(row), ensure_ascii=False)),
            )
        elif table == "regions":
            db.execute("INSERT OR REPLACE INTO regions VALUES (?, ?)", (row.id, row.name))
        else:
            db.execute(
                "INSERT OR REPLACE INTO organisations VALUES (?, ?, ?)",
                (row.id, row.name, row.region),
            )

    def events(
        self,
        node_id: str | None,
        region: str | None,
        since: datetime | None,
        after: int | None,
        limit: int,
    ) -> list[Event]:
        where: list[str] = ["seq > ?"]
        args: list[object] = [after or 0]
        if node_id is not None:
            where.append("(target = ? OR related = ?)")
            args.extend([node_id, node_id])
        if region is not None:
            where.append("region = ?")
            args.append(region)
        if since is not None:
            where.append("at >= ?")
            args.append(since.isoformat())
        # Only the fixed clauses above are joined; every value is a parameter.
        sql = _EVENTS_SQL.format(where=" AND ".join(where))
        rows = self.db.execute(sql, (*args, limit))
        return [
            Event(seq, datetime.fromisoformat(at), actor, op, target, reg, _load(b), _load(a), rel)
            for seq, at, actor, op, target, reg, b, a, rel in rows
        ]

    def close(self) -> None:
        self.db.close()


def _dump(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(json.loads(value))
