"""trace_up, trace_down and route on hand-made graphs, plus properties on random ones."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import cache

import pytest
from hypothesis import given, settings

from strategygraph.domain import NodeKind, NotFound, Relation, Status
from strategygraph.trace import (
    Contribution,
    Route,
    TraceGraph,
    TracePath,
    route,
    trace_down,
    trace_up,
)
from strategygraph.trace.reach import goal_masks
from tests.unit.graphs import build, layered_views

K = NodeKind
R = Relation
CHAIN_RELS = (R.ADDRESSES, R.CHALLENGES, R.SUPPORTS, R.REALISES, R.DERIVES_FROM)
SKIP_RELS = (R.SUPPORTS, R.SUPPORTS, R.REALISES, R.DERIVES_FROM)

# G1   G2           CV2 serves both goals, CV3 (retired) only G2.
# CV1  CV2  CV3x    OV1 realises CV1, CV2 and CV3.
#    OV1            L1 supports OV1; C1 and C2 challenge L1.
#    L1             P1 addresses C1 and C2 and supports L1 directly (a layer skip).
#  C1  C2   C3      P2 only DEPENDS_ON P1; P3 addresses C3, which serves nothing.
#    P1  P2 P3
NODES = [
    ("G1", "G"),
    ("G2", "G"),
    ("CV1", "CV"),
    ("CV2", "CV"),
    ("CV3", "CV", "A", Status.RETIRED),
    ("OV1", "OV"),
    ("L1", "L"),
    ("C1", "C"),
    ("C2", "C"),
    ("C3", "C"),
    ("P1", "P"),
    ("P2", "P"),
    ("P3", "P"),
]
EDGES = [
    ("CV1", "G1"),
    ("CV2", "G1"),
    ("CV2", "G2"),
    ("CV3", "G2"),
    ("OV1", "CV1"),
    ("OV1", "CV2"),
    ("OV1", "CV3"),
    ("L1", "OV1"),
    ("C1", "L1"),
    ("C2", "L1"),
    ("P1", "C1"),
    ("P1", "C2"),
    ("P1", "L1"),
    ("P2", "DEPENDS_ON", "P1"),
    ("P3", "C3"),
]


def diamond(**status: Status) -> TraceGraph:
    """The graph above; ``status`` overrides the status of some nodes."""
    nodes = [
        (spec[0], spec[1], "A", status[spec[0]]) if spec[0] in status else spec for spec in NODES
    ]
    return build(nodes, EDGES)


# -- trace_up ------------------------------------------------------------------------------


def test_trace_up_lists_every_path_of_a_double_diamond_sorted() -> None:
    tail = [("CV1", "G1"), ("CV2", "G1"), ("CV2", "G2")]
    expected = [
        *(TracePath(("P1", "C1", "L1", "OV1", *t), CHAIN_RELS) for t in tail),
        *(TracePath(("P1", "C2", "L1", "OV1", *t), CHAIN_RELS) for t in tail),
        *(TracePath(("P1", "L1", "OV1", *t), SKIP_RELS) for t in tail),
    ]
    assert trace_up(diamond(), "P1") == expected


def test_trace_up_from_the_middle() -> None:
    assert trace_up(diamond(), "OV1") == [
        TracePath(("OV1", "CV1", "G1"), (R.REALISES, R.DERIVES_FROM)),
        TracePath(("OV1", "CV2", "G1"), (R.REALISES, R.DERIVES_FROM)),
        TracePath(("OV1", "CV2", "G2"), (R.REALISES, R.DERIVES_FROM)),
    ]


def test_trace_up_of_a_goal_is_the_goal_itself() -> None:
    assert trace_up(diamond(), "G2") == [TracePath(("G2",), ())]


@pytest.mark.parametrize(
    ("max_depth", "count", "longest"),
    [(None, 9, 5), (6, 9, 5), (5, 9, 5), (4, 3, 4), (3, 0, 0), (0, 0, 0)],
)
def test_trace_up_max_depth_cuts_longer_paths(
    max_depth: int | None, count: int, longest: int
) -> None:
    paths = trace_up(diamond(), "P1", max_depth=max_depth)
    assert len(paths) == count
    assert max((len(p.relations) for p in paths), default=0) == longest
    if max_depth == 4:
        assert [p.nodes[1] for p in paths] == ["L1", "L1", "L1"]


def test_trace_up_max_depth_on_the_middle() -> None:
    view = diamond()
    assert len(trace_up(view, "OV1", max_depth=2)) == 3
    assert trace_up(view, "OV1", max_depth=1) == []
    assert trace_up(view, "G1", max_depth=0) == [TracePath(("G1",), ())]


def test_trace_up_max_paths_caps_the_answer() -> None:
    view = diamond()
    capped = trace_up(view, "P1", max_paths=2)
    assert len(capped) == 2
    assert set(capped) <= set(trace_up(view, "P1"))


def test_trace_up_walks_around_retired_nodes() -> None:
    paths = trace_up(diamond(), "P1")
    assert all("CV3" not in p.nodes for p in paths)  # OV1 -> CV3 -> G2 is not a route
    assert trace_up(diamond(CV2=Status.RETIRED), "P1") == [
        TracePath(("P1", "C1", "L1", "OV1", "CV1", "G1"), CHAIN_RELS),
        TracePath(("P1", "C2", "L1", "OV1", "CV1", "G1"), CHAIN_RELS),
        TracePath(("P1", "L1", "OV1", "CV1", "G1"), SKIP_RELS),
    ]
    assert trace_up(diamond(C1=Status.RETIRED, C2=Status.RETIRED), "P1") == [
        TracePath(("P1", "L1", "OV1", "CV1", "G1"), SKIP_RELS),
        TracePath(("P1", "L1", "OV1", "CV2", "G1"), SKIP_RELS),
        TracePath(("P1", "L1", "OV1", "CV2", "G2"), SKIP_RELS),
    ]
    assert trace_up(diamond(L1=Status.RETIRED), "P1") == []


def test_trace_up_retired_goal_is_not_an_end() -> None:
    paths = trace_up(diamond(G1=Status.RETIRED), "OV1")
    assert paths == [TracePath(("OV1", "CV2", "G2"), (R.REALISES, R.DERIVES_FROM))]


def test_depends_on_is_never_an_upward_step() -> None:
    view = diamond()
    assert trace_up(view, "P2") == []
    assert view.parents("P2") == {}
    assert "P2" not in {c.node_id for c in trace_down(view, "P1")}
    assert route(view, "P2", "P1") is None
    assert route(view, "P2", "G1") is None


def test_trace_up_without_a_route_is_empty() -> None:
    view = diamond()
    assert trace_up(view, "P3") == []
    assert trace_up(view, "C3") == []


@pytest.mark.parametrize("call", [trace_up, trace_down])
def test_unknown_node_is_not_found(call: Callable[[TraceGraph, str], object]) -> None:
    with pytest.raises(NotFound) as raised:
        call(diamond(), "x")
    assert str(raised.value) == "node 'x' does not exist"
    assert raised.value.code == "NOT_FOUND"
    assert (raised.value.what, raised.value.ident) == ("node", "x")


# -- trace_down ----------------------------------------------------------------------------


def test_trace_down_depth_via_and_order() -> None:
    assert trace_down(diamond(), "G1") == [
        Contribution("CV1", 1, "G1", R.DERIVES_FROM),
        Contribution("CV2", 1, "G1", R.DERIVES_FROM),
        Contribution("OV1", 2, "CV1", R.REALISES),  # of CV1 and CV2, the smaller id
        Contribution("L1", 3, "OV1", R.SUPPORTS),
        Contribution("C1", 4, "L1", R.CHALLENGES),
        Contribution("C2", 4, "L1", R.CHALLENGES),
        Contribution("P1", 4, "L1", R.SUPPORTS),  # nearest route: the skip
    ]


def test_trace_down_from_the_second_goal() -> None:
    assert [(c.node_id, c.depth, c.via) for c in trace_down(diamond(), "G2")] == [
        ("CV2", 1, "G2"),
        ("OV1", 2, "CV2"),
        ("L1", 3, "OV1"),
        ("C1", 4, "L1"),
        ("C2", 4, "L1"),
        ("P1", 4, "L1"),
    ]


def test_trace_down_depth_is_the_shortest_distance() -> None:
    view = build(
        [("G", "G"), ("CV", "CV"), ("OV", "OV"), ("L", "L"), ("C", "C"), ("P", "P")],
        [("CV", "G"), ("OV", "CV"), ("L", "OV"), ("C", "L"), ("P", "C"), ("P", "OV")],
    )
    assert trace_down(view, "OV") == [
        Contribution("L", 1, "OV", R.SUPPORTS),
        Contribution("P", 1, "OV", R.SUPPORTS),
        Contribution("C", 2, "L", R.CHALLENGES),
    ]


@pytest.mark.parametrize(
    ("max_depth", "ids"),
    [
        (0, []),
        (1, ["CV1", "CV2"]),
        (2, ["CV1", "CV2", "OV1"]),
        (3, ["CV1", "CV2", "OV1", "L1"]),
        (4, ["CV1", "CV2", "OV1", "L1", "C1", "C2", "P1"]),
        (None, ["CV1", "CV2", "OV1", "L1", "C1", "C2", "P1"]),
    ],
)
def test_trace_down_max_depth(max_depth: int | None, ids: list[str]) -> None:
    assert [c.node_id for c in trace_down(diamond(), "G1", max_depth=max_depth)] == ids


def test_trace_down_kinds_filter_keeps_walking_through_other_kinds() -> None:
    view = diamond()
    assert trace_down(view, "G1", kinds=[K.STRATEGIC_PROJECT]) == [
        Contribution("P1", 4, "L1", R.SUPPORTS)
    ]
    assert [c.node_id for c in trace_down(view, "G1", kinds={K.CHALLENGE, K.STRATEGIC_LINE})] == [
        "L1",
        "C1",
        "C2",
    ]
    assert trace_down(view, "G1", kinds=[]) == []
    assert trace_down(view, "G1", max_depth=3, kinds=[K.STRATEGIC_PROJECT]) == []


def test_trace_down_walks_around_retired_nodes() -> None:
    assert [c.node_id for c in trace_down(diamond(L1=Status.RETIRED), "G1")] == [
        "CV1",
        "CV2",
        "OV1",
    ]
    assert trace_down(diamond(C1=Status.RETIRED), "L1") == [
        Contribution("C2", 1, "L1", R.CHALLENGES),
        Contribution("P1", 1, "L1", R.SUPPORTS),
    ]
    assert "CV3" not in {c.node_id for c in trace_down(diamond(), "G2")}


def test_trace_down_of_a_leaf_or_an_orphan_chain() -> None:
    view = diamond()
    assert trace_down(view, "P1") == []
    assert trace_down(view, "C3") == [Contribution("P3", 1, "C3", R.ADDRESSES)]


# -- route ---------------------------------------------------------------------------------


def test_route_up_is_the_shortest_chain() -> None:
    assert route(diamond(), "P1", "G2") == Route(("P1", "L1", "OV1", "CV2", "G2"), SKIP_RELS, True)
    assert route(diamond(), "C1", "CV1") == Route(
        ("C1", "L1", "OV1", "CV1"), (R.CHALLENGES, R.SUPPORTS, R.REALISES), True
    )


def test_route_down_is_reversed_and_flagged() -> None:
    assert route(diamond(), "G2", "P1") == Route(
        ("G2", "CV2", "OV1", "L1", "P1"),
        (R.DERIVES_FROM, R.REALISES, R.SUPPORTS, R.SUPPORTS),
        False,
    )
    assert route(diamond(), "L1", "P1") == Route(("L1", "P1"), (R.SUPPORTS,), False)


def test_route_to_itself() -> None:
    assert route(diamond(), "OV1", "OV1") == Route(("OV1",), (), True)


def test_route_none_between_unrelated_nodes() -> None:
    view = diamond()
    assert route(view, "C1", "C2") is None
    assert route(view, "P3", "G1") is None
    assert route(view, "G1", "G2") is None
    assert route(view, "P1", "CV3") is None  # retired target
    assert route(view, "CV1", "CV2") is None


def test_route_walks_around_retired_nodes() -> None:
    nodes: list[tuple[object, ...]] = [
        ("G", "G"),
        ("CV", "CV"),
        ("OV", "OV"),
        ("OV2", "OV"),
        ("L", "L"),
        ("C", "C"),
    ]
    edges = [("CV", "G"), ("OV", "CV"), ("OV2", "CV"), ("L", "OV2"), ("C", "L"), ("P", "C")]
    edges.append(("P", "OV"))
    short = build([*nodes, ("P", "P")], edges)
    assert route(short, "P", "G") == Route(("P", "OV", "CV", "G"), SKIP_RELS[1:], True)
    nodes[2] = ("OV", "OV", "A", Status.RETIRED)
    around = build([*nodes, ("P", "P")], edges)
    assert route(around, "P", "G") == Route(("P", "C", "L", "OV2", "CV", "G"), CHAIN_RELS, True)
    assert route(around, "G", "P") == Route(
        ("G", "CV", "OV2", "L", "C", "P"), CHAIN_RELS[::-1], False
    )


@pytest.mark.parametrize(("source", "target"), [("nope", "P1"), ("P1", "nope")])
def test_route_unknown_node(source: str, target: str) -> None:
    with pytest.raises(NotFound, match=r"^node 'nope' does not exist$"):
        route(diamond(), source, target)


# -- properties on random layered graphs ---------------------------------------------------


def _reach_up(view: TraceGraph, start: str) -> dict[str, int]:
    """Shortest upward distance from ``start`` to every active node it reaches."""
    dist = {start: 0}
    queue = deque([start])
    while queue:
        current = queue.popleft()
        for parent in view.parents(current):
            if parent not in dist and view.active(parent):
                dist[parent] = dist[current] + 1
                queue.append(parent)
    return dist


@settings(max_examples=100, deadline=None)
@given(layered_views())
def test_every_trace_up_path_is_an_upward_chain_to_a_goal(view: TraceGraph) -> None:
    _, masks = goal_masks(view)

    @cache
    def count(node_id: str) -> int:
        if view.nodes[node_id].kind is K.NATIONAL_GOAL:
            return 1
        return sum(count(p) for p in view.parents(node_id) if view.active(p))

    for node in view.by_layer():
        paths = trace_up(view, node.id)
        assert paths == sorted(paths, key=lambda p: p.nodes)
        assert len(set(paths)) == len(paths) == count(node.id)
        assert bool(paths) == bool(masks[node.id])
        for path in paths:
            assert path.nodes[0] == node.id
            assert view.nodes[path.nodes[-1]].kind is K.NATIONAL_GOAL
            assert len(path.relations) == len(path.nodes) - 1
            assert all(view.active(n) for n in path.nodes)
            for (low, high), relation in zip(
                zip(path.nodes, path.nodes[1:], strict=False), path.relations, strict=True
            ):
                edge = view.edge(low, high)
                assert edge is not None and edge.relation is relation
                assert view.metamodel.is_upward(relation)
                assert high in view.parents(low)


@settings(max_examples=100, deadline=None)
@given(layered_views())
def test_trace_down_and_route_agree_with_a_bfs(view: TraceGraph) -> None:
    active = [n.id for n in view.by_layer()]
    up = {n: _reach_up(view, n) for n in active}
    for target in active:
        found = trace_down(view, target)
        expected = {n: up[n][target] for n in active if n != target and target in up[n]}
        assert {c.node_id: c.depth for c in found} == expected
        for c in found:
            assert view.parents(c.node_id)[c.via]["relation"] is c.relation
            assert c.via == target or up[c.via][target] == c.depth - 1
        for source in active:
            r = route(view, source, target)
            if target in up[source]:
                assert r is not None and r.upward
                assert len(r.relations) == up[source][target]
            elif source in up[target]:
                assert r is not None and not r.upward
                assert (r.nodes[0], r.nodes[-1]) == (source, target)
                assert len(r.relations) == up[target][source]
            else:
                assert r is None
