"""``view_trace_page``: pages of trace up, equal to the uncapped reference when joined,
with exact counts per goal; on random layered graphs and on a graph of 1,537 paths."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.trace import TraceGraph, TracePath, trace_up, view_trace_page
from tests.unit.graphs import build, layered_views


def wide(paths_per_goal: tuple[int, ...] = (400, 400, 400, 337)) -> TraceGraph:
    """A project under many challenges, each under its own line, vision chain and goal:
    ``paths_per_goal[i]`` paths end at goal ``G{i}``."""
    nodes: list[tuple[str, str]] = [("P", "P")]
    edges: list[tuple[str, str]] = []
    for g, count in enumerate(paths_per_goal):
        nodes += [(f"G{g}", "G"), (f"CV{g}", "CV"), (f"OV{g}", "OV"), (f"L{g}", "L")]
        edges += [(f"CV{g}", f"G{g}"), (f"OV{g}", f"CV{g}"), (f"L{g}", f"OV{g}")]
        for c in range(count):
            nodes.append((f"C{g}-{c:04d}", "C"))
            edges += [("P", f"C{g}-{c:04d}"), (f"C{g}-{c:04d}", f"L{g}")]
    return build(nodes, edges)


def every_page(view: TraceGraph, node_id: str, size: int, **kw: object) -> list[TracePath]:
    found: list[TracePath] = []
    after = None
    while True:
        page = view_trace_page(view, node_id, after=after, first=size, **kw)  # type: ignore[arg-type]
        assert page.start == len(found)
        found += page.paths
        if not page.has_next:
            return found
        after = page.paths[-1].nodes


def test_every_goal_is_counted_when_paths_exceed_the_old_cap() -> None:
    view = wide()
    capped = trace_up(view, "P")
    assert len(capped) == 1000  # the reference still stops there
    page = view_trace_page(view, "P", first=10)
    assert page.total == 1537
    assert [(g.goal_id, g.count) for g in page.goals] == [
        ("G0", 400),
        ("G1", 400),
        ("G2", 400),
        ("G3", 337),
    ]
    assert len(page.paths) == 10 and page.has_next and page.start == 0
    joined = every_page(view, "P", 100)
    assert len(joined) == 1537 == len(set(joined))
    assert joined == sorted(joined, key=lambda p: p.nodes)
    assert Counter(p.nodes[-1] for p in joined) == {"G0": 400, "G1": 400, "G2": 400, "G3": 337}


def test_a_goal_filter_pages_only_its_paths() -> None:
    view = wide()
    page = view_trace_page(view, "P", goal="G3", first=5)
    assert page.total == 337
    assert len(page.goals) == 4  # every goal is still named
    assert all(p.nodes[-1] == "G3" for p in page.paths)
    assert len(every_page(view, "P", 50, goal="G3")) == 337


def test_a_cursor_of_a_path_that_is_gone_still_pages_on() -> None:
    view = wide((3,))
    gone = ("P", "C0-0001x", "L0", "OV0", "CV0", "G0")  # sorts between C0-0001 and C0-0002
    page = view_trace_page(view, "P", after=gone)
    assert page.start == 2
    assert [p.nodes[1] for p in page.paths] == ["C0-0002"]


def test_a_cursor_from_another_node_is_refused() -> None:
    with pytest.raises(ValueError, match="not from 'P'"):
        view_trace_page(wide((1,)), "P", after=("Q", "G0"))


def test_hidden_nodes_are_neither_walked_nor_counted() -> None:
    view = wide((2, 3))
    page = view_trace_page(view, "P", visible=lambda i: i != "L1")
    assert page.total == 2
    assert [g.goal_id for g in page.goals] == ["G0"]


@settings(max_examples=60, deadline=None)
@given(layered_views(), st.integers(1, 4), st.sampled_from([None, 1, 2, 3, 4]))
def test_pages_joined_equal_the_reference(view: TraceGraph, size: int, depth: int | None) -> None:
    for node_id in view.nodes:
        reference = trace_up(view, node_id, depth)
        assert every_page(view, node_id, size, max_depth=depth) == reference
        page = view_trace_page(view, node_id, depth, first=0)
        assert page.total == len(reference) and page.paths == []
        assert {g.goal_id: g.count for g in page.goals} == Counter(p.nodes[-1] for p in reference)


@settings(max_examples=60, deadline=None)
@given(layered_views(), st.sampled_from([None, 2, 4]))
def test_on_paths_names_every_node_of_every_path(view: TraceGraph, depth: int | None) -> None:
    for node_id in view.nodes:
        reference = trace_up(view, node_id, depth)
        expected: dict[str, int] = {}
        for path in reference:
            for i, step in enumerate(path.nodes):
                expected[step] = min(i, expected.get(step, i))
        assert view_trace_page(view, node_id, depth, first=0).on_paths == expected


def test_on_paths_holds_the_goals_beyond_the_old_cap() -> None:
    page = view_trace_page(wide(), "P", first=0)
    assert {i for i in page.on_paths if i.startswith("G")} == {"G0", "G1", "G2", "G3"}
    assert page.on_paths["P"] == 0 and page.on_paths["G3"] == 5
