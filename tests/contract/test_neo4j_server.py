"""The Neo4j adapter against its server: outages and refusals become ``StoreUnavailable``
with a message a person can act on, and the same store object recovers by itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from strategygraph.config import open_store
from strategygraph.domain import StoreUnavailable, ValidationError
from strategygraph.service import StrategyService
from strategygraph.store.neo4j import Neo4jStore
from tests.arcadedb import BoltServer
from tests.conftest import small_document


def test_killed_server_gives_store_unavailable_then_the_store_recovers(tmp_path: Path) -> None:
    server = BoltServer(tmp_path / "own-server")  # not the shared one: this test kills it
    try:
        server.start()
        store = Neo4jStore(server.url, server.user, server.password, retry_seconds=1.0)
        try:
            service = StrategyService(store)
            service.import_document(small_document(), "loader")
            version = store.version()
            server.kill()
            where = re.escape(f"the Neo4j server at {server.url} is unavailable")
            with pytest.raises(
                StoreUnavailable,
                match=rf"^{where}, so the store could not read the graph: .+; "
                "check that the server is running and reachable$",
            ) as exc:
                store.trace_up("proj")
            assert exc.value.code == "STORE_UNAVAILABLE"
            with pytest.raises(StoreUnavailable, match=rf"^{where}, so the store could not commit"):
                service.update_node("proj", {"title": "Lost"}, 1, "bob")

            server.start()  # the same port and data folder
            assert store.version() == version
            assert [p.nodes for p in store.trace_up("proj")] == [
                ("proj", "ch", "line", "ov", "cv", "goal")
            ]
            assert service.update_node("proj", {"title": "Back"}, 1, "bob").version == 2
        finally:
            store.close()
    finally:
        server.close()


def test_wrong_password_is_named_clearly(bolt_server: BoltServer) -> None:
    with pytest.raises(StoreUnavailable) as exc:
        Neo4jStore(bolt_server.url, bolt_server.user, "not-the-password", retry_seconds=1.0)
    assert exc.value.message.startswith(
        f"the Neo4j server at {bolt_server.url} refused the credentials of user 'root' ("
    )
    assert exc.value.message.endswith(
        "); check STRATEGYGRAPH_NEO4J_USER and STRATEGYGRAPH_NEO4J_PASSWORD"
    )


def test_open_store_reads_the_neo4j_settings(
    bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_DATABASE", bolt_server.database)
    bolt_server.wipe()
    for url in (bolt_server.url, bolt_server.url.replace("bolt://", "neo4j://")):
        store = open_store(url)
        try:
            assert isinstance(store, Neo4jStore) and store.version() == 0
        finally:
            store.close()


def test_unknown_store_url_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"^unsupported store URL 'mongodb://x'; use "):
        open_store("mongodb://x")
