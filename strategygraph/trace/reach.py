"""One pass over the upward graph: which national goals each node reaches.

Goals get one bit each; a node's mask is the OR of its parents' masks. Walking the nodes
goals-first (the metamodel keeps upward edges pointing to higher layers) visits every
parent before its children, so each edge is read once.
"""

from __future__ import annotations

from ..domain import NodeKind
from .view import GraphView

__all__ = ["goal_masks"]


def goal_masks(view: GraphView) -> tuple[list[str], dict[str, int]]:
    """Return the active national goals (bit ``i`` is ``goals[i]``) and every node's mask."""
    order = view.by_layer()
    goals = sorted(n.id for n in order if n.kind is NodeKind.NATIONAL_GOAL)
    masks: dict[str, int] = {goal: 1 << i for i, goal in enumerate(goals)}
    for node in order:
        if node.kind is NodeKind.NATIONAL_GOAL:
            continue
        mask = 0
        for parent in view.parents(node.id):
            mask |= masks.get(parent, 0)
        masks[node.id] = mask
    return goals, masks
