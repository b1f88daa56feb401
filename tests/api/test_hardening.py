"""Limits and the HTTP surface: depth, aliases, tokens, masked errors, GET, GraphiQL,
batching, body size, health."""

from __future__ import annotations

import httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportConnectionFailed, TransportServerError
from gql.transport.websockets import WebsocketsTransport
from graphql import get_introspection_query
from websockets.exceptions import ConnectionClosed

from strategygraph.api.app import MAX_BODY
from strategygraph.api.extensions import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from strategygraph.domain.access import Role
from tests.clients import HTTP

from .conftest import Api, Served, bearer


def refusal(message: str, code: str) -> dict[str, object]:
    """A request refused before any operation ran, as the client reads it."""
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def nested(depth: int) -> str:
    """A query ``depth`` fields deep: node → upward → node → upward → …"""
    inner = "id"
    for _ in range((depth - 2) // 2):
        inner = f"upward {{ node {{ {inner} }} }}"
    return f'query deep {{ node(id: "proj-a") {{ {inner} }} }}'


def test_a_query_at_the_depth_limit_runs(reader: Api) -> None:
    assert reader(nested(MAX_DEPTH))["node"]["upward"][0]["node"]["upward"][0]["node"]


def test_too_deep_is_refused(reader: Api) -> None:
    error = reader.error(nested(MAX_DEPTH + 2))
    assert error["message"] == "'deep' exceeds maximum operation depth of 10"
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


def aliased(count: int) -> str:
    return "{ " + " ".join(f'a{i}: node(id: "cv") {{ id }}' for i in range(count)) + " }"


def test_too_many_aliases_is_refused(reader: Api) -> None:
    assert len(reader(aliased(MAX_ALIASES))) == MAX_ALIASES
    error = reader.error(aliased(MAX_ALIASES + 1))
    assert error["message"] == "21 aliases found. Allowed: 20"
    assert error["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}


def test_too_many_tokens_is_refused(reader: Api) -> None:
    query = "{ regions { " + " ".join(["id"] * MAX_TOKENS) + " } }"
    error = reader.error(query)
    assert error["message"] == (
        "Syntax Error: Document contains more than 2000 tokens. Parsing aborted."
    )
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


def test_introspection_fits_the_limits(reader: Api) -> None:
    schema = reader(get_introspection_query(descriptions=True))["__schema"]
    names = {t["name"] for t in schema["types"]}
    assert {"Node", "StrategicProject", "GraphChange", "TracePath"} <= names


def test_a_bug_is_masked_and_logged_not_shown(
    served: Served, api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(served.store, "gaps", broken)
    error = api.error("{ gaps { items { type } } }")
    assert error == {
        "message": "Unexpected error.",
        "locations": [{"line": 2, "column": 3}],
        "path": ["gaps"],
        "extensions": {"code": "INTERNAL"},
    }
    assert "secret internals" in caplog.text


def test_a_mutation_over_get_is_refused(served: Served) -> None:
    mutation = 'mutation { retireNode(input: {id: "ch"}) { node { status } } }'
    response = HTTP.get(served.url, params={"query": mutation})
    assert (response.status_code, response.json()) == (
        405,
        refusal("mutations are not allowed when using GET", "METHOD_NOT_ALLOWED"),
    )
    assert served.store.get_node("ch").status.value == "DRAFT"


def test_a_query_over_get_runs(shared: Served) -> None:
    response = HTTP.get(
        shared.url,
        params={"query": '{ node(id: "cv") { title } }'},
        headers=bearer(shared.token("reader", [(Role.VIEWER, "etela")])),
    )
    assert response.json() == {"data": {"node": {"title": "Palvelut asiakkaan tarpeen mukaan"}}}


def test_batching_is_off(shared: Served, reader: Api) -> None:
    with pytest.raises(TransportServerError) as info:
        reader.session.execute_batch(
            [GraphQLRequest("{ regions { id } }"), GraphQLRequest("{ regions { id } }")]
        )
    assert info.value.code == 400
    response = HTTP.post(shared.url, json=[{"query": "{ regions { id } }"}])
    assert (response.status_code, response.json()) == (
        400,
        refusal("Batching is not enabled: send one operation per request", "BAD_REQUEST"),
    )


def test_graphiql_in_development(shared: Served) -> None:
    response = HTTP.get(shared.url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "<title>Strawberry GraphiQL</title>" in response.text


def test_no_graphiql_in_production(production: Served) -> None:
    response = HTTP.get(production.url, headers={"Accept": "text/html"})
    assert (response.status_code, response.json()) == (404, refusal("Not Found", "NOT_FOUND"))
    answer = HTTP.post(
        production.url,
        json={"query": '{ node(id: "cv") { id } }'},
        headers=bearer(production.token("reader", [(Role.VIEWER, "etela")])),
    )
    assert answer.json() == {"data": {"node": {"id": "cv"}}}


def test_other_methods_are_refused(shared: Served) -> None:
    assert httpx.put(shared.url, json={"query": "{ regions { id } }"}).status_code == 405


def test_a_body_too_large_is_refused(shared: Served) -> None:
    big = {"query": "{ regions { id } }", "variables": {"x": "y" * (MAX_BODY + 1)}}
    response = HTTP.post(shared.url, json=big, timeout=30)
    assert response.status_code == 413


@pytest.mark.anyio
async def test_only_graphql_transport_ws_is_spoken(served: Served) -> None:
    transport = WebsocketsTransport(url=served.ws_url, subprotocols=["graphql-ws"])
    with pytest.raises(TransportConnectionFailed) as info:
        async with Client(transport=transport) as session:
            await session.execute(GraphQLRequest("{ regions { id } }"))
    closed = info.value.__cause__
    assert isinstance(closed, ConnectionClosed) and closed.rcvd is not None
    assert (closed.rcvd.code, closed.rcvd.reason) == (4406, "Subprotocol not acceptable")


def test_health(served: Served) -> None:
    response = HTTP.get(f"{served.base}/healthz")
    assert response.json() == {
        "status": "ok",
        "mode": "development",
        "graphVersion": served.store.version(),
    }


def test_parse_and_validation_are_cached(served: Served, api: Api) -> None:
    from strawberry.extensions.validation_cache import _get_validate_cache

    from strategygraph.api.extensions import CACHE_SIZE, _parse

    served.app.state.compiled.enabled = False  # a compiled document is not parsed again

    query = "query ($id: ID!) { node(id: $id) { id title } }"
    api(query, id="ov")
    parsed, validated = _parse.cache_info().hits, _get_validate_cache(CACHE_SIZE).cache_info().hits
    for node_id in ("cv", "line", "ch"):  # other answers, the same document
        api(query, id=node_id)
    assert _parse.cache_info().hits == parsed + 3
    assert _get_validate_cache(CACHE_SIZE).cache_info().hits == validated + 3
