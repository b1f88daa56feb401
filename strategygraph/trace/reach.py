"""One pass over the upward graph: which national goals each node reaches.

Goals get one bit each; a node's mask is the OR of its parents' masks. Walking the nodes
goals-first (the metamodel keeps upward edges pointing to higher layers) visits every
parent before its children, so each edge is read once.
"""

from __future__ import annotations

from ..domain import Node, NodeKind
from .graph import TraceGraph
from .incremental import Analytics

__all__ = ["full_goal_masks", "goal_masks"]


def goal_masks(view: TraceGraph) -> tuple[list[str], dict[str, int]]:
    """Return the active national goals (bit ``i`` is ``goals[i]``) and every active
    node's mask, kept up to date change by change (``incremental.py``): do not modify."""
    analytics = Analytics.current(view)
    return analytics.goals, analytics.masks


def full_goal_masks(view: TraceGraph) -> tuple[list[str], dict[str, int]]:
    """``goal_masks`` in one pass over the whole graph: the reference."""
    return view.memo("goal_masks", lambda: _goal_masks(view, view.by_layer()))


def _goal_masks(view: TraceGraph, order: list[Node]) -> tuple[list[str], dict[str, int]]:
    goal = NodeKind.NATIONAL_GOAL
    goals = sorted(n.id for n in order if n.kind is goal)
    masks: dict[str, int] = {g: 1 << i for i, g in enumerate(goals)}
    get = masks.get
    parents_of = view.parent_map
    none: dict[str, object] = {}
    for node in order:
        if node.kind is goal:
            continue
        mask = 0
        for parent in parents_of.get(node.id, none):
            mask |= get(parent, 0)  # retired parents have no mask: they count for nothing
        masks[node.id] = mask
    return goals, masks
