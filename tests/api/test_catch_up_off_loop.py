"""Catching up with other processes never stops a process from answering.

Two real ``strategygraph serve`` processes on one store file: while A catches up with B's
import of 20,000 nodes (in a worker thread), A answers ``/healthz`` with the version it
still holds, and a query sent meanwhile waits for the catch-up and answers from the
caught-up graph. And a write of A's own that waits for another process's write lock
(holding A's store in its thread) does not stop A's ``/healthz`` either. The order of
the answers decides, not a timing. And the catch-up after this process's own commits,
which has nothing to apply, does not wait for the queries running."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from strategygraph.api.catch_up import caught_up
from strategygraph.api.offload import gate_of
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP
from tests.graphs import seeded_document

from .conftest import LOADER, Served, bearer, graph_document, serve
from .processes import graphql, serving

IMPORT = "mutation ($d: JSON!) { importGraph(input: {document: $d}) { graphVersion } }"
HELD = 24_000
"""Nodes both processes hold from the start."""
NODES = 4_500
"""Nodes B imports (about 13,000 events): fewer than the events from which A would load
the whole file again, so A applies them one by one, in its thread."""


def _other_regions(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with its regions (and their nodes and organisations) renamed: new
    nodes under the same national goals."""
    text = re.sub(r'"org(\d+)', r'"borg\1', re.sub(r'"r(\d+)', r'"b\1', json.dumps(document)))
    found: dict[str, Any] = json.loads(text)
    return found


@dataclass(frozen=True)
class Answer:
    """One request: when it was sent, when its answer came, the graph version it gave."""

    sent: float
    answered: float
    version: int


def _healthz(base: str) -> Answer:
    sent = time.monotonic()
    answer = HTTP.get(f"{base}/healthz", timeout=120)
    assert answer.status_code == 200, answer.text
    return Answer(sent, time.monotonic(), int(answer.json()["graphVersion"]))


def _query(url: str, token: str) -> Answer:
    sent = time.monotonic()
    answer = graphql(url, token, "{ graphVersion }")
    assert "errors" not in answer, answer
    return Answer(sent, time.monotonic(), int(answer["data"]["graphVersion"]))


@pytest.fixture
def shared_file(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A store file holding ``HELD`` nodes, and an admin's token on it."""
    path = str(tmp_path / "shared.db")
    store = EmbeddedStore(path)
    try:
        StrategyService(store).import_document(seeded_document(HELD, 3), LOADER)
        access = AccessService(store.access)
        access.grant("alice", Role.ADMIN, ANY_REGION)
        token = access.create_token("alice")[1]
    finally:
        store.close()
    yield path, token


def test_a_process_answers_while_it_catches_up_with_another_ones_big_import(
    shared_file: tuple[str, str], tmp_path: Path
) -> None:
    path, token = shared_file
    document = _other_regions(seeded_document(NODES, 4))
    with (
        serving(f"sqlite:///{path}", tmp_path / "a.log") as a,
        serving(f"sqlite:///{path}", tmp_path / "b.log") as b,
    ):
        before = _healthz(a.base).version
        health: list[Answer] = []
        queries: list[Answer] = []
        stop = threading.Event()

        def keep_asking(ask: Callable[[], Answer], answers: list[Answer]) -> None:
            while not stop.is_set():
                answers.append(ask())

        with ThreadPoolExecutor(3) as pool:  # two askers of queries: one is always waiting
            asking = [
                pool.submit(keep_asking, partial(_healthz, a.base), health),
                *(pool.submit(keep_asking, partial(_query, a.url, token), queries) for _ in "ab"),
            ]
            try:
                imported = graphql(b.url, token, IMPORT, d=document)
                assert "errors" not in imported, str(imported)[:2000]
                after = int(imported["data"]["importGraph"]["graphVersion"])
                deadline = time.monotonic() + 120
                while not (queries and queries[-1].version == after):
                    assert time.monotonic() < deadline, "A never caught up"
                    time.sleep(0.05)
            finally:
                stop.set()
                for future in asking:
                    future.result()
        assert after > before
        assert {q.version for q in queries} == {before, after}  # nothing else, nothing half
        first = min((q for q in queries if q.version == after), key=lambda q: q.sent)
        during = [
            h
            for h in health
            if h.sent > first.sent and h.answered < first.answered and h.version == before
        ]
        # Answered while that query waited for A's catch-up, which was not done: the loop
        # went on answering. (Caught up on the loop, healthz would have waited for it, and
        # caught up itself first: never the old version once the query had to wait.)
        assert during, (before, first, [h for h in health if h.sent > first.sent][:5])
        assert _healthz(a.base).version == after  # and the catch-up did finish


def test_healthz_answers_while_this_process_writes_and_waits_for_another_ones_lock(
    tmp_path: Path,
) -> None:
    """A's import (in its thread, holding A's store) waits for the file's write lock,
    which another connection holds, and which that one releases only after A's
    ``/healthz`` has answered: answered on the loop, the import goes through."""
    path = str(tmp_path / "g.db")
    store = EmbeddedStore(path)
    try:
        with serve(store) as served:
            token = served.token("alice")
            other = sqlite3.connect(path, isolation_level=None, timeout=30)
            try:
                other.execute("BEGIN IMMEDIATE")  # another process writes, and holds on
                other.execute("CREATE TABLE another_process_wrote(x)")
                with ThreadPoolExecutor(1) as pool:
                    importing = pool.submit(_import_small, served, token)
                    _until_held(store)  # A's import holds A's store, waiting for the lock
                    assert not importing.done()
                    health = _healthz(served.base)  # today's: waits for the import's end
                    assert not importing.done()
                    other.execute("COMMIT")  # the other process's write lands
                    result = importing.result(timeout=120)
            finally:
                other.close()
        assert "errors" not in result, result
        assert result["data"]["importGraph"]["graphVersion"] > health.version
    finally:
        store.close()


def _import_small(served: Served, token: str) -> dict[str, Any]:
    answer = HTTP.post(
        served.url,
        json={"query": IMPORT, "variables": {"d": seeded_document(50, 5)}},
        headers=bearer(token),
        timeout=120,
    )
    found: dict[str, Any] = answer.json()
    return found


def _until_held(store: EmbeddedStore) -> None:
    """Until another thread holds ``store``'s lock, seen twenty times running."""
    deadline = time.monotonic() + 60
    seen = 0
    while seen < 20:
        assert time.monotonic() < deadline, "the import never took the store's lock"
        if store._lock.acquire(blocking=False):
            store._lock.release()
            seen = 0
        else:
            seen += 1
        time.sleep(0.005)


@pytest.mark.anyio
async def test_this_process_s_own_commits_need_no_catch_up_under_the_gate(tmp_path: Path) -> None:
    """The probe sees this process's own commits move the file too; catching up after
    them applies nothing, so it does not wait for the queries running (the gate)."""
    store = EmbeddedStore(str(tmp_path / "own.db"))
    try:
        service = StrategyService(store)
        service.import_document(graph_document(), LOADER)
        await caught_up(store)
        service.update_node("ch", {"title": "oma muutos"}, 1, "olli")
        assert store.behind()  # the file moved: by whom, the probe cannot tell
        async with gate_of(store).reader_lock:  # a query is running
            catching = asyncio.ensure_future(caught_up(store))
            await asyncio.wait({catching}, timeout=60)  # with the writer side: never, here
            assert catching.done()
        assert not store.behind()
    finally:
        store.close()
