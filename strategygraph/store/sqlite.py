"""The embedded store's file: SQLite in WAL mode with ``synchronous=FULL``.

Rows mirror the in-memory graph; the ``events`` table is the event log, and its last
sequence number is the graph version. Several processes may share one file: a write runs
inside ``locked`` (SQLite's write lock, ``BEGIN IMMEDIATE``), and ``data_version`` tells a
process cheaply whether another one has committed since it last looked.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from datetime import datetime
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from ..domain import (
    Comment,
    Edge,
    Event,
    Node,
    Organisation,
    Region,
    Relation,
    StoreBusy,
    StoreUnavailable,
)
from ..domain.codec import node_from_trusted
from ..domain.states import comment_from_state, comment_state
from ..trace.graph import PlainEdge
from .batch_reader import BatchCache, BatchPart, batch_events
from .checkpoint import Checkpointer
from .event_batches import BATCH_SCHEMA, packing, put_batch
from .event_run import EventRun
from .situation_sqlite import SITUATION_SCHEMA, SITUATION_TABLE_NAMES, write_situation_row

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

_LOG_SIZE_SQL = (
    "SELECT MAX(COALESCE((SELECT MAX(seq) FROM events), 0),"
    " COALESCE((SELECT MAX(last_seq) FROM event_batches), 0))"
)

_CHUNK = 5_000
"""Rows read at a time when loading the graph."""

WRITE_WAIT = 5.0
"""Seconds a write waits for another process's write to finish before it gives up with
``StoreBusy`` (a retryable error)."""

Change = tuple[str, str, Any]
"""(table, key, row or None to delete)."""


def _begin_write(db: sqlite3.Connection) -> None:
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


class SqliteFile:
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

    @contextmanager
    def locked(self) -> Iterator[None]:
        """One write transaction, holding SQLite's write lock from the start (``BEGIN
        IMMEDIATE``): no other process commits until it ends. Commits when the block
        ends, rolls back if it raises. A lock another process holds for longer than
        ``WRITE_WAIT`` gives ``StoreBusy``."""
        db = self.db
        asked = time.monotonic()
        try:
            _begin_write(db)
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

    def write(
        self, changes: Iterable[Change], events: Sequence[Event | EventRun], replace: bool = False
    ) -> int:
        """``put`` in a transaction of its own; return the last sequence number."""
        with self.locked():
            return self.put(changes, events, replace)

    def put(
        self,
        changes: Iterable[Change],
        events: Sequence[Event | EventRun],
        replace: bool = False,
        made: tuple[list[tuple[str, str]], list[Edge]] = ([], []),
    ) -> int:
        """Write rows and event rows inside ``locked``; return the last sequence number.

        With ``replace`` every table is emptied first, the events keep their own sequence
        numbers (a restore) and the file's generation moves on, so other processes know to
        reload rather than catch up; otherwise events get the next free numbers.
        ``events`` may hold a bulk run's events as one ``EventRun``. ``made``
        (``Applier.file_rows``): rows of new nodes, made with their events, and new
        plain edges, which ``changes`` then leaves out."""
        db = self.db
        try:
            if replace:
                for table in (
                    "regions",
                    "organisations",
                    "nodes",
                    "edges",
                    "events",
                    "event_batches",
                    "comments",
                    "snapshots",
                    *SITUATION_TABLE_NAMES,
                ):
                    db.execute(f"DELETE FROM {table}")  # noqa: S608 (fixed names)
                db.execute("DELETE FROM sqlite_sequence WHERE name = 'events'")
                db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
            # Nodes and edges, the bulk of a large import, in one statement each.
            nodes: list[tuple[str, str]] = list(made[0])
            # New plain edges (most of an import's) bind three values, not seven: the
            # other columns take their defaults, the values a plain edge has.
            plain = list(map(_PLAIN_ROW, made[1]))
            edges: list[tuple[Any, ...]] = []
            for table, key, row in changes:
                if row is not None and table == "nodes":
                    nodes.append((key, _node_row(row)))
                elif row is not None and table == "edges":
                    source, target = key.split("\x00")
                    edges.append(_edge_values(source, target, row))
                else:
                    self._write_row(table, key, row)
            count = sum(len(e) if isinstance(e, EventRun) else 1 for e in events)
            rows = len(nodes) + len(plain) + len(edges) + count
            with _bulk_cache(db, rows), packing(events) as chunks_of:
                # In key order: each row lands beside the last in the primary-key index
                # instead of at a random page (the keys are unique, so order is free).
                nodes.sort()
                plain.sort()
                edges.sort()
                db.executemany("INSERT OR REPLACE INTO nodes VALUES (?, ?)", nodes)
                db.executemany(_PUT_PLAIN_EDGE, plain)  # apart from ``edges``: no key in both
                db.executemany(_PUT_EDGE, edges)
                self._put_events(events, count, replace, chunks_of)
            return self._log_size() if count else 0
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"the store file refused the write: {exc}") from exc

    def _put_events(
        self,
        events: Sequence[Event | EventRun],
        count: int,
        replace: bool,
        chunks_of: Callable[[EventRun], list[bytes]],
    ) -> None:
        """The ``count`` events (``put``): a bulk run's as one row of ``event_batches``
        (``event_batches.py``, its afters compressed by ``chunks_of``), the others as rows
        of ``events``, in one statement for each stretch between runs, numbered in their
        order."""
        db = self.db
        stamps = _Stamps()
        runs = sum(len(e) for e in events if isinstance(e, EventRun))
        # Many event rows on a short log: fill the table, then index it in one sort.
        reindex = count - runs >= _REINDEX and count - runs > self._log_size()
        if reindex:
            for name, _ in _EVENT_INDEXES:
                db.execute(f"DROP INDEX IF EXISTS {name}")
        rows: list[tuple[Any, ...]] = []
        for entry in events:
            if isinstance(entry, EventRun):
                self._put_rows(rows)
                rows = []
                first, at = self._log_size() + 1, stamps.iso(entry.at)
                put_batch(db, first, entry, at, chunks_of(entry))
            else:
                rows.append(_event_row(entry, stamps, replace))
        self._put_rows(rows)
        if reindex:
            for name, columns in _EVENT_INDEXES:
                db.execute(f"CREATE INDEX IF NOT EXISTS {name} ON events {columns}")

    def _put_rows(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            self.db.executemany(
                "INSERT INTO events (seq, at, actor, operation, target, region, before,"
                " after, related, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )

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

    def _log_size(self) -> int:
        """The last event's sequence number, in either table (0: none)."""
        (size,) = self.db.execute(_LOG_SIZE_SQL).fetchone()
        return int(size)

    def _write_row(self, table: str, key: str, row: Any) -> None:
        db = self.db
        if table == "edges":  # a deletion: ``write`` puts nodes and edges in one statement each
            source, target = key.split("\x00")
            db.execute("DELETE FROM edges WHERE source = ? AND target = ?", (source, target))
        elif table in SITUATION_TABLE_NAMES:
            write_situation_row(db, table, key, row)
        elif row is None:
            db.execute(f"DELETE FROM {table} WHERE id = ?", (key,))  # noqa: S608 (fixed names)
        elif table == "comments":
            db.execute(
                "INSERT OR REPLACE INTO comments VALUES (?, ?, ?)",
                (key, row.node_id, json.dumps(comment_state(row), ensure_ascii=False)),
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


@contextmanager
def _bulk_cache(db: sqlite3.Connection, rows: int) -> Iterator[None]:
    """A page cache large enough for a bulk write of ``rows`` rows while it runs (the
    default 2 MiB makes SQLite write B-tree pages out and read them back mid-transaction),
    then the size it had again, so the memory is given back."""
    if rows < _BULK_ROWS:
        yield
        return
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = {-_BULK_CACHE_KIB}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


_BULK_ROWS = 20_000
"""Rows in one write from which it gets the larger page cache."""
_BULK_CACHE_KIB = 128 * 1024
"""The page cache of a bulk write, in KiB (only pages the write touches are allocated)."""


class _RolledBack(Exception):
    """Thrown into ``locked`` to roll a unit back."""


_REINDEX = 10_000
"""Events in one write from which, when the log had fewer, its indexes are rebuilt after
the rows go in (one sort each) instead of updated row by row."""
_EVENT_INDEXES = (
    ("events_related", "(related, seq)"),
    ("events_target", "(target, seq)"),
    ("events_region", "(region, seq)"),
)
"""The event log's indexes, as ``SCHEMA`` creates them (the names are fixed text)."""


class _Stamps:
    """ISO text of event times: the events of one commit share one time, formatted once."""

    def __init__(self) -> None:
        self.last: datetime | None = None
        self.text = ""

    def iso(self, at: datetime) -> str:
        if at is not self.last:
            self.last, self.text = at, at.isoformat()
        return self.text


_PLAIN_ROW = attrgetter("source", "target", "relation._value_")
"""An edge's (source, target, relation) row values, from one C-level call."""
_PUT_PLAIN_EDGE = "INSERT OR REPLACE INTO edges (source, target, relation) VALUES (?, ?, ?)"
_PUT_EDGE = (
    "INSERT OR REPLACE INTO edges (source, target, relation, inferred, note, suspect_at,"
    " suspect_by) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


def _edge_values(source: str, target: str, row: Edge) -> tuple[Any, ...]:
    return (
        source,
        target,
        row.relation._value_,
        int(row.inferred),
        row.note,
        row.suspect_at.isoformat() if row.suspect_at else None,
        row.suspect_by,
    )


_ALWAYS = frozenset({"id", "kind", "region", "title", "status", "version"})


_FIELDS = tuple(Node.__slots__)
_GET_FIELDS = attrgetter(*_FIELDS)


def _node_row(node: Node) -> str:
    """A node's row: its JSON without empty fields (they read back as the defaults), so a
    large graph has a third less text to decode when it loads. The same JSON as
    ``node_to_dict`` gives, minus those fields: orjson writes enums as their values, dates
    in ISO form and tuples as lists by itself."""
    data = {
        k: v
        for k, v in zip(_FIELDS, _GET_FIELDS(node), strict=True)
        if v or k in _ALWAYS or type(v) is int  # empty: None, "", (), {}; not progress 0
    }
    return orjson.dumps(data).decode()


def _event_row(e: Event, stamps: _Stamps, replace: bool) -> tuple[Any, ...]:
    """An event's row, numbered by the log unless ``replace`` (a restore keeps its own)."""
    dumps = orjson.dumps
    return (
        e.seq if replace else None,
        stamps.iso(e.at),
        e.actor,
        e.operation,
        e.target,
        e.region,
        None if e.before is None else dumps(e.before).decode(),
        None if e.after is None else dumps(e.after).decode(),
        e.related,
        e.request_id,
    )


_SEQ = attrgetter("seq")


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(orjson.loads(value))
