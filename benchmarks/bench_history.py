"""History on a large embedded store: ``graphAt`` at random times and ``diff`` over 1,000
events, from snapshots, beside the full replay of the log that answered them before.

Run it on a store file with a history (``bench_embedded --keep`` writes one: the import
and some hundreds of single writes after it). When fewer than ``HISTORY`` events follow
the log's first commit, it adds single changes (a project's description, one commit
each) until they do, so that ``diff`` has 1,000 events to span. It takes the snapshots
the log is missing first (a one-off cost, printed), and writes them into that file.

    .venv/bin/python -m benchmarks.bench_history --reuse /tmp/national.db

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from contextlib import suppress
from datetime import datetime, timedelta

from benchmarks.loadgen import percentile
from benchmarks.summary import record
from strategygraph.domain import NodeKind, NotFound
from strategygraph.service import StrategyService
from strategygraph.service.history import diff, graph_at
from strategygraph.service.past import SNAPSHOT_EVERY, keep_snapshots, shelf_of
from strategygraph.store import EmbeddedStore
from strategygraph.store.history_shelf import HistoryShelf

HISTORY = 2_000
"""Events after the first commit (the import) the figures need: ``diff`` spans 1,000."""


def lengthen(store: EmbeddedStore, shelf: HistoryShelf, rng: random.Random) -> int:
    """Single commits (a project's description) until ``HISTORY`` events follow the
    first commit (the first stretch of the log); how many were made."""
    service = StrategyService(store)
    ids = [n.id for n in store.nodes(NodeKind.STRATEGIC_PROJECT)]
    start = (shelf.stretch_ends(0, store.version()) or [0])[0]
    made = 0
    while store.version() - start < HISTORY:
        node = store.get_node(rng.choice(ids))
        service.update_node(node.id, {"description": f"history {made}"}, node.version, "bench")
        made += 1
    return made


def at_event(store: EmbeddedStore, seq: int) -> datetime:
    return store.events(after=seq - 1, limit=1)[0].at


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rss_mib() -> float:
    """This process's resident memory now."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def first_reads(store: EmbeddedStore, pair: tuple[int, int]) -> list[str]:
    """The first ``diff`` after opening (over the events ``pair`` spans) and then the
    first node history (an imported node's events): what each cost and the resident
    memory after it, the bulk runs' decoding included where they need it."""
    lines = []
    a_at, b_at = at_event(store, pair[0]), at_event(store, pair[1])
    node = sorted(store.view.nodes)[len(store.view.nodes) // 3]
    span = pair[1] - pair[0]
    calls = (
        (f"first diff after opening ({span:,} events)", lambda: diff(store, a_at, b_at)),
        ("then the first node history", lambda: store.events(node_id=node, limit=100)),
        ("then a second node history", lambda: store.events(node_id=node, limit=100)),
    )
    for what, call in calls:
        t0, c0 = time.perf_counter(), time.process_time()
        call()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        lines.append(f"  {what}: {ms(wall)} ({ms(cpu)} CPU), RSS {rss_mib():.0f} MiB")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", required=True, help="a store file with a history")
    parser.add_argument("--samples", type=int, default=30, help="graphAt calls of each kind")
    parser.add_argument("--replays", type=int, default=1, help="full replays to time")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    start = time.perf_counter()
    store = EmbeddedStore(args.reuse)
    print(f"opened {len(store.view.nodes):,} nodes in {time.perf_counter() - start:.2f} s")
    print(f"  RSS after opening: {rss_mib():.0f} MiB")
    gc.freeze()  # as ``strategygraph serve`` does once the graph is loaded
    shelf = shelf_of(store)
    assert shelf is not None
    if made := lengthen(store, shelf, rng):
        print(f"history: {made:,} single commits added, so that a diff spans 1,000 events")
    last = store.version()
    ends = shelf.stretch_ends(0, last)
    probe = max(e for e in ends if e + 1_000 <= last)
    probe_end = next(e for e in ends if e >= probe + 1_000)
    print("\n".join(first_reads(store, (probe, probe_end))))
    first_at, last_at = at_event(store, 1), at_event(store, last)
    span = (last_at - first_at).total_seconds()
    print(f"log: {last:,} events from {first_at:%H:%M:%S} to {last_at:%H:%M:%S}")

    def random_time() -> datetime:
        return first_at + timedelta(seconds=rng.uniform(0, span))

    replay = []
    for _ in range(args.replays):
        t0 = time.perf_counter()
        graph_at(store, random_time(), full_replay=True)
        replay.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    taken = keep_snapshots(store, shelf)
    fill = time.perf_counter() - t0
    print(
        f"snapshots: took {taken} in {fill:.1f} s (one-off), {len(shelf.taken())} kept, "
        f"every {SNAPSHOT_EVERY:,} events"
    )

    ids = [n.id for n in store.nodes(NodeKind.STRATEGIC_PROJECT)]
    gc.collect()  # before each kind of call: the graphs the last phase left are its cost
    lookups, traces, cpu = [], [], {"{ node }": 0.0, "{ traceUp }": 0.0}
    for _ in range(args.samples):  # graphAt { version node(id) { ... } }
        t0, c0 = time.perf_counter(), time.process_time()
        past = graph_at(store, random_time())
        past.version()
        with suppress(NotFound):
            past.get_node(rng.choice(ids))
        lookups.append(time.perf_counter() - t0)
        cpu["{ node }"] += time.process_time() - c0
    gc.collect()
    for _ in range(args.samples):  # graphAt { traceUp(id) { ... } }: builds that graph
        t0, c0 = time.perf_counter(), time.process_time()
        past = graph_at(store, random_time())
        with suppress(NotFound):
            past.trace_up(rng.choice(ids))
        del past
        traces.append(time.perf_counter() - t0)
        cpu["{ traceUp }"] += time.process_time() - c0

    pairs = []
    for _ in range(20):
        a = rng.choice([e for e in ends if e + 1_000 <= last])
        b = next(e for e in ends if e >= a + 1_000)
        pairs.append((at_event(store, a), at_event(store, b), b - a))
    diffs = []
    gc.collect()
    c0 = time.process_time()
    for a_at, b_at, _ in pairs:
        t0 = time.perf_counter()
        diff(store, a_at, b_at)
        diffs.append(time.perf_counter() - t0)
    cpu["diff"] = time.process_time() - c0
    t0 = time.perf_counter()
    diff(store, pairs[0][0], pairs[0][1], full_replay=True)
    diff_replay = time.perf_counter() - t0
    store.close()

    span_events = statistics.median(n for _, _, n in pairs)
    before = f"{statistics.median(replay):.2f} s"
    print()
    print(f"history, {last:,} events (graphAt: {args.samples} random times each)")
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average {load}: a busy machine stretches the wall-clock figures; the mean")
    print("CPU time of a call (one thread) is what it costs on a quiet one")
    means = {k: ms(v / (len(pairs) if k == "diff" else args.samples)) for k, v in cpu.items()}
    for what, mean in means.items():
        print(f"  mean CPU per call, {what}: {mean}")
    rows = [
        (f"graphAt {what}, random time, p{p}", ms(percentile(found, p)), before, target)
        for what, found in (("{ node }", lookups), ("{ traceUp }", traces))
        for p, target in ((50, "< 50 ms"), (99, "< 200 ms"))
    ]
    rows += [
        (
            f"diff over {span_events:,.0f} events (median)",
            ms(statistics.median(diffs)),
            f"{diff_replay:.2f} s",
            "< 20 ms",
        ),
    ]
    w = max(len(r[0]) for r in rows)
    print(f"{'measure':<{w}}  {'figure':>10}  {'full replay':>11}  target")
    for name, figure, old, target in rows:
        print(f"{name:<{w}}  {figure:>10}  {old:>11}  {target}")
        record(name, figure, old, target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
