"""The request around an operation: what a GraphQL request over HTTP or WebSocket must
look like, and how a refusal of it reads.

Every refusal is JSON a GraphQL client reads like any other error, with its HTTP status:
``{"errors": [{"message": …, "extensions": {"code": …}}]}``. Codes: ``BAD_REQUEST`` (the
body is not JSON, not one JSON object, a member has the wrong type, values nest deeper
than ``MAX_NESTING``, batching, no query), ``OPERATION_RESOLUTION_FAILURE`` (an unknown
``operationName``, or several operations and none named, as the GraphQL spec requires),
``METHOD_NOT_ALLOWED`` (a mutation over GET: 405, as GraphQL over HTTP says),
``NOT_FOUND``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import orjson
from cross_web import HTTPException
from graphql import GraphQLError, OperationDefinitionNode, parse
from starlette.responses import JSONResponse
from strawberry.exceptions import MissingQueryError
from strawberry.http import GraphQLRequestData
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ErrorMessage,
    SubscribeMessage,
)

from .context import Context
from .extensions import CACHE_SIZE, PARSE_OPTIONS

__all__ = [
    "MAX_NESTING",
    "NAME_REQUIRED",
    "RequestRefused",
    "TransportWSHandler",
    "refusal",
    "refused",
    "request_data",
    "too_deep",
    "unnamed_among_several",
]

MAX_NESTING = 254
"""Levels of lists and objects a request's ``variables`` or ``extensions`` may nest, the
object itself the first (deeper values would exhaust recursion while being encoded or
coerced; it is also as deep as orjson encodes)."""
NAME_REQUIRED = "Must provide operation name if query contains multiple operations."

_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


class RequestRefused(HTTPException):
    """A request refused before any operation runs, with the code a client reads."""

    def __init__(self, status_code: int, reason: str, code: str) -> None:
        super().__init__(status_code, reason)
        self.code = code


def refusal(exc: HTTPException) -> JSONResponse:
    """The JSON answer of a refused request (Strawberry's own refusals included)."""
    code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "BAD_REQUEST")
    return JSONResponse(
        {"errors": [{"message": exc.reason, "extensions": {"code": code}}]},
        status_code=exc.status_code,
    )


def refused(exc: BaseException, method: str) -> RequestRefused | None:
    """Strawberry's refusal of an operation as ours, or None for any other exception."""
    if isinstance(exc, CannotGetOperationTypeError):
        return RequestRefused(400, exc.as_http_error_reason(), "OPERATION_RESOLUTION_FAILURE")
    if isinstance(exc, InvalidOperationTypeError):
        return RequestRefused(405, exc.as_http_error_reason(method), "METHOD_NOT_ALLOWED")
    if isinstance(exc, MissingQueryError):
        return RequestRefused(400, "No GraphQL query found in the request", "BAD_REQUEST")
    return None


def _bad(message: str) -> RequestRefused:
    return RequestRefused(400, message, "BAD_REQUEST")


def too_deep(value: object) -> bool:
    """Does ``value`` nest lists and objects more than ``MAX_NESTING`` levels deep?
    orjson answers in C (its encoder stops at that depth); only a value it refuses for
    another reason (an integer beyond 64 bits) is walked here, without recursion.

    >>> deep: list[object] = []
    >>> for _ in range(MAX_NESTING - 1):
    ...     deep = [deep]
    >>> too_deep({"a": [1, {"b": []}]}), too_deep(deep), too_deep([deep]), too_deep([deep, 2**70])
    (False, False, True, True)
    """
    try:
        orjson.dumps(value)
    except TypeError:
        pass
    else:
        return False
    level: list[tuple[object, int]] = [(value, 1)]
    while level:
        item, depth = level.pop()
        if depth > MAX_NESTING:
            return True
        children: Iterable[object] = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        level.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def request_data(body: object) -> GraphQLRequestData:
    """The operation a JSON request body asks for; ``RequestRefused`` for anything that
    is not one JSON object of the GraphQL over HTTP shape."""
    if isinstance(body, list):
        raise _bad("Batching is not enabled: send one operation per request")
    if not isinstance(body, dict):
        raise _bad('The request body must be a JSON object: {"query": "...", "variables": {...}}')
    query, variables = body.get("query"), body.get("variables")
    name, extensions = body.get("operationName"), body.get("extensions")
    if not isinstance(query, (str, type(None))):
        raise _bad("The GraphQL operation's `query` must be a string or null, if provided.")
    if not isinstance(name, (str, type(None))):
        raise _bad("The GraphQL operation's `operationName` must be a string or null, if provided.")
    for member, value in (("variables", variables), ("extensions", extensions)):
        if not isinstance(value, (dict, type(None))):
            raise _bad(
                f"The GraphQL operation's `{member}` must be an object or null, if provided."
            )
        if value is not None and too_deep(value):
            raise _bad(
                f"The GraphQL operation's `{member}` nest more than {MAX_NESTING} levels deep."
            )
    return GraphQLRequestData(
        query=query, variables=variables, operation_name=name, extensions=extensions
    )


@lru_cache(maxsize=CACHE_SIZE)
def _operations(query: str) -> int:
    """How many operations the document defines (0 when it does not parse: the operation
    itself then reports why). Cached by the text, like the parse itself."""
    try:
        document = parse(query, **PARSE_OPTIONS)
    except GraphQLError:
        return 0
    return sum(isinstance(d, OperationDefinitionNode) for d in document.definitions)


def unnamed_among_several(query: str | None, operation_name: str | None) -> bool:
    """Does the request name no operation of a document that defines several? The spec
    refuses it; Strawberry would quietly run the first."""
    return operation_name is None and bool(query) and _operations(query or "") > 1


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws, refusing what an HTTP request would be refused for, as an
    ``error`` message with its code (the socket stays open)."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        payload = message.get("payload")
        if self.connection_acknowledged and not isinstance(payload, dict):
            await self.handle_invalid_message("Failed to parse message")  # as for no query
            return
        problem: tuple[str, str] | None = None
        if isinstance(payload, dict) and self.connection_acknowledged:
            try:
                data = request_data(payload)
            except RequestRefused as exc:
                problem = (exc.reason, exc.code)
            else:
                if unnamed_among_several(data.query, data.operation_name):
                    problem = (NAME_REQUIRED, "OPERATION_RESOLUTION_FAILURE")
        if problem is None or message["id"] in self.operations:
            await super().handle_subscribe(message)
            return
        error = GraphQLError(problem[0], extensions={"code": problem[1]})
        await self.send_message(
            ErrorMessage(id=message["id"], type="error", payload=[error.formatted])
        )
