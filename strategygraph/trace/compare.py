"""Regions side by side: how each region's strategy reaches each national goal.

A pure function over answers the store already gives (coverage rows, what contributes to
each goal, the gaps), so every adapter's comparison is its own coverage and trace::

    rows = compare_regions(["kymenlaakso", "uusimaa"], ["ng-equal-services"],
                           store.coverage(), {g: {c.node_id for c in store.trace_down(g)}},
                           store.gaps(), {n.id: n for n in store.nodes()})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from ..domain import Node
from ..domain.answers import CoverageRow, Gap, GoalReach, RegionComparison

__all__ = ["GoalReach", "RegionComparison", "compare_regions"]


def compare_regions(
    regions: Sequence[str],
    goals: Sequence[str],
    coverage: Iterable[CoverageRow],
    contributors: Mapping[str, Iterable[str]],
    gaps: Iterable[Gap],
    nodes: Mapping[str, Node],
) -> list[RegionComparison]:
    """One comparison per region (in the order given), one ``GoalReach`` per goal.

    ``coverage`` gives the counts per layer and the projects' health; ``contributors``
    names, per goal, every node under it (``trace_down``); ``gaps`` are the graph's gaps.
    """
    rows = {(r.goal_id, r.region): r for r in coverage}
    under = {goal: set(contributors.get(goal, ())) for goal in goals}
    by_region: dict[str, list[Gap]] = {region: [] for region in regions}
    for gap in gaps:
        if gap.region in by_region:
            by_region[gap.region].append(gap)
    out = []
    for region in regions:
        reaches = []
        for goal in goals:
            reach = GoalReach(goal)
            row = rows.get((goal, region))
            if row is not None:
                reach.counts.update(row.counts)
                reach.health.update(row.health)
            reach.projects = sorted(
                i
                for i in under[goal]
                if i in nodes and nodes[i].region == region and nodes[i].is_project
            )
            reach.gaps = [g for g in by_region[region] if g.node_id in under[goal]]
            reaches.append(reach)
        out.append(RegionComparison(region, reaches, by_region[region]))
    return out
