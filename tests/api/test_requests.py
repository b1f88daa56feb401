"""Requests that are not well-formed GraphQL requests, over a real server: every answer is
JSON with ``extensions.code`` (never plain text, never HTTP 500), and a document with
several operations must name the one to run. Over WebSocket, errors carry codes too."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
import websockets
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport
from websockets.exceptions import ConnectionClosed

from strategygraph.api.transport import MAX_NESTING
from tests.clients import HTTP

from .conftest import Api, Served, bearer


def refusal(message: str, code: str) -> dict[str, Any]:
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def post(served: Served, body: str | bytes) -> httpx.Response:
    headers = {**bearer(served.token("alice")), "Content-Type": "application/json"}
    return HTTP.post(served.url, content=body, headers=headers, timeout=30)


def nested(levels: int) -> str:
    """A JSON value of ``levels`` lists, one inside the other."""
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("query", ["{}", "query {}", 'query Q { node(id: "cv") {} }'])
def test_an_empty_selection_is_a_syntax_error_with_a_code(reader: Api, query: str) -> None:
    error = reader.error(query)
    assert error["message"] == "Syntax Error: Expected Name, found '}'."
    assert error["extensions"] == {"code": "GRAPHQL_PARSE_FAILED"}


BAD_BODIES = [
    ("null", "The request body must be a JSON object: {\"query\": \"...\", \"variables\": {...}}"),
    ("5", "The request body must be a JSON object: {\"query\": \"...\", \"variables\": {...}}"),
    ('"{ regions { id } }"', "The request body must be a JSON object: {\"query\": \"...\", "
     "\"variables\": {...}}"),
    ("{nope", "Unable to parse request body as JSON"),
    ('[{"query": "{ regions { id } }"}]',
     "Batching is not enabled: send one operation per request"),
    ("{}", "No GraphQL query found in the request"),
    ('{"query": 5}', "The GraphQL operation's `query` must be a string or null, if provided."),
    ('{"query": "{ regions { id } }", "operationName": 5}',
     "The GraphQL operation's `operationName` must be a string or null, if provided."),
    ('{"query": "{ regions { id } }", "variables": [1]}',
     "The GraphQL operation's `variables` must be an object or null, if provided."),
    ('{"query": "{ regions { id } }", "variables": {"x": ' + nested(1000) + "}}",
     f"The GraphQL operation's `variables` nest more than {MAX_NESTING} levels deep."),
    ('{"query": "{ regions { id } }", "extensions": {"x": ' + nested(MAX_NESTING) + "}}",
     f"The GraphQL operation's `extensions` nest more than {MAX_NESTING} levels deep."),
    ('{"query": "{ regions { id } }", "variables": {"x": ' + nested(5000) + "}}",
     "Unable to parse request body as JSON"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), BAD_BODIES)
def test_a_malformed_request_is_a_json_error_with_a_code(
    shared: Served, body: str, message: str
) -> None:
    response = post(shared, body)
    assert (response.status_code, response.json()) == (400, refusal(message, "BAD_REQUEST"))
    assert response.headers["content-type"] == "application/json"


def test_a_get_is_held_to_the_same_rules(shared: Served) -> None:
    query = "{ regions { id } }"
    too_deep = HTTP.get(
        shared.url,
        params={"query": query, "variables": '{"x": ' + nested(1000) + "}"},
        headers=bearer(shared.token("alice")),
    )
    assert (too_deep.status_code, too_deep.json()) == (
        400,
        refusal(
            f"The GraphQL operation's `variables` nest more than {MAX_NESTING} levels deep.",
            "BAD_REQUEST",
        ),
    )
    several = HTTP.get(shared.url, params={"query": TWO}, headers=bearer(shared.token("bob")))
    assert several.json()["errors"][0]["extensions"] == {"code": "OPERATION_RESOLUTION_FAILURE"}


def test_values_nested_to_the_limit_still_run(shared: Served) -> None:
    body = {"query": "{ regions { id } }", "variables": {"x": json.loads(nested(MAX_NESTING - 1))}}
    response = post(shared, json.dumps(body))
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["data"]["regions"]] == [
        "etela",
        "national",
        "pohjoinen",
    ]


TWO = 'query A { regions { id } } query B { node(id: "cv") { id } }'


def test_several_operations_must_name_the_one_to_run(shared: Served, reader: Api) -> None:
    response = post(shared, json.dumps({"query": TWO}))
    assert (response.status_code, response.json()) == (
        400,
        refusal(
            "Must provide operation name if query contains multiple operations.",
            "OPERATION_RESOLUTION_FAILURE",
        ),
    )
    named = post(shared, json.dumps({"query": TWO, "operationName": "B"}))
    assert named.json() == {"data": {"node": {"id": "cv"}}}
    unknown = post(shared, json.dumps({"query": TWO, "operationName": "C"}))
    assert (unknown.status_code, unknown.json()) == (
        400,
        refusal('Unknown operation named "C".', "OPERATION_RESOLUTION_FAILURE"),
    )


def test_a_content_type_that_is_not_json_is_a_json_error(shared: Served) -> None:
    response = HTTP.post(
        shared.url, content="{ regions { id } }", headers={"Content-Type": "text/plain"}
    )
    assert (response.status_code, response.json()) == (
        400,
        refusal("Unsupported content type", "BAD_REQUEST"),
    )


async def ws_errors(served: Served, *requests: GraphQLRequest) -> list[dict[str, Any]]:
    """The one error each request gets over graphql-transport-ws, on one connection."""
    transport = WebsocketsTransport(
        url=served.ws_url, init_payload=bearer(served.token("alice")), connect_timeout=10
    )
    errors = []
    async with Client(transport=transport) as session:
        for request in requests:
            with pytest.raises(TransportQueryError) as info:
                await session.execute(request)
            assert len(info.value.errors or []) == 1, info.value.errors
            errors.append(dict((info.value.errors or [])[0]))
    return errors


@pytest.mark.anyio
async def test_errors_over_websocket_carry_codes(served: Served) -> None:
    query, mutation, empty, several, unknown = await ws_errors(
        served,
        GraphQLRequest('{ node(id: "cv") { id } nope }'),
        GraphQLRequest('mutation { retireNode(input: {id: "ghost"}) { node { id } } }'),
        GraphQLRequest("{}"),
        GraphQLRequest(TWO),
        GraphQLRequest(TWO, operation_name="C"),
    )
    assert query["extensions"] == {"code": "GRAPHQL_VALIDATION_FAILED"}
    assert mutation["message"] == "node 'ghost' does not exist"
    assert mutation["extensions"] == {"code": "NOT_FOUND", "what": "node", "id": "ghost"}
    assert (empty["message"], empty["extensions"]) == (
        "Syntax Error: Expected Name, found '}'.",
        {"code": "GRAPHQL_PARSE_FAILED"},
    )
    assert several == {
        "message": "Must provide operation name if query contains multiple operations.",
        "extensions": {"code": "OPERATION_RESOLUTION_FAILURE"},
    }
    assert unknown == {
        "message": 'Unknown operation named "C".',
        "extensions": {"code": "OPERATION_RESOLUTION_FAILURE"},
    }


@pytest.mark.anyio
@pytest.mark.parametrize("payload", [5, None, "{ regions { id } }", [1]])
async def test_a_subscribe_message_without_an_object_payload_closes_4400(
    served: Served, payload: object
) -> None:
    async with websockets.connect(served.ws_url, subprotocols=["graphql-transport-ws"]) as ws:
        init = {"type": "connection_init", "payload": bearer(served.token("alice"))}
        await ws.send(json.dumps(init))
        assert json.loads(await ws.recv()) == {"type": "connection_ack"}
        await ws.send(json.dumps({"type": "subscribe", "id": "1", "payload": payload}))
        with pytest.raises(ConnectionClosed) as info:
            await asyncio.wait_for(ws.recv(), 10)
    assert info.value.rcvd is not None
    assert (info.value.rcvd.code, info.value.rcvd.reason) == (4400, "Failed to parse message")
