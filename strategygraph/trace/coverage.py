"""Coverage: per national goal and region, how many lines, challenges, projects reach it."""

from __future__ import annotations

from collections.abc import Callable

from ..domain import Node
from ..domain.answers import COUNTED, CoverageRow
from .coverage_rows import coverage_rows
from .graph import TraceGraph
from .incremental import Analytics
from .reach import full_goal_masks

__all__ = ["COUNTED", "CoverageRow", "coverage", "full_coverage"]


def coverage(
    view: TraceGraph, region: str | None = None, keep: Callable[[Node], bool] | None = None
) -> list[CoverageRow]:
    """One row per (national goal, region) with anything reaching it; goals nothing
    reaches get a row with zero counts for the asked region (or ``"*"`` for all).

    With ``keep``, only the nodes it accepts are counted (what reaches a goal still
    reaches it through the others): the filtered coverage map. Without, the counts are
    kept up to date change by change (``incremental.py``); each call gets its own copy
    of the rows."""
    if keep is None:
        return Analytics.current(view).coverage(region)
    goals, masks = full_goal_masks(view)
    return coverage_rows([n for n in view.by_layer() if keep(n)], goals, masks, region)


def full_coverage(view: TraceGraph, region: str | None) -> list[CoverageRow]:
    """``coverage`` in one pass over the whole graph: the reference the kept counts are
    checked against."""
    goals, masks = full_goal_masks(view)
    return coverage_rows(view.by_layer(), goals, masks, region)
