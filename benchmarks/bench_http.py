"""The GraphQL API over HTTP on the synthetic national graph, beside the HTTP floor.

Serves ``benchmarks.http_app`` with uvicorn (uvloop, httptools; production mode, signed in
with an admin API token) over a 120,000-node store file, first with one worker, then with
two, and drives it over loopback from this process with a small asyncio load generator
(keep-alive HTTP/1.1, one request at a time per connection):

- unloaded (one connection): ``traceUp`` of a project over GraphQL and the same payload
  from the plain Starlette JSON endpoint (the floor), ``nodes(first: 100)``, and an
  ``updateNode`` round trip (one worker only: the workers do not share writes);
- bounded load: 10 connections, each sending its next request when the last one is
  answered, for a fixed time: requests per second, p50 and p99 latency, for ``traceUp``,
  the floor, and (for scale) a small object, ``node(id) { id title }``.

The server keeps answers of read-only queries per graph version and reader, as it does
when deployed (``strategygraph/api/answers.py``): once a ``traceUp`` of the sample has
run, its answer comes from there (the unloaded p99 includes the first, executed, runs; the
loaded runs are all answered from the cache). A last run with one worker and the cache off
(``STRATEGYGRAPH_ANSWER_CACHE_MB=0``) shows what executing each query costs.

    .venv/bin/python -m benchmarks.bench_http                          # 120,000 nodes
    .venv/bin/python -m benchmarks.bench_http --reuse /tmp/national.db # a kept store file

The load generator shares the machine's cores with the server: with 2 cores, 2 workers
compete with it, and other work on the machine takes from both, so the requests per
second are noisy. Each loaded run therefore also measures the server's own CPU time (its
processes', by ``psutil``) over the requests it answered: CPU per request, and its
capacity, 1 / CPU per request (what one busy core would answer), printed beside the wall
figure and beside the previous capacity (``PREVIOUS``, measured the same way). It prints
figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

from benchmarks.generate import generate
from benchmarks.http_app import STORE_VARIABLE
from benchmarks.loadgen import Client, Connection, check, loaded, percentile, sequential
from benchmarks.summary import record
from strategygraph.domain import NodeKind, Status
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

TRACE_UP = "query T($id: ID!) { traceUp(id: $id) { paths { nodes { id title } relations } } }"
NODES = "query { nodes(first: 100) { totalCount edges { cursor node { id title kind } } } }"
SMALL = "query S($id: ID!) { node(id: $id) { id title } }"
UPDATE = (
    "mutation U($input: UpdateNodeInput!) { updateNode(input: $input) { node { id version } } }"
)
PREVIOUS = {
    "traceUp": "1.67 ms = 598 req/s",
    "floor": "1.04 ms = 957 req/s",
}
"""Server CPU per request of the cold run (1 worker, answers off, 10 connections) at the
end of the last stop (commit 89b5db8, 120,000 nodes, the compiled path; a quiet machine,
load 0.8-1.7 on the 2 cores). Before the compiled path (9241956): 2.81 and 1.16 ms."""


async def mutations(port: int, client: Client, node_id: str, version: int, n: int) -> list[float]:
    """``n`` updateNode round trips in a row, each with the version the last one returned."""
    conn = await Connection.open(port)
    times = []
    try:
        for i in range(n):
            request = client.graphql(
                UPDATE,
                "updateNode",
                input={"id": node_id, "expectedVersion": version, "progress": i % 101},
            )
            start = time.perf_counter()
            status, body = await conn.send(request)
            times.append(time.perf_counter() - start)
            version = check(status, body, "updateNode")["data"]["updateNode"]["node"]["version"]
    finally:
        conn.close()
    return times


class Server:
    """uvicorn serving ``benchmarks.http_app`` in its own process group."""

    def __init__(self, store_path: str, workers: int, log: Path, answers: bool = True) -> None:
        self.store_path = store_path
        self.workers = workers
        self.answers = answers
        self.log = log
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 180) -> Server:
        command = [
            sys.executable, "-m", "uvicorn", "--factory", "benchmarks.http_app:create",
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
            "--loop", "uvloop", "--http", "httptools", "--no-access-log", "--log-level", "info",
        ]  # fmt: skip
        # The cost budget is spent as deployed, but large enough never to refuse: refused
        # operations would be cheap answers counted as served ones.
        env = {**os.environ, STORE_VARIABLE: self.store_path, "STRATEGYGRAPH_BUDGET": "1000000000"}
        if not self.answers:
            env["STRATEGYGRAPH_ANSWER_CACHE_MB"] = "0"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(errors="replace")
            if text.count("Application startup complete") >= self.workers:
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited early:\n{text[-3000:]}")
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"uvicorn did not start within {timeout:.0f} s")

    def cpu(self) -> float:
        """CPU seconds (user and system) the server's processes have used so far."""
        assert self.process is not None
        top = psutil.Process(self.process.pid)
        total = 0.0
        for p in [top, *top.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                times = p.cpu_times()
                total += times.user + times.system
        return total

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(args: argparse.Namespace, folder: Path) -> tuple[str, str, list[str], str, int]:
    """The store file (generated and imported unless reused), an admin token, sample
    projects to trace, and a project to update with its version."""
    path = args.reuse or str(folder / "bench.db")
    store = EmbeddedStore(path)
    try:
        if not args.reuse:
            start = time.perf_counter()
            StrategyService(store).import_document(generate(args.nodes, args.seed), "bench")
            print(f"imported {args.nodes:,} nodes in {time.perf_counter() - start:.1f} s")
        token = admin_token(store)
        rnd = random.Random(args.seed)
        projects = [
            n for n in store.nodes(NodeKind.STRATEGIC_PROJECT) if n.status is not Status.RETIRED
        ]
        sample = [n.id for n in rnd.sample(projects, min(args.samples, len(projects)))]
        target = projects[0]
        print(f"store: {len(store.view.nodes):,} nodes in {path}", flush=True)
        return path, token, sample, target.id, target.version
    finally:
        store.close()


def admin_token(store: EmbeddedStore) -> str:
    """A fresh API token for an admin of every region, as ``strategygraph demo`` makes."""
    from strategygraph.cli.access import demo_token

    return demo_token(store, hours=2)


def floor_matches(port: int, client: Client, node_id: str) -> bool:
    """Do the GraphQL answer and the floor's answer carry the same data?"""

    async def both() -> tuple[Any, Any]:
        conn = await Connection.open(port)
        try:
            a = await conn.send(client.graphql(TRACE_UP, "traceUp", id=node_id))
            b = await conn.send(client.get(f"/floor/trace-up?id={node_id}", "floor"))
        finally:
            conn.close()
        return check(*a, "traceUp"), check(*b, "floor")

    graphql, floor = asyncio.run(both())
    return bool(graphql == floor)


def run_server(
    args: argparse.Namespace,
    path: str,
    workers: int,
    answers: bool,
    token: str,
    sample: list[str],
    target: tuple[str, int],
    log: Path,
) -> dict[str, Any]:
    out: dict[str, Any] = {"workers": workers}
    server = Server(path, workers, log, answers).start()
    try:
        client = Client(server.port, token)
        traces = [client.graphql(TRACE_UP, "traceUp", id=i) for i in sample]
        floors = [client.get(f"/floor/trace-up?id={i}", "floor") for i in sample]
        nodes = [client.graphql(NODES, "nodes")]
        smalls = [client.graphql(SMALL, "node", id=i) for i in sample]
        out["same payload"] = all(floor_matches(server.port, client, i) for i in sample[:20])
        run: Callable[..., Any] = asyncio.run
        for name, reqs in (("traceUp", traces), ("floor", floors)):
            run(sequential(server.port, reqs[:50]))  # warm up
            out[f"{name} unloaded"] = run(sequential(server.port, reqs * args.rounds))
        out["nodes unloaded"] = run(sequential(server.port, nodes * args.unloaded))
        if workers == 1 and answers:
            node_id, version = target
            out["update unloaded"] = run(
                mutations(server.port, client, node_id, version, args.unloaded)
            )
        for name, reqs in (("traceUp", traces), ("floor", floors), ("node", smalls)):
            before = server.cpu()
            out[f"{name} loaded"] = run(loaded(server.port, reqs, args.connections, args.seconds))
            out[f"{name} cpu"] = (server.cpu() - before) / len(out[f"{name} loaded"][1])
    finally:
        server.stop()
    return out


def report(results: dict[str, dict[str, Any]], connections: int) -> None:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.2f} ms"

    def capacity(cpu: float) -> str:
        return f"{cpu * 1000:.2f} ms = {1 / cpu:,.0f} req/s"

    rows: list[tuple[str, str, str, bool | None]] = []
    for w, r in results.items():
        workers = r["workers"]
        up, floor = r["traceUp unloaded"], r["floor unloaded"]
        p50, f50 = percentile(up, 50), percentile(floor, 50)
        rps, load_times = r["traceUp loaded"]
        frps, floor_times = r["floor loaded"]
        rows += [
            (f"{w}: traceUp p50, unloaded", ms(p50), "< 2 ms", p50 < 2e-3),
            (f"{w}: traceUp p99, unloaded", ms(percentile(up, 99)), "", None),
            (f"{w}: floor p50, unloaded", ms(f50), "", None),
            (f"{w}: ratio to the floor, p50", f"{p50 / f50:.1f}x", "< 4x", p50 / f50 < 4),
            (f"{w}: traceUp, {connections} conns", f"{rps:,.0f} req/s",
             ">= 1,500" if workers == 1 else "", rps >= 1500 if workers == 1 else None),
            (f"{w}:   p50 / p99 under load",
             f"{ms(percentile(load_times, 50))} / {ms(percentile(load_times, 99))}", "", None),
            (f"{w}: floor, {connections} conns", f"{frps:,.0f} req/s", "", None),
            (f"{w}:   p50 / p99 under load",
             f"{ms(percentile(floor_times, 50))} / {ms(percentile(floor_times, 99))}", "", None),
            (f"{w}: ratio to the floor, req/s", f"{frps / rps:.1f}x", "< 4x", frps / rps < 4),
            (f"{w}: traceUp, server CPU per request", capacity(r["traceUp cpu"]),
             ">= 1,500" if workers == 1 else "",
             1 / r["traceUp cpu"] >= 1500 if workers == 1 else None),
            (f"{w}: floor, server CPU per request", capacity(r["floor cpu"]), "", None),
            (f"{w}: ratio to the floor, CPU", f"{r['traceUp cpu'] / r['floor cpu']:.1f}x", "",
             None),
            (f"{w}: node(id) {{id title}}, {connections} conns",
             f"{r['node loaded'][0]:,.0f} req/s", "", None),
            (f"{w}: nodes(first: 100) p50", ms(percentile(r["nodes unloaded"], 50)), "< 10 ms",
             percentile(r["nodes unloaded"], 50) < 10e-3),
        ]  # fmt: skip
        if "update unloaded" in r:
            p = percentile(r["update unloaded"], 50)
            rows.append((f"{w}: updateNode round trip p50", ms(p), "< 10 ms", p < 10e-3))
            rows.append(
                (f"{w}: updateNode round trip p99", ms(percentile(r["update unloaded"], 99)), "",
                 None)
            )  # fmt: skip
        rows.append((f"{w}: same payload as the floor", str(r["same payload"]), "", None))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  {'figure':>20}  {'target':<9}  verdict")
    print(f"{'-' * width}  {'-' * 20}  {'-' * 9}  -------")
    for name, figure, target, ok in rows:
        verdict = "" if ok is None else ("meets" if ok else "MISSES")
        print(f"{name:<{width}}  {figure:>20}  {target:<9}  {verdict}")
    cold = results.get("1 worker, answers off")
    if cold is not None:
        floor = f"{cold['floor loaded'][0]:,.0f} req/s (floor)"
        record(f"traceUp cold, {connections} conns, 1 worker",
               f"{cold['traceUp loaded'][0]:,.0f} req/s", floor, ">= 1,500 req/s")  # fmt: skip
        print("\ncold run (1 worker, answers off), server CPU per request and capacity:")
        for name in ("traceUp", "floor"):
            print(f"  {name:<8} {capacity(cold[f'{name} cpu']):>22}"
                  f"   before: {PREVIOUS[name]}")  # fmt: skip
        record("traceUp cold, server CPU per request, 1 worker",
               capacity(cold["traceUp cpu"]), PREVIOUS["traceUp"], ">= 1,500 req/s")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reuse", metavar="FILE", help="serve this store file (no import)")
    parser.add_argument("--samples", type=int, default=200, help="projects to trace")
    parser.add_argument("--rounds", type=int, default=3, help="unloaded passes over them")
    parser.add_argument("--unloaded", type=int, default=300, help="nodes / updateNode calls")
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=8.0, help="each loaded run")
    parser.add_argument("--workers", default="1,2", help="worker counts to run, in order")
    parser.add_argument(
        "--no-cold", action="store_true", help="skip the run with the answer cache off"
    )
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    with tempfile.TemporaryDirectory(prefix="sg-bench-http-") as tmp:
        folder = Path(tmp)
        path, token, sample, node_id, version = prepare(args, folder)
        results: dict[str, dict[str, Any]] = {}
        runs = [(int(w), True) for w in args.workers.split(",")]
        if not args.no_cold:
            runs.append((1, False))
        for workers, answers in runs:
            label = f"{workers} worker{'s' if workers > 1 else ''}"
            label += "" if answers else ", answers off"
            print(f"serving: {label}…", flush=True)
            results[label] = run_server(
                args, path, workers, answers, token, sample, (node_id, version),
                folder / "uvicorn.log",
            )  # fmt: skip
    print(f"\nGraphQL over HTTP, {len(sample)} projects traced, {os.cpu_count()} cores shared "
          "by the server and the load generator")  # fmt: skip
    report(results, args.connections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
