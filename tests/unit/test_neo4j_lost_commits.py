"""A commit that loses to another writer on a server with optimistic transactions
(ArcadeDB: a unique-key clash on the next event number) is run again: for as long as
the driver retries a transient failure (``retry_seconds``), not a fixed five times,
which two servers and the CLI writing at once on a loaded machine used up."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import pytest
from neo4j.exceptions import ConstraintError

from strategygraph.domain import StoreUnavailable
from strategygraph.store.neo4j import Neo4jStore


def store_losing(times: int, retry_seconds: float) -> tuple[Neo4jStore, list[int]]:
    """A store whose commits lose ``times`` times, then succeed: its connection's retry
    loop alone, no server asked (the race itself: ``tests/api/test_shared_store.py``)."""
    store = Neo4jStore.__new__(Neo4jStore)
    store.url, store.user, store.database = "bolt://127.0.0.1:9", "neo4j", "neo4j"
    store._retry_seconds, store._down = retry_seconds, False
    runs: list[int] = []

    def run(session: Any, work: Any, write: bool) -> str:
        runs.append(1)
        if len(runs) <= times:
            raise ConstraintError("Duplicated key [128] found on index 'Event[seq]'")
        return "committed"

    store._ensure_ready = lambda: None  # type: ignore[method-assign]
    store._session = lambda: nullcontext()  # type: ignore[method-assign,assignment]
    store._run = run  # type: ignore[method-assign,assignment]
    return store, runs


def test_a_commit_lost_more_than_five_times_is_run_again_until_it_wins() -> None:
    store, runs = store_losing(times=8, retry_seconds=30)
    assert store._write("commit the change", lambda tx: None) == "committed"
    assert len(runs) == 9


def test_a_commit_that_keeps_losing_is_refused_once_its_time_is_up() -> None:
    store, runs = store_losing(times=10**6, retry_seconds=0.3)
    with pytest.raises(StoreUnavailable, match="failed to commit the change"):
        store._write("commit the change", lambda tx: None)
    assert 5 <= len(runs) < 1000
