"""What keeping the situational picture in history costs: ``graphAt`` copies it with the
graph (``SituationState.copy``, on the path that moves today's graph back), and every
history snapshot encodes it and decodes it with the graph (``history_codec``).

    .venv/bin/python -m benchmarks.bench_history_situation --risks 50000

It prints figures (wall and CPU time, the machine's load); it asserts nothing. Before
this, history kept no picture: these costs were zero, and the answers were wrong.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from strategygraph.domain import Health
from strategygraph.domain.situation import Indicator, Measurement, Risk, StatusReport
from strategygraph.store.apply import Scratch
from strategygraph.store.history_codec import decode, encode
from strategygraph.store.situation_state import SituationState
from strategygraph.trace import TraceGraph

T = TypeVar("T")


def picture(risks: int) -> SituationState:
    """``risks`` risks on 5,000 nodes, a fifth as many indicators with five readings
    each, and a report on each of 5,000 projects."""
    state = SituationState()
    for i in range(risks):
        state.put_risk(
            Risk(
                f"r{i}",
                f"region-{i % 20}",
                "Riski",
                likelihood=1 + i % 5,
                impact=1 + (i // 5) % 5,
                threatens=(f"n{i % 5000}",),
            )
        )
    for i in range(risks // 5):
        state.put_indicator(Indicator(f"i{i}", f"n{i % 5000}", "Mittari", red=3.0))
        for day in range(1, 6):
            state.add_reading(Measurement(f"i{i}", date(2026, 1, day), float(day)))
    for i in range(5000):
        state.add_report(StatusReport(f"rep{i}", f"n{i}", date(2026, 1, 1), Health.GREEN, "S"))
    return state


def timed(label: str, work: Callable[[], T]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    found = work()
    print(
        f"{label:<40} wall {time.perf_counter() - wall:6.3f} s   "
        f"CPU {time.process_time() - cpu:6.3f} s"
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=50_000)
    args = parser.parse_args(argv)
    state = timed(f"build ({args.risks:,} risks)", lambda: picture(args.risks))
    timed("graphAt: SituationState.copy()", state.copy)
    space = Scratch(TraceGraph(), situation=state)
    blob = timed("snapshot: encode (picture only)", lambda: encode(space))
    timed("snapshot: decode (picture only)", lambda: decode(blob))
    print(f"snapshot blob: {len(blob) / 1024:,.0f} KiB")
    print("load average: " + " / ".join(f"{x:.1f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
