"""Readers of the event log right after a large import: what the import's events cost the
first readers (issue 17: a bulk run's events are one row of ``event_batches``).

Imports the synthetic national graph into a store file, adds a few single writes, closes
it, opens it again (nothing decoded yet) and times, in wall and CPU time: the newest
page of the log (a board, a feed), a node's history, the first page after event 0 (a
feed subscriber catching up), ``graphAt`` just after the import and now with a node
lookup (the first call, then the median of ten more), and ``diff`` over the single
writes. Prints the file size too.

    .venv/bin/python -m benchmarks.bench_event_log              # 120,000 nodes
    .venv/bin/python -m benchmarks.bench_event_log --nodes 20000

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import generate
from strategygraph.domain.changes import UpdateNode
from strategygraph.service import StrategyService
from strategygraph.service.history import diff, graph_at
from strategygraph.store import EmbeddedStore


def timed(what: str, call: Callable[[], Any]) -> Any:
    wall, cpu = time.perf_counter(), time.process_time()
    found = call()
    print(
        f"  {what:<46} {(time.perf_counter() - wall) * 1000:9.1f} ms"
        f"  (CPU {(time.process_time() - cpu) * 1000:8.1f} ms)"
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "log.db")
        store = EmbeddedStore(path)
        service = StrategyService(store)
        print(f"importing {args.nodes:,} nodes …")
        document = generate(args.nodes)
        timed("import (read and commit)", lambda: service.import_document(document, "bench"))
        imported = store.version()
        ids = [n.id for n in store.nodes()]
        region = store.get_node(ids[-1]).region
        changed = rng.sample(ids, 5)
        for node_id in changed:
            store.commit([UpdateNode(node_id, {"title": f"Muutettu {node_id}"})], "bench")
        store.close()
        size = sum(os.path.getsize(p) for p in Path(tmp).iterdir())
        print(
            f"log: {imported:,} events by the import, then 5 single writes; file {size >> 20} MiB"
        )

        store = EmbeddedStore(path)
        try:
            import_at = store.events(after=imported - 1, limit=1)[0].at
            last_at = store.events(newest_first=True, limit=1)[0].at
            timed("newest 100 events", lambda: store.events(newest_first=True, limit=100))
            timed("a node's history (imported node)", lambda: store.events(node_id=ids[7]))
            timed("first 5,000 events after event 0", lambda: store.events(after=0, limit=5_000))
            timed(
                "500 events of one region since the import",
                lambda: store.events(region=region, since=import_at, limit=500),
            )
            for label, moment in (("just after the import", import_at), ("now", last_at)):
                timed(
                    f"graphAt {label} {{ node }}, first",
                    lambda moment=moment: graph_at(store, moment).get_node(changed[0]),
                )
                times = []
                for _ in range(10):
                    wall = time.perf_counter()
                    graph_at(store, moment).get_node(rng.choice(ids))
                    times.append(time.perf_counter() - wall)
                print(
                    f"  graphAt {label} {{ node }}, median of 10"
                    f"{statistics.median(times) * 1000:>{29 - len(label)}.1f} ms"
                )
            timed("diff over the 5 single writes", lambda: diff(store, import_at, last_at))
        finally:
            store.close()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores (a busy machine stretches wall time)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
