"""Where a span of wall time went, thread by thread: running, waiting for a CPU, or neither.

Linux keeps, for each thread, the CPU time it ran and the time it spent runnable but
waiting in the scheduler's run queue (``/proc/<pid>/task/<tid>/schedstat``). Read for the
server's and this process's threads before and after a span, they split its wall time: a
thread that only ever waits for another (a client for the server's answer) shows the rest
as blocked. On a loaded machine the run-queue time is what the load costs, and it is the
part of the wall time no change to the code that waits can buy back.

>>> [server_kind(0, name) for name in ("BOLT-/127.0.0.1:4000", "C2 CompilerThre", "GC Thread#1")]
['Bolt worker', 'JIT compiler', 'GC']
>>> before = {1: Thread("python", 1.0, 0.5)}
>>> after = {1: Thread("python", 3.0, 1.5), 2: Thread("neo4j-batches", 1.0, 0.25)}
>>> shares = split(before, after, lambda tid, name: "main" if tid == 1 else name)
>>> [(k, round(s.cpu, 2), round(s.wait, 2)) for k, s in shares.items()]
[('main', 2.0, 1.0), ('neo4j-batches', 1.0, 0.25)]
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Share", "Thread", "pauses", "sample", "server_kind", "split"]


@dataclass(frozen=True)
class Thread:
    name: str
    cpu: float
    """Seconds it ran."""
    wait: float
    """Seconds it was runnable but waited for a CPU."""


@dataclass
class Share:
    threads: int = 0
    cpu: float = 0.0
    wait: float = 0.0
    busiest: float = 0.0
    """CPU and run-queue time of its busiest thread: the span's wall time less this is
    the time that thread was blocked (waiting for the other side, or for a GC pause)."""


_KINDS = (
    ("BOLT-", "Bolt worker"),
    ("C1 Compiler", "JIT compiler"),
    ("C2 Compiler", "JIT compiler"),
    ("GC Thread", "GC"),
    ("G1 ", "GC"),
    ("VM Thread", "GC"),
)


def server_kind(tid: int, name: str) -> str:
    """A JVM thread's part in the work, from its name (``other`` for the rest); ``tid``
    is not needed to tell them apart."""
    return next((label for prefix, label in _KINDS if name.startswith(prefix)), "other")


def sample(pid: int | None, into: dict[int, Thread] | None = None) -> dict[int, Thread]:
    """Each live thread of ``pid`` now; ``into`` keeps threads that have since ended."""
    found = dict(into or {})
    if pid is None or not os.path.isdir(f"/proc/{pid}/task"):
        return found
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/comm", encoding="utf-8") as comm:
                name = comm.read().strip()
            with open(f"/proc/{pid}/task/{tid}/schedstat", encoding="ascii") as stat:
                ran, waited = (int(x) / 1e9 for x in stat.read().split()[:2])
        except OSError:  # ended between the listing and the read
            continue
        found[int(tid)] = Thread(name, ran, waited)
    return found


def split(
    before: dict[int, Thread], after: dict[int, Thread], label: Callable[[int, str], str]
) -> dict[str, Share]:
    """CPU and run-queue time between two samples, summed by ``label(tid, name)``."""
    shares: dict[str, Share] = {}
    for tid, end in after.items():
        start = before.get(tid, Thread(end.name, 0.0, 0.0))
        share = shares.setdefault(label(tid, end.name), Share())
        share.threads += 1
        share.cpu += end.cpu - start.cpu
        share.wait += end.wait - start.wait
        share.busiest = max(share.busiest, end.cpu - start.cpu + end.wait - start.wait)
    return shares


_PAUSE = re.compile(r"\bPause\b.* (\d+(?:\.\d+)?)ms$")


def pauses(log: str) -> tuple[int, float]:
    """The number and total seconds of stop-the-world pauses in a JVM ``-Xlog:gc`` log.

    >>> pauses("[1.0s][info][gc] GC(3) Pause Young (Normal) 20M->5M(64M) 12.500ms\\n"
    ...        "[2.0s][info][gc] GC(4) Concurrent Mark Cycle 300.0ms\\n")
    (1, 0.0125)
    """
    found = [float(m.group(1)) for line in log.splitlines() if (m := _PAUSE.search(line))]
    return len(found), sum(found) / 1000
