"""Live updates over graphql-transport-ws: each committed change once, in commit order;
failed writes send nothing. And the feed's ordering when commits race across threads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.client import AsyncClientSession
from gql.transport.exceptions import TransportQueryError
from gql.transport.httpx import HTTPXAsyncTransport
from gql.transport.websockets import WebsocketsTransport

from strategygraph.api import feed as feed_module
from strategygraph.api.feed import ChangeFeed, Commit
from strategygraph.domain.changes import CommitResult
from strategygraph.service import StrategyService

from .conftest import Served, bearer, graph_document, loaded_store

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
    transport = HTTPXAsyncTransport(url=served.url, headers=headers, timeout=10)
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


def commit(version: int, events: int = 1) -> CommitResult:
    return CommitResult(version=version, events=events)


async def test_the_feed_puts_racing_commits_back_in_order() -> None:
    store = loaded_store(graph_document())
    try:
        feed = ChangeFeed(StrategyService(store))
        feed.start(asyncio.get_running_loop())
        start = store.version()
        got: list[Commit] = []
        async with feed.subscribe() as inbox:
            # The listener calls of commits 2 and 1 race: 2 is heard first, in another thread.
            for result in (commit(start + 3, events=2), commit(start + 1)):
                thread = threading.Thread(target=feed.heard, args=(result, "t"))
                thread.start()
                thread.join()
            feed.heard(commit(start + 1), "t")  # heard twice: delivered once
            for _ in range(2):
                item = await asyncio.wait_for(inbox.get(), 2)
                assert item is not None
                got.append(item)
            assert inbox.queue.empty()
        assert [(c.first, c.version) for c in got] == [
            (start + 1, start + 1),
            (start + 2, start + 3),
        ]
        feed.stop()
    finally:
        store.close()


async def test_the_feed_skips_a_gap_it_never_hears_about(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(feed_module, "GAP_GRACE", 0.05)
    store = loaded_store(graph_document())
    try:
        feed = ChangeFeed(StrategyService(store))
        feed.start(asyncio.get_running_loop())
        start = store.version()
        async with feed.subscribe() as inbox:
            feed.heard(commit(start + 2), "t")  # start + 1 was committed elsewhere
            item = await asyncio.wait_for(inbox.get(), 2)
            assert item is not None and item.version == start + 2
        feed.stop()
    finally:
        store.close()
