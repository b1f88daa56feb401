"""Health roll-up: the projects under a node, their worst health and the share of each."""

from __future__ import annotations

from collections import Counter

from ..domain import Health, NodeKind
from ..domain.answers import HealthRollup
from .graph import TraceGraph
from .paths import trace_down

__all__ = ["HealthRollup", "rolled_up_health"]


def rolled_up_health(view: TraceGraph, node_id: str) -> HealthRollup:
    """Roll the health of every active project at or under ``node_id`` up to it."""
    node = view.nodes.get(node_id)
    ids = [c.node_id for c in trace_down(view, node_id, kinds=[NodeKind.STRATEGIC_PROJECT])]
    if node is not None and node.is_project:
        ids.append(node_id)
    counts = Counter(view.nodes[i].effective_health for i in ids)
    full = {h: counts.get(h, 0) for h in Health}
    known = [h for h in Health if h is not Health.UNKNOWN and full[h]]
    worst = max(known, key=lambda h: h.severity) if known else Health.UNKNOWN
    return HealthRollup(worst, len(ids), full)
