"""Writing the embedded store's SQLite file: a commit's rows and its event-log rows.

``put`` turns what a commit changed (``Applier.file_rows``) into rows: nodes and edges,
the bulk of a large import, in one statement each and in key order; the events as rows
of ``events``, or a bulk run's as one row of ``event_batches``; with a larger page cache
and the log's indexes rebuilt after, when the write is large. How a commit becomes rows
is one concept, apart from the file's transactions (``sqlite_lock``) and its reads
(``sqlite.py``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from operator import attrgetter
from typing import Any

import orjson

from ..domain import Edge, Event, Node, StoreUnavailable
from ..domain.states import comment_state
from .event_batches import packing, put_batch
from .event_run import EventRun
from .situation_sqlite import SITUATION_TABLE_NAMES, write_situation_row
from .sqlite_lock import SqliteTransactions

__all__ = ["Change", "SqliteWriting"]

Change = tuple[str, str, Any]
"""(table, key, row or None to delete)."""

_LOG_SIZE_SQL = (
    "SELECT MAX(COALESCE((SELECT MAX(seq) FROM events), 0),"
    " COALESCE((SELECT MAX(last_seq) FROM event_batches), 0))"
)


class SqliteWriting(SqliteTransactions):
    """The writes of ``SqliteFile``: rows and event rows, inside ``locked``."""

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
