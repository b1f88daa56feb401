"""The Neo4j adapter's write batches, built in a helper thread (``neo4j_pipe``) while the
server runs the previous ones: they run in order in the commit's one transaction, and a
failure on either side rolls all of it back and leaves no thread behind."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from neo4j.exceptions import CypherSyntaxError

from strategygraph.service import StrategyService
from strategygraph.store import neo4j_write
from strategygraph.store.neo4j import Neo4jStore
from strategygraph.store.neo4j_pipe import Batch, send_all
from tests.arcadedb import BoltServer
from tests.conftest import make_store, small_document

pytestmark = pytest.mark.neo4j

NOW = datetime(2026, 12, 3, 4, 0, tzinfo=UTC)


def builders() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "neo4j-batches"]


def imported(server: BoltServer, tmp_path: Path) -> dict[str, Any]:
    """Everything a reader sees after importing the small document at ``NOW``."""
    store = make_store("neo4j", tmp_path, server)
    assert isinstance(store, Neo4jStore)
    try:
        store.clock = lambda: NOW
        StrategyService(store).import_document(small_document(), "loader")
        return {
            "version": store.version(),
            "nodes": store.nodes(),
            "edges": store.edges(),
            "regions": store.regions(),
            "organisations": store.organisations(),
            "events": store.events(limit=1000),
            "gaps": store.gaps(now=datetime(2030, 1, 1, tzinfo=UTC)),
            "coverage": store.coverage(),
        }
    finally:
        store.close()


def test_two_rows_a_batch_give_what_one_batch_gives(
    bolt_server: BoltServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = imported(bolt_server, tmp_path)
    monkeypatch.setattr(neo4j_write, "BATCH", 2)  # 20 events, 9 nodes, 8 edges: many batches
    split = imported(bolt_server, tmp_path)
    assert split == whole
    assert whole["version"] == len(whole["events"]) == 20
    assert builders() == []


def test_a_failure_while_building_a_batch_changes_nothing(
    bolt_server: BoltServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(neo4j_write, "BATCH", 2)
    made = count()

    def edge_row(*args: Any) -> dict[str, Any]:
        if next(made) == 3:  # after nodes and the first edges went to the server
            raise RuntimeError("the fourth edge row")
        return original(*args)

    original = neo4j_write.edge_row
    monkeypatch.setattr(neo4j_write, "edge_row", edge_row)
    store = make_store("neo4j", tmp_path, bolt_server)
    try:
        with pytest.raises(RuntimeError, match=r"^the fourth edge row$"):
            StrategyService(store).import_document(small_document(), "loader")
        assert (store.version(), store.nodes(), store.edges(), store.regions()) == (0, [], [], [])
        assert store.events() == []
    finally:
        store.close()
    assert builders() == []


def test_a_batch_the_server_refuses_stops_the_builder_and_rolls_back(
    bolt_server: BoltServer,
) -> None:
    bolt_server.wipe()

    def batches() -> Iterator[Batch]:
        yield "UNWIND $rows AS row CREATE (n:PipeProbe {i: row})", "rows", [1, 2, 3]
        yield "UNWIND $rows AS row CREATE (n:PipeProbe {i: row", "rows", [4]  # no ')'
        for i in count(5):  # never ends: only the refusal above stops it
            yield "UNWIND $rows AS row CREATE (n:PipeProbe {i: row})", "rows", [i]

    with bolt_server.driver.session(database=bolt_server.database) as session:
        tx = session.begin_transaction()
        try:
            with pytest.raises(CypherSyntaxError):
                send_all(tx, batches())
            assert builders() == []
        finally:
            tx.close()  # rolls back
    found, _, _ = bolt_server.driver.execute_query(
        "MATCH (n:PipeProbe) RETURN count(n) AS n", database_=bolt_server.database
    )
    assert found[0]["n"] == 0
