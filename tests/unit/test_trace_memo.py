"""Whole-graph answers kept between calls (``TraceGraph.memo``) follow every change, and
``TraceGraph.load`` builds the same view as one ``put_node``/``add_edge`` at a time."""

from __future__ import annotations

from dataclasses import astuple, replace
from datetime import UTC, datetime

from strategygraph.domain import Edge, Relation, Status
from strategygraph.trace import GapType, TraceGraph, coverage, gaps
from tests.unit.graphs import build

NOW = datetime.now(UTC)
NODES = [("G1", "G"), ("CV1", "CV"), ("OV1", "OV"), ("L1", "L"), ("C1", "C"), ("P1", "P")]
CHAIN = [("CV1", "G1"), ("OV1", "CV1"), ("L1", "OV1"), ("C1", "L1")]


def kinds(view: TraceGraph) -> list[tuple[GapType, str]]:
    return [(g.type, g.node_id) for g in gaps(view, now=NOW)]


def project_counts(view: TraceGraph) -> dict[tuple[str, str], int]:
    return {(r.goal_id, r.region): r.projects for r in coverage(view)}


def test_gaps_and_coverage_follow_each_change_after_being_asked() -> None:
    view = build(NODES, CHAIN)
    assert kinds(view) == [
        (GapType.PROJECT_NOT_TRACED, "P1"),
        (GapType.CHALLENGE_UNADDRESSED, "C1"),
    ]
    assert project_counts(view) == {("G1", "A"): 0}

    view.add_edge(Edge("P1", Relation.ADDRESSES, "C1"))
    assert kinds(view) == []
    assert project_counts(view) == {("G1", "A"): 1}

    view.put_node(replace(view.nodes["P1"], status=Status.RETIRED))
    assert kinds(view) == [(GapType.CHALLENGE_UNADDRESSED, "C1")]
    assert project_counts(view) == {("G1", "A"): 0}

    view.remove_edge("CV1", "G1")
    assert kinds(view) == [
        (GapType.CHALLENGE_UNADDRESSED, "C1"),
        (GapType.GOAL_UNSERVED, "G1"),
    ]
    assert project_counts(view) == {("G1", "*"): 0}


def test_a_kept_answer_is_shared_until_the_graph_changes() -> None:
    view = build(NODES, CHAIN)
    calls: list[int] = []

    def count() -> int:
        calls.append(1)
        return len(calls)

    assert view.memo("k", count) == 1
    assert view.memo("k", count) == 1  # kept
    view.add_edge(Edge("P1", Relation.ADDRESSES, "C1"))
    assert view.memo("k", count) == 2  # the graph changed: computed again
    coverage(view)[0].counts.clear()  # each caller gets its own rows
    assert project_counts(view) == {("G1", "A"): 1}


def test_load_builds_the_same_view_as_one_at_a_time() -> None:
    one_by_one = build(NODES, [*CHAIN, ("P1", "C1")])
    edges = list(one_by_one.edges())
    noted = replace(edges[0], note="seen in the seed", inferred=True)
    loaded = TraceGraph()
    loaded.load(
        one_by_one.nodes.values(),
        [noted, *((e.source, e.relation, e.target) for e in edges[1:])],
    )
    assert sorted(loaded.edges(), key=lambda e: e.key) == sorted(
        [noted, *edges[1:]], key=lambda e: e.key
    )
    assert loaded.nodes == one_by_one.nodes
    assert kinds(loaded) == kinds(one_by_one) == []


def test_edges_are_built_as_one_edge_read_builds_them() -> None:
    """``edges`` builds a plain edge through ``plain_edge``, the others as ``edge`` does:
    every field the same, the suspect mark too (which ``==`` leaves out)."""
    view = build(NODES, CHAIN)
    view.add_edge(Edge("P1", Relation.ADDRESSES, "C1", True, "miksi", NOW, "anna"))
    view.add_edge(Edge("OV1", Relation.DEPENDS_ON, "L1"))
    found = [astuple(e) for e in view.edges()]
    assert len(found) == len(CHAIN) + 2
    assert found == [astuple(view.edge(s, t)) for s, _, t, *_ in found]  # type: ignore[arg-type]
    assert ("P1", Relation.ADDRESSES, "C1", True, "miksi", NOW, "anna") in found
    assert ("CV1", Relation.DERIVES_FROM, "G1", False, None, None, None) in found
