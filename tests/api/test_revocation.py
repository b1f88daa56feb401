"""Access ends when it is revoked, also on a WebSocket opened before: the next operation
is refused and the socket closed (4403) within a second, an open subscription stops
streaming, and a role taken away applies to the changes still to come."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from strategygraph.domain import NotFound
from strategygraph.domain.access import Role
from strategygraph.service.access import AccessService

from .conftest import Served, bearer

pytestmark = pytest.mark.anyio

CREATE = """mutation { createNode(input: {id: "late", kind: STRATEGIC_PROJECT,
  region: "etela", title: "Myöhässä"}) { node { id } } }"""
UPDATE = """mutation ($v: Int!, $title: String!) {
  updateNode(input: {id: "ch", expectedVersion: $v, title: $title}) { node { id } } }"""
CHANGED = "subscription ($r: ID) { graphChanged(region: $r) { version nodes { id title } } }"


@asynccontextmanager
async def socket(served: Served, token: str) -> AsyncIterator[ClientConnection]:
    protocol = [Subprotocol("graphql-transport-ws")]
    async with connect(served.ws_url, subprotocols=protocol) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": bearer(token)}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        yield ws


async def start(ws: ClientConnection, id: str, query: str, **variables: Any) -> None:
    payload = {"query": query, "variables": variables or None}
    await ws.send(json.dumps({"id": id, "type": "subscribe", "payload": payload}))


async def subscribe(
    served: Served, ws: ClientConnection, id: str, query: str, **variables: Any
) -> None:
    """``start`` a subscription, then wait until the server's change feed holds it: a
    write before that does not reach it (a fixed 0.3 s pause stood in for this, which a
    loaded machine can outlast)."""
    before = served.feed.subscribers
    await start(ws, id, query, **variables)
    for _ in range(1_000):
        if served.feed.subscribers > before:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the subscription did not start within 10 s")


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
    return message


async def closed_within(ws: ClientConnection, seconds: float) -> tuple[int, list[Any]]:
    """Read until the server closes; its close code and what it sent before."""
    got: list[Any] = []
    deadline = time.monotonic() + seconds
    with pytest.raises(ConnectionClosed) as info:
        while True:
            left = deadline - time.monotonic()
            got.append(json.loads(await asyncio.wait_for(ws.recv(), max(left, 0.01))))
    assert info.value.rcvd is not None
    return info.value.rcvd.code, got


def planner(served: Served, user: str = "pekka") -> tuple[AccessService, str, str]:
    access = AccessService(served.store.access)
    access.grant(user, Role.PLANNER, "etela")
    made, secret = access.create_token(user)
    return access, made.id, secret


async def test_a_token_revoked_from_the_cli_is_refused_on_the_next_operation(
    on_file: Served,
) -> None:
    _, token_id, secret = planner(on_file)
    cli = [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{on_file.store.path}"]
    async with socket(on_file, secret) as ws:
        await start(ws, "1", '{ node(id: "ch") { id } }')
        assert (await receive(ws))["payload"] == {"data": {"node": {"id": "ch"}}}
        assert (await receive(ws))["type"] == "complete"
        await asyncio.to_thread(subprocess.run, [*cli, "token", "revoke", token_id], check=True)
        began = time.monotonic()
        await start(ws, "2", CREATE)
        code, got = await closed_within(ws, 1.0)
        assert code == 4403 and got == []
        assert time.monotonic() - began < 1.0
    with pytest.raises(NotFound):
        on_file.store.get_node("late")


async def test_an_open_subscription_stops_when_its_token_is_revoked(on_file: Served) -> None:
    access, token_id, secret = planner(on_file)
    admin = on_file.api("root")
    async with socket(on_file, secret) as ws:
        await subscribe(on_file, ws, "1", CHANGED)
        admin(UPDATE, v=1, title="Ennen")
        seen = await receive(ws)
        assert seen["payload"]["data"]["graphChanged"]["nodes"] == [{"id": "ch", "title": "Ennen"}]
        access.revoke_token(token_id)
        admin(UPDATE, v=2, title="Salainen")
        code, got = await closed_within(ws, 1.5)
    assert code == 4403
    assert "Salainen" not in json.dumps(got)


async def test_an_idle_subscription_closes_within_a_second_of_revocation(
    on_file: Served,
) -> None:
    access, token_id, secret = planner(on_file)
    async with socket(on_file, secret) as ws:
        await subscribe(on_file, ws, "1", CHANGED)
        access.revoke_token(token_id)
        began = time.monotonic()
        code, _ = await closed_within(ws, 2.0)
        assert code == 4403 and time.monotonic() - began < 1.5


async def test_a_role_taken_away_ends_the_region_subscription(on_file: Served) -> None:
    access, _, secret = planner(on_file)
    admin = on_file.api("root")
    async with socket(on_file, secret) as ws:
        await subscribe(on_file, ws, "1", CHANGED, r="etela")
        access.revoke("pekka", Role.PLANNER, "etela")
        admin(UPDATE, v=1, title="Salainen")
        message = await receive(ws)
    assert "Salainen" not in json.dumps(message)
    assert message["type"] in ("next", "error")
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    assert errors[0]["extensions"]["code"] == "FORBIDDEN"
