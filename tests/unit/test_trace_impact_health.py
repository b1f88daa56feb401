"""impact() against known answers and a brute force; rolled_up_health() worst-of and shares."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from strategygraph.domain import Health, NotFound, Status
from strategygraph.trace import HealthRollup, TraceGraph, impact, rolled_up_health
from strategygraph.trace.reach import goal_masks
from tests.unit.graphs import build, layered_views, node, without

H = Health

# G1 <- CV1 <- OV1 <- L1 <- C1 <- P1          P2 addresses C1 and C2, P3 only C2.
#          \       \       \                   OV2, L2 and C2 each have a second parent,
#           OV2 <---L2 <--- C2 <- P3           so only the L1 -> C1 -> P1 branch hangs on OV1.
# G2 <- CV2 <-'
# G1 <- CV3 <- OV3 <- L3 <- C3 <- P4, P5       a single shared chain; P5 also addresses C5,
#                          <- C5 <- P5          which challenges L3 too (a diamond under L3).
# C4 <- P6                                     never reached a goal; P7 only DEPENDS_ON P4.
NODES = [
    ("G1", "G"),
    ("G2", "G"),
    ("CV1", "CV"),
    ("CV2", "CV"),
    ("CV3", "CV"),
    ("OV1", "OV"),
    ("OV2", "OV"),
    ("OV3", "OV"),
    ("L1", "L"),
    ("L2", "L"),
    ("L3", "L"),
    ("C1", "C"),
    ("C2", "C"),
    ("C3", "C"),
    ("C4", "C"),
    ("C5", "C"),
    ("P1", "P"),
    ("P2", "P"),
    ("P3", "P"),
    ("P4", "P"),
    ("P5", "P"),
    ("P6", "P"),
    ("P7", "P"),
]
EDGES = [
    ("CV1", "G1"),
    ("CV2", "G2"),
    ("OV1", "CV1"),
    ("OV2", "CV1"),
    ("OV2", "CV2"),
    ("L1", "OV1"),
    ("L2", "OV1"),
    ("L2", "OV2"),
    ("C1", "L1"),
    ("C2", "L1"),
    ("C2", "L2"),
    ("P1", "C1"),
    ("P2", "C1"),
    ("P2", "C2"),
    ("P3", "C2"),
    ("CV3", "G1"),
    ("OV3", "CV3"),
    ("L3", "OV3"),
    ("C3", "L3"),
    ("C5", "L3"),
    ("P4", "C3"),
    ("P5", "C3"),
    ("P5", "C5"),
    ("P6", "C4"),
    ("P7", "DEPENDS_ON", "P4"),
]


def graph(**status: Status) -> TraceGraph:
    nodes = [(s[0], s[1], "A", status[s[0]]) if s[0] in status else s for s in NODES]
    return build(nodes, EDGES)


@pytest.mark.parametrize(
    ("node_id", "lost"),
    [
        ("OV1", ["L1", "C1", "P1"]),  # L2, C2, P2, P3 keep a route through OV2
        ("L1", ["C1", "P1"]),
        ("C1", ["P1"]),  # P2 keeps C2
        ("C2", ["P3"]),
        ("L2", []),
        ("OV2", []),
        ("CV1", ["OV1", "L1", "C1", "P1"]),  # OV2 keeps CV2
        ("CV2", []),
        # shared chains: everything under the chain goes, the diamond under L3 included
        ("CV3", ["OV3", "L3", "C3", "C5", "P4", "P5"]),
        ("L3", ["C3", "C5", "P4", "P5"]),
        ("C3", ["P4"]),  # P5 keeps C5
        ("C5", []),
        # leaves, lateral dependants, nodes that never reached a goal
        ("P1", []),
        ("P4", []),
        ("C4", []),
        ("P6", []),
    ],
)
def test_impact_known_answers(node_id: str, lost: list[str]) -> None:
    assert impact(graph(), node_id) == lost


def test_impact_of_national_goals() -> None:
    view = graph()
    assert impact(view, "G1") == [
        "CV1",
        "CV3",
        "OV1",
        "OV3",
        "L1",
        "L3",
        "C1",
        "C3",
        "C5",
        "P1",
        "P4",
        "P5",
    ]
    assert impact(view, "G2") == ["CV2"]  # OV2 still realises CV1


def test_impact_of_the_only_goal_is_everything_that_reached_it() -> None:
    view = graph(G2=Status.RETIRED)
    assert impact(view, "G1") == [
        "CV1",
        "CV3",
        "OV1",
        "OV2",
        "OV3",
        "L1",
        "L2",
        "L3",
        "C1",
        "C2",
        "C3",
        "C5",
        "P1",
        "P2",
        "P3",
        "P4",
        "P5",
    ]


def test_retired_alternatives_do_not_save_anything() -> None:
    view = graph(OV2=Status.RETIRED)
    assert impact(view, "OV1") == ["L1", "L2", "C1", "C2", "P1", "P2", "P3"]
    assert impact(view, "OV2") == []  # already retired: nothing more is lost
    assert impact(graph(C5=Status.RETIRED), "C3") == ["P4", "P5"]


def test_impact_does_not_follow_depends_on() -> None:
    assert "P7" not in impact(graph(), "C3")
    assert "P7" not in impact(graph(), "G1")


def test_impact_unknown_node() -> None:
    with pytest.raises(NotFound) as raised:
        impact(graph(), "x")
    assert str(raised.value) == "node 'x' does not exist"


@settings(max_examples=100, deadline=None)
@given(layered_views())
def test_impact_equals_the_brute_force(view: TraceGraph) -> None:
    _, before = goal_masks(view)
    for node_id in view.nodes:
        _, after = goal_masks(without(view, node_id))
        expected = {
            n for n in view.nodes if n != node_id and before.get(n, 0) and not after.get(n, 0)
        }
        lost = impact(view, node_id)
        assert len(lost) == len(set(lost))
        assert set(lost) == expected
        layers = [view.nodes[n].kind.layer for n in lost]
        assert layers == sorted(layers)


# -- rolled_up_health -------------------------------------------------------------------------

# G <- CV <- OV <- L <- C1 <- P1 green, P2 red, P3 (none), P5 green (also under C2)
#                    <- C2 <- P4 amber, P5, P6 red but retired
#                    <- C3 <- P8 (none), P9 unknown
#                    <- C4 (nothing)
#                    <- P10 amber (supports L directly); P11 red only DEPENDS_ON P4
HEALTH_NODES = [
    ("G", "G"),
    ("CV", "CV"),
    ("OV", "OV"),
    ("L", "L"),
    ("C1", "C"),
    ("C2", "C"),
    ("C3", "C"),
    ("C4", "C"),
    ("P1", "P", H.GREEN),
    ("P2", "P", H.RED),
    ("P3", "P"),
    ("P4", "P", H.AMBER),
    ("P5", "P", H.GREEN),
    ("P6", "P", H.RED, Status.RETIRED),
    ("P8", "P"),
    ("P9", "P", H.UNKNOWN),
    ("P10", "P", H.AMBER),
    ("P11", "P", H.RED),
]
HEALTH_EDGES = [
    ("CV", "G"),
    ("OV", "CV"),
    ("L", "OV"),
    ("C1", "L"),
    ("C2", "L"),
    ("C3", "L"),
    ("C4", "L"),
    ("P1", "C1"),
    ("P2", "C1"),
    ("P3", "C1"),
    ("P5", "C1"),
    ("P4", "C2"),
    ("P5", "C2"),
    ("P6", "C2"),
    ("P8", "C3"),
    ("P9", "C3"),
    ("P10", "SUPPORTS", "L"),
    ("P11", "DEPENDS_ON", "P4"),
]


def counts(unknown: int = 0, green: int = 0, amber: int = 0, red: int = 0) -> dict[Health, int]:
    return {H.UNKNOWN: unknown, H.GREEN: green, H.AMBER: amber, H.RED: red}


@pytest.mark.parametrize(
    ("node_id", "expected"),
    [
        ("C1", HealthRollup(H.RED, 4, counts(unknown=1, green=2, red=1))),
        ("C2", HealthRollup(H.AMBER, 2, counts(green=1, amber=1))),  # P6 is retired
        ("C3", HealthRollup(H.UNKNOWN, 2, counts(unknown=2))),  # nothing known
        ("C4", HealthRollup(H.UNKNOWN, 0, counts())),  # no projects
        # P5 sits under C1 and C2 and counts once; P10 comes in through the skip
        ("L", HealthRollup(H.RED, 8, counts(unknown=3, green=2, amber=2, red=1))),
        ("G", HealthRollup(H.RED, 8, counts(unknown=3, green=2, amber=2, red=1))),
        ("P2", HealthRollup(H.RED, 1, counts(red=1))),  # a project rolls up itself
        ("P3", HealthRollup(H.UNKNOWN, 1, counts(unknown=1))),
        ("P4", HealthRollup(H.AMBER, 1, counts(amber=1))),  # P11 only depends on it
    ],
)
def test_rolled_up_health(node_id: str, expected: HealthRollup) -> None:
    assert rolled_up_health(build(HEALTH_NODES, HEALTH_EDGES), node_id) == expected


def test_shares() -> None:
    view = build(HEALTH_NODES, HEALTH_EDGES)
    c1 = rolled_up_health(view, "C1")
    assert [c1.share(h) for h in Health] == [0.25, 0.5, 0.0, 0.25]
    goal = rolled_up_health(view, "G")
    assert goal.share(H.UNKNOWN) == pytest.approx(3 / 8)
    assert sum(goal.share(h) for h in Health) == pytest.approx(1.0)
    empty = rolled_up_health(view, "C4")
    assert [empty.share(h) for h in Health] == [0.0, 0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    ("healths", "worst"),
    [
        ([], H.UNKNOWN),
        ([None], H.UNKNOWN),
        ([H.UNKNOWN, None], H.UNKNOWN),
        ([H.GREEN], H.GREEN),
        ([H.UNKNOWN, H.GREEN, None], H.GREEN),  # UNKNOWN never wins over something known
        ([H.GREEN, H.AMBER], H.AMBER),
        ([H.AMBER, H.UNKNOWN, H.GREEN], H.AMBER),
        ([H.GREEN, H.RED, H.AMBER, H.UNKNOWN], H.RED),
    ],
)
def test_worst_of(healths: list[Health | None], worst: Health) -> None:
    projects = [node(f"P{i}", "P", "A", health=h) for i, h in enumerate(healths)]
    view = build([("C", "C"), *projects], [(p.id, "C") for p in projects])
    rollup = rolled_up_health(view, "C")
    assert rollup.worst is worst
    assert rollup.projects == len(healths)
    assert rollup.counts[H.UNKNOWN] == sum(h in (None, H.UNKNOWN) for h in healths)


def test_rolled_up_health_unknown_node() -> None:
    with pytest.raises(NotFound, match=r"^node 'x' does not exist$"):
        rolled_up_health(build(HEALTH_NODES, HEALTH_EDGES), "x")
