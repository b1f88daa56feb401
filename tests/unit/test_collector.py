"""Pausing the cyclic collector (``collector.py``) from overlapping blocks in two threads:
it stays paused until the last of them ends, then runs again as before."""

from __future__ import annotations

import gc
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
