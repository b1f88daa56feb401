"""A walk from a node that does not exist is ``NotFound`` naming it, on every adapter; the
Neo4j adapter's walks of many nodes name the first unknown one and answer nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from strategygraph.domain import NotFound
from strategygraph.service import StrategyService
from strategygraph.store import GraphStore
from strategygraph.store.neo4j import Neo4jStore
from tests.conftest import small_document

WALKS: dict[str, Callable[[GraphStore, str], Any]] = {
    "trace_up_page": lambda s, node: s.trace_up_page(node),
    "trace_down": lambda s, node: s.trace_down(node),
    "route from": lambda s, node: s.route(node, "goal"),
    "route to": lambda s, node: s.route("proj", node),
    "impact": lambda s, node: s.impact(node),
    "rolled_up_health": lambda s, node: s.rolled_up_health(node),
}


@pytest.mark.parametrize("walk", sorted(WALKS))
def test_a_walk_from_an_unknown_node_is_not_found(store: GraphStore, walk: str) -> None:
    StrategyService(store).import_document(small_document(), "loader")
    with pytest.raises(NotFound, match=r"^node 'ghost' does not exist$"):
        WALKS[walk](store, "ghost")


MANY: dict[str, Callable[[Neo4jStore, list[str]], Any]] = {
    "trace_up_page_many": lambda s, ids: s.trace_up_page_many(ids),
    "trace_down_many": lambda s, ids: s.trace_down_many(ids),
    "route_many": lambda s, ids: s.route_many([(a, "goal") for a in ids]),
    "impact_many": lambda s, ids: s.impact_many(ids),
    "rolled_up_health_many": lambda s, ids: s.rolled_up_health_many(ids),
}


@pytest.mark.parametrize("adapter", ["neo4j"])
@pytest.mark.parametrize("walk", sorted(MANY))
def test_walks_of_many_nodes_name_the_first_unknown_one(store: GraphStore, walk: str) -> None:
    assert isinstance(store, Neo4jStore)
    StrategyService(store).import_document(small_document(), "loader")
    with pytest.raises(NotFound, match=r"^node 'ghost' does not exist$"):
        MANY[walk](store, ["proj", "ghost", "phantom"])
    assert MANY[walk](store, []) == {}
