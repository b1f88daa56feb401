"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.neo4j import Neo4jStore
from tests.arcadedb import BoltServer

ADAPTERS = ["memory", "neo4j"]
"""Every GraphStore adapter; the contract suite runs once per entry."""
BOLT_GROUP = "bolt-server"
BROWSER_GROUP = "chromium"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the ``xdist_group`` marks
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks what needs the Bolt server (``neo4j``) or Chromium (``e2e``), so that
    ``make test-fast`` can leave them out: a test is ``neo4j`` when it runs on the neo4j
    adapter (a parameter ``neo4j…``), asks for ``bolt_server`` or its module starts a
    ``BoltServer`` of its own; it is ``e2e`` when it asks for the ``browser``.

    Each kind is also one ``xdist_group``: under ``pytest -n N --dist loadgroup`` (``make
    test``) one worker runs them all, so the session starts one Bolt server and one Chromium,
    not one per worker."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        params = getattr(getattr(item, "callspec", None), "params", {})
        module = getattr(item, "module", None)
        if (
            any(isinstance(value, str) and value.startswith("neo4j") for value in params.values())
            or "bolt_server" in names
            or getattr(module, "BoltServer", None) is BoltServer
        ):
            item.add_marker(pytest.mark.neo4j)
            item.add_marker(pytest.mark.xdist_group(BOLT_GROUP))
        if "browser" in names:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group(BROWSER_GROUP))


def make_store(adapter: str, tmp_path: Path, server: BoltServer | None = None) -> GraphStore:
    """A new, empty store of the adapter (the Neo4j one on ``server``, wiped first)."""
    if adapter == "memory":
        return EmbeddedStore(str(tmp_path / "graph.db"))
    if adapter == "neo4j":
        if server is None:
            raise ValueError("the neo4j adapter needs the bolt_server fixture")
        server.wipe()
        return Neo4jStore(server.url, server.user, server.password, server.database)
    raise ValueError(adapter)


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """The session's Bolt server (ArcadeDB, DESIGN.md §5); a start failure fails the tests."""
    server = BoltServer(tmp_path_factory.mktemp("arcadedb"))
    try:
        server.start()
        yield server
    finally:
        server.close()


@pytest.fixture(params=ADAPTERS)
def adapter(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def store(adapter: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[GraphStore]:
    server = request.getfixturevalue("bolt_server") if adapter == "neo4j" else None
    s = make_store(adapter, tmp_path, server)
    yield s
    s.close()


@pytest.fixture
def reopen(
    adapter: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[GraphStore], GraphStore]]:
    """Opens a new store object on what ``store`` keeps: its file, or its database."""
    opened: list[GraphStore] = []

    def again(old: GraphStore) -> GraphStore:
        if adapter == "memory":
            old.close()
            new: GraphStore = EmbeddedStore(str(tmp_path / "graph.db"))
        else:
            server: BoltServer = request.getfixturevalue("bolt_server")
            new = Neo4jStore(server.url, server.user, server.password, server.database)
        opened.append(new)
        return new

    yield again
    for s in opened:
        s.close()


@pytest.fixture
def service(store: GraphStore) -> StrategyService:
    return StrategyService(store)


def small_document() -> dict[str, Any]:
    """A hand-made region with one full chain, a gap and a lateral dependency."""

    def node(id: str, kind: str, region: str = "r1", **extra: Any) -> dict[str, Any]:
        return {"id": id, "kind": kind, "region": region, "title": id.upper(), **extra}

    def edge(source: str, relation: str, target: str) -> dict[str, Any]:
        return {"source": source, "relation": relation, "target": target}

    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Suomi"}, {"id": "r1", "name": "Region One"}],
        "organisations": [{"id": "org1", "name": "Org One", "region": "r1"}],
        "nodes": [
            node(
                "goal",
                "NATIONAL_GOAL",
                "national",
                status="APPROVED",
                approved_by="Valtioneuvosto",
                decision_date="2018-01-15",
            ),
            node("goal2", "NATIONAL_GOAL", "national"),
            node("cv", "CHANGE_VISION"),
            node("ov", "ORGANISATIONAL_VISION", organisation="org1"),
            node("line", "STRATEGIC_LINE", organisation="org1"),
            node("ch", "CHALLENGE"),
            node("ch-open", "CHALLENGE"),
            node("proj", "STRATEGIC_PROJECT", health="RED", progress=40),
            node("proj2", "STRATEGIC_PROJECT", health="GREEN"),
        ],
        "edges": [
            edge("cv", "DERIVES_FROM", "goal"),
            edge("ov", "REALISES", "cv"),
            edge("line", "SUPPORTS", "ov"),
            edge("ch", "CHALLENGES", "line"),
            edge("ch-open", "CHALLENGES", "line"),
            edge("proj", "ADDRESSES", "ch"),
            edge("proj2", "ADDRESSES", "ch"),
            edge("proj2", "DEPENDS_ON", "proj"),
        ],
    }


@pytest.fixture
def loaded(service: StrategyService) -> StrategyService:
    service.import_document(small_document(), "loader")
    return service
