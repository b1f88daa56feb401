"""A bulk run keeps its events as columns (``store/event_run.py``, issue 17): the log
the file gets from them, and the ``Event``s the Neo4j adapter gets from them, are those
the same operations make one at a time."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from strategygraph.domain import Event
from strategygraph.domain.changes import AddEdge, CreateNode, DeleteNode, RemoveEdge, UpdateNode
from strategygraph.interchange.json_format import read_document
from strategygraph.service.imports import plan_import
from strategygraph.store import EmbeddedStore, bulk_apply
from strategygraph.store.apply import Applier
from strategygraph.store.event_run import EventRun
from tests.event_log import log_rows
from tests.graphs import seeded_document

WHEN = datetime(2026, 12, 3, 6, 0, 0, 123456, tzinfo=UTC)
ONE_AT_A_TIME = 10**9
"""``bulk_apply.RUN`` that no run reaches."""


def _operations(store: EmbeddedStore) -> list[Any]:
    doc, problems, _ = read_document(seeded_document(1_200, seed=5))
    assert not problems
    return plan_import(store, doc).operations


def _and_later(operations: list[Any]) -> list[Any]:
    """``operations`` with an edge holding a note amid the run of new edges, and after
    the runs a change of a new node, a removal of a new edge and a deletion of a new
    node with its edges: rows the bulk path made that the commit then changes."""
    links = [i for i, op in enumerate(operations) if isinstance(op, AddEdge)]
    noted = operations[links[len(links) // 2]]
    operations[links[len(links) // 2]] = AddEdge(replace(noted.edge, note="huomio"))
    first = operations[links[0]].edge
    created = [op.node.id for op in operations if isinstance(op, CreateNode)]
    return [
        *operations,
        UpdateNode(created[3], {"title": "Muutettu"}),
        RemoveEdge(first.source, first.relation, first.target),
        DeleteNode(created[-1], cascade=True),
    ]


def _file(
    path: Path, run: int, monkeypatch: pytest.MonkeyPatch, later: bool = False
) -> tuple[list[Any], ...]:
    monkeypatch.setattr(bulk_apply, "RUN", run)
    store = EmbeddedStore(str(path))
    store.clock = lambda: WHEN
    operations = _operations(store)
    store.commit(_and_later(operations) if later else operations, "loader", request_id="rq-1")
    store.close()
    with closing(sqlite3.connect(path)) as db:
        rows = tuple(
            db.execute(sql).fetchall()
            for sql in (
                "SELECT * FROM nodes ORDER BY id",
                "SELECT * FROM edges ORDER BY source, target",
            )
        )
    return (log_rows(path), *rows)


def test_a_bulk_commit_writes_the_rows_one_at_a_time_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = _file(tmp_path / "bulk.db", bulk_apply.RUN, monkeypatch)
    single = _file(tmp_path / "single.db", ONE_AT_A_TIME, monkeypatch)
    events, nodes, edges = bulk
    named = sum(1 for e in events if e[3] in ("put_region", "put_organisation"))
    assert len(events) == len(nodes) + len(edges) + named > 3_000
    assert bulk == single


def test_rows_the_commit_changes_after_its_bulk_runs_are_written_as_they_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bulk = _file(tmp_path / "bulk.db", bulk_apply.RUN, monkeypatch, later=True)
    single = _file(tmp_path / "single.db", ONE_AT_A_TIME, monkeypatch, later=True)
    _, nodes, edges = bulk
    assert any('"title":"Muutettu"' in data for _, data in nodes)
    assert sum(1 for e in edges if e[4] == "huomio") == 1
    assert bulk == single


def _events(run: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Event], int, bool]:
    monkeypatch.setattr(bulk_apply, "RUN", run)
    store = EmbeddedStore()
    applier = Applier(store, "loader", WHEN, "rq-1")
    assert bulk_apply.apply_all(applier, _operations(store)) == []
    ran = any(isinstance(entry, EventRun) for entry in applier.log)
    return applier.events, applier.event_count, ran


def test_a_bulk_run_gives_the_events_one_at_a_time_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bulk, count, ran = _events(bulk_apply.RUN, monkeypatch)
    single, _, ran_single = _events(ONE_AT_A_TIME, monkeypatch)
    assert ran and not ran_single  # the two paths were taken
    assert count == len(bulk) > 1_200
    assert bulk == single
