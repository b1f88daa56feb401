"""Pausing the cyclic collector (``collector.py``) from overlapping blocks in two threads:
it stays paused until the last of them ends, then runs again as before."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading

from strategygraph.collector import collector_paused


def test_the_collector_stays_paused_until_the_last_of_overlapping_blocks_ends() -> None:
    assert gc.isenabled()
    entered, leave = threading.Event(), threading.Event()
    seen: list[bool] = []

    def other() -> None:
        with collector_paused():
            entered.set()
            assert leave.wait(10)
            seen.append(gc.isenabled())  # the first block has ended meanwhile

    with collector_paused():
        thread = threading.Thread(target=other)
        thread.start()
        assert entered.wait(10)
    leave.set()
    thread.join(10)
    assert seen == [False]
    assert gc.isenabled()


def test_nested_blocks_and_a_collector_already_off_are_left_as_found() -> None:
    with collector_paused():
        with collector_paused(), collector_paused(False):
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


# Freezing is the whole process's: another test's thread (a store's open image) ending a
# bulk pause meanwhile would freeze these objects too. Each case runs in a fresh interpreter.
BULK_BLOCK = """
import gc
from strategygraph.collector import BULK, collector_paused
frozen = gc.get_freeze_count()
with collector_paused():
    kept = [[i] for i in range(BULK + 1_000)]  # (lists: the collector tracks each)
assert gc.get_freeze_count() >= frozen + len(kept), (gc.get_freeze_count(), frozen)
assert gc.get_count()[0] < 1_000, gc.get_count()  # nothing left for its next pass to walk
"""
SMALL_BLOCK = """
import gc, weakref
from strategygraph.collector import collector_paused
class Cycle:
    def __init__(self):
        self.me = self
frozen = gc.get_freeze_count()
with collector_paused():
    cycle = Cycle()
    gone = weakref.ref(cycle)
assert gc.get_freeze_count() == frozen, (gc.get_freeze_count(), frozen)
del cycle
gc.collect()
assert gone() is None
"""


def run_fresh(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_bulk_block_leaves_what_it_made_out_of_the_collectors_sight() -> None:
    run_fresh(BULK_BLOCK)


def test_a_small_block_leaves_its_objects_to_the_collector() -> None:
    run_fresh(SMALL_BLOCK)
