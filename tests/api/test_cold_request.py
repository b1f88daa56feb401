"""What a cold request (kept answers off, a document already compiled) does besides its
answer: it looks once whether another process committed (``PRAGMA data_version``, the
catch-up check), not once for the kept-answer lookup that is off and again for the plan;
and it still sees another process's commit at once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from strategygraph.config import Settings
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

from .conftest import LOADER, Served, graph_document, serve

TRACE = "query T($id: ID!) { traceUp(id: $id) { paths { nodes { id title } relations } } }"
TITLE = "query N($id: ID!) { node(id: $id) { title } }"


@pytest.fixture
def cold(tmp_path: Path) -> Iterator[Served]:
    """The hand-made graph in a store file, served with kept answers off."""
    store = EmbeddedStore(str(tmp_path / "g.db"))
    StrategyService(store).import_document(graph_document(), LOADER)
    try:
        with serve(store, settings=Settings(answer_cache_mb=0)) as served:
            yield served
    finally:
        store.close()


def _counted(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The tasks that ask the store whether it is behind (the real check runs), by
    their coroutine's name."""
    askers: list[str] = []
    behind: Callable[[], bool] = store.behind

    def counted() -> bool:
        task = asyncio.current_task()
        askers.append(getattr(task.get_coro(), "__qualname__", "") if task else "")
        return behind()

    monkeypatch.setattr(store, "behind", counted)
    return askers


def test_a_compiled_request_looks_at_the_store_file_once(
    cold: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = cold.api("alice")
    first = api(TRACE, id="proj-a")  # answered the normal way, then compiled
    looks = _counted(cold.store, monkeypatch)
    served = cold.app.state.compiled.served
    assert api(TRACE, id="proj-a") == first
    assert cold.app.state.compiled.served == served + 1  # by the plan
    # The change feed's follower looks on its own (every second, and after commits).
    assert len([a for a in looks if a != "ChangeFeed._follow"]) == 1, looks


def test_a_compiled_request_sees_another_process_commit(
    cold: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = cold.api("alice")
    assert api(TITLE, id="proj-a")["node"]["title"] == api(TITLE, id="proj-a")["node"]["title"]
    other = EmbeddedStore(cold.store.path)  # another process's store on the same file
    try:
        node = other.get_node("proj-a")
        StrategyService(other).update_node(
            "proj-a", {"title": "Renamed elsewhere"}, node.version, actor=LOADER
        )
    finally:
        other.close()
    served = cold.app.state.compiled.served
    assert api(TITLE, id="proj-a")["node"]["title"] == "Renamed elsewhere"
    assert cold.app.state.compiled.served == served + 1
