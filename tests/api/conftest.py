"""A live server for every API test: uvicorn on a free loopback port, in a thread, over a
EmbeddedStore holding a small hand-made strategy; clients are gql over httpx/websockets.

``served``/``api``: a server of the test's own (a test that writes). ``shared``/``reader``:
one server for the test module (a test that only reads; starting a server costs ~0.2 s)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from gql import Client, GraphQLRequest
from gql.client import SyncClientSession
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXTransport
from starlette.applications import Starlette
from starlette.routing import BaseRoute

from strategygraph.api import create_app
from strategygraph.api.feed import ChangeFeed
from strategygraph.config import Settings
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.service.demo import load_demo
from strategygraph.store import EmbeddedStore
from tests.clients import TLS

from .scripted import Clock

LOADER = "loader"
ADMIN_EVERYWHERE = ((Role.ADMIN, ANY_REGION),)


def bearer(token: str | None) -> dict[str, str]:
    """The ``Authorization`` header of ``token`` (none without one)."""
    return {"Authorization": f"Bearer {token}"} if token else {}


def graph_document() -> dict[str, Any]:
    """Two regions: a full chain with two routes to the goals, every kind of gap, a
    lateral dependency, and Finnish titles with accents for the text search."""

    def node(id: str, kind: str, title: str, region: str = "etela", **extra: Any) -> Any:
        return {"id": id, "kind": kind, "region": region, "title": title, **extra}

    def edge(source: str, relation: str, target: str) -> dict[str, str]:
        return {"source": source, "relation": relation, "target": target}

    P = "STRATEGIC_PROJECT"
    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [
            {"id": "national", "name": "Suomi"},
            {"id": "etela", "name": "Etelä-Kymi"},
            {"id": "pohjoinen", "name": "Pohjoinen"},
        ],
        "organisations": [
            {"id": "etela-liitto", "name": "Etelän liitto", "region": "etela"},
            {"id": "etela-sote", "name": "Etelän sote", "region": "etela"},
        ],
        "nodes": [
            node(
                "ng-equal",
                "NATIONAL_GOAL",
                "Samat palvelut kaikille",
                "national",
                status="APPROVED",
                approved_by="Valtioneuvosto",
                decision_date="2018-01-15",
            ),
            node("ng-modern", "NATIONAL_GOAL", "Palvelujen nykyaikaistaminen", "national"),
            node("ng-unserved", "NATIONAL_GOAL", "Yhden luukun periaate", "national"),
            node("cv", "CHANGE_VISION", "Palvelut asiakkaan tarpeen mukaan"),
            node(
                "ov",
                "ORGANISATIONAL_VISION",
                "Ketterä ja kekseliäs",
                organisation="etela-liitto",
                attributes={"mission": "Kaikki sujuu yhes", "values": "Rohkeus"},
            ),
            node("line", "STRATEGIC_LINE", "Yhteistyö yli rajojen", organisation="etela-liitto"),
            node("line-empty", "STRATEGIC_LINE", "Tyhjä linjaus"),
            node("ch", "CHALLENGE", "Tiedolla johtaminen"),
            node("ch-open", "CHALLENGE", "Avoin haaste"),
            node(
                "proj-a",
                P,
                "Digitaalinen tiekartta",
                organisation="etela-sote",
                health="AMBER",
                progress=20,
                owner="Digitiimi",
                phase="suunnittelu",
                start_date="2018-04-01",
                due_date="2018-12-31",
                tags=["digi"],
            ),
            node("proj-b", P, "Yhteistyöverkosto", health="RED", tags=["Yhteistyö"]),
            node("proj-skip", P, "Oikotie", health="GREEN"),
            node("proj-lonely", P, "Irrallinen hanke", "pohjoinen"),
        ],
        "edges": [
            edge("cv", "DERIVES_FROM", "ng-equal"),
            edge("cv", "DERIVES_FROM", "ng-modern"),
            edge("ov", "REALISES", "cv"),
            edge("line", "SUPPORTS", "ov"),
            edge("line-empty", "SUPPORTS", "ov"),
            edge("ch", "CHALLENGES", "line"),
            edge("ch-open", "CHALLENGES", "line"),
            edge("proj-a", "ADDRESSES", "ch"),
            edge("proj-b", "ADDRESSES", "ch"),
            edge("proj-skip", "SUPPORTS", "line"),
            edge("proj-b", "DEPENDS_ON", "proj-a"),
        ],
    }


class Api:
    """One GraphQL client (gql over httpx), signed in with ``token`` (None: anonymous)."""

    def __init__(self, url: str, token: str | None) -> None:
        headers = bearer(token)
        transport = HTTPXTransport(url=url, headers=headers, timeout=10, verify=TLS)
        self.client = Client(transport=transport)
        self.session: SyncClientSession = self.client.connect_sync()

    def __call__(self, query: str, **variables: Any) -> dict[str, Any]:
        return self.session.execute(GraphQLRequest(query, variable_values=variables or None))

    def error(self, query: str, **variables: Any) -> dict[str, Any]:
        """The one error the server answers ``query`` with."""
        with pytest.raises(TransportQueryError) as info:
            self(query, **variables)
        errors = info.value.errors or []
        assert len(errors) == 1, errors
        return dict(errors[0])

    def close(self) -> None:
        self.client.close_sync()


@dataclass
class Served:
    base: str
    app: Starlette
    service: StrategyService
    store: EmbeddedStore
    clients: list[Api] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.base}/graphql"

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://")

    @property
    def feed(self) -> ChangeFeed:
        feed: ChangeFeed = self.app.state.feed
        return feed

    def token(self, user: str, roles: Sequence[tuple[Role, str]] = ADMIN_EVERYWHERE) -> str:
        """A fresh API token for ``user``, who is granted ``roles`` (region ``*``: all)."""
        access = AccessService(self.store.access)
        for role, region in roles:
            access.grant(user, role, region)
        return access.create_token(user)[1]

    def api(
        self, actor: str | None = "tester", roles: Sequence[tuple[Role, str]] = ADMIN_EVERYWHERE
    ) -> Api:
        """A client signed in as ``actor`` holding ``roles`` (by default admin in every
        region); ``actor=None``: a client without a token."""
        client = Api(self.url, self.token(actor, roles) if actor else None)
        self.clients.append(client)
        return client

    def anonymous(self) -> Api:
        return self.api(None)


class _Server(uvicorn.Server):
    """uvicorn's server, whose ``stop()`` wakes its main loop at once: uvicorn looks at
    ``should_exit`` every 0.1 s, which was half of the 0.16 s every test server took to stop."""

    _stopping: asyncio.Event
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._stopping = asyncio.Event()
        self._loop = asyncio.get_running_loop()  # last: stop() wakes only a set-up loop
        counter = 0
        while not await self.on_tick(counter):  # as uvicorn's: the Date header, should_exit
            counter = (counter + 1) % 864_000
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), 0.1)

    def stop(self) -> None:
        self.should_exit = True
        if self._loop is not None:
            with contextlib.suppress(RuntimeError):  # the loop has ended already
                self._loop.call_soon_threadsafe(self._stopping.set)


@contextmanager
def serve(
    store: EmbeddedStore,
    mode: str = "development",
    routes: Sequence[BaseRoute] = (),
    settings: Settings | None = None,
) -> Iterator[Served]:
    """Serve ``store`` on a free port until the block ends; close every client first.
    ``routes`` are mounted beside the API (the map page and map routes, say)."""
    service = StrategyService(store)
    app = create_app(service, settings or Settings(mode=mode), routes)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = _Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        served = Served(f"http://127.0.0.1:{port}", app, service, store)
        try:
            yield served
        finally:
            for client in served.clients:
                client.close()
    finally:
        server.stop()
        thread.join(10)
        sock.close()


def loaded_store(*documents: dict[str, Any]) -> EmbeddedStore:
    store = EmbeddedStore(":memory:")
    service = StrategyService(store)
    for doc in documents:
        service.import_document(doc, LOADER)
    return store


@pytest.fixture
def on_file(tmp_path: Path) -> Iterator[Served]:
    """The hand-made graph in a store file, served: what another process could open too."""
    store = EmbeddedStore(str(tmp_path / "g.db"))
    StrategyService(store).import_document(graph_document(), LOADER)
    try:
        with serve(store) as served:
            yield served
    finally:
        store.close()


@pytest.fixture
def served() -> Iterator[Served]:
    """The hand-made graph, served in development mode."""
    store = loaded_store(graph_document())
    try:
        with serve(store) as s:
            yield s
    finally:
        store.close()


@pytest.fixture
def api(served: Served) -> Api:
    return served.api("alice")


@pytest.fixture(scope="module")
def shared() -> Iterator[Served]:
    """The hand-made graph, served once for a whole test module (``served`` is one server per
    test). Only for tests that read: a test on it must not write the graph, patch the store
    or the app, or grant a user name other roles than another test of the module grants it.
    A test that does takes ``served``."""
    store = loaded_store(graph_document())
    try:
        with serve(store) as s:
            yield s
    finally:
        store.close()


@pytest.fixture
def reader(shared: Served) -> Api:
    """``api`` on the module's shared server: alice, admin in every region."""
    return shared.api("alice")


@pytest.fixture
def production() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store, mode="production") as s:
            yield s
    finally:
        store.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[Served]:
    """The Kymenlaakso demo, loaded as ``strategygraph demo`` loads it (its history dated
    by the seeds' decisions), served (read-only tests only)."""
    store = EmbeddedStore(":memory:")
    load_demo(StrategyService(store))
    try:
        with serve(store) as s:
            yield s
    finally:
        store.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def wait_until(check: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.01)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def scripted(clock: Clock) -> Iterator[Served]:
    """The hand-made graph loaded at T0, served; its store's clock is ``clock``."""
    store = EmbeddedStore(":memory:")
    store.clock = clock
    StrategyService(store).import_document(graph_document(), LOADER)
    try:
        with serve(store) as s:
            yield s
    finally:
        store.close()
