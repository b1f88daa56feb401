"""Alignment maps of 100, 1,000 and 5,000 nodes: building the DOT and drawing it with
``dot``, timed separately; and how fast a map past the node limit is refused over HTTP.

Each map is one region of the synthetic graph (``benchmarks.generate``) with every region
merged into one, so the map holds (almost) all the generated nodes: the national goals on
top, every layer under them, lateral dependencies, layer skips, gaps and retired nodes
(hidden, as on a real map). The renderer's own ``dot`` options for the size are used.

    .venv/bin/python -m benchmarks.bench_maps
    .venv/bin/python -m benchmarks.bench_maps --sizes 100,1000 --format png

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any

import anyio
import httpx

from benchmarks.generate import generate
from strategygraph.api import create_app
from strategygraph.config import Settings
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.maps import Format, MapLimits, MapRenderer, MapRequest
from strategygraph.maps.limits import layout_options
from strategygraph.maps.web import map_routes
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore

REGION = "r01"
TARGETS = {1_000: 1.5, 5_000: 6.0}
OVER_LIMIT_TARGET = 1.0


def one_region(nodes: int, seed: int) -> dict[str, Any]:
    """The synthetic graph of ``nodes`` nodes with all its regions merged into ``r01``."""
    doc = generate(nodes=nodes, seed=seed)
    doc["regions"] = [r for r in doc["regions"] if r["id"] in ("national", REGION)]
    for item in (*doc["nodes"], *doc["organisations"]):
        if item["region"] != "national":
            item["region"] = REGION
    return doc


def loaded(nodes: int, seed: int) -> EmbeddedStore:
    store = EmbeddedStore(":memory:")
    StrategyService(store).import_document(one_region(nodes, seed), "bench")
    return store


@dataclass
class Figures:
    """Medians of one map size: wall-clock seconds, and CPU seconds (this process for the
    DOT build, the ``dot`` child for the drawing), which a busy machine disturbs less."""

    drawn: int
    build: float
    draw: float
    build_cpu: float
    draw_cpu: float
    size: int


def bench_size(nodes: int, seed: int, fmt: Format, repeat: int) -> Figures:
    """The figures of an alignment map of about ``nodes`` nodes, medians of ``repeat``."""
    store = loaded(nodes, seed)
    renderer = MapRenderer(store, MapLimits(max_nodes=10_000, timeout=120))
    request = MapRequest.alignment(REGION, format=fmt)
    builds, draws, build_cpus, draw_cpus = [], [], [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        source = renderer.source(request)
        builds.append(time.perf_counter() - start)
        build_cpus.append(time.process_time() - cpu)
        options = layout_options(source.nodes)
        start, cpu = time.perf_counter(), _children_cpu()
        drawn = renderer.drawer.draw(source.text, fmt, source.what, None, options)
        draws.append(time.perf_counter() - start)
        draw_cpus.append(_children_cpu() - cpu)
    store.close()
    median = statistics.median
    return Figures(
        source.nodes,
        median(builds),
        median(draws),
        median(build_cpus),
        median(draw_cpus),
        len(drawn),
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_over_limit(nodes: int, seed: int, limit: int) -> tuple[float, int, str]:
    """Seconds for ``GET /maps/r01.svg`` past the node limit to be answered, its status
    and message (the first request: nothing cached)."""
    store = loaded(nodes, seed)
    routes = map_routes(store, MapLimits(max_nodes=limit))
    app = create_app(StrategyService(store), Settings(), routes)
    access = AccessService(store.access)
    access.grant("bench", Role.VIEWER, ANY_REGION)
    signed_in = {"Authorization": f"Bearer {access.create_token('bench')[1]}"}

    async def ask() -> tuple[float, httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            start = time.perf_counter()
            answer = await client.get(f"/maps/{REGION}.svg", headers=signed_in)
            return time.perf_counter() - start, answer

    seconds, answer = anyio.run(ask)
    store.close()
    return seconds, answer.status_code, answer.json()["error"]["message"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="map sizes, comma separated")
    parser.add_argument("--format", choices=[f.value for f in Format], default="svg")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (median)")
    parser.add_argument("--over-limit", type=int, default=20_000, help="nodes of the big map")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    fmt = Format(args.format)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        f = bench_size(size, args.seed, fmt, args.repeat)
        target = TARGETS.get(size)
        total = f.build + f.draw
        verdict = "" if target is None else ("meets" if total < target else "MISSES")
        name = f"alignment map, {f.drawn:,} nodes ({fmt.value}, {f.size / 1024:,.0f} KiB)"
        rows.append((name, f, total, f"< {target:g} s" if target else "", verdict))
        print(f"{name}: DOT {f.build:.2f} s, dot {f.draw:.2f} s", flush=True)
    seconds, status, message = bench_over_limit(args.over_limit, args.seed, MapLimits.max_nodes)
    print(f"over the limit ({args.over_limit:,} nodes): HTTP {status}: {message}", flush=True)
    print()
    w = max(len(r[0]) for r in rows)
    print(
        f"{'map':<{w}}  {'DOT build':>9}  {'dot':>7}  {'total':>7}  {'target':<8}  verdict"
        "   (CPU: DOT build / dot)"
    )
    for name, f, total, wanted, verdict in rows:
        print(
            f"{name:<{w}}  {f.build:>7.2f} s  {f.draw:>5.2f} s  {total:>5.2f} s  {wanted:<8}  "
            f"{verdict:<7}   ({f.build_cpu:.2f} s / {f.draw_cpu:.2f} s)"
        )
    ok = "meets" if seconds < OVER_LIMIT_TARGET else "MISSES"
    label = f"request past the node limit ({args.over_limit:,} nodes) -> {status}"
    print(f"{label:<{w}}  {'':>9}  {'':>7}  {seconds:>5.2f} s  < {OVER_LIMIT_TARGET:g} s    {ok}")
    load = os.getloadavg()
    print(f"(load average {load[0]:.1f} on {os.cpu_count()} CPUs while measuring)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
