"""A trace page leaves no reference cycles behind: its working state is freed when the
page is made, by reference counting, not by the garbage collector many requests later
(the collector's passes took ~5% of a cold ``traceUp``'s CPU, and of the floor's)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from strategygraph.trace import TraceGraph, view_trace_page
from tests.unit.graphs import build


def diamond() -> TraceGraph:
    """A project under two challenges, each under the same line up to one goal."""
    return build(
        [("P", "P"), ("C1", "C"), ("C2", "C"), ("L", "L"), ("OV", "OV"), ("CV", "CV"), ("G", "G")],
        [("P", "C1"), ("P", "C2"), ("C1", "L"), ("C2", "L"), ("L", "OV"), ("OV", "CV"),
         ("CV", "G")],
    )  # fmt: skip


@contextmanager
def collector_off() -> Iterator[Callable[[], int]]:
    """The collector off inside; the callable collects and says how many unreachable
    objects it found."""
    gc.collect()
    gc.disable()
    try:
        yield gc.collect
    finally:
        gc.enable()


@pytest.mark.parametrize("first", [None, 1, 0])
def test_a_page_leaves_nothing_for_the_collector(first: int | None) -> None:
    view = diamond()
    with collector_off() as collect:
        page = view_trace_page(view, "P", first=first)
        assert page.total == 2 and page.on_paths["G"] == 5
        del page
        assert collect() == 0


def test_a_refused_cursor_leaves_nothing_for_the_collector() -> None:
    view = diamond()
    with collector_off() as collect:
        with pytest.raises(ValueError, match="the cursor is a path from 'C1'"):
            view_trace_page(view, "P", after=("C1", "L"))
        assert collect() == 0
