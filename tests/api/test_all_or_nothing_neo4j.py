"""On Neo4j a document's mutations cannot be kept together (each commit is a transaction
of its own), so a document with more than one is refused before any runs: all or
nothing holds there as nothing, and the answer says so. One mutation a request runs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from strategygraph.service import StrategyService
from strategygraph.store.neo4j import Neo4jStore
from tests.api.conftest import Served, bearer, serve
from tests.arcadedb import BoltServer
from tests.clients import HTTP
from tests.conftest import small_document

TWO = """mutation {
  a: updateNode(input: {id: "ch", expectedVersion: 1, title: "Eka"}) { node { version } }
  b: updateNode(input: {id: "proj", expectedVersion: 1, title: "Toka"}) { node { version } }
}"""
ONE = """mutation {
  a: updateNode(input: {id: "ch", expectedVersion: 1, title: "Eka"}) { node { version } }
}"""


@pytest.fixture
def on_neo4j(bolt_server: BoltServer) -> Iterator[Served]:
    bolt_server.wipe()
    store = Neo4jStore(bolt_server.url, bolt_server.user, bolt_server.password)
    try:
        StrategyService(store).import_document(small_document(), "loader")
        with serve(store) as served:  # type: ignore[arg-type]
            yield served
    finally:
        store.close()


def post(served: Served, query: str) -> dict[str, object]:
    token = served.token("root")
    answer = HTTP.post(served.url, json={"query": query}, headers=bearer(token), timeout=30)
    found: dict[str, object] = answer.json()
    return found


def test_a_document_with_two_mutations_is_refused_before_either_runs(on_neo4j: Served) -> None:
    store = on_neo4j.store
    before = store.version()
    assert post(on_neo4j, TWO) == {
        "data": None,
        "errors": [
            {
                "message": "this document has 2 mutations, and this store (Neo4j) cannot keep "
                "several together or not at all: nothing was run; send one mutation per "
                "request",
                "extensions": {"code": "ONE_MUTATION_PER_REQUEST", "mutations": 2},
            }
        ],
    }
    assert store.version() == before
    assert store.get_node("ch").title == "CH"
    assert store.get_node("proj").title == "PROJ"
    assert post(on_neo4j, ONE) == {"data": {"a": {"node": {"version": 2}}}}
    assert store.get_node("ch").title == "Eka"
