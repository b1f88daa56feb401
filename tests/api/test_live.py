"""Live updates over graphql-transport-ws: each committed change once, in commit order;
failed writes send nothing. And the feed following commits made through another
connection to the same file, as another process makes them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from strategygraph.api.commits import Commit, commits_of
from strategygraph.api.feed import ChangeFeed
from strategygraph.domain import Event
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.clients import TLS

from .conftest import LOADER, Served, bearer, graph_document

pytestmark = pytest.mark.anyio

CHANGED = """
subscription ($region: ID) {
  graphChanged(region: $region) {
    version firstSeq actor regions
    nodes { id version title }
    removedNodes { id }
    relationships { sourceId relation targetId }
    removedRelationships { sourceId targetId }
  }
}
"""
UPDATE = """
mutation ($input: UpdateNodeInput!) { updateNode(input: $input) { node { id version } } }
"""
LINK = """
mutation ($input: LinkInput!) { link(input: $input) { relationship { sourceId } } }
"""


@asynccontextmanager
async def http(served: Served, actor: str) -> AsyncIterator[AsyncClientSession]:
    headers = bearer(served.token(actor))
    transport = HTTPXAsyncTransport(url=served.url, headers=headers, timeout=10, verify=TLS)
    async with Client(transport=transport) as session:
        yield session


@asynccontextmanager
async def subscribed(
    served: Served, variables: dict[str, Any] | None = None
) -> AsyncIterator[list[dict[str, Any]]]:
    """Subscribe over WebSocket; yield the list the changes arrive in, once the server
    has the subscription."""
    seen: list[dict[str, Any]] = []
    before = served.feed.subscribers
    init = bearer(served.token("watcher"))
    transport = WebsocketsTransport(url=served.ws_url, init_payload=init)
    async with Client(transport=transport) as session:

        async def listen() -> None:
            request = GraphQLRequest(CHANGED, variable_values=variables)
            async for result in session.subscribe(request):
                seen.append(result["graphChanged"])

        task = asyncio.create_task(listen())
        try:
            for _ in range(500):
                if served.feed.subscribers > before:
                    break
                await asyncio.sleep(0.01)
            assert served.feed.subscribers == before + 1
            yield seen
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task


async def settle(seen: list[dict[str, Any]], count: int) -> None:
    """Wait for ``count`` changes, then a little more, to catch any extra one."""
    for _ in range(500):
        if len(seen) >= count:
            break
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)


async def test_a_subscriber_sees_another_clients_change_once(served: Served) -> None:
    version = served.store.version()
    async with subscribed(served) as seen, http(served, "bob") as bob:
        await bob.execute(
            GraphQLRequest(
                UPDATE,
                variable_values={"input": {"id": "proj-a", "expectedVersion": 1, "title": "Bobin"}},
            )
        )
        await settle(seen, 1)
    assert seen == [
        {
            "version": version + 1,
            "firstSeq": version + 1,
            "actor": "bob",
            "regions": ["etela"],
            "nodes": [{"id": "proj-a", "version": 2, "title": "Bobin"}],
            "removedNodes": [],
            "relationships": [],
            "removedRelationships": [],
        }
    ]


async def test_failed_writes_send_nothing_and_order_is_kept(served: Served) -> None:
    version = served.store.version()
    async with subscribed(served) as seen, http(served, "bob") as bob, http(served, "cay") as cay:
        ok = {"input": {"id": "ch", "expectedVersion": 1, "title": "Uusi"}}
        await bob.execute(GraphQLRequest(UPDATE, variable_values=ok))
        with pytest.raises(TransportQueryError):  # stale version: rolled back
            await cay.execute(GraphQLRequest(UPDATE, variable_values=ok))
        wrong = {"input": {"source": "proj-a", "relation": "DERIVES_FROM", "target": "ng-equal"}}
        with pytest.raises(TransportQueryError):  # breaks the metamodel
            await cay.execute(GraphQLRequest(LINK, variable_values=wrong))
        right = {"input": {"source": "proj-lonely", "relation": "ADDRESSES", "target": "ch-open"}}
        await cay.execute(GraphQLRequest(LINK, variable_values=right))
        await settle(seen, 2)
    assert [(c["version"], c["actor"]) for c in seen] == [
        (version + 1, "bob"),
        (version + 2, "cay"),
    ]
    assert seen[1]["relationships"] == [
        {"sourceId": "proj-lonely", "relation": "ADDRESSES", "targetId": "ch-open"}
    ]
    assert seen[1]["regions"] == ["etela", "pohjoinen"]


async def test_a_region_subscription_gets_only_its_region(served: Served) -> None:
    async with subscribed(served, {"region": "pohjoinen"}) as seen, http(served, "bob") as bob:
        await bob.execute(
            GraphQLRequest(
                UPDATE, variable_values={"input": {"id": "ch", "expectedVersion": 1, "title": "x"}}
            )
        )
        await bob.execute(
            GraphQLRequest(
                UPDATE,
                variable_values={
                    "input": {"id": "proj-lonely", "expectedVersion": 1, "title": "y"}
                },
            )
        )
        await settle(seen, 1)
    assert [(c["regions"], [n["id"] for n in c["nodes"]]) for c in seen] == [
        (["pohjoinen"], ["proj-lonely"])
    ]


async def test_two_subscribers_each_get_every_change(served: Served) -> None:
    async with (
        subscribed(served) as first,
        subscribed(served) as second,
        http(served, "bob") as bob,
    ):
        for version in (1, 2):
            await bob.execute(
                GraphQLRequest(
                    UPDATE,
                    variable_values={
                        "input": {"id": "cv", "expectedVersion": version, "title": f"v{version}"}
                    },
                )
            )
        await settle(first, 2)
        await settle(second, 2)
    assert [c["nodes"][0]["version"] for c in first] == [2, 3]
    assert first == second


async def test_the_feed_delivers_what_another_connection_commits(tmp_path: Path) -> None:
    """Commits made through a second store object on the same file (as another process
    would make them) reach this feed's subscribers, in order, each once, whether the
    feed hears of them from its own service or finds them in the log."""
    path = str(tmp_path / "shared.db")
    mine, other = EmbeddedStore(path), EmbeddedStore(path)
    try:
        StrategyService(other).import_document(graph_document(), LOADER)
        service = StrategyService(mine)
        feed = ChangeFeed(service, interval=0.02)
        feed.start(asyncio.get_running_loop())
        start = mine.version()
        assert start == other.version()
        got: list[Commit] = []
        async with feed.subscribe() as inbox:
            StrategyService(other).update_node("ch", {"title": "a"}, 1, "olli")
            service.update_node("ch", {"title": "b"}, 2, "mia")  # catches up first: no conflict
            StrategyService(other).import_document(_two_new_nodes(), "olli")
            await feed.pump()
            await feed.pump()  # looked twice: delivered once
            for _ in range(3):
                item = await asyncio.wait_for(inbox.get(), 2)
                assert item is not None
                got.append(item)
            await asyncio.sleep(0.1)
            assert inbox.queue.empty()
        feed.stop()
        assert [(c.first, c.version, c.actor) for c in got] == [
            (start + 1, start + 1, "olli"),
            (start + 2, start + 2, "mia"),
            (start + 3, start + 4, "olli"),
        ]
        assert [n.title for n in got[0].nodes + got[1].nodes] == ["a", "b"]
        assert sorted(n.id for n in got[2].nodes) == ["new-1", "new-2"]
        assert mine.get_node("new-2").title == "Toinen" and mine.version() == start + 4
    finally:
        mine.close()
        other.close()


def _two_new_nodes() -> dict[str, Any]:
    return {
        "format": "strategygraph",
        "format_version": 1,
        "nodes": [
            {"id": "new-1", "kind": "CHALLENGE", "region": "etela", "title": "Eka"},
            {"id": "new-2", "kind": "CHALLENGE", "region": "etela", "title": "Toinen"},
        ],
        "edges": [],
    }


def test_commits_are_told_apart_by_time_actor_and_request() -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    later = at + timedelta(microseconds=1)

    def event(seq: int, when: datetime, actor: str = "a", request: str | None = None) -> Event:
        after = {"id": f"n{seq}", "kind": "CHALLENGE", "region": "etela", "title": "t"}
        after.update(status="DRAFT", version=1)
        return Event(
            seq, when, actor, "create_node", f"n{seq}", "etela", None, after, None, request
        )

    events = [
        event(1, at),
        event(2, at),
        event(3, at, "b"),
        event(4, at, "b", "r1"),
        event(5, later, "b", "r1"),
    ]
    commits = list(commits_of(events, lambda node_id: None))
    assert [(c.first, c.version) for c in commits] == [(1, 2), (3, 3), (4, 4), (5, 5)]
    assert [len(c.nodes) for c in commits] == [2, 1, 1, 1]


async def test_comments_and_reviews_arrive_with_their_content_in_their_region(
    served: Served,
) -> None:
    query = """subscription ($region: ID) { graphChanged(region: $region) {
      regions comments { nodeId author text } relationships { sourceId targetId suspect } } }"""
    before = served.feed.subscribers
    transport = WebsocketsTransport(url=served.ws_url, init_payload=bearer(served.token("w")))
    seen: list[dict[str, Any]] = []
    async with Client(transport=transport) as session, http(served, "bob") as bob:

        async def listen() -> None:
            request = GraphQLRequest(query, variable_values={"region": "etela"})
            async for result in session.subscribe(request):
                seen.append(result["graphChanged"])

        task = asyncio.create_task(listen())
        for _ in range(500):
            if served.feed.subscribers > before:
                break
            await asyncio.sleep(0.01)
        comment = """mutation { addComment(input: {nodeId: "ch", text: "Hyvä haaste"}) {
          comment { id } } }"""
        await bob.execute(GraphQLRequest(comment))
        approved = {"input": {"id": "ng-equal", "expectedVersion": 1, "title": "Samat palvelut"}}
        await bob.execute(GraphQLRequest(UPDATE, variable_values=approved))  # cv's link: suspect
        review = """mutation { reviewLink(input: {source: "cv", relation: DERIVES_FROM,
          target: "ng-equal"}) { relationship { suspect } } }"""
        await bob.execute(GraphQLRequest(review))
        await settle(seen, 3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    assert seen[0] == {
        "regions": ["etela"],
        "comments": [{"nodeId": "ch", "author": "bob", "text": "Hyvä haaste"}],
        "relationships": [],
    }
    flagged = {"sourceId": "cv", "targetId": "ng-equal", "suspect": True}
    assert seen[1]["relationships"] == [flagged]
    assert seen[2]["relationships"] == [{**flagged, "suspect": False}]
    assert len(seen) == 3
