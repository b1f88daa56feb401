"""The trace map of one node: why it exists (up), what realises it (down), or both."""

from __future__ import annotations

import pytest

from strategygraph.domain import NodeKind, NotFound
from strategygraph.maps import Direction, MapRequest
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import draw, renderer
from tests.maps.svg import squash

PROJECT = "kym-proj-digital-roadmap"
LINE = "kym-line-knowledge"


def up(store: EmbeddedStore, node_id: str, depth: int | None = None) -> set[str]:
    return {i for p in store.trace_up(node_id) for i in p.nodes[: (depth or 99) + 1]}


def down(store: EmbeddedStore, node_id: str, depth: int | None = None) -> set[str]:
    return {node_id} | {c.node_id for c in store.trace_down(node_id, depth)}


def test_trace_up_draws_every_path_to_the_national_goals(demo: EmbeddedStore) -> None:
    drawn = draw(demo, MapRequest.trace(PROJECT))
    expected = up(demo, PROJECT)
    assert set(drawn.ids) == expected and len(drawn.ids) == len(expected)
    goals = {i for i in expected if demo.get_node(i).kind is NodeKind.NATIONAL_GOAL}
    assert goals  # the project reaches the goals
    assert "focus" in drawn.nodes[PROJECT].classes
    assert sum("focus" in n.classes for n in drawn.nodes.values()) == 1
    for node_id in expected:
        assert squash(drawn.nodes[node_id].title) == squash(demo.get_node(node_id).title)
    assert max(drawn.layer(g) for g in goals) < drawn.layer(PROJECT)
    title = demo.get_node(PROJECT).title
    assert squash(title) in squash(drawn.legend_text)
    assert "Jäljityskartta: miksi tämä on olemassa · 15.1.2026" in drawn.legend_text
    on_paths = {
        (p.nodes[i + 1], p.nodes[i])
        for p in demo.trace_up(PROJECT)
        for i in range(len(p.nodes) - 1)
    }
    assert {(a, b) for a, b, c in drawn.edges if "upward" in c} == on_paths


def test_trace_down_draws_what_realises_a_line(demo: EmbeddedStore) -> None:
    drawn = draw(demo, MapRequest.trace(LINE, direction=Direction.DOWN))
    assert set(drawn.ids) == down(demo, LINE)
    assert PROJECT in drawn.nodes
    assert not any(demo.get_node(i).kind is NodeKind.NATIONAL_GOAL for i in drawn.ids)
    assert "Jäljityskartta: mikä tätä toteuttaa" in drawn.legend_text


def test_trace_both_ways_to_a_depth(demo: EmbeddedStore) -> None:
    drawn = draw(demo, MapRequest.trace(LINE, direction=Direction.BOTH, depth=1))
    expected = up(demo, LINE, 1) | down(demo, LINE, 1)
    assert set(drawn.ids) == expected
    kinds = {demo.get_node(i).kind for i in drawn.ids}
    assert kinds == {NodeKind.ORGANISATIONAL_VISION, NodeKind.STRATEGIC_LINE, NodeKind.CHALLENGE}
    assert "ylös ja alas, 1 taso ·" in drawn.legend_text


def test_unknown_focus_node_is_not_found(demo: EmbeddedStore) -> None:
    with pytest.raises(NotFound) as info:
        renderer(demo).render(MapRequest.trace("no-such-node"))
    assert info.value.message == "node 'no-such-node' does not exist"
