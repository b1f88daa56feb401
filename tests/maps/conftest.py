"""The demo strategy (Kymenlaakso 2018) in the embedded store, and a renderer that draws
its maps with the real Graphviz ``dot`` on a fixed day."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from strategygraph.data import demo_documents
from strategygraph.domain import NATIONAL, Node, NodeKind, Status
from strategygraph.maps import MapRenderer, MapRequest
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore
from tests.maps.svg import DrawnMap, parse

REGION = "kymenlaakso"
TODAY = date(2026, 1, 15)


def demo_store() -> EmbeddedStore:
    store = EmbeddedStore(":memory:")
    service = StrategyService(store)
    for doc in demo_documents():
        service.import_document(doc, "loader")
    return store


def renderer(store: GraphStore) -> MapRenderer:
    return MapRenderer(store, today=lambda: TODAY)


def draw(store: GraphStore, request: MapRequest) -> DrawnMap:
    """The SVG of ``request``, parsed."""
    return parse(renderer(store).render(request).content)


def visible(store: GraphStore, region: str = REGION) -> list[Node]:
    """What an unfiltered alignment map of ``region`` shows: its nodes and the national
    goals, retired ones left out."""
    nodes = store.nodes(region=region) + store.nodes(kind=NodeKind.NATIONAL_GOAL)
    return [n for n in nodes if n.status is not Status.RETIRED and region != NATIONAL]


@pytest.fixture(scope="module")
def demo() -> Iterator[EmbeddedStore]:
    """The demo, for tests that only read."""
    store = demo_store()
    yield store
    store.close()


@pytest.fixture
def own_demo() -> Iterator[EmbeddedStore]:
    """A fresh copy of the demo, for tests that change it."""
    store = demo_store()
    yield store
    store.close()
