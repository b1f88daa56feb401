"""The traceability answers do not depend on the order a graph's nodes and edges were
added: a store opened row by row adds them in the file's order, one opened from its image
in the order of the writer's memory, and the Neo4j adapter reads them in its own. Where
a walk must choose (the paths that fill the cap, the node a contribution is reached
``via``, one of several shortest routes, the order within a layer) it chooses by id."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.trace import (
    Contribution,
    TraceGraph,
    coverage,
    gaps,
    impact,
    rolled_up_health,
    route,
    trace_down,
    trace_up,
    view_trace_page,
)
from tests.unit.graphs import build, layered_views

NOW = datetime(2026, 12, 3, tzinfo=UTC)


def rebuilt(view: TraceGraph, rnd: random.Random) -> TraceGraph:
    """The same graph, its nodes and edges added in another order."""
    copy = TraceGraph(view.metamodel)
    nodes = list(view.nodes.values())
    rnd.shuffle(nodes)
    for n in nodes:
        copy.put_node(n)
    edges = list(view.edges())
    rnd.shuffle(edges)
    for e in edges:
        copy.add_edge(e)
    return copy


def answers(view: TraceGraph) -> dict[str, Any]:
    ids = sorted(view.nodes)
    return {
        "trace_up": {i: trace_up(view, i) for i in ids},
        "trace_up_capped": {i: trace_up(view, i, max_paths=2) for i in ids},
        "trace_up_page": {i: view_trace_page(view, i, first=2) for i in ids},
        "trace_down": {i: trace_down(view, i) for i in ids},
        "trace_down_2": {i: trace_down(view, i, max_depth=2) for i in ids},
        "route": {(a, b): route(view, a, b) for a in ids for b in ids},
        "impact": {i: impact(view, i) for i in ids},
        "health": {i: rolled_up_health(view, i) for i in ids},
        "gaps": gaps(view, now=NOW),
        "coverage": [coverage(view, region) for region in (None, "A", "B")],
    }


@settings(max_examples=100, deadline=None)
@given(layered_views(), st.randoms(use_true_random=False))
def test_answers_do_not_depend_on_the_order_the_graph_was_built(
    view: TraceGraph, rnd: random.Random
) -> None:
    assert answers(rebuilt(view, rnd)) == answers(view)


# G     CV-a and CV-b both derive from G; OV realises both, its edge to CV-b added first.
# CV-b  CV-a   L-b and L-a (added in that order) support OV; C challenges both.
#   OV
# L-b  L-a
#   C
TIES = build(
    [
        ("G", "G"),
        ("CV-b", "CV"),
        ("CV-a", "CV"),
        ("OV", "OV"),
        ("L-b", "L"),
        ("L-a", "L"),
        ("C", "C"),
    ],
    [
        ("CV-b", "G"),
        ("CV-a", "G"),
        ("OV", "CV-b"),
        ("OV", "CV-a"),
        ("L-b", "OV"),
        ("L-a", "OV"),
        ("C", "L-b"),
        ("C", "L-a"),
    ],
)


def test_each_tie_goes_to_the_smaller_id_not_the_older_edge() -> None:
    down = {c.node_id: c for c in trace_down(TIES, "G")}
    assert down["OV"] == Contribution("OV", 2, "CV-a", TIES.parents("OV")["CV-a"]["relation"])
    assert down["C"].via == "L-a"
    found = route(TIES, "C", "G")
    assert found is not None and found.nodes == ("C", "L-a", "OV", "CV-a", "G")
    assert trace_up(TIES, "C", max_paths=1)[0].nodes == ("C", "L-a", "OV", "CV-a", "G")
    assert impact(TIES, "OV") == ["L-a", "L-b", "C"]
