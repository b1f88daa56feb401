"""``compare_regions`` on a store: its coverage, traces and gaps composed by
``trace.compare_regions``, so the embedded store and Neo4j give the same answer."""

from __future__ import annotations

from collections.abc import Sequence

from ..domain import NATIONAL, NodeKind, ValidationError
from ..domain.answers import RegionComparison
from ..store import GraphStore
from ..trace import compare_regions

__all__ = ["compare_store_regions"]


def compare_store_regions(
    store: GraphStore,
    regions: Sequence[str] | None = None,
    goal: str | None = None,
    draft_days: int = 90,
) -> list[RegionComparison]:
    """Each region (default: every region but ``national``) against each national goal
    (or the one ``goal``); unknown regions and goals are refused."""
    known = [r.id for r in store.regions() if r.id != NATIONAL]
    wanted = list(dict.fromkeys(regions)) if regions else known
    unknown = [r for r in wanted if r not in known]
    if unknown:
        raise ValidationError.one(
            "unknown-region",
            f"no region {unknown[0]!r}; the regions are {', '.join(known) or 'none'}",
            "regions",
        )
    goals = [n.id for n in store.nodes(NodeKind.NATIONAL_GOAL)]
    if goal is not None:
        if goal not in goals:
            store.get_node(goal)  # NotFound for an id that does not exist
            raise ValidationError.one("not-a-goal", f"{goal!r} is not a national goal", "goal")
        goals = [goal]
    contributors = {g: [c.node_id for c in store.trace_down(g)] for g in goals}
    nodes = {n.id: n for n in store.nodes() if n.region in wanted}
    now = store.clock()
    gaps = [g for r in wanted for g in store.gaps(r, draft_days, now=now)]
    return compare_regions(wanted, goals, store.coverage(), contributors, gaps, nodes)
