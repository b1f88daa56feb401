"""History snapshots in the store file, and where a time falls in the event log.

``graph_at`` (``service/history.py``) needs the graph as it was after some event. Rather
than replay the whole log, it starts from the nearest snapshot at or before that event,
kept in the ``snapshots`` table (one compact blob per snapshot, ``history_codec``), and
replays only the events after it. Snapshots are derived data, never the truth: a restore
drops them with the log they were taken from, and one that cannot be read is ignored.

``seq_at`` answers "which event was the last one committed at or before this time" the
way a replay does (it stops at the first event later than the time, even if a later one
is earlier again), from a small index of the log's times kept in memory: one entry per
stretch of events whose running latest time is the same (a commit's events share one),
caught up from the file as the log grows.
"""

from __future__ import annotations

import sqlite3
import threading
from bisect import bisect_right
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from heapq import merge
from operator import itemgetter
from typing import Any

from cachetools import LRUCache

from ..domain import Metamodel, Node, StoreBusy, StoreUnavailable
from ..trace.graph import TraceGraph
from .apply import Scratch
from .history_codec import decode
from .shelf_nodes import Held, NodeRecords
from .sqlite import SqliteFile

__all__ = ["HistoryShelf"]

KEPT = 2
"""Decoded snapshots kept in memory (each about as large as the graph it holds)."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class HistoryShelf:
    """The snapshots and the time index of one store file."""

    def __init__(
        self,
        file: SqliteFile,
        lock: threading.RLock,
        metamodel: Metamodel,
        held: Held | None = None,
    ) -> None:
        self._file = file
        self._records = NodeRecords(file, lock, held)
        self._lock = lock
        self._metamodel = metamodel
        # (generation, event) -> decoded snapshot; a new generation (a restore) leaves its
        # entries unreachable, and they fall out as others come in.
        self._kept: LRUCache[tuple[int, int], Scratch] = LRUCache(KEPT)
        self._kept_lock = threading.Lock()
        self.filling = threading.Lock()
        """Held while snapshots are being taken, so two requests do not take the same."""
        self._generation = -1
        self._seen = 0  # the last event the time index holds
        self._latest: list[int] = []  # running latest time (µs) at the end of each stretch
        self._ends: list[int] = []  # the last event of each stretch

    def seq_at(self, moment: datetime) -> int:
        """The last event a replay up to ``moment`` applies (0: none)."""
        with self._lock:
            self._catch_up()
            k = bisect_right(self._latest, _micros(moment))
            return self._ends[k - 1] if k else 0

    def last(self) -> int:
        """The last event of the log."""
        with self._lock:
            self._catch_up()
            return self._ends[-1] if self._ends else 0

    def nearest(self, seq: int) -> int | None:
        """The event of the latest snapshot taken at or before event ``seq``, if any."""
        with self._lock, self._file.reading():
            row = self._file.db.execute(
                "SELECT MAX(seq) FROM snapshots WHERE generation = ? AND seq <= ?",
                (self._generation_now(), seq),
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def base(self, seq: int) -> tuple[int, Scratch] | None:
        """The latest snapshot at or before event ``seq``, decoded (kept for the next
        caller: do not change it, copy it). None if there is none (or none readable).
        One that cannot be read (another layout) is dropped, and the one before it tried."""
        generation = self.generation()
        while (at := self.nearest(seq)) is not None:
            key = (generation, at)
            with self._kept_lock:
                space = self._kept.get(key)
            if space is not None:
                return at, space
            with self._lock, self._file.reading():
                row = self._file.db.execute(
                    "SELECT data FROM snapshots WHERE generation = ? AND seq = ?", key
                ).fetchone()
            try:
                space = decode(bytes(row[0]), TraceGraph(self._metamodel))
            except (TypeError, ValueError):  # another layout (an older version's): retaken
                if not self._drop(key):
                    return None
                continue
            with self._kept_lock:
                self._kept[key] = space
            return at, space
        return None

    def is_decoded(self, seq: int) -> bool:
        """Is the snapshot at event ``seq`` kept decoded (no snapshot: event 0 is)?"""
        if seq == 0:
            return True
        key = (self.generation(), seq)
        with self._kept_lock:
            return key in self._kept

    def remember(self, generation: int, seq: int, space: Scratch) -> None:
        """Keep ``space`` (the graph after event ``seq``, just snapshotted) decoded."""
        with self._kept_lock:
            self._kept[(generation, seq)] = space

    def nodes_at(
        self, node_ids: Iterable[str], seq: int, held_only: bool = False
    ) -> dict[str, Node | None]:
        """The nodes ``node_ids`` as they were after event ``seq`` (``NodeRecords``)."""
        return self._records.nodes_at(node_ids, seq, held_only)

    def node_state(self, node_id: str, seq: int) -> dict[str, Any] | None:
        """Node ``node_id``'s record after event ``seq`` (``NodeRecords``)."""
        return self._records.node_state(node_id, seq)

    def changes(self, after: int, upto: int) -> list[tuple[str, str, str | None, Any, Any]]:
        """(operation, target, related, before, after) of the events after event
        ``after`` up to ``upto``, in order; before and after as the file keeps them
        (JSON text, for ``orjson.loads``), so a reader decodes only those it needs."""
        file = self._file
        with self._lock, file.reading():
            rows = file.db.execute(
                "SELECT seq, operation, target, related, before, after FROM events "
                "WHERE seq > ? AND seq <= ? ORDER BY seq",
                (after, upto),
            ).fetchall()
            headers = file.batches.headers(
                file.db, "last_seq > ? AND first_seq <= ? ORDER BY first_seq", (after, upto)
            )
            if not headers:
                return [row[1:] for row in rows]
            runs = []
            for header in headers:
                batch = file.batches.batch(file.db, header)
                start = max(after + 1, header.first) - header.first
                runs.append(batch.changes(start, min(upto, header.last) + 1 - header.first))
        ordered = merge(((row[0], row[1:]) for row in rows), *runs, key=itemgetter(0))
        return [change for _, change in ordered]

    def stretch_ends(self, after: int, upto: int) -> list[int]:
        """The events after ``after`` and up to ``upto`` at which a replay by time may
        stop (the ends of the index's stretches): where snapshots are worth taking."""
        with self._lock:
            self._catch_up()
            ends = self._ends
            return ends[bisect_right(ends, after) : bisect_right(ends, upto)]

    def taken(self) -> list[int]:
        """The events at which snapshots were taken, in order."""
        with self._lock, self._file.reading():
            rows = self._file.db.execute(
                "SELECT seq FROM snapshots WHERE generation = ? ORDER BY seq",
                (self._generation_now(),),
            ).fetchall()
        return [int(s) for (s,) in rows]

    def put(self, seq: int, blob: bytes, generation: int) -> bool:
        """Keep a snapshot of the graph after event ``seq`` of log ``generation``; False
        (nothing kept) when the file is busy or read-only, or the log was replaced."""
        try:
            with self._lock, self._file.locked():
                if self._generation_now() != generation:
                    return False
                self._file.db.execute(
                    "INSERT OR REPLACE INTO snapshots (seq, generation, data) VALUES (?, ?, ?)",
                    (seq, generation, blob),
                )
            return True
        except (StoreBusy, StoreUnavailable):
            return False

    def _drop(self, key: tuple[int, int]) -> bool:
        """Forget the snapshot ``key`` (generation, event) that cannot be read, so that
        ``keep_snapshots`` takes it again; False when the file is busy or read-only."""
        try:
            with self._lock, self._file.locked():
                self._file.db.execute("DELETE FROM snapshots WHERE generation = ? AND seq = ?", key)
            return True
        except (StoreBusy, StoreUnavailable):
            return False

    def generation(self) -> int:
        """The log's generation (a restore starts a new one)."""
        with self._lock:
            return self._generation_now()

    def _generation_now(self) -> int:
        generation, _ = self._file.position()
        return generation

    def _catch_up(self) -> None:
        """Add the events committed since the index last looked (all after a restore)."""
        db = self._file.db
        with self._file.reading():
            generation, last = self._file.position()
            if generation != self._generation or last < self._seen:
                self._generation, self._seen = generation, 0
                self._latest, self._ends = [], []
            if last == self._seen:
                return
            try:
                rows = db.execute(
                    "SELECT seq, at FROM events WHERE seq > ? ORDER BY seq", (self._seen,)
                )
                # A batch's events share one time: its last stands for them all here.
                batches = self._file.batches.headers(
                    db, "last_seq > ? ORDER BY first_seq", (self._seen,)
                )
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"cannot read the store file: {exc}") from exc
            listing: Iterable[tuple[int, str]] = rows
            if batches:
                ends_at = ((b.last, b.at) for b in batches)
                listing = merge(rows, ends_at, key=itemgetter(0))
            latest, ends = self._latest, self._ends
            top = latest[-1] if latest else -(2**62)
            text, micros = "", top
            for seq, at in listing:
                if at != text:  # a commit's events share one time: parse it once
                    text, micros = at, _micros(datetime.fromisoformat(at))
                if micros > top or not ends:
                    top = max(top, micros)
                    latest.append(top)
                    ends.append(seq)
                else:
                    ends[-1] = seq
                self._seen = seq


def _micros(moment: datetime) -> int:
    """Microseconds since the epoch (a naive time is UTC, as the log keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return (moment - _EPOCH) // _MICROSECOND
