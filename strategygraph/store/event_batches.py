"""A bulk run's events kept as one row of the log (``event_batches``), not one row each.

An import of 120,000 nodes makes some 410,000 events, all of one of two runs
(``event_run.py``: every node's ``create_node``, then every edge's ``link``), each run
with one time, actor, operation and request. Writing them as 410,000 rows of ``events``
with three indexes cost the commit seconds; a run is written here as ONE row: its
sequence numbers ``first_seq`` to ``last_seq`` (still one per event, so every reader
sees the numbers a row each would have had), the shared fields once, and its columns in
two values compressed with zlib at level 1: ``keys``, orjson of ``[targets, regions,
related or null, ends, CHUNK, chunk ends]``, and ``afters``, the events' ``after`` JSON
(UTF-8) end to end (event ``i``'s is ``[ends[i-1]:ends[i]]`` of that text), compressed
``CHUNK`` events at a time, the chunks end to end (chunk ``c`` is
``afters[chunk_ends[c-1]:chunk_ends[c]]``). A run has no ``before`` (its nodes and
edges are new).

Why compressed: an import of 120,000 nodes has some 90 MB of ``after`` JSON. Level 1
makes it a tenth for about 0.3 s of CPU, less than SQLite spends copying the raw bytes
into pages and the log (0.45 s), and the file, its write-ahead log and each checkpoint
are 80 MB smaller; a reader expands only the chunks it reads, and keeps a few of them
with the decoded batch (``batch_reader.BatchCache``).

Readers expand a batch to the events it holds (``batch_reader.py``), so the log reads
as if written a row at a time: ``SqliteFile.events`` and the history shelf merge both
tables by sequence number. This module writes batches; that one reads them.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import accumulate

import orjson

from .event_run import EventRun

__all__ = ["BATCH_SCHEMA", "CHUNK", "HEADER_COLUMNS", "Header", "chunked", "packing", "put_batch"]

BATCH_SCHEMA = """
CREATE TABLE IF NOT EXISTS event_batches (
    first_seq INTEGER PRIMARY KEY, last_seq INTEGER NOT NULL, at TEXT NOT NULL,
    actor TEXT NOT NULL, operation TEXT NOT NULL, request_id TEXT,
    keys BLOB NOT NULL, afters BLOB NOT NULL);
"""
"""No index but the first event's: a log has a batch an import, few enough to scan (a
scan reads each row's first page, not its columns), and one statement less to run for
every store opened in memory (each ``graphAt`` opens one)."""

CHUNK = 64
"""Events whose afters are compressed together: a reader expands only the chunks of the
events it reads. Small, because the history's readers ask for single nodes at random: a
``diff`` asks for the state before it of each node it touched, and each such node of an
import costs the expansion of its chunk (about 50 us at 64 events, 3 ms at 4,096: a
``diff`` over 1,000 events 20 ms of CPU or 0.6 s). zlib still makes a chunk of node
events (some 45 KB) a sixth of its size."""


def chunked(afters: Sequence[bytes]) -> list[bytes]:
    """``afters`` end to end, compressed ``CHUNK`` events at a time: a batch's chunks."""
    return [
        zlib.compress(b"".join(afters[at : at + CHUNK]), 1) for at in range(0, len(afters), CHUNK)
    ]


@contextmanager
def packing(
    events: Sequence[object],
) -> Iterator[Callable[[EventRun], list[bytes]]]:
    """Compress the chunks of the runs among ``events`` on a thread of its own while the
    caller writes its other rows, and yield the function that waits for a run's chunks.
    zlib lets go of the GIL while it compresses and SQLite while it writes pages, so the
    two go on at once on two cores: an import of 120,000 nodes spends some 0.5 s
    compressing 90 MB of ``after`` JSON, beside a second inserting its nodes and edges.
    A commit without a run starts no thread (its events are rows of ``events``)."""
    runs = [e for e in events if isinstance(e, EventRun)]
    if not runs:
        yield lambda run: chunked(run.afters)
        return
    with ThreadPoolExecutor(1, thread_name_prefix="event-batches") as pool:
        chunks = {id(run): pool.submit(chunked, run.afters) for run in runs}
        yield lambda run: chunks[id(run)].result()


def put_batch(
    db: sqlite3.Connection, first: int, run: EventRun, at: str, chunks: list[bytes]
) -> int:
    """Write ``run`` as one row numbered from ``first``, its afters as ``chunks``
    (``chunked``); return its last sequence number. The events table's counter moves
    past it, so the next event row is numbered after."""
    last = first + len(run) - 1
    related = None if run.related is None else list(run.related)
    ends = list(accumulate(map(len, run.afters)))
    columns = [list(run.targets), list(run.regions), related, ends, CHUNK]
    keys = zlib.compress(orjson.dumps([*columns, list(accumulate(map(len, chunks)))]), 1)
    afters = b"".join(chunks)
    db.execute(
        "INSERT INTO event_batches (first_seq, last_seq, at, actor, operation, request_id,"
        " keys, afters) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (first, last, at, run.actor, str(run.operation), run.request_id, keys, afters),
    )
    # AUTOINCREMENT numbers the next row after sqlite_sequence's and the table's largest.
    if db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'events'", (last,)).rowcount:
        return last
    db.execute("INSERT INTO sqlite_sequence (name, seq) VALUES ('events', ?)", (last,))
    return last


@dataclass(frozen=True, slots=True)
class Header:
    """A batch's row without its columns: enough to choose it, and to fetch them."""

    first: int
    last: int
    at: str
    actor: str
    operation: str
    request_id: str | None


HEADER_COLUMNS = "first_seq, last_seq, at, actor, operation, request_id"
"""The columns of ``Header``, in its order (fixed text for the readers' SQL)."""
