"""The floor under a JSON or CSV import on this machine: what parsing the file and
writing what an import must write costs, with nothing else done.

It reads the file (``orjson``; a CSV folder's ``nodes.csv`` and ``edges.csv`` with the
``csv`` module, each node row made the dict of its non-empty cells, untyped) and writes,
into a fresh SQLite file in one durable transaction with the store's settings (WAL,
``synchronous=FULL``, a bulk write's 128 MiB page cache): each node's JSON and each
edge's row, sorted by key, and a log of one event per node and edge (their JSON in blobs
of 10,000 events, compressed at zlib's quickest level as the store compresses a bulk
run's, though here on the same thread). No checks,
no stamps, no graph in memory, no indexes on the log: a real import does all of that on
top. ``bench_formats`` prints it beside the JSON and CSV imports, as ``bench_http`` prints the
plain Starlette floor beside ``traceUp``: a target below the floor cannot be met on the
machine, whatever the code.

    .venv/bin/python -m benchmarks.import_floor graph.json
    .venv/bin/python -m benchmarks.import_floor csv-folder
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from strategygraph.collector import collector_paused

__all__ = ["csv_floor", "json_floor"]

_TABLES = """
CREATE TABLE nodes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE edges (source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL,
    PRIMARY KEY (source, target));
CREATE TABLE log (first INTEGER PRIMARY KEY, events BLOB NOT NULL);
"""
_CHUNK = 10_000


def json_floor(path: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of the floor of importing the interchange JSON at ``path``,
    with the cyclic collector paused, as an import runs (``collector_paused``)."""
    with collector_paused():
        start, cpu = time.perf_counter(), time.process_time()
        data = orjson.loads(path.read_bytes())
        _write(data["nodes"], data["edges"])
        return time.perf_counter() - start, time.process_time() - cpu


def csv_floor(folder: Path) -> tuple[float, float]:
    """``json_floor`` of a CSV export's folder: its rows parsed, each node row the dict
    of its non-empty cells (no value typed, no list split), each edge row its three ends."""
    with collector_paused():
        start, cpu = time.perf_counter(), time.process_time()
        nodes_in = _rows(folder / "nodes.csv")
        header = next(nodes_in)
        nodes = [{k: v for k, v in zip(header, row, strict=True) if v} for row in nodes_in]
        edges_in = _rows(folder / "edges.csv")
        at = {name: i for i, name in enumerate(next(edges_in))}
        ends = at["source"], at["relation"], at["target"]
        edges = [
            {"source": r[ends[0]], "relation": r[ends[1]], "target": r[ends[2]]} for r in edges_in
        ]
        _write(nodes, edges)
        return time.perf_counter() - start, time.process_time() - cpu


def _rows(path: Path) -> Iterator[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return csv.reader(io.StringIO(text, newline=""), strict=True)


def _write(nodes_in: list[dict[str, Any]], edges_in: list[dict[str, Any]]) -> None:
    """Write the rows and the log of ``nodes_in`` and ``edges_in`` as an import does."""
    with tempfile.TemporaryDirectory(prefix="import-floor-") as tmp:
        db = sqlite3.connect(str(Path(tmp) / "floor.db"), isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA cache_size = -131072")  # the store's for a bulk write (128 MiB)
        db.executescript(_TABLES)
        db.execute("BEGIN IMMEDIATE")
        nodes = sorted((n["id"], orjson.dumps(n).decode()) for n in nodes_in)
        edges = sorted((e["source"], e["target"], e["relation"]) for e in edges_in)
        db.executemany("INSERT INTO nodes VALUES (?, ?)", nodes)
        db.executemany("INSERT INTO edges VALUES (?, ?, ?)", edges)
        # Texts, not orjson's bytes: each of those keeps its buffer's few kilobytes
        # (``event_run.kept_json``), gigabytes for an import's 400,000 events.
        events = [text for _, text in nodes] + [orjson.dumps(e).decode() for e in edges_in]
        chunks = range(0, len(events), _CHUNK)
        log = ((i, zlib.compress("\n".join(events[i : i + _CHUNK]).encode(), 1)) for i in chunks)
        db.executemany("INSERT INTO log VALUES (?, ?)", log)
        db.execute("COMMIT")
        db.close()


if __name__ == "__main__":
    source = Path(sys.argv[1])
    kind, floor = ("CSV", csv_floor) if source.is_dir() else ("JSON", json_floor)
    wall, cpu = floor(source)
    print(f"floor of a {kind} import: {wall:.1f} s ({cpu:.1f} s CPU)")
