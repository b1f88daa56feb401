"""The store file's graph as one compact blob, so a large file opens in well under a second.

Opening row by row decodes 100,000s of JSON rows and builds the adjacency edge by edge.
Instead the embedded store keeps an image of its graph (the nodes and both digraphs,
``trace/graph_image.py``, written with ``marshal``: plain tuples, lists, strings, ints and
bytes from our own file, no code run on reading) in the table ``open_image``, taken at
some event of the log. Opening decodes the image and applies only the log's graph events
after that event; the small parts (regions, organisations, comments, the situational
picture) are read from their rows as they stand, in the same read transaction.

The image is derived data, never the truth. ``read_image`` gives None, and the store
opens row by row, unless the image was written in this layout (``FORMAT``, this Python's
marshal, the same node fields and relations), for this log (the file's generation: a
restore starts a new one), at an event the log holds, and its BLAKE2 checksum matches:
a torn or stale image, or one an older version wrote, is never trusted.
"""

from __future__ import annotations

import contextlib
import ctypes
import marshal
import sqlite3
import sys
from hashlib import blake2b

from ..domain import Metamodel
from ..trace.graph import TraceGraph
from ..trace.graph_image import graph_from_image, graph_image

__all__ = ["FORMAT", "drop_image", "encode_image", "put_image", "read_image"]

FORMAT = 1
"""The image's layout version: an image of another version is not read."""

_TABLE = (
    "CREATE TABLE IF NOT EXISTS open_image (id INTEGER PRIMARY KEY CHECK (id = 1), "
    "generation INTEGER NOT NULL, seq INTEGER NOT NULL, checksum BLOB NOT NULL, "
    "data BLOB NOT NULL)"
)
_MARSHAL = 4


def _header(generation: int, seq: int) -> tuple[int, tuple[int, int], int, int]:
    return FORMAT, (sys.version_info[0], sys.version_info[1]), generation, seq


def _digest(data: bytes) -> bytes:
    return blake2b(data, digest_size=16).digest()


def encode_image(view: TraceGraph, generation: int, seq: int) -> bytes:
    """The image of ``view``, the graph after event ``seq`` of log ``generation`` (no
    file needed: the caller holds the graph still, not the file's write lock)."""
    return marshal.dumps((_header(generation, seq), graph_image(view)), _MARSHAL)


def put_image(db: sqlite3.Connection, data: bytes, generation: int, seq: int, last: int) -> bool:
    """Keep ``data`` (``encode_image``) in place of the file's image, inside the caller's
    write transaction (``last``: the log's last event); False (nothing changed) when the
    file holds one of this log taken later than ``seq`` (another process wrote it)."""
    db.execute(_TABLE)
    kept = db.execute("SELECT generation, seq FROM open_image WHERE id = 1").fetchone()
    if kept is not None and kept[0] == generation and seq < kept[1] <= last:
        return False
    db.execute(
        "INSERT OR REPLACE INTO open_image (id, generation, seq, checksum, data) "
        "VALUES (1, ?, ?, ?, ?)",
        (generation, seq, _digest(data), data),
    )
    return True


def read_image(
    db: sqlite3.Connection, generation: int, last: int, metamodel: Metamodel
) -> tuple[int, TraceGraph] | None:
    """(event it was taken at, the graph then) from the file's image, or None when there
    is none that can be trusted for a log of ``generation`` whose last event is
    ``last``."""
    try:
        row = db.execute(
            "SELECT generation, seq, checksum, data FROM open_image WHERE id = 1"
        ).fetchone()
    except sqlite3.OperationalError:
        return None
    if row is None:
        return None
    kept_generation, seq, checksum, data = row
    del row
    if kept_generation != generation or not 0 <= seq <= last or _digest(data) != checksum:
        return None
    try:
        # Our own file, checksummed: marshal builds plain values and runs no code.
        header, image = marshal.loads(data)  # noqa: S302
        del data  # the blob's 10s of MB go before the graph is built: a lower peak
        if header != _header(generation, seq):  # another layout, Python or log
            return None
        view = graph_from_image(image, TraceGraph(metamodel))
    except (ValueError, TypeError, EOFError, KeyError, IndexError, AttributeError):
        return None
    del image
    _trim()
    return seq, view


def _trim() -> None:
    """Hand the heap freed by decoding (the blob, the columns) back to the system: glibc
    keeps it otherwise, and the process holds about 50 MiB more after opening 120,000
    nodes (220 MiB instead of 168). Where there is no ``malloc_trim``, nothing."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def drop_image(db: sqlite3.Connection) -> None:
    """Remove the image (the log it was taken from was replaced)."""
    try:
        db.execute("DELETE FROM open_image")
    except sqlite3.OperationalError:  # no such table: nothing to drop
        return
