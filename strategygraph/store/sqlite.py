"""The embedded store's file: SQLite in WAL mode with ``synchronous=FULL``.

Rows mirror the in-memory graph; the ``events`` table is the event log, and its last
sequence number is the graph version. Several processes may share one file: a write runs
inside ``locked`` (SQLite's write lock, ``BEGIN IMMEDIATE``), and ``data_version`` tells a
process cheaply whether another one has committed since it last looked.

This module opens the file (its tables, its migrations) and reads it; its transactions
are in ``sqlite_lock.py`` and its writes in ``sqlite_write.py``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from ..domain import Comment, Edge, Event, Node, Organisation, Region, Relation, StoreUnavailable
from ..domain.codec_kept import node_from_trusted
from ..domain.states import comment_from_state
from ..trace.graph import PlainEdge
from .batch_reader import BatchCache, BatchPart, batch_events
from .checkpoint import Checkpointer
from .event_batches import BATCH_SCHEMA
from .situation_sqlite import SITUATION_SCHEMA
from .sqlite_lock import WRITE_WAIT
from .sqlite_write import SqliteWriting

__all__ = ["SqliteFile"]

SCHEMA = (
    """
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
CREATE TABLE IF NOT EXISTS comments (id TEXT PRIMARY KEY, node TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS comments_node ON comments (node);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots (
    seq INTEGER PRIMARY KEY, generation INTEGER NOT NULL, data BLOB NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('generation', 0);
"""
    + SITUATION_SCHEMA
    + BATCH_SCHEMA
)

MIGRATIONS = (
    ("edges", "suspect_at", "ALTER TABLE edges ADD COLUMN suspect_at TEXT"),
    ("edges", "suspect_by", "ALTER TABLE edges ADD COLUMN suspect_by TEXT"),
    ("events", "request_id", "ALTER TABLE events ADD COLUMN request_id TEXT"),
)
"""Columns added after the first release: a file written before gets them on opening."""

_EVENTS_SQL = (
    "SELECT seq, at, actor, operation, target, region, before, after, related, request_id "
    "FROM events WHERE {where} ORDER BY seq {direction} LIMIT ?"
)

_CHUNK = 5_000
"""Rows read at a time when loading the graph."""


class SqliteFile(SqliteWriting):
    """The store's file: opened (and its tables made) here, read here; its transactions
    are ``SqliteTransactions``'s (``sqlite_lock.py``), its writes ``SqliteWriting``'s
    (``sqlite_write.py``)."""

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.checkpointer: Checkpointer | None = None
        self._unit: AbstractContextManager[None] | None = None
        self.batches = BatchCache()
        """Batches of the log decoded by a reader, kept for the next (``event_batches``)."""
        try:
            self.db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=WRITE_WAIT
            )
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            with self.locked():  # two processes opening a new file: one creates it
                for statement in SCHEMA.split(";"):  # not executescript: it would commit
                    if statement.strip():
                        self.db.execute(statement)
                for table, column, statement in MIGRATIONS:
                    names = {row[1] for row in self.db.execute(f"PRAGMA table_info({table})")}
                    if column not in names:
                        self.db.execute(statement)
            if path != ":memory:":
                # Checkpoints run on their own thread, not inside a commit (checkpoint.py).
                self.db.execute("PRAGMA wal_autocheckpoint=0")
                self.checkpointer = Checkpointer(path)
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open the store file {path}: {exc}") from exc

    def load(
        self,
    ) -> tuple[list[Region], list[Organisation], Iterator[Node], Iterator[Edge | PlainEdge], int]:
        """Everything in the file. Nodes and edges stream (read them once, in that order),
        so a large graph is never held twice while the caller builds its own."""
        db = self.db
        regions = [Region(*row) for row in db.execute("SELECT id, name FROM regions")]
        orgs = [Organisation(*r) for r in db.execute("SELECT id, name, region FROM organisations")]
        return regions, orgs, self._nodes(), self._edges(), self._log_size()

    def _nodes(self) -> Iterator[Node]:
        cursor = self.db.execute("SELECT data FROM nodes")
        while rows := cursor.fetchmany(_CHUNK):
            # One JSON array per chunk: far fewer decoder calls than one per row (orjson:
            # the rows are its own writing, and it decodes them several times faster).
            for data in orjson.loads("[" + ",".join(d for (d,) in rows) + "]"):
                yield node_from_trusted(data)

    def _edges(self) -> Iterator[Edge | PlainEdge]:
        relations = {r.value: r for r in Relation}
        cursor = self.db.execute(
            "SELECT source, target, relation, inferred, note, suspect_at, suspect_by FROM edges"
        )
        while rows := cursor.fetchmany(_CHUNK):
            for s, t, r, i, n, a, b in rows:
                if i or n or a:
                    yield Edge(
                        s, relations[r], t, bool(i), n, datetime.fromisoformat(a) if a else None, b
                    )
                else:
                    yield (s, relations[r], t)  # most edges: no Edge object to build

    def data_version(self) -> int:
        """Moves whenever another connection (another process) commits to the file; this
        connection's own commits leave it. Costs a few microseconds: no file read."""
        try:
            return int(self.db.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot read the store file: {exc}") from exc

    def position(self) -> tuple[int, int]:
        """(generation, last event sequence number): where the file's log stands. A new
        generation means the log was replaced (a restore), not extended."""
        try:
            (generation,) = self.db.execute(
                "SELECT value FROM meta WHERE key = 'generation'"
            ).fetchone()
            return int(generation), self._log_size()
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot read the store file: {exc}") from exc

    def events(
        self,
        node_id: str | None,
        region: str | None,
        since: datetime | None,
        after: int | None,
        limit: int,
        newest_first: bool = False,
    ) -> list[Event]:
        args: list[object]
        if newest_first:
            where, args = ["seq < ?"], [after if after is not None else 2**63 - 1]
        else:
            where, args = ["seq > ?"], [after or 0]
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
        direction = "DESC" if newest_first else "ASC"
        sql = _EVENTS_SQL.format(where=" AND ".join(where), direction=direction)
        rows = self.db.execute(sql, (*args, limit))
        found = [
            Event(
                seq, datetime.fromisoformat(at), actor, op, target, reg, _load(b), _load(a), rel, rq
            )
            for seq, at, actor, op, target, reg, b, a, rel, rq in rows
        ]
        text = None if since is None else since.isoformat()
        batched = batch_events(
            self.batches, self.db, node_id, region, text, after, limit, newest_first
        )
        if not batched:
            return found
        merged = sorted([*found, *batched], key=_SEQ, reverse=newest_first)
        return merged[:limit]

    def entries(self, after: int, limit: int) -> list[Event | BatchPart]:
        """The log after event ``after``, in order, for a reader that applies it: up to
        ``limit`` events of rows, one ``Event`` each; or, when the next event is in a
        batch, the rest of that batch as one ``BatchPart``."""
        headers = self.batches.headers(self.db, "last_seq > ? ORDER BY first_seq LIMIT 1", (after,))
        if headers and headers[0].first <= after + 1:
            batch = self.batches.batch(self.db, headers[0])
            return [BatchPart(batch, after + 1 - headers[0].first, len(batch))]
        upto = headers[0].first - 1 if headers else 2**63 - 1
        return list(self.events(None, None, None, after, min(limit, upto - after)))

    def comments(self) -> list[Comment]:
        """Every comment (the embedded store keeps them all in memory)."""
        rows = self.db.execute("SELECT data FROM comments")
        return [comment_from_state(json.loads(d)) for (d,) in rows]

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
        self.db.close()


_SEQ = attrgetter("seq")


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(orjson.loads(value))
