"""One store, many processes: two ``strategygraph serve`` processes (or one with
``--workers 2``) and the CLI on one SQLite file, and two service instances on one Neo4j
database, behave as one service: every version race has one winner, no acknowledged write
is lost, the metamodel holds across writers, a write made anywhere is read everywhere,
and subscribers on every process get every change, in order, once."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.neo4j import Neo4jStore

from .conftest import LOADER, graph_document
from .processes import (
    COUNT,
    LINK,
    RETRIES,
    UPDATE,
    VERSION,
    Instance,
    cli,
    document_file,
    graphql,
    retryable,
    serving,
    write_through_a_kill,
)

LAYOUTS = ["two-servers", "two-workers", "neo4j-two-servers"]
PROJECTS = ["proj-a", "proj-b", "proj-skip", "proj-lonely"]


@dataclass
class Shared:
    """Processes sharing one store, and how to open it once more to see the truth."""

    store_url: str
    env: dict[str, str]
    token: str
    open: Callable[[], GraphStore]
    optimistic: bool = False
    """ArcadeDB, the test's Bolt server, commits optimistically: a long import retried
    while small writes keep committing can run out of attempts. Neo4j itself locks the
    graph's version node first, as SQLite's write lock does, so the import waits."""
    instances: list[Instance] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        """Where writes go, in turn: each server, or the one port of the workers twice."""
        urls = [i.url for i in self.instances]
        return urls if len(urls) > 1 else urls * 2

    def cli(self, *args: str) -> str:
        return cli(self.store_url, *args, env={**self.env, "STRATEGYGRAPH_ACTOR": "cli"})


@pytest.fixture(scope="module", params=LAYOUTS)
def shared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Shared]:
    """The processes of one layout, started once for the tests of the module that use them
    (none kills them): each test writes its own nodes, or reads the versions it starts
    from, so neither depends on the other having run first."""
    layout = str(request.param)
    tmp_path = tmp_path_factory.mktemp(layout)
    if layout.startswith("neo4j"):
        server = request.getfixturevalue("bolt_server")
        server.wipe()
        env = {
            "STRATEGYGRAPH_NEO4J_USER": server.user,
            "STRATEGYGRAPH_NEO4J_PASSWORD": server.password,
            "STRATEGYGRAPH_NEO4J_DATABASE": server.database,
        }

        def open_neo4j() -> GraphStore:
            return Neo4jStore(server.url, server.user, server.password, server.database)

        url, opener = server.url, open_neo4j
    else:
        path = str(tmp_path / "shared.db")
        url, env = f"sqlite:///{path}", {}

        def open_file() -> GraphStore:
            return EmbeddedStore(path)

        opener = open_file
    store = opener()
    try:
        StrategyService(store).import_document(graph_document(), LOADER)
        access = AccessService(store.access)
        access.grant("alice", Role.ADMIN, ANY_REGION)
        token = access.create_token("alice")[1]
    finally:
        store.close()
    found = Shared(url, env, token, opener, optimistic=layout.startswith("neo4j"))
    with ExitStack() as stack:
        if layout == "two-workers":
            found.instances.append(
                stack.enter_context(serving(url, tmp_path / "workers.log", 2, env))
            )
        else:
            for name in ("a", "b"):
                found.instances.append(
                    stack.enter_context(serving(url, tmp_path / f"{name}.log", 1, env))
                )
        yield found


def read(shared: Shared, url: str, node_id: str) -> dict[str, Any]:
    answer = graphql(url, shared.token, VERSION, id=node_id)
    assert "errors" not in answer, answer
    return dict(answer["data"])


def race(shared: Shared, pool: ThreadPoolExecutor, calls: list[Callable[[], Any]]) -> list[Any]:
    """Run ``calls`` at the same moment, one thread each (``pool`` needs as many
    workers as there are calls: with fewer, the barrier breaks after 30 s rather than
    waiting for calls that cannot start — a hang)."""
    start = threading.Barrier(len(calls), timeout=30)

    def at_once(call: Callable[[], Any]) -> Any:
        start.wait()
        return call()

    return list(pool.map(at_once, calls))


def test_races_across_processes_have_one_winner_and_lose_nothing(
    shared: Shared, tmp_path: Path
) -> None:
    imported = [
        {"id": f"imp-{i}", "kind": "STRATEGIC_PROJECT", "region": "pohjoinen", "title": f"H {i}"}
        for i in range(1_000)
    ]
    source = document_file(tmp_path / "import.json", imported)
    failed: list[BaseException] = []

    def run_import() -> None:
        try:
            shared.cli("import", str(source))
        except BaseException as exc:
            failed.append(exc)

    importer = threading.Thread(target=run_import)
    importer.start()  # the CLI imports 1,000 nodes while the servers race
    if shared.optimistic:
        importer.join()
    urls, token = shared.urls, shared.token
    winners: list[tuple[str, int, str]] = []
    with ThreadPoolExecutor(4) as pool:
        for turn in range(50):
            node = PROJECTS[turn % len(PROJECTS)]
            version = read(shared, urls[0], node)["node"]["version"]
            calls = [
                lambda url=urls[i % 2], node=node, v=version, title=f"r{turn}-{i}": graphql(
                    url, token, UPDATE, id=node, v=v, title=title
                )
                for i in range(4)
            ]
            answers = race(shared, pool, calls)
            won = [i for i, a in enumerate(answers) if "errors" not in a]
            assert len(won) == 1, answers
            codes = {a["errors"][0]["extensions"]["code"] for a in answers if "errors" in a}
            # A loser is told its version is stale, or, when another process (the CLI's
            # import) held the write lock past WRITE_WAIT on a loaded machine, that the
            # store was busy: both change nothing (the titles are checked below).
            assert codes and codes <= {"VERSION_CONFLICT", "STORE_BUSY"}, answers
            winners.append((node, version + 1, f"r{turn}-{won[0]}"))
        importer.join()
        assert not failed, failed
        for url in set(urls):  # the next read of every process shows the CLI's import
            counted = graphql(url, token, COUNT, region="pohjoinen")
            assert counted["data"]["nodes"]["totalCount"] == 1_001
        for pair in range(20):  # x -> y and y -> x at once: one closes a cycle, refused
            x, y = f"imp-{2 * pair}", f"imp-{2 * pair + 1}"
            answers = race(
                shared,
                pool,
                [
                    lambda x=x, y=y: graphql(urls[0], token, LINK, s=x, t=y),
                    lambda x=x, y=y: graphql(urls[1], token, LINK, s=y, t=x),
                ],
            )
            refused = [a["errors"][0]["extensions"] for a in answers if "errors" in a]
            assert len(refused) == 1, answers
            assert refused[0]["code"] == "VALIDATION" and refused[0]["rule"] == "cycle"

    truth = shared.open()
    try:
        log = truth.events(after=0, limit=100_000)
        assert [e.seq for e in log] == list(range(1, len(log) + 1))  # contiguous
        updates = Counter(
            (e.target, e.before["version"])
            for e in log
            if e.operation == "update_node" and e.before is not None
        )
        assert max(updates.values()) == 1  # no version written twice
        kept = {
            (e.target, e.after["version"], e.after["title"])
            for e in log
            if e.operation == "update_node" and e.after is not None
        }
        assert set(winners) <= kept  # every acknowledged write is in the store
        for node in PROJECTS:
            expected = truth.get_node(node)
            for url in set(urls):
                seen = read(shared, url, node)
                assert (seen["node"]["version"], seen["node"]["title"]) == (
                    expected.version,
                    expected.title,
                )
                assert seen["graphVersion"] == truth.version()
        links = {(e.source, e.target) for e in truth.edges() if e.source.startswith("imp-")}
        assert len(links) == 20 and not any((t, s) in links for s, t in links)
    finally:
        truth.close()


def test_kill_9_of_one_server_mid_write_loses_nothing_the_others_acknowledged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared.db"
    url = f"sqlite:///{path}"
    store = EmbeddedStore(str(path))
    StrategyService(store).import_document(graph_document(), LOADER)
    access = AccessService(store.access)
    access.grant("alice", Role.ADMIN, ANY_REGION)
    token = access.create_token("alice")[1]
    store.close()
    acknowledged: dict[str, list[int]] = {"proj-a": [], "proj-b": []}
    with serving(url, tmp_path / "a.log") as a, serving(url, tmp_path / "b.log") as b:
        versions = {"proj-a": 1, "proj-b": 1}

        def send(instance: Instance, node: str, n: int) -> bool:
            try:
                answer = graphql(
                    instance.url, token, UPDATE, id=node, v=versions[node], title=str(n)
                )
            except Exception:  # the server died under this request: not acknowledged
                return False
            if "errors" in answer:
                return False
            versions[node] = answer["data"]["updateNode"]["node"]["version"]
            acknowledged[node].append(versions[node])
            return True

        write_through_a_kill([(a, "proj-a", 15), (b, "proj-b", None)], 60, send)
        assert a.process.poll() is not None
        assert len(acknowledged["proj-b"]) == 60  # the survivor never stopped
        assert read_version(b, token, "proj-a") >= max(acknowledged["proj-a"])
    truth = EmbeddedStore(str(path))
    try:
        for node, versions in acknowledged.items():
            logged = {
                e.after["version"]
                for e in truth.events(node_id=node, after=0, limit=1_000)
                if e.operation == "update_node" and e.after is not None
            }
            assert set(versions) <= logged, node
        assert truth.get_node("proj-b").version == 61
    finally:
        truth.close()


def read_version(instance: Instance, token: str, node: str) -> int:
    answer = graphql(instance.url, token, VERSION, id=node)
    return int(answer["data"]["node"]["version"])


CHANGED = """subscription ($since: Int) {
  graphChanged(since: $since) { version firstSeq actor nodes { id version } } }"""


async def collect(
    url: str, token: str, into: list[dict[str, Any]], since: int | None = None
) -> None:
    transport = WebsocketsTransport(url=url, init_payload={"Authorization": f"Bearer {token}"})
    async with Client(transport=transport) as session:
        request = GraphQLRequest(CHANGED, variable_values={"since": since})
        async for result in session.subscribe(request):
            into.append(result["graphChanged"])


def refused_unchanged(shared: Shared, answer: dict[str, Any]) -> bool:
    """A refusal a client is to retry, the write having changed nothing: the store busy
    (another writer held the file's lock past the wait, ``retryable``), or on ArcadeDB's
    optimistic commits (``Shared.optimistic``) a commit that lost to another writer's.
    Back-to-back writes from two servers and the CLI meet both on a loaded machine; a
    retried write that had changed something would show as a change too many below."""
    if retryable(answer):
        return True
    errors = answer.get("errors") or []
    lost = bool(errors) and errors[0].get("extensions", {}).get("code") == "STORE_UNAVAILABLE"
    return shared.optimistic and lost


def reached(stream: list[dict[str, Any]], version: int) -> bool:
    return bool(stream) and stream[-1]["version"] >= version


async def until(check: Callable[[], bool], seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.anyio
async def test_subscribers_on_every_process_get_every_change_in_order(
    shared: Shared, tmp_path: Path
) -> None:
    urls, token = shared.urls, shared.token
    ws_urls = [u.replace("http://", "ws://") for u in urls] * 2  # two on each, or four
    streams: list[list[dict[str, Any]]] = [[] for _ in ws_urls]
    tasks = [
        asyncio.create_task(collect(u, token, s)) for u, s in zip(ws_urls, streams, strict=True)
    ]
    try:
        # A probe write until every subscriber has heard one: they are all listening.
        probe = read(shared, urls[0], "ch-open")["node"]["version"]
        while not all(streams):
            await asyncio.to_thread(
                graphql, urls[0], token, UPDATE, id="ch-open", v=probe, title=f"probe {probe}"
            )
            probe += 1
            await asyncio.sleep(0.05)
        start = read(shared, urls[0], "ch")["graphVersion"]
        # The module's other test may have written these nodes first: from their version.
        first = {node: read(shared, urls[0], node)["node"]["version"] for node in PROJECTS}
        ch = read(shared, urls[0], "ch")["node"]["version"]

        def write_through(url: str, node: str, count: int) -> None:
            for n in range(count):
                v = first[node] + n
                for _ in range(RETRIES):
                    answer = graphql(url, token, UPDATE, id=node, v=v, title=f"{node} {n}")
                    if not refused_unchanged(shared, answer):
                        break
                assert "errors" not in answer, answer

        def write_with_cli() -> None:
            for n in range(5):
                one = [{"id": f"cli-{n}", "kind": "CHALLENGE", "region": "etela", "title": "C"}]
                shared.cli("import", str(document_file(tmp_path / f"cli-{n}.json", one)))

        await asyncio.gather(
            asyncio.to_thread(write_through, urls[0], "proj-a", 98),
            asyncio.to_thread(write_through, urls[1], "proj-b", 97),
            asyncio.to_thread(write_with_cli),
        )
        end = start + 200
        assert read(shared, urls[1], "ch")["graphVersion"] == end

        await until(lambda: all(reached(s, end) for s in streams))
        await asyncio.sleep(0.3)  # anything extra would arrive now
        live = [[c for c in s if c["version"] > start] for s in streams]
        for stream in live:
            assert [(c["firstSeq"], c["version"]) for c in stream] == [
                (seq, seq) for seq in range(start + 1, end + 1)
            ]
            assert stream == live[0]
        assert Counter(c["actor"] for c in live[0]) == Counter({"alice": 195, "cli": 5})

        # A subscriber that reconnects with ``since`` gets what it missed, then goes on.
        history, latest = live[0], end
        for turn, since in enumerate((start, start + 120)):
            resumed: list[dict[str, Any]] = []
            tasks.append(asyncio.create_task(collect(ws_urls[1], token, resumed, since)))
            await until(partial(reached, resumed, latest))
            assert resumed == [c for c in history if c["version"] > since]
            await asyncio.to_thread(
                graphql, urls[0], token, UPDATE, id="ch", v=ch + turn, title=f"after {turn}"
            )
            latest += 1
            await until(partial(reached, resumed, latest))
            assert [c["version"] for c in resumed if c["version"] > latest - 1] == [latest]
            history = [*history, resumed[-1]]
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
