"""A reader's ``traceDown`` and ``route`` walk through what the reader may see, on every
adapter: a contribution first reached through a node the reader may not open is reached
through a visible one, at that one's depth, and not dropped."""

from __future__ import annotations

from typing import Any

import pytest

from strategygraph.domain.access import Principal, Role
from strategygraph.service import StrategyService
from strategygraph.service.visible import VisibleStore
from strategygraph.store import GraphStore
from tests.conftest import small_document


@pytest.fixture
def viewer(store: GraphStore) -> VisibleStore:
    """A viewer of ``r1`` over the small document with one more challenge, ``cg``: a draft
    of region ``r2`` under ``r1``'s line, which ``proj`` also addresses. ``cg`` sorts
    before ``ch``, so the whole graph reaches ``proj`` through it first."""
    doc: dict[str, Any] = small_document()
    doc["regions"].append({"id": "r2", "name": "Region Two"})
    doc["nodes"].append({"id": "cg", "kind": "CHALLENGE", "region": "r2", "title": "CG"})
    doc["edges"] += [
        {"source": "cg", "relation": "CHALLENGES", "target": "line"},
        {"source": "proj", "relation": "ADDRESSES", "target": "cg"},
    ]
    StrategyService(store).import_document(doc, "loader")
    return VisibleStore(store, Principal.of("v", [(Role.VIEWER, "r1")]))


def test_trace_down_reaches_through_a_visible_node(store: GraphStore, viewer: VisibleStore) -> None:
    whole = {c.node_id: (c.depth, c.via) for c in store.trace_down("line")}
    assert whole["proj"] == (2, "cg") and "cg" in whole
    seen = {c.node_id: (c.depth, c.via) for c in viewer.trace_down("line")}
    assert seen == {k: v for k, v in whole.items() if k != "cg"} | {"proj": (2, "ch")}


def test_route_goes_around_a_node_the_reader_cannot_open(
    store: GraphStore, viewer: VisibleStore
) -> None:
    whole = store.route("proj", "line")
    assert whole is not None and whole.nodes == ("proj", "cg", "line")
    seen = viewer.route("proj", "line")
    assert seen is not None and seen.nodes == ("proj", "ch", "line") and seen.upward


def test_nothing_hidden_is_reached_when_no_visible_way_leads_there(
    store: GraphStore, viewer: VisibleStore
) -> None:
    StrategyService(store).import_document(
        {
            "format": "strategygraph",
            "format_version": 1,
            "nodes": [{"id": "lone", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "L"}],
            "edges": [{"source": "lone", "relation": "ADDRESSES", "target": "cg"}],
        },
        "loader",
    )
    assert "lone" in {c.node_id for c in store.trace_down("line")}
    assert "lone" not in {c.node_id for c in viewer.trace_down("line")}
    assert store.route("lone", "line") is not None
    assert viewer.route("lone", "line") is None
