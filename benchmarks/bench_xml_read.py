"""Where a GraphML or ArchiMate read of a national graph spends its time, and what lxml
would change (issue 15's last item: the read of 120,000 nodes under 7-8 s).

For each format it prints, in CPU seconds (user + system; the wall time beside) with the
collector paused as the readers pause it:

- ``parse``: the file into a tree, as the readers do it (``xmlsafe.parse_xml``:
  ElementTree's C parser) and as lxml would (``fromstring`` with the safe parser:
  no entities, no network, no DTD);
- ``walk``: every element's tag, attributes and text visited once, on each tree (lxml
  makes a Python object for each element and string it hands out; ElementTree made them
  while parsing), and lxml's ``iterparse`` doing both with each element cleared after;
- ``scan``: the quick path, elements and relationships (nodes and edges) taken from the
  text of a file in our export's shape, the rest of it parsed (``archimate_scan``,
  ``graphml_scan``);
- ``read``: the reader itself, file bytes to the ``Reading``, then how much of it the
  tree (or the scan), the domain's record builders (``node_from_valid``/``edge_from_valid`` over the
  read dicts) and the system (page faults of a heap of 2 GB) take; ``rest`` is the
  readers' own Python; for GraphML, the read again with every element taken the general
  way (``quick=False``: parsed into a tree, no ``graphml_quick``), the figure before
  both quick paths.

    .venv/bin/python -m benchmarks.bench_xml_read                  # 120,000 nodes
    .venv/bin/python -m benchmarks.bench_xml_read --nodes 5000 --formats graphml

It prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import resource
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from lxml import etree

from benchmarks.generate import generate
from strategygraph.collector import collector_paused
from strategygraph.domain.codec_fast import edge_from_valid, node_from_valid
from strategygraph.interchange.archimate import dump_archimate
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.interchange.archimate_scan import scan as scan_archimate
from strategygraph.interchange.graphml import dump_graphml
from strategygraph.interchange.graphml_read import load_graphml
from strategygraph.interchange.graphml_scan import scan as scan_graphml
from strategygraph.interchange.xmlsafe import parse_xml

DUMPS: dict[str, Callable[[dict[str, Any]], bytes]] = {
    "graphml": dump_graphml,
    "archimate": dump_archimate,
}
LOADS: dict[str, Callable[..., Any]] = {"graphml": load_graphml, "archimate": load_archimate}
SCANS: dict[str, Callable[[bytes], Any]] = {"graphml": scan_graphml, "archimate": scan_archimate}
READ_TARGETS = {"graphml": 7.0, "archimate": 8.0}
"""As in ``bench_formats``: the import target of 15 s less a commit of some 7 s."""


class Took:
    """CPU seconds (user and system) and wall seconds of one step."""

    def __init__(self, user: float, system: float, wall: float) -> None:
        self.user, self.system, self.wall = user, system, wall

    @property
    def cpu(self) -> float:
        return self.user + self.system

    def __str__(self) -> str:
        cpu = f"{self.cpu:5.1f} s CPU ({self.user:4.1f} user, {self.system:3.1f} sys)"
        return f"{cpu}, {self.wall:5.1f} s wall"


def timed(fn: Callable[[], Any]) -> tuple[Took, Any]:
    gc.collect()
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with collector_paused():
        result = fn()
    after = resource.getrusage(resource.RUSAGE_SELF)
    wall = time.perf_counter() - start
    return Took(after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime, wall), result


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def walk(elements: Iterable[Any]) -> int:
    """Visit every element's tag, attributes and text, as a reader does (once each)."""
    seen = 0
    for element in elements:
        _ = element.tag, element.items(), element.text
        seen += 1
    return seen


def lxml_streamed(data: bytes) -> int:
    """lxml's ``iterparse``: each element walked at its end, then cleared."""
    seen = 0
    events = etree.iterparse(
        io.BytesIO(data), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
    )
    for _, element in events:
        seen += walk((element,))
        element.clear()
    return seen


def records(reading: Any) -> int:
    """The domain's records of the read dicts, built again (the readers build them once)."""
    nodes = [node_from_valid(node) for node in reading.document["nodes"]]
    edges = [edge_from_valid(edge) for edge in reading.document["edges"]]
    return len(nodes) + len(edges)


def measure(fmt: str, data: bytes) -> None:
    print(f"\n{fmt}: {len(data) / 1e6:.0f} MB")
    parse_et, et_tree = timed(lambda: parse_xml(data, fmt))
    walk_et, count = timed(partial(walk, et_tree.iter()))
    del et_tree
    parse_lxml, lxml_tree = timed(lambda: etree.fromstring(data, _safe_parser()))
    walk_lxml, _ = timed(partial(walk, lxml_tree.iter()))
    del lxml_tree
    streamed, _ = timed(lambda: lxml_streamed(data))
    print(f"  {count:,} elements")
    print(f"  parse  ElementTree (as read)  {parse_et}")
    print(f"         lxml                   {parse_lxml}")
    print(f"  walk   ElementTree            {walk_et}")
    print(f"         lxml                   {walk_lxml}")
    both_et, both_lxml = parse_et.cpu + walk_et.cpu, parse_lxml.cpu + walk_lxml.cpu
    print(f"  parse + walk: ElementTree {both_et:.1f} s, lxml {both_lxml:.1f} s CPU")
    print(f"         lxml iterparse + walk  {streamed}")
    scanned, model = timed(lambda: SCANS[fmt](data))
    took = "took" if model is not None else "left (the general path parses it)"
    print(f"  scan (the quick path)         {scanned}   {took} the file")
    tree = parse_et if model is None else scanned  # the reader scans instead of parsing
    del model
    read, reading = timed(lambda: LOADS[fmt](data, name=fmt, max_bytes=1 << 34))
    built, _ = timed(lambda: records(reading))
    target = READ_TARGETS[fmt]
    print(f"  read (the reader)             {read}   (target < {target:.0f} s)")
    rest = read.user - tree.user - built.user
    source = "tree" if tree is parse_et else "scan"
    print(
        f"    of which: {source} {tree.user:.1f}, records {built.user:.1f} "
        f"(node_from_valid, edge_from_valid), system {read.system:.1f}, "
        f"rest {rest:.1f} s CPU (the reader's own Python, and freeing what it read)"
    )
    if fmt == "graphml":  # the quick path (graphml_quick) against the general one
        del reading
        general, _ = timed(lambda: load_graphml(data, name=fmt, max_bytes=1 << 34, quick=False))
        print(f"  read, the tree and every element the general way {general}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--formats", default="graphml,archimate")
    args = parser.parse_args()
    print(f"generating {args.nodes:,} nodes (seed {args.seed}) …", flush=True)
    doc = generate(nodes=args.nodes, seed=args.seed)
    for fmt in [f for f in args.formats.split(",") if f]:
        data = DUMPS[fmt](doc)
        measure(fmt, data)
        del data
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nload average {load} on {os.cpu_count()} cores (CPU time too grows with the load)")


if __name__ == "__main__":
    main()
