"""Impact: what loses its only route to the national goals if a node is retired.

These are the nodes the retired one dominates in the upward graph (every route of theirs
to a goal passes through it). Only the nodes below it can be affected, so the walk is
limited to them: each keeps a route if some parent other than the retired node still has
one.
"""

from __future__ import annotations

from ..domain import NotFound
from .graph import TraceGraph
from .paths import trace_down
from .reach import goal_masks

__all__ = ["impact"]


def impact(view: TraceGraph, node_id: str) -> list[str]:
    """Ids of the nodes that would no longer reach any national goal, top layers first,
    each layer in the order of the ids (not the order the nodes were added or read)."""
    if node_id not in view.nodes:
        raise NotFound("node", node_id)
    below = {c.node_id for c in trace_down(view, node_id)}
    if not below:
        return []
    _, masks = goal_masks(view)
    nodes = view.nodes
    alive: dict[str, bool] = {}
    lost: list[str] = []
    # Upward edges point to a strictly higher layer: parents are judged before children.
    for below_id in sorted(below, key=lambda n: (nodes[n].kind.layer, n)):
        alive[below_id] = any(
            parent != node_id and (alive[parent] if parent in below else masks.get(parent, 0) > 0)
            for parent in view.parents(below_id)
            if parent in masks
        )
        if masks[below_id] and not alive[below_id]:
            lost.append(below_id)
    return lost
