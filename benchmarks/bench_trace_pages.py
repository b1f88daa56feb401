"""Trace up of a project with many paths: the old capped list against one counted page.

Builds a project that addresses ``--challenges`` challenges spread over four lines (each
with its own vision chain and national goal), then times, over ``--rounds`` calls:

- ``trace_up`` (the reference list, cut at 1,000 paths: what ``traceUp`` answered before);
- ``view_trace_page(first=20)`` (what ``traceUp`` answers now by default: every goal and
  the total counted, one page of paths);
- walking every page of 100 (what a client does to read all paths).

    .venv/bin/python -m benchmarks.bench_trace_pages
    .venv/bin/python -m benchmarks.bench_trace_pages --challenges 20000

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from strategygraph.domain import Edge, Node, NodeKind, Relation, Status
from strategygraph.trace import TraceGraph, trace_up, view_trace_page


def wide(challenges: int) -> TraceGraph:
    def node(i: str, kind: NodeKind) -> Node:
        region = "national" if kind is NodeKind.NATIONAL_GOAL else "r"
        return Node(id=i, kind=kind, region=region, title=i, status=Status.APPROVED)

    nodes = [node("p", NodeKind.STRATEGIC_PROJECT)]
    edges: list[Edge] = []
    for g in range(4):
        nodes += [
            node(f"g{g}", NodeKind.NATIONAL_GOAL),
            node(f"cv{g}", NodeKind.CHANGE_VISION),
            node(f"ov{g}", NodeKind.ORGANISATIONAL_VISION),
            node(f"l{g}", NodeKind.STRATEGIC_LINE),
        ]
        edges += [
            Edge(f"cv{g}", Relation.DERIVES_FROM, f"g{g}"),
            Edge(f"ov{g}", Relation.REALISES, f"cv{g}"),
            Edge(f"l{g}", Relation.SUPPORTS, f"ov{g}"),
        ]
    for c in range(challenges):
        g = c % 4
        nodes.append(node(f"c{c:06d}", NodeKind.CHALLENGE))
        edges += [
            Edge("p", Relation.ADDRESSES, f"c{c:06d}"),
            Edge(f"c{c:06d}", Relation.CHALLENGES, f"l{g}"),
        ]
    view = TraceGraph()
    view.load(nodes, edges)
    return view


def timed(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def walk_all(view: TraceGraph) -> int:
    after, seen = None, 0
    while True:
        page = view_trace_page(view, "p", after=after, first=100)
        seen += len(page.paths)
        if not page.has_next:
            return seen
        after = page.paths[-1].nodes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--challenges", type=int, default=1537)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    view = wide(args.challenges)
    capped = trace_up(view, "p")
    page = view_trace_page(view, "p", first=20)
    print(f"project with {page.total:,} paths to {len(page.goals)} goals")
    before = timed(lambda: trace_up(view, "p"), args.rounds)
    named = len({p.nodes[-1] for p in capped})
    print(
        f"  before: trace_up list             {before * 1e3:8.2f} ms"
        f"  ({len(capped):,} paths, {named} goals named, no total)"
    )
    first = timed(lambda: view_trace_page(view, "p", first=20), args.rounds)
    print(f"  now:    first page of 20, counted {first * 1e3:8.2f} ms  (every goal named)")
    every = timed(lambda: walk_all(view), max(1, args.rounds // 4))
    print(f"  now:    every page of 100         {every * 1e3:8.2f} ms  ({walk_all(view):,} paths)")


if __name__ == "__main__":
    main()
