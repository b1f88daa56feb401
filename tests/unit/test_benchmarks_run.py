"""The benchmarks still run: each at a small size, as a real process, as `make bench` starts it.

They print figures and assert nothing about speed (no timing is checked here); this only
catches a benchmark the code under it has left behind (a port's signature changed, a name
moved), which would otherwise surface the next time someone measures.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RUNS = {
    "bench_embedded": ["--nodes", "1500", "--traces", "20", "--writes", "10", "--repeat", "1"],
    "bench_formats": ["--nodes", "300"],
    "bench_history_situation": ["--risks", "300"],
    "bench_trace_pages": ["--challenges", "20", "--rounds", "2"],
    "bench_heavy": ["--nodes", "1500"],
    "bench_xml_read": ["--nodes", "300"],
}
"""Each benchmark with arguments small enough for the suite (the others have fixed-size
parts that take a minute, or need a size past a limit: ``bench_maps``, ``bench_situation``,
``bench_shared``, and those that start servers: ``bench_http``, ``bench_neo4j``)."""

EXPECTED = {
    "bench_embedded": ("reopened: 1,500 nodes", "gaps"),
    "bench_formats": ("json", "csv", "graphml", "archimate"),
    "bench_history_situation": (),
    "bench_trace_pages": (),
    "bench_heavy": (),
    "bench_xml_read": ("graphml", "archimate", "rest", "the general way"),
}
"""What each prints on a whole run (a crash halfway prints less)."""


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_benchmark_runs_to_the_end_at_a_small_size(name: str, tmp_path: Path) -> None:
    _runs_and_says(name, RUNS[name], EXPECTED[name], tmp_path)


def _runs_and_says(name: str, args: list[str], expected: Iterable[str], tmp_path: Path) -> None:
    """``python -m benchmarks.<name> <args>`` ends well and prints each of ``expected``."""
    done = subprocess.run(
        [sys.executable, "-m", f"benchmarks.{name}", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for words in expected:
        assert words in done.stdout, done.stdout[-3000:]


NEO4J_RUN = ["--nodes", "300", "--samples", "20", "--heap", "512m", "--parts"]


@pytest.mark.neo4j
def test_the_neo4j_benchmark_runs_to_the_end_with_its_parts(tmp_path: Path) -> None:
    """``bench_neo4j`` starts its own Bolt server, so it runs with the ``neo4j`` tests (it
    was once left behind by a port change, the caller's ``now`` for gaps)."""
    expected = ("the Neo4j commit by statement", "CREATE (n:Node {", "answers equal", "yes")
    _runs_and_says("bench_neo4j", NEO4J_RUN, expected, tmp_path)
