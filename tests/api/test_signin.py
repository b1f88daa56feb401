"""Sign-in over the live API: API tokens (created, revoked, expired), anonymous access,
what a viewer may read, the WebSocket handshake, and production mode."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from strategygraph.config import Settings
from strategygraph.domain.access import Role
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP

from .conftest import Served, bearer, graph_document, loaded_store, serve

CREATE = """mutation ($id: ID!, $region: ID!) { createNode(input: {id: $id,
  kind: STRATEGIC_PROJECT, region: $region, title: "Uusi"}) { node { id createdBy } } }"""
NODE = "query ($id: ID!) { node(id: $id) { id status } }"


def post(
    served: Served, query: str, token: str | None = None, **variables: object
) -> httpx.Response:
    return HTTP.post(
        served.url, json={"query": query, "variables": variables}, headers=bearer(token), timeout=10
    )


def test_an_api_token_signs_in_its_user(served: Served) -> None:
    token = served.token("pekka", [(Role.PLANNER, "etela")])
    answer = post(served, CREATE, token, id="proj-p", region="etela").json()
    assert answer == {"data": {"createNode": {"node": {"id": "proj-p", "createdBy": "pekka"}}}}


def test_a_revoked_token_is_refused_at_once(served: Served) -> None:
    access = AccessService(served.store.access)
    access.grant("pekka", Role.PLANNER, "etela")
    made, secret = access.create_token("pekka")
    assert post(served, NODE, secret, id="cv").status_code == 200
    access.revoke_token(made.id)
    answer = post(served, NODE, secret, id="cv")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    assert answer.json() == {
        "errors": [
            {
                "message": f"invalid token: API token {made.id} was revoked",
                "extensions": {"code": "UNAUTHENTICATED"},
            }
        ]
    }


def test_an_expired_token_is_refused(served: Served) -> None:
    access = AccessService(served.store.access)
    past = datetime.now(UTC) - timedelta(days=2)
    made, secret = access.create_token("pekka", past + timedelta(days=1), now=past)
    answer = post(served, NODE, secret, id="cv")
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["message"] == (
        f"invalid token: API token {made.id} has expired"
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer sg_not-a-real-token", "invalid token: no such API token"),
        ("Basic dXNlcjpwYXNz", "invalid token: send the header 'Authorization: Bearer <token>'"),
        (
            "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
            "invalid token: not an API token, and no identity provider is configured",
        ),
    ],
)
def test_a_bad_token_is_refused_not_taken_as_anonymous(
    shared: Served, header: str, message: str
) -> None:
    answer = HTTP.post(
        shared.url, json={"query": "{ regions { id } }"}, headers={"Authorization": header}
    )
    assert (answer.status_code, answer.json()["errors"][0]["message"]) == (401, message)


def test_only_the_digest_of_a_token_is_stored(served: Served) -> None:
    made, secret = AccessService(served.store.access).create_token("pekka")
    assert secret.startswith("sg_") and len(secret) > 40
    stored = served.store.access.tokens("pekka")[0]
    assert stored == made and secret not in repr(stored)
    rows = served.store._file.db.execute("SELECT * FROM tokens").fetchall()
    assert secret not in repr(rows)


def test_without_a_token_nothing_is_readable_by_default(shared: Served) -> None:
    error = shared.anonymous().error(NODE, id="ng-equal")
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == (
        "forbidden: not signed in: send 'Authorization: Bearer <token>' to read "
        "(this deployment does not allow anonymous reading)"
    )


@pytest.fixture
def open_reading() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store, settings=Settings(anonymous_read=True)) as s:
            yield s
    finally:
        store.close()


def test_anonymous_reading_shows_approved_content_only(open_reading: Served) -> None:
    anonymous = open_reading.anonymous()
    assert anonymous(NODE, id="ng-equal") == {"node": {"id": "ng-equal", "status": "APPROVED"}}
    listed = anonymous("{ nodes(first: 100) { nodes { id } } }")["nodes"]["nodes"]
    assert listed == [{"id": "ng-equal"}]
    assert anonymous(NODE, id="cv") == {"node": None}  # a draft: as if there were none
    assert anonymous.error("{ changes { nodes { seq } } }")["extensions"]["code"] == "FORBIDDEN"
    before = open_reading.store.version()
    refused = anonymous.error(CREATE, id="proj-x", region="etela")
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert open_reading.store.version() == before


def test_a_viewer_reads_its_region_and_what_is_public(shared: Served) -> None:
    viewer = shared.api("ville", [(Role.VIEWER, "etela")])
    assert viewer(NODE, id="cv")["node"]["status"] == "DRAFT"
    # A draft of another region answers as a node that does not exist: nothing leaks.
    assert viewer(NODE, id="proj-lonely") == viewer(NODE, id="no-such-node") == {"node": None}
    hidden = viewer.error('{ traceUp(id: "proj-lonely") { totalCount } }')
    missing = viewer.error('{ traceUp(id: "no-such-node") { totalCount } }')
    assert hidden["extensions"]["code"] == missing["extensions"]["code"] == "NOT_FOUND"
    assert hidden["message"] == "node 'proj-lonely' does not exist"
    assert "pohjoinen" not in str(hidden) and "DRAFT" not in str(hidden)
    ids = {n["id"] for n in viewer("{ nodes(first: 100) { nodes { id } } }")["nodes"]["nodes"]}
    assert "proj-lonely" not in ids and {"cv", "ng-equal"} <= ids
    assert "ng-modern" not in ids  # a national draft
    paths = viewer('{ traceUp(id: "proj-a") { paths { nodes { id } } } }')["traceUp"]["paths"]
    assert paths and all("ng-modern" not in [n["id"] for n in p["nodes"]] for p in paths)
    history = viewer.error('{ changes(region: "pohjoinen") { nodes { seq } } }')
    assert history["extensions"]["region"] == "pohjoinen"
    seen = viewer("{ changes(first: 100) { nodes { region } } }")["changes"]["nodes"]
    assert seen and {c["region"] for c in seen} <= {"etela", None}


async def _close_code(served: Served, init: dict[str, str]) -> tuple[int, str]:
    """Open a graphql-transport-ws connection with ``init`` as its payload; how it closed."""
    async with connect(served.ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        with pytest.raises(ConnectionClosed) as info:
            while True:
                await ws.recv()
    closed = info.value.rcvd
    assert closed is not None
    return closed.code, closed.reason


@pytest.mark.anyio
async def test_a_websocket_without_a_token_is_refused(served: Served) -> None:
    assert await _close_code(served, {}) == (4403, "Forbidden")
    assert served.feed.subscribers == 0


@pytest.mark.anyio
async def test_a_websocket_with_a_bad_token_is_refused(served: Served) -> None:
    assert await _close_code(served, {"Authorization": "Bearer sg_wrong"}) == (4403, "Forbidden")
    token = served.token("pekka", [(Role.VIEWER, "etela")])
    async with connect(served.ws_url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": bearer(token)}))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}


def test_production_mode_turns_off_introspection(production: Served) -> None:
    admin = production.api("root")
    answer = post(production, "{ __schema { queryType { name } } }", production.token("root"))
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert error["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained "
        "the field '__schema'."
    )
    anonymous = production.anonymous()
    assert anonymous.error(CREATE, id="proj-y", region="etela")["extensions"]["code"] == (
        "FORBIDDEN"
    )
    assert admin(CREATE, id="proj-y", region="etela")["createNode"]["node"]["createdBy"] == "root"


def test_production_mode_suggests_no_names_of_the_schema(
    production: Served, served: Served
) -> None:
    """ "Did you mean 'node'?" tells the schema to whoever asks; production keeps quiet."""
    for query in ('{ nod(id: "x") { id } }', "{ nodes(kind: PROJEKT) { totalCount } }"):
        for token in (None, production.token("root")):
            error = post(production, query, token).json()["errors"][0]
            assert "Did you mean" not in error["message"], error
            assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    answer = post(served, '{ nod(id: "x") { id } }', served.token("root")).json()
    assert answer["errors"][0]["message"] == (
        "Cannot query field 'nod' on type 'Query'. Did you mean 'node' or 'nodes'?"
    )


def test_an_export_holds_only_what_the_reader_may_see(shared: Served) -> None:
    viewer = shared.api("ville", [(Role.VIEWER, "etela")])
    content = viewer("{ exportGraph(format: JSON) { content } }")["exportGraph"]["content"]
    ids = {n["id"] for n in json.loads(content)["nodes"]}
    assert "proj-lonely" not in ids and "ng-modern" not in ids
    assert {"cv", "proj-a", "ng-equal"} <= ids


def test_maps_show_what_the_reader_may_see() -> None:
    from strategygraph.maps.web import map_routes

    store = loaded_store(graph_document())
    try:
        with serve(store, routes=map_routes(store)) as site:
            anonymous = HTTP.get(f"{site.base}/maps/pohjoinen.svg", timeout=30)
            assert anonymous.status_code == 403
            assert anonymous.json()["error"]["code"] == "FORBIDDEN"
            everyone = bearer(site.token("all", [(Role.VIEWER, "*")]))
            full = HTTP.get(f"{site.base}/maps/pohjoinen.svg", headers=everyone, timeout=30)
            assert full.status_code == 200 and "proj-lonely" in full.text
            regional = bearer(site.token("ville", [(Role.VIEWER, "etela")]))
            cut = HTTP.get(f"{site.base}/maps/pohjoinen.svg", headers=regional, timeout=30)
            assert cut.status_code == 200 and "proj-lonely" not in cut.text
            own = HTTP.get(f"{site.base}/maps/etela.svg", headers=regional, timeout=30)
            assert own.status_code == 200 and "proj-a" in own.text
    finally:
        store.close()


def test_a_token_or_role_revoked_from_the_cli_is_refused_at_once(tmp_path: Path) -> None:
    """The server remembers a verified token; the CLI, another process on the same file,
    revokes a role and then the token, and the very next request sees each change."""
    path = str(tmp_path / "g.db")
    store = EmbeddedStore(path)
    StrategyService(store).import_document(graph_document(), "loader")
    access = AccessService(store.access)
    access.grant("pekka", Role.PLANNER, "etela")
    made, secret = access.create_token("pekka")
    cli = [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{path}"]
    try:
        with serve(store) as served:
            for n in range(3):  # verified once, then remembered
                answer = post(served, CREATE, secret, id=f"p{n}", region="etela").json()
                assert answer["data"]["createNode"]["node"]["createdBy"] == "pekka"
            subprocess.run([*cli, "role", "revoke", "pekka", "planner", "etela"], check=True)
            refused = post(served, CREATE, secret, id="p9", region="etela").json()
            assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
            subprocess.run([*cli, "token", "revoke", made.id], check=True)
            answer = post(served, NODE, secret, id="cv")
            assert answer.status_code == 401
            assert answer.json()["errors"][0]["message"] == (
                f"invalid token: API token {made.id} was revoked"
            )
    finally:
        store.close()
