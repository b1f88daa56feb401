"""Event operations are one enum in the domain; the log keeps the same plain strings."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from strategygraph.api.enums import ChangeOperation
from strategygraph.domain.changes import UpdateNode
from strategygraph.domain.operations import (
    COMMENT_OPERATIONS,
    EDGE_OPERATIONS,
    NODE_OPERATIONS,
    SITUATION_EVENTS,
    EventOperation,
)
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

from ..api.conftest import LOADER, graph_document


def test_the_api_names_every_operation_the_log_writes() -> None:
    assert {o.value for o in ChangeOperation} == {o.value for o in EventOperation}


def test_the_groups_split_the_operations_without_overlap() -> None:
    groups = [NODE_OPERATIONS, EDGE_OPERATIONS, COMMENT_OPERATIONS, SITUATION_EVENTS]
    assert sum(len(g) for g in groups) == len(frozenset().union(*groups))
    rest = set(EventOperation) - frozenset().union(*groups)
    assert rest == {EventOperation.PUT_REGION, EventOperation.PUT_ORGANISATION}


def test_the_event_log_on_disk_keeps_plain_strings_and_reads_back(tmp_path: Path) -> None:
    path = str(tmp_path / "log.db")
    store = EmbeddedStore(path)
    try:
        StrategyService(store).import_document(graph_document(), LOADER)
        node = next(iter(store.nodes()))
        store.commit([UpdateNode(node.id, {"title": "Uusi nimi"})], "tester")
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        rows = db.execute(
            "SELECT DISTINCT operation, typeof(operation) FROM events UNION "
            "SELECT operation, typeof(operation) FROM event_batches"
        ).fetchall()
    assert {kind for _, kind in rows} == {"text"}
    assert {"create_node", "link", "update_node"} <= {op for op, _ in rows}
    reopened = EmbeddedStore(path)
    try:
        events = reopened.events(limit=100_000)
        assert EventOperation.UPDATE_NODE in {e.operation for e in events}
        assert all(type(e.operation) is str for e in events)
    finally:
        reopened.close()
