"""coverage(): counts per national goal and region, health counts, goals nothing reaches."""

from __future__ import annotations

from collections import Counter, deque

from hypothesis import given, settings

from strategygraph.domain import Health, NodeKind, Status
from strategygraph.trace import COUNTED, CoverageRow, TraceGraph, coverage
from tests.unit.graphs import build, layered_views

K = NodeKind
H = Health

# Region A: CVA serves G1 and G2; a full chain down to three projects (green, red, unknown),
#           a retired project and a project with no route.
# Region B: CVB serves G2; its chain ends in PB1 (amber); PB2 (amber) addresses A's CA, so
#           it reaches G1 and G2 through region A.
# G3 is reached by nothing.
NODES = [
    ("G1", "G"),
    ("G2", "G"),
    ("G3", "G"),
    ("CVA", "CV", "A"),
    ("OVA", "OV", "A"),
    ("LA", "L", "A"),
    ("CA", "C", "A"),
    ("PA1", "P", "A", H.GREEN),
    ("PA2", "P", "A", H.RED),
    ("PA3", "P", "A"),
    ("PA4", "P", "A", H.RED),
    ("PA5", "P", "A", H.RED, Status.RETIRED),
    ("CVB", "CV", "B"),
    ("OVB", "OV", "B"),
    ("LB", "L", "B"),
    ("CB", "C", "B"),
    ("PB1", "P", "B", H.AMBER),
    ("PB2", "P", "B", H.AMBER),
]
EDGES = [
    ("CVA", "G1"),
    ("CVA", "G2"),
    ("OVA", "CVA"),
    ("LA", "OVA"),
    ("CA", "LA"),
    ("PA1", "CA"),
    ("PA2", "CA"),
    ("PA3", "CA"),
    ("PA5", "CA"),
    ("CVB", "G2"),
    ("OVB", "CVB"),
    ("LB", "OVB"),
    ("CB", "LB"),
    ("PB1", "CB"),
    ("PB2", "CA"),
]


def table(rows: list[CoverageRow]) -> list[tuple[str, str, dict[str, int], dict[str, int]]]:
    """Rows as (goal, region, nonzero counts by kind code, nonzero health counts)."""
    code = {
        K.CHANGE_VISION: "CV",
        K.ORGANISATIONAL_VISION: "OV",
        K.STRATEGIC_LINE: "L",
        K.CHALLENGE: "C",
        K.STRATEGIC_PROJECT: "P",
    }
    return [
        (
            row.goal_id,
            row.region,
            {code[k]: n for k, n in row.counts.items() if n},
            {h.value: n for h, n in row.health.items() if n},
        )
        for row in rows
    ]


CHAIN = {"CV": 1, "OV": 1, "L": 1, "C": 1}


def test_coverage_rows_per_goal_and_region() -> None:
    rows = coverage(build(NODES, EDGES))
    assert table(rows) == [
        ("G1", "A", {**CHAIN, "P": 3}, {"UNKNOWN": 1, "GREEN": 1, "RED": 1}),
        ("G1", "B", {"P": 1}, {"AMBER": 1}),
        ("G2", "A", {**CHAIN, "P": 3}, {"UNKNOWN": 1, "GREEN": 1, "RED": 1}),
        ("G2", "B", {**CHAIN, "P": 2}, {"AMBER": 2}),
        ("G3", "*", {}, {}),
    ]
    assert [r.projects for r in rows] == [3, 1, 3, 2, 0]


def test_every_row_has_every_counted_kind_and_health() -> None:
    for row in coverage(build(NODES, EDGES)):
        assert list(row.counts) == list(COUNTED)
        assert set(row.health) == set(Health)
        assert K.NATIONAL_GOAL not in row.counts


def test_coverage_of_one_region() -> None:
    view = build(NODES, EDGES)
    assert table(coverage(view, region="B")) == [
        ("G1", "B", {"P": 1}, {"AMBER": 1}),
        ("G2", "B", {**CHAIN, "P": 2}, {"AMBER": 2}),
        ("G3", "B", {}, {}),
    ]
    assert table(coverage(view, region="A")) == [
        ("G1", "A", {**CHAIN, "P": 3}, {"UNKNOWN": 1, "GREEN": 1, "RED": 1}),
        ("G2", "A", {**CHAIN, "P": 3}, {"UNKNOWN": 1, "GREEN": 1, "RED": 1}),
        ("G3", "A", {}, {}),
    ]
    assert table(coverage(view, region="C")) == [
        ("G1", "C", {}, {}),
        ("G2", "C", {}, {}),
        ("G3", "C", {}, {}),
    ]


def test_a_goal_reached_only_by_another_region_gets_a_zero_row() -> None:
    view = build(NODES, EDGES)
    view.remove_edge("PB2", "CA")  # now only region A reaches G1
    assert table(coverage(view, region="B")) == [
        ("G1", "B", {}, {}),
        ("G2", "B", {**CHAIN, "P": 1}, {"AMBER": 1}),
        ("G3", "B", {}, {}),
    ]
    view.remove_edge("CVA", "G1")  # and now nothing does
    assert table(coverage(view))[:2] == [
        ("G1", "*", {}, {}),
        ("G2", "A", {**CHAIN, "P": 3}, {"UNKNOWN": 1, "GREEN": 1, "RED": 1}),
    ]


def test_retired_goal_has_no_row_and_retired_links_do_not_count() -> None:
    nodes = [("G1", "G", "national", Status.RETIRED), *NODES[1:]]
    nodes[nodes.index(("LA", "L", "A"))] = ("LA", "L", "A", Status.RETIRED)
    assert table(coverage(build(nodes, EDGES))) == [
        ("G2", "A", {"CV": 1, "OV": 1}, {}),
        ("G2", "B", {**CHAIN, "P": 1}, {"AMBER": 1}),
        ("G3", "*", {}, {}),
    ]


def test_diamonds_count_a_node_once() -> None:
    view = build(
        [
            ("G", "G"),
            ("CV1", "CV"),
            ("CV2", "CV"),
            ("OV", "OV"),
            ("L", "L"),
            ("C1", "C"),
            ("C2", "C"),
            ("P", "P", H.RED),
        ],
        [
            ("CV1", "G"),
            ("CV2", "G"),
            ("OV", "CV1"),
            ("OV", "CV2"),
            ("L", "OV"),
            ("C1", "L"),
            ("C2", "L"),
            ("P", "C1"),
            ("P", "C2"),
            ("P", "L"),
        ],
    )
    assert table(coverage(view)) == [
        ("G", "A", {"CV": 2, "OV": 1, "L": 1, "C": 2, "P": 1}, {"RED": 1}),
    ]


def test_empty_graph_has_no_rows() -> None:
    assert coverage(TraceGraph()) == []
    only_goals = build([("G2", "G"), ("G1", "G")])
    assert table(coverage(only_goals)) == [("G1", "*", {}, {}), ("G2", "*", {}, {})]


# -- property: counts equal a per-goal BFS --------------------------------------------------


def _goals_reached(view: TraceGraph, start: str) -> set[str]:
    seen = {start}
    queue = deque([start])
    goals = set()
    while queue:
        current = queue.popleft()
        if view.nodes[current].kind is K.NATIONAL_GOAL:
            goals.add(current)
        for parent in view.parents(current):
            if parent not in seen and view.active(parent):
                seen.add(parent)
                queue.append(parent)
    return goals


@settings(max_examples=100, deadline=None)
@given(layered_views())
def test_coverage_counts_equal_a_bfs_per_goal(view: TraceGraph) -> None:
    active = view.by_layer()
    goals = sorted(n.id for n in active if n.kind is K.NATIONAL_GOAL)
    kinds: dict[tuple[str, str], Counter[NodeKind]] = {}
    health: dict[tuple[str, str], Counter[Health]] = {}
    for n in active:
        if n.kind is K.NATIONAL_GOAL:
            continue
        for goal in _goals_reached(view, n.id):
            kinds.setdefault((goal, n.region), Counter())[n.kind] += 1
            if n.is_project:
                health.setdefault((goal, n.region), Counter())[n.effective_health] += 1
    rows = coverage(view)
    got = {(r.goal_id, r.region): r for r in rows}
    assert [(r.goal_id, r.region) for r in rows] == sorted(got)
    expected_keys = set(kinds) | {(g, "*") for g in goals if not any(k[0] == g for k in kinds)}
    assert set(got) == expected_keys
    for key, row in got.items():
        want = kinds.get(key, Counter())
        assert row.counts == {k: want[k] for k in COUNTED}
        assert row.projects == want[K.STRATEGIC_PROJECT]
        assert row.health == {h: health.get(key, Counter())[h] for h in Health}
    for region in ("A", "B"):
        mine = {(r.goal_id, r.region): r.projects for r in coverage(view, region=region)}
        assert {g for g, _ in mine} == set(goals)
        for (goal, r), projects in mine.items():
            assert r == region
            assert projects == kinds.get((goal, region), Counter())[K.STRATEGIC_PROJECT]
