"""The embedded store (NetworkX in memory, SQLite file) on the synthetic national graph.

Generates the graph (``benchmarks.generate``), imports it into a fresh store in a temporary
SQLite file through ``StrategyService.import_document``, closes and reopens the file, and
prints the figures beside the targets: load time, resident memory (measured in a fresh
process that only opens the file), trace up and down over random start nodes, gaps and
coverage of the whole graph, and the latency of single durable writes.

    .venv/bin/python -m benchmarks.bench_embedded              # 120,000 nodes
    .venv/bin/python -m benchmarks.bench_embedded --nodes 5000
    .venv/bin/python -m benchmarks.bench_embedded --keep /tmp/national.db   # then:
    .venv/bin/python -m benchmarks.bench_embedded --reuse /tmp/national.db  # no import

Gaps and coverage are kept up to date change by change; each is timed as the first read
after a single write, beside a full pass over the whole graph (what it cost before).

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.generate import generate
from benchmarks.loadgen import percentile
from benchmarks.summary import record
from strategygraph.domain import NodeKind, Status
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

PREVIOUS_LOAD = (2.38, 3.3)
"""Opening 120,000 nodes before issue 17's import work: seconds (the issue's figure) and
CPU seconds (the same file opened by the code before, alternated with the new code on
this machine: the mean of five runs at load average 2-3)."""

# Runs in a fresh interpreter: only opens the file, so import garbage does not count.
_RSS_PROBE = """
import json, sys, time
def status(field):
    for line in open('/proc/self/status'):
        if line.startswith(field + ':'):
            return int(line.split()[1]) / 1024
from strategygraph.store import EmbeddedStore, embedded
if sys.argv[2:] == ["rows"]:  # the open before issue 17: row by row, the image ignored
    embedded.read_image = lambda *args: None
before = status('VmRSS')
start, cpu = time.perf_counter(), time.process_time()
store = EmbeddedStore(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
after, peak = status('VmRSS'), status('VmHWM')
start, gaps_cpu = time.perf_counter(), time.process_time()
store.gaps(now=store.clock())  # the kept analyses are built by the first read after opening
gaps_s, gaps_cpu = time.perf_counter() - start, time.process_time() - gaps_cpu
print(json.dumps({"before": before, "after": after, "peak": peak, "load": seconds, "cpu": cpu,
                  "nodes": len(store.view.nodes), "source": store.load_source,
                  "gaps": gaps_s, "gaps_cpu": gaps_cpu}))
"""


def probe_open(path: str, *how: str) -> dict[str, Any]:
    """Open ``path`` in a fresh process (``"rows"``: row by row) and report on it."""
    done = subprocess.run(
        [sys.executable, "-c", _RSS_PROBE, path, *how], capture_output=True, text=True, check=True
    )
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def cpu_timed(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """Wall-clock and CPU seconds of ``fn()``: on a busy machine the CPU time is what
    the same call would take alone (for work on one thread, without waiting)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - start, time.process_time() - cpu, result


def latencies(fn: Callable[..., Any], args: list[tuple[Any, ...]]) -> tuple[list[float], list[Any]]:
    """Time ``fn(*a)`` for each ``a`` in ``args``, one call at a time."""
    times, answers = [], []
    for a in args:
        start = time.perf_counter()
        answer = fn(*a)
        times.append(time.perf_counter() - start)
        answers.append(answer)
    return times, answers


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f} ms" if seconds < 0.01 else f"{seconds * 1000:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def build(args: argparse.Namespace, path: str) -> tuple[int, int, float | None]:
    """Generate the graph and import it into a new store file at ``path``."""
    if args.reuse:
        return 0, 0, None
    seconds, doc = timed(lambda: generate(nodes=args.nodes, seed=args.seed))
    n_nodes, n_edges = len(doc["nodes"]), len(doc["edges"])
    print(f"graph: {n_nodes:,} nodes, {n_edges:,} edges (generated in {seconds:.1f} s)")
    if Path(path).exists():
        raise SystemExit(f"{path} exists already: remove it, or pass it as --reuse")
    store = EmbeddedStore(path)
    service = StrategyService(store)
    start = time.perf_counter()
    outcome = service.import_document(doc, "bench")
    import_s = time.perf_counter() - start
    print(
        f"import: {import_s:.1f} s ({len(outcome.plan.added):,} nodes, "
        f"{outcome.plan.edges_added:,} edges, graph version {outcome.version:,})",
        flush=True,
    )
    store.close()
    return n_nodes, n_edges, import_s


def whole_graph(
    store: EmbeddedStore, service: StrategyService, repeat: int
) -> dict[str, list[float]]:
    """Gaps and coverage, each timed as the first read after a single write (the kept
    answers follow the write: ``trace/incremental.py``) and, beside it, as a full pass
    over the whole graph (what every first read after a write cost before)."""
    out: dict[str, list[float]] = {
        f"{name} {when}{cpu}": []
        for name in ("gaps", "cov")
        for when in ("write", "full")
        for cpu in ("", " cpu")
    }
    projects = store.nodes(NodeKind.STRATEGIC_PROJECT)
    for i in range(repeat):
        for name in ("gaps", "cov"):
            read: Callable[[], object] = (
                (lambda: store.gaps(now=store.clock())) if name == "gaps" else store.coverage
            )
            read()  # asked before the write, as a page that shows it would have
            project = projects[(i * 7919) % len(projects)].id
            change = {"description": f"bench {time.time_ns()} {i} {name}"}  # never a no-op
            service.update_node(project, change, None, "bench")
            seconds, cpu, _ = cpu_timed(read)
            out[f"{name} write"].append(seconds)
            out[f"{name} write cpu"].append(cpu)
            store.view.analytics = None  # forget them: the next read makes a full pass
            seconds, cpu, _ = cpu_timed(read)
            out[f"{name} full"].append(seconds)
            out[f"{name} full cpu"].append(cpu)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--traces", type=int, default=1_000, help="start nodes per trace kind")
    parser.add_argument("--writes", type=int, default=500, help="single durable writes")
    parser.add_argument("--repeat", type=int, default=6, help="runs of gaps and coverage")
    parser.add_argument("--keep", metavar="FILE", help="keep the SQLite file at FILE")
    parser.add_argument(
        "--reuse", metavar="FILE", help="skip generating and importing: open FILE (from --keep)"
    )
    args = parser.parse_args(argv)
    rnd = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="sg-bench-") as tmp:
        path = args.reuse or args.keep or str(Path(tmp) / "bench.db")
        n_nodes, n_edges, import_s = build(args, path)
        gc.collect()

        load_s, load_cpu, store = cpu_timed(lambda: EmbeddedStore(path))
        n_nodes = n_nodes or len(store.view.nodes)
        n_edges = n_edges or sum(1 for _ in store.view.edges())
        print(f"reopened: {len(store.view.nodes):,} nodes in {load_s:.2f} s", flush=True)
        rss, rows = probe_open(path), probe_open(path, "rows")
        for what, p in (("from its image", rss), ("row by row (before)", rows)):
            print(
                f"fresh process, opened {what} ({p['source']}): RSS {p['before']:.0f} MiB "
                f"after imports, {p['after']:.0f} MiB after opening the file (peak "
                f"{p['peak']:.0f} MiB, {p['load']:.2f} s, {p['cpu']:.2f} s CPU); first gaps "
                f"after it {p['gaps']:.2f} s ({p['gaps_cpu']:.2f} s CPU)",
                flush=True,
            )

        projects = [n.id for n in store.nodes(NodeKind.STRATEGIC_PROJECT)]
        upper = [
            n.id
            for kind in (NodeKind.CHALLENGE, NodeKind.STRATEGIC_LINE)
            for n in store.nodes(kind)
        ]
        ups = rnd.sample(projects, min(args.traces, len(projects)))
        downs = rnd.sample(upper, min(args.traces, len(upper)))
        up_times, up_answers = latencies(store.trace_up, [(i,) for i in ups])
        down_times, down_answers = latencies(store.trace_down, [(i,) for i in downs])
        print(
            f"trace up: {statistics.mean(map(len, up_answers)):.1f} paths on average; "
            f"trace down: {statistics.mean(map(len, down_answers)):.1f} nodes on average",
            flush=True,
        )

        service = StrategyService(store)
        whole = whole_graph(store, service, args.repeat)
        print(
            f"gaps: {len(store.gaps(now=store.clock())):,} found; "
            f"coverage: {len(store.coverage()):,} rows",
            flush=True,
        )

        active = [i for i in projects if store.get_node(i).status is not Status.RETIRED]
        targets = rnd.sample(active, min(args.writes, len(active)))
        write_times, floor_times = writes(service, targets, rnd, Path(tmp) / "floor.db")
        store.close()

    med = {k: statistics.median(v) for k, v in whole.items()}
    rows_out = [
        ("load from SQLite", secs(load_s), secs(load_cpu), "< 1 s", load_s < 1),
        (f"  the same, in a fresh process (from the {rss['source']})", secs(rss["load"]),
         secs(rss["cpu"]), "< 1 s", rss["cpu"] < 1),
        ("  row by row, in a fresh process (before)", secs(rows["load"]), secs(rows["cpu"]),
         "", None),
        ("  first gaps after opening (analyses built)", secs(rss["gaps"]),
         secs(rss["gaps_cpu"]), "", None),
        ("  before, 120,000 nodes (issue 17; CPU: before)", secs(PREVIOUS_LOAD[0]),
         secs(PREVIOUS_LOAD[1]), "", None),
        ("RSS after reopen (fresh process)", f"{rss['after']:.0f} MiB", "", "< 300 MiB",
         rss["after"] < 300),
        ("  peak RSS while opening", f"{rss['peak']:.0f} MiB", "", "", None),
        ("  RSS after opening row by row (before)", f"{rows['after']:.0f} MiB", "", "", None),
        ("trace up p50", ms(percentile(up_times, 50)), "", "< 1 ms",
         percentile(up_times, 50) < 1e-3),
        ("trace up p99", ms(percentile(up_times, 99)), "", "", None),
        ("trace down p50", ms(percentile(down_times, 50)), "", "", None),
        ("trace down p99", ms(percentile(down_times, 99)), "", "", None),
        ("gaps, first after a single write", ms(med["gaps write"]), ms(med["gaps write cpu"]),
         "< 5 ms", med["gaps write"] < 5e-3),
        ("  beside it: gaps, full pass", secs(med["gaps full"]), secs(med["gaps full cpu"]),
         "", None),
        ("coverage, first after a single write", ms(med["cov write"]), ms(med["cov write cpu"]),
         "< 5 ms", med["cov write"] < 5e-3),
        ("  beside it: coverage, full pass", secs(med["cov full"]), secs(med["cov full cpu"]),
         "", None),
        ("single durable write p50", ms(percentile(write_times, 50)), "", "", None),
        ("single durable write p99", ms(percentile(write_times, 99)), "", "< 5 ms",
         percentile(write_times, 99) < 5e-3),
        ("  floor: bare SQLite commit p50", ms(percentile(floor_times, 50)), "", "", None),
        ("  floor: bare SQLite commit p99", ms(percentile(floor_times, 99)), "", "", None),
        ("import (parse, plan, commit)", secs(import_s) if import_s else "(reused)", "", "",
         None),
    ]  # fmt: skip
    print()
    print(f"embedded store, {n_nodes:,} nodes / {n_edges:,} edges (medians of {args.repeat} runs)")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load} on {os.cpu_count()} cores: on a busy machine the wall-clock")
    print("figures stretch; the CPU column is what one thread used (close to an idle run)")
    w = max(len(r[0]) for r in rows_out)
    print(f"{'measure':<{w}}  {'figure':>12}  {'cpu':>7}  {'target':<10}  verdict")
    print(f"{'-' * w}  {'-' * 12}  {'-' * 7}  {'-' * 10}  -------")
    for name, figure, cpu, target, ok in rows_out:
        verdict = "" if ok is None else ("meets" if ok else "MISSES")
        print(f"{name:<{w}}  {figure:>12}  {cpu:>7}  {target:<10}  {verdict}")
    full = " (full pass)"
    record(
        "gaps, first call after a single write",
        ms(med["gaps write"]),
        secs(med["gaps full"]) + full,
        "< 5 ms",
    )
    record(
        "coverage, first call after a single write",
        ms(med["cov write"]),
        secs(med["cov full"]) + full,
        "< 5 ms",
    )
    if import_s:
        record("JSON import (embedded)", secs(import_s), "11.5 s (issue)", "< 4 s")
    record(
        "open the store (load)",
        f"{secs(rss['load'])} ({secs(rss['cpu'])} CPU)",
        f"{secs(rows['load'])} ({secs(rows['cpu'])} CPU) row by row; {secs(PREVIOUS_LOAD[0])}"
        " (issue)",
        "< 1 s",
    )
    record(
        "RSS after open",
        f"{rss['after']:.0f} MiB",
        f"{rows['after']:.0f} MiB row by row; 187 MiB (issue)",
        "< 250 MiB",
    )
    return 0


def writes(
    service: StrategyService, targets: list[str], rnd: random.Random, floor_path: Path
) -> tuple[list[float], list[float]]:
    """One durable write per target (a description change through the service: validation,
    event row, commit at ``synchronous=FULL``), each followed by a bare one-row SQLite
    commit in the same folder: the disk's own fsync latency, the floor under a write."""
    floor_db = sqlite3.connect(str(floor_path), isolation_level=None)
    floor_db.execute("PRAGMA journal_mode=WAL")
    floor_db.execute("PRAGMA synchronous=FULL")
    floor_db.execute("CREATE TABLE IF NOT EXISTS t (v TEXT)")
    write_times: list[float] = []
    floor_times: list[float] = []
    try:
        for node_id in targets:
            # the clock too: with --reuse the same seed would repeat the last run's values,
            # and a patch that changes nothing commits nothing (a write measured as a no-op)
            patch = {"description": f"bench write {time.time_ns()} {rnd.random()}"}
            took, _ = latencies(service.update_node, [(node_id, patch, None, "bench")])
            write_times.extend(took)
            start = time.perf_counter()
            floor_db.execute("BEGIN IMMEDIATE")
            floor_db.execute("INSERT INTO t VALUES (?)", (node_id,))
            floor_db.execute("COMMIT")
            floor_times.append(time.perf_counter() - start)
    finally:
        floor_db.close()
    return write_times, floor_times


if __name__ == "__main__":
    sys.exit(main())
