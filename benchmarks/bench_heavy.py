"""``/healthz`` while heavy operations run, on a 20,000-node store served by
``strategygraph serve`` (a real process, development mode, one worker).

Runs, one after another, each while a second thread asks ``/healthz`` every 20 ms:
``graphAt`` (the whole event log replayed), ``gaps`` and ``coverage`` (whole-graph passes),
``exportGraph`` and an ``importGraph`` dry run of the whole graph; then the issue's
"30-second" query (ten aliased ``graphAt`` from a user with no roles), refused by cost.
Prints each operation's time and the health checks' p50, p99 and slowest answer beside the
issue's figures from before the work moved off the event loop (``/healthz`` waited
29.7 s behind ten ``graphAt``, 4.5 s behind a 20,000-node import).

    .venv/bin/python -m benchmarks.bench_heavy                 # 20,000 nodes
    .venv/bin/python -m benchmarks.bench_heavy --nodes 5000

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.generate import generate
from benchmarks.loadgen import percentile
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore

BEFORE = {"graphAt": "29.7 s (ten of them)", "importGraph": "4.5 s (a real import)"}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _probe(base: str, stop: threading.Event, into: list[float]) -> None:
    with httpx.Client(timeout=120) as client:
        while not stop.is_set():
            started = time.perf_counter()
            client.get(f"{base}/healthz")
            into.append(time.perf_counter() - started)
            time.sleep(0.02)


def _while_probed(base: str, ask: Any) -> tuple[float, list[float], Any]:
    stop, latencies = threading.Event(), []
    probe = threading.Thread(target=_probe, args=(base, stop, latencies))
    probe.start()
    time.sleep(0.2)
    started = time.perf_counter()
    answer = ask()
    took = time.perf_counter() - started
    stop.set()
    probe.join()
    return took, latencies, answer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-heavy-"))
    path = folder / "g.db"
    document = generate(nodes=args.nodes, seed=13)
    store = EmbeddedStore(str(path))
    StrategyService(store).import_document(document, "bench")
    access = AccessService(store.access)
    access.grant("admin", Role.ADMIN, ANY_REGION)
    admin = access.create_token("admin")[1]
    nobody = access.create_token("nobody")[1]
    store.close()
    port = _port()
    base = f"http://127.0.0.1:{port}"
    log = (folder / "serve.log").open("wb")
    command = [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{path}"]
    server = subprocess.Popen(
        [*command, "serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "STRATEGYGRAPH_BUDGET": "0"},
        start_new_session=True,
    )
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        content = json.dumps(document)
        runs = {
            "graphAt": ('{ graphAt(time: "2100-01-01T00:00:00Z") { version } }', {}),
            "gaps": ("{ gaps { type } }", {}),
            "coverage": ("{ coverage { projects } }", {}),
            "exportGraph": ("{ exportGraph { content } }", {}),
            "importGraph": (
                "mutation ($c: String!) { importGraph(input: {content: $c, dryRun: true}) "
                "{ unchanged } }",
                {"c": content},
            ),
        }
        print(f"{args.nodes:,} nodes; /healthz every 20 ms while each runs")
        for name, (query, variables) in runs.items():

            def ask(query: str = query, variables: dict[str, Any] = variables) -> Any:
                return httpx.post(
                    f"{base}/graphql",
                    json={"query": query, "variables": variables},
                    headers={"Authorization": f"Bearer {admin}"},
                    timeout=600,
                ).json()

            took, latencies, answer = _while_probed(base, ask)
            ok = "errors" not in answer
            print(
                f"  {name:12} {took:6.2f} s {'' if ok else '(ERRORS) '}"
                f"| /healthz n={len(latencies)}"
                f" p50 {percentile(latencies, 50) * 1000:.0f} ms"
                f" p99 {percentile(latencies, 99) * 1000:.0f} ms"
                f" max {max(latencies) * 1000:.0f} ms"
                + (f"   (before: /healthz waited {BEFORE[name]})" if name in BEFORE else "")
            )
        ten = " ".join(
            f'a{i}: graphAt(time: "2100-01-01T00:00:00Z") {{ version nodes {{ id }} }}'
            for i in range(10)
        )
        started = time.perf_counter()
        answer = httpx.post(
            f"{base}/graphql",
            json={"query": f"{{ {ten} }}"},
            headers={"Authorization": f"Bearer {nobody}"},
            timeout=600,
        ).json()
        code = answer["errors"][0]["extensions"]["code"]
        print(
            f"  ten aliased graphAt, no roles: {code} in "
            f"{(time.perf_counter() - started) * 1000:.0f} ms (before: 30 s)"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()


if __name__ == "__main__":
    main()
