"""``compare_regions``: the pure composition of coverage rows, contributors and gaps."""

from __future__ import annotations

from strategygraph.domain import Health, Node, NodeKind
from strategygraph.trace import CoverageRow, Gap, GapType, compare_regions

K = NodeKind


def test_each_region_against_each_goal_with_its_projects_and_gaps() -> None:
    nodes = {
        "p1": Node("p1", K.STRATEGIC_PROJECT, "a", "P1", health=Health.RED),
        "p2": Node("p2", K.STRATEGIC_PROJECT, "b", "P2"),
        "p3": Node("p3", K.STRATEGIC_PROJECT, "a", "P3"),
        "line": Node("line", K.STRATEGIC_LINE, "a", "L"),
    }
    row = CoverageRow("g1", "a")
    row.counts[K.STRATEGIC_PROJECT] = 1
    row.counts[K.STRATEGIC_LINE] = 1
    row.health[Health.RED] = 1
    empty_line = Gap(GapType.LINE_EMPTY, "line", "a", "empty")
    untraced = Gap(GapType.PROJECT_NOT_TRACED, "p3", "a", "untraced")
    other = Gap(GapType.PROJECT_NOT_TRACED, "p2", "b", "untraced")
    found = compare_regions(
        ["a", "b"],
        ["g1", "g2"],
        [row, CoverageRow("g2", "*")],
        {"g1": ["p1", "line"], "g2": []},
        [empty_line, untraced, other],
        nodes,
    )
    a, b = found
    assert (a.region, a.goals_reached, a.gaps) == ("a", 1, [empty_line, untraced])
    g1, g2 = a.goals
    assert (g1.goal_id, g1.projects, g1.gaps, g1.reached) == ("g1", ["p1"], [empty_line], True)
    assert g1.counts[K.STRATEGIC_PROJECT] == 1 and g1.health[Health.RED] == 1
    assert (g2.reached, g2.projects, g2.gaps) == (False, [], [])
    assert [(g.reached, g.projects) for g in b.goals] == [(False, []), (False, [])]
    assert b.gaps == [other]
