"""A large first import fills the event log and then builds its indexes (``sqlite_write.py``)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from benchmarks.generate import generate
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore


def test_a_large_import_keeps_the_event_log_indexed_and_reopens_equal(tmp_path: Path) -> None:
    path = str(tmp_path / "big.db")
    store = EmbeddedStore(path)
    outcome = StrategyService(store).import_document(generate(nodes=4_000, seed=3), "loader")
    assert outcome.version >= 10_000  # enough events for the indexes to be built after
    project = next(n.id for n in store.nodes() if n.kind.value == "STRATEGIC_PROJECT")
    events = store.events(node_id=project, limit=1_000)
    assert events[0].operation == "create_node" and events[0].target == project
    nodes, edges = store.nodes(), store.edges()
    store.close()
    with closing(sqlite3.connect(path)) as db:
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        plan = " ".join(
            str(row)
            for row in db.execute(
                "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE target = ? ORDER BY seq",
                (project,),
            )
        )
    assert {"events_related", "events_target", "events_region"} <= names
    assert "events_target" in plan
    reopened = EmbeddedStore(path)
    assert (reopened.nodes(), reopened.edges()) == (nodes, edges)
    reopened.close()
