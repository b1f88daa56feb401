"""Gap analysis: what in the strategy is not traced, not covered or left behind."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain import Node
from ..domain.answers import Gap, GapType, gap_order
from .gap_rules import node_gaps, skip_relations
from .graph import TraceGraph
from .incremental import Analytics
from .reach import full_goal_masks

__all__ = ["Gap", "GapType", "cadenced_projects", "full_structural_gaps", "gaps"]


def gaps(
    view: TraceGraph,
    region: str | None = None,
    *,
    now: datetime,
    draft_days: int = 90,
) -> list[Gap]:
    """Every gap of the active graph (of one region if given); drafts unchanged for
    ``draft_days`` before ``now`` are stale (the caller reads the clock, never this).

    The gaps of the graph's shape (all but stale drafts) are kept up to date change by
    change (``incremental.py``); stale drafts depend on the time, so they are judged on
    every call, from the drafts kept in order of their last change."""
    analytics = Analytics.current(view)
    stale_before = now - timedelta(days=draft_days)
    stale = analytics.drafts.stale(stale_before, draft_days, region)  # sorted by node id
    structural = analytics.structural
    if region is None:
        return [*structural, *stale]
    return [*(g for g in structural if g.region == region), *stale]


def cadenced_projects(view: TraceGraph) -> list[Node]:
    """The active projects with a reporting cadence, kept up to date change by change: what
    ``domain.report_gaps.overdue_reports`` needs to judge, instead of every node."""
    return list(Analytics.current(view).cadenced.values())


def full_structural_gaps(view: TraceGraph) -> list[Gap]:
    """Every gap but stale drafts, in one pass over the whole graph, sorted by type and
    node id: the reference the kept answers are checked against."""
    _, masks = full_goal_masks(view)
    rules = skip_relations(view.metamodel)
    found = [gap for node in view.by_layer() for gap in node_gaps(view, node, masks, rules)]
    found.sort(key=gap_order)
    return found
