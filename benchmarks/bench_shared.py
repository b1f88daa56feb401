"""Several processes on one store file, on the synthetic national graph (120,000 nodes).

Measured side by side in one run, each beside what it replaces or is compared with:

- catch-up of one write made by another process (``refresh``), p50/p99, and whether it
  ever fell back to loading the whole file; beside it, that whole load;
- from a commit in one process to its arrival at a ``graphChanged`` subscriber of a
  server in another, p50/p99 (the feed follows the log every 50 ms and at once after the
  server's own commits); and whether the server's next read after the commit shows it;
- cold ``traceUp`` throughput (kept answers off), 10 connections, 2 workers against 1,
  while a third process writes 10 times a second;
- a single durable write's latency with 3 processes writing at once, beside 1 process.

    .venv/bin/python -m benchmarks.bench_shared                      # 120,000 nodes
    .venv/bin/python -m benchmarks.bench_shared --reuse /tmp/national.db

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from gql import Client as GqlClient
from gql import GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from benchmarks.bench_http import TRACE_UP, Server, admin_token
from benchmarks.generate import generate
from benchmarks.loadgen import Client, loaded, percentile, sequential
from strategygraph.domain import NodeKind, Status
from strategygraph.domain.changes import UpdateNode
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

# One writer process: opens the file, writes ``count`` updates to its own node
# as fast as it can (or ``pause`` apart), and prints each write's latency.
_WRITER = """
import json, sys, time
from strategygraph.domain.changes import UpdateNode
from strategygraph.store import EmbeddedStore
path, node, count, pause = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
store = EmbeddedStore(path)
print("ready", flush=True)
sys.stdin.readline()
times = []
for n in range(count):
    start = time.perf_counter()
    store.commit([UpdateNode(node, {"description": f"{time.time()} {n}"})], "writer")
    times.append(time.perf_counter() - start)
    if pause:
        time.sleep(pause)
print(json.dumps(times), flush=True)
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def projects(path: str, count: int, seed: int) -> list[str]:
    store = EmbeddedStore(path)
    try:
        active = [
            n.id for n in store.nodes(NodeKind.STRATEGIC_PROJECT) if n.status is not Status.RETIRED
        ]
        return random.Random(seed).sample(active, count)
    finally:
        store.close()


def catch_up(path: str, targets: list[str]) -> dict[str, Any]:
    """Process B (here: a second connection) writes; A catches up, timed."""
    start = time.perf_counter()
    a = EmbeddedStore(path)
    load = time.perf_counter() - start
    b = EmbeddedStore(path)
    times = []
    try:
        for n, node_id in enumerate(targets):
            result = b.commit([UpdateNode(node_id, {"description": f"catch-up {n}"})], "b")
            begin = time.perf_counter()
            applied = a.refresh()
            times.append(time.perf_counter() - begin)
            # One update, with the suspect marks it sets on the links under an approved node.
            assert applied == result.events and a.get_node(node_id) == b.get_node(node_id)
        return {"times": times, "reloads": a.reloads, "load": load}
    finally:
        a.close()
        b.close()


CHANGED = "subscription { graphChanged { version } }"


async def push_latency(port: int, token: str, path: str, targets: list[str]) -> dict[str, Any]:
    """A commit here, another process's subscriber there: time until it arrives."""
    arrived: dict[int, float] = {}
    transport = WebsocketsTransport(
        url=f"ws://127.0.0.1:{port}/graphql", init_payload={"Authorization": f"Bearer {token}"}
    )
    writer = EmbeddedStore(path)
    committed: dict[int, float] = {}
    read_shows = 0
    async with GqlClient(transport=transport) as session:

        async def listen() -> None:
            async for result in session.subscribe(GraphQLRequest(CHANGED)):
                arrived[result["graphChanged"]["version"]] = time.perf_counter()

        task = asyncio.create_task(listen())
        await asyncio.sleep(1.0)
        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {token}"}) as http:
            for n, node_id in enumerate(targets):
                change = {"description": f"pushed {n}"}
                result = writer.commit([UpdateNode(node_id, change)], "bench")
                committed[result.version] = time.perf_counter()
                answer = await http.get(f"http://127.0.0.1:{port}/healthz")
                read_shows += answer.json()["graphVersion"] == result.version
                await asyncio.sleep(random.uniform(0.02, 0.08))
        for _ in range(100):
            if len(arrived) >= len(committed):
                break
            await asyncio.sleep(0.05)
        task.cancel()
    writer.close()
    delays = [arrived[v] - t for v, t in committed.items() if v in arrived]
    return {"delays": delays, "missing": len(committed) - len(delays), "read_shows": read_shows}


def throughput(
    path: str, workers: int, token: str, sample: list[str], writer_node: str, seconds: float
) -> float:
    with tempfile.TemporaryDirectory() as folder:
        server = Server(path, workers, Path(folder) / "uvicorn.log", answers=False).start()
        writes = int(seconds * 10) + 20
        writer = writer_process(path, writer_node, writes, 0.1)  # a third process, 10 a second
        try:
            client = Client(server.port, token)
            traces = [client.graphql(TRACE_UP, "traceUp", id=i) for i in sample]
            asyncio.run(sequential(server.port, traces[:50]))  # warm up
            go(writer)
            rps, _ = asyncio.run(loaded(server.port, traces, 10, seconds))
            return rps
        finally:
            writer.kill()
            writer.wait()
            server.stop()


def writer_process(path: str, node: str, count: int, pause: float) -> subprocess.Popen[str]:
    """A process that opens the file, says ready, and writes once it is told to go."""
    process = subprocess.Popen(
        [sys.executable, "-c", _WRITER, path, node, str(count), str(pause)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def go(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("go\n")
    process.stdin.flush()


def concurrent_writes(path: str, nodes: list[str], count: int) -> list[float]:
    """Each of ``nodes`` written ``count`` times by a process of its own, all at once."""
    procs = [writer_process(path, node, count, 0) for node in nodes]
    for p in procs:  # released together
        go(p)
    times: list[float] = []
    for p in procs:
        out, _ = p.communicate(timeout=600)
        times.extend(json.loads(out.strip().splitlines()[-1]))
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", metavar="FILE", help="a store file made before")
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = args.reuse or str(Path(folder) / "national.db")
        if not args.reuse:
            store = EmbeddedStore(path)
            start = time.perf_counter()
            StrategyService(store).import_document(generate(args.nodes, args.seed), "bench")
            print(f"imported {args.nodes:,} nodes in {time.perf_counter() - start:.1f} s")
            store.close()
        store = EmbeddedStore(path)
        token = admin_token(store)
        store.close()
        targets = projects(path, args.writes, args.seed)
        print("catch-up of a foreign write ...", flush=True)
        caught = catch_up(path, targets)
        print("push to another process's subscriber ...", flush=True)
        with tempfile.TemporaryDirectory() as logs:
            server = Server(path, 1, Path(logs) / "uvicorn.log").start()
            try:
                pushed = asyncio.run(push_latency(server.port, token, path, targets[:200]))
            finally:
                server.stop()
        print("cold traceUp, 1 and 2 workers, a third process writing ...", flush=True)
        sample = targets[:200]
        rps = {w: throughput(path, w, token, sample, targets[-1], args.seconds) for w in (1, 2)}
        print("durable writes, 1 and 3 processes ...", flush=True)
        alone = concurrent_writes(path, targets[-1:], args.writes)
        three = concurrent_writes(path, targets[-3:], args.writes)
    c = caught["times"]
    d = pushed["delays"]
    rows = [
        ("catch-up of one foreign write, p50", ms(percentile(c, 50)), "< 2 ms",
         percentile(c, 50) < 2e-3),
        ("catch-up of one foreign write, p99", ms(percentile(c, 99)), "< 2 ms",
         percentile(c, 99) < 2e-3),
        ("  full reloads during those", str(caught["reloads"]), "0", caught["reloads"] == 0),
        ("  beside it: loading the whole file", f"{caught['load']:.2f} s", "", None),
        ("commit -> subscriber in another process, p50", ms(percentile(d, 50)), "", None),
        ("commit -> subscriber in another process, p99", ms(percentile(d, 99)), "< 100 ms",
         percentile(d, 99) < 0.1),
        ("  pushes missing", str(pushed["missing"]), "0", pushed["missing"] == 0),
        ("  next read in the other process shows it",
         f"{pushed['read_shows']}/{len(targets[:200])}", "all",
         pushed["read_shows"] == len(targets[:200])),
        ("cold traceUp, 10 conns, 1 worker, 10 writes/s", f"{rps[1]:,.0f} req/s", "", None),
        ("cold traceUp, 10 conns, 2 workers, 10 writes/s", f"{rps[2]:,.0f} req/s", "", None),
        ("  2 workers / 1 worker", f"{rps[2] / rps[1]:.2f}x", ">= 1.7x", rps[2] / rps[1] >= 1.7),
        ("durable write p50 / p99, 1 process", f"{ms(percentile(alone, 50))} / "
         f"{ms(percentile(alone, 99))}", "", None),
        ("durable write p50 / p99, 3 processes", f"{ms(percentile(three, 50))} / "
         f"{ms(percentile(three, 99))}", "p99 < 10 ms", percentile(three, 99) < 0.01),
    ]  # fmt: skip
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'figure':>20}  {'target':<11}  verdict")
    print(f"{'-' * width}  {'-' * 20}  {'-' * 11}  -------")
    for name, figure, target, ok in rows:
        verdict = "" if ok is None else ("meets" if ok else "MISSES")
        print(f"{name:<{width}}  {figure:>20}  {target:<11}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
