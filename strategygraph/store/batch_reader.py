"""The read side of the log's bulk runs (``event_batches.py``): a batch's row decoded
into the events it holds, so the log reads as if written a row at a time.

``SqliteFile.events`` and the history shelf merge both tables by sequence number, and
``SqliteFile.entries`` gives a follower a batch's events together (``BatchPart``). A
decoded batch is kept (``BatchCache``) for the next reader.

Decoding a batch costs its ``keys`` (the events' targets, regions, related nodes and
where each one's ``after`` ends) and nothing else: the afters are expanded a chunk at a
time when an event of the chunk is read. It is kept lean, for an import of 120,000 nodes
has some 410,000 events: the node ids and regions are interned (a node named by 50
events is one string, shared with the other batches), the ends are machine integers,
and the events about one node are found through an index per span of ``SPAN`` events:
the set of the nodes each span names, built in C at the first such question (about
20 ms of CPU and a few MB for an import's 290,000 links, where a dict of every node's
events cost 0.3 s and tens of MB), then a scan in C (``list.index``) of the few spans
that name the node (under 0.5 ms).
"""

from __future__ import annotations

import sqlite3
import sys
import threading
import zlib
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from cachetools import LRUCache

from ..domain import Event
from .event_batches import HEADER_COLUMNS, Header

__all__ = ["Batch", "BatchCache", "BatchPart", "batch_events"]

OPEN_CHUNKS = 256
"""Expanded chunks a decoded batch keeps (a chunk of node events: about 45 KB)."""

KEPT_EVENTS = 600_000
"""Events of decoded batches kept in memory at most (an import of 120,000 nodes: about
410,000 in two batches; the oldest decoded batch goes first)."""

SPAN = 4_096
"""Events a set of the index names the nodes of (``Batch.about``): a question checks a
set a span (70 for an import's links) and scans the spans that name the node."""


class Batch:
    """A batch's events, decoded: event ``seq`` is ``event(seq - first)``."""

    __slots__ = (
        "_afters",
        "_chunk",
        "_chunk_ends",
        "_ends",
        "_open",
        "_open_lock",
        "_spans",
        "_when",
        "header",
        "regions",
        "related",
        "targets",
    )

    def __init__(self, header: Header, keys: bytes, afters: bytes) -> None:
        self.header = header
        targets, regions, related, ends, chunk, chunk_ends = orjson.loads(zlib.decompress(keys))
        intern = sys.intern  # a few regions, and node ids named by many events: one each
        self.targets: list[str] = list(map(intern, targets))
        self.regions: list[str] = list(map(intern, regions))
        self.related: list[str] | None = None if related is None else list(map(intern, related))
        self._ends = array("q", ends)
        self._chunk: int = chunk
        self._chunk_ends = array("q", chunk_ends)
        self._afters = afters  # compressed; a chunk is expanded when an event of it is read
        # chunk number -> its afters, expanded; invalidated by nothing (a batch never
        # changes), bounded so a batch read page by page holds a few chunks, not all.
        self._open: LRUCache[int, bytes] = LRUCache(OPEN_CHUNKS)
        self._open_lock = threading.Lock()
        self._when = datetime.fromisoformat(header.at)
        # the nodes each span of targets and of related nodes names, once asked (``about``)
        self._spans: list[tuple[list[str], list[frozenset[str]]]] | None = None

    def __len__(self) -> int:
        return len(self.targets)

    def after_json(self, i: int) -> bytes:
        """The JSON of event ``i``'s ``after``."""
        ends, number = self._ends, i // self._chunk
        data = self._expanded(number)
        base = ends[number * self._chunk - 1] if number else 0
        return data[(ends[i - 1] if i else 0) - base : ends[i] - base]

    def _expanded(self, number: int) -> bytes:
        """Chunk ``number`` of the afters, expanded (kept for the next events of it)."""
        with self._open_lock:
            data = self._open.get(number)
        if data is None:
            starts = self._chunk_ends
            data = zlib.decompress(
                self._afters[starts[number - 1] if number else 0 : starts[number]]
            )
            with self._open_lock:
                self._open[number] = data
        return data

    def after_text(self, i: int) -> str:
        """The JSON text of event ``i``'s ``after``, as a row of ``events`` holds it."""
        return self.after_json(i).decode()

    def event(self, i: int) -> Event:
        """Event ``i`` of the batch, as ``SqliteFile.events`` reads a row."""
        h = self.header
        related = None if self.related is None else self.related[i]
        after = dict(orjson.loads(self.after_json(i)))
        return Event(
            h.first + i,
            self._when,
            h.actor,
            h.operation,
            self.targets[i],
            self.regions[i],
            None,
            after,
            related,
            h.request_id,
        )

    def about(self, node_id: str) -> list[int]:
        """The events whose target or related node is ``node_id``, in order."""
        spans = self._spans
        if spans is None:  # built on the first question, then kept with the batch
            columns = (self.targets,) if self.related is None else (self.targets, self.related)
            spans = [
                (c, [frozenset(c[a : a + SPAN]) for a in range(0, len(c), SPAN)]) for c in columns
            ]
            self._spans = spans
        found: list[int] = []
        for column, named in spans:
            for number, nodes in enumerate(named):
                if node_id in nodes:
                    start = number * SPAN
                    found += _positions(column, node_id, start, start + SPAN)
        return found if len(spans) == 1 else sorted(found)

    def in_region(self, region: str) -> list[int]:
        """The events of region ``region``, in order."""
        return _positions(self.regions, region)

    def changes(self, start: int, stop: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """(seq, (operation, target, related, before, after text)) of events ``start``
        to ``stop - 1``, as ``HistoryShelf.changes`` reads rows."""
        h, targets, related = self.header, self.targets, self.related
        for i in range(start, stop):
            other = None if related is None else related[i]
            yield h.first + i, (h.operation, targets[i], other, None, self.after_text(i))


@dataclass(frozen=True, slots=True)
class BatchPart:
    """Events ``start`` to ``stop - 1`` of a batch, as one entry of the log
    (``SqliteFile.entries``), for a reader that applies them together (``follow.py``)."""

    batch: Batch
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start

    @property
    def operation(self) -> str:
        return self.batch.header.operation

    @property
    def last(self) -> int:
        """The sequence number of its last event."""
        return self.batch.header.first + self.stop - 1

    def records(self) -> Iterator[dict[str, Any]]:
        """Each event's ``after``, decoded."""
        loads, after = orjson.loads, self.batch.after_json
        return (loads(after(i)) for i in range(self.start, self.stop))

    def events(self) -> Iterator[Event]:
        return map(self.batch.event, range(self.start, self.stop))


def _named(column: list[str]) -> list[frozenset[str]]:
    """The nodes each span of ``SPAN`` events of ``column`` names (built in C)."""
    return [frozenset(column[at : at + SPAN]) for at in range(0, len(column), SPAN)]


def _positions(values: list[str], wanted: str, start: int = 0, stop: int = 2**62) -> list[int]:
    """Every index of ``wanted`` in ``values[start:stop]`` (``list.index``: compared in C)."""
    found: list[int] = []
    index = values.index
    i = start - 1
    while True:
        try:
            i = index(wanted, i + 1, stop)
        except ValueError:
            return found
        found.append(i)


class BatchCache:
    """Decoded batches of one file, by (log generation, first sequence number): a
    restore starts a new generation, so a batch of the log it replaced is never taken
    for one of the new log. Invalidated by nothing else: a batch never changes."""

    def __init__(self) -> None:
        self._kept: LRUCache[tuple[int, int], Batch] = LRUCache(KEPT_EVENTS, getsizeof=len)
        self._lock = threading.Lock()

    def headers(self, db: sqlite3.Connection, where: str, args: Sequence[object]) -> list[Header]:
        """The batches ``where`` chooses (a fixed clause, values in ``args``), in order
        of their first event (``where`` may end with its own ORDER BY)."""
        sql = f"SELECT {HEADER_COLUMNS} FROM event_batches WHERE {where}"  # noqa: S608 (fixed)
        return [Header(*row) for row in db.execute(sql, tuple(args))]

    def batch(self, db: sqlite3.Connection, header: Header) -> Batch:
        """The batch ``header`` names, decoded (kept for the next caller)."""
        (generation,) = db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        key = (int(generation), header.first)
        with self._lock:
            found = self._kept.get(key)
        if found is not None and found.header == header:
            return found
        keys, afters = db.execute(
            "SELECT keys, afters FROM event_batches WHERE first_seq = ?", (header.first,)
        ).fetchone()
        batch = Batch(header, bytes(keys), bytes(afters))
        if len(batch) <= KEPT_EVENTS:
            with self._lock:
                self._kept[key] = batch
        return batch

    def __len__(self) -> int:
        """Decoded batches kept."""
        with self._lock:
            return len(self._kept)

    def clear(self) -> None:
        """Forget every decoded batch (the log was replaced)."""
        with self._lock:
            self._kept.clear()


def batch_events(
    cache: BatchCache,
    db: sqlite3.Connection,
    node_id: str | None,
    region: str | None,
    since: str | None,
    after: int | None,
    limit: int,
    newest_first: bool,
) -> list[Event]:
    """The events of batches that ``SqliteFile.events`` would read from rows with the
    same arguments (``since`` as the log's time text): at most ``limit``, in its order."""
    bound = (after if after is not None else 2**63 - 1) if newest_first else (after or 0)
    where = "first_seq < ?" if newest_first else "last_seq > ?"
    args: list[object] = [bound]
    if since is not None:
        where += " AND at >= ?"
        args.append(since)
    where += " ORDER BY first_seq DESC" if newest_first else " ORDER BY first_seq"
    found: list[Event] = []
    for header in cache.headers(db, where, args):
        if len(found) >= limit:
            break
        batch = cache.batch(db, header)
        if newest_first:
            chosen = _chosen(batch, node_id, region, 0, min(len(batch), bound - header.first))
            chosen = chosen[::-1]
        else:
            chosen = _chosen(batch, node_id, region, max(0, bound + 1 - header.first), len(batch))
        found.extend(map(batch.event, chosen[: limit - len(found)]))
    return found


def _chosen(
    batch: Batch, node_id: str | None, region: str | None, start: int, stop: int
) -> Sequence[int]:
    """The batch's events ``start`` to ``stop - 1`` that the filters keep, in order."""
    if node_id is None and region is None:
        return range(start, stop)
    kept: list[int] | None = None
    if node_id is not None:
        kept = batch.about(node_id)
    if region is not None:
        of_region = batch.in_region(region)
        kept = of_region if kept is None else sorted(set(kept) & set(of_region))
    assert kept is not None
    return [i for i in kept if start <= i < stop]
