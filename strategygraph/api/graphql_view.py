"""The GraphQL view: Strawberry's ASGI app for ``/graphql`` (HTTP and
graphql-transport-ws), with what this service does differently.

``GraphQLApp`` hands every operation our ``Context``; checks a JSON body
(``transport.request_data``) and answers a refused request in JSON with a code; serves a
kept answer (``answers.py``) and runs a query by its compiled plan when it can
(``compiled_path.py``); encodes with orjson; serves GraphiQL from this package; and signs
a WebSocket in with its ``connection_init`` payload. It is its own module because these
are overrides of one Strawberry class, apart from the routes and middleware that
``app.create_app`` puts around it.
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import timedelta
from functools import cache, partial
from importlib import resources
from typing import TYPE_CHECKING, Any, cast

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from ..config import Settings
from ..domain import StrategyGraphError
from ..domain.access import InvalidToken, Principal
from ..service import StrategyService
from .answers import Answers
from .budget import Budget
from .catch_up import caught_up
from .compiled_path import CompiledPath
from .context import Context, principal_of
from .feed import ChangeFeed
from .schema import StrategySchema
from .signin import AUTHORIZATION, SignIn, authorization
from .socket import CheckedTransportWS
from .transport import (
    NAME_REQUIRED,
    RequestRefused,
    refusal,
    refused,
    request_data,
    unnamed_among_several,
)
from .volatility import volatility_of

if TYPE_CHECKING:
    from cross_web import AsyncHTTPRequestAdapter  # Strawberry's request adapter type

__all__ = ["GraphQLApp"]


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view, handing every operation our ``Context``."""

    graphql_transport_ws_handler_class = CheckedTransportWS

    def __init__(
        self,
        schema: StrategySchema,
        service: StrategyService,
        settings: Settings,
        feed: ChangeFeed,
        signin: SignIn,
        budget: Budget | None = None,
    ) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.mode == "development" else None,
            allow_queries_via_get=True,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            connection_init_wait_timeout=timedelta(seconds=10),
            max_subscriptions_per_connection=20,
        )
        self.service = service
        self.settings = settings
        self.feed = feed
        self.signin = signin
        mb = settings.answer_cache_mb
        self.answers = Answers(mb << 20, volatility=volatility_of(schema._schema)) if mb else None
        self.compiled = CompiledPath(schema, budget)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry's view, except that a refused HTTP request is answered in JSON with
        a code, not in plain text."""
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            response = refusal(exc)
        await response(scope, receive, send)

    async def render_graphql_ide(self, request: Request) -> Response:
        """GraphiQL with its scripts and styles from this package (``app.GRAPHIQL_ASSETS``),
        not from a public CDN: it works on a network without internet."""
        return HTMLResponse(_graphiql_page())

    def decode_json(self, data: str | bytes) -> object:
        """orjson: several times faster, and a value nested too deep to decode is a
        ``JSONDecodeError`` (a refusal), never a ``RecursionError``."""
        return orjson.loads(data)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        """A JSON body is checked here (``transport.request_data``); the rest (GET, other
        content types) as Strawberry does."""
        content_type = (request.content_type or "").lower()
        if request.method == "POST" and "application/json" in content_type:  # as Strawberry
            return request_data(self.parse_json(await request.get_body()))
        found = await super().parse_http_body(request)
        if isinstance(found, GraphQLRequestData):  # a GET: its values are checked the same
            found = request_data(
                {
                    "query": found.query,
                    "variables": found.variables,
                    "operationName": found.operation_name,
                    "extensions": found.extensions,
                }
            )
        return found

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        """Serve a kept answer when the same reader asked the same query at this graph
        version (``answers.py``); keep the answer of a query that ran without errors while
        the version stood still."""
        answers, caught = self.answers, False
        if answers is not None:  # a kept answer is looked up at the latest version
            with suppress(StrategyGraphError):  # a store that is down: the operation says so
                await caught_up(self.service.store)  # in a thread, if anything moved
                caught = True
        version = self._version()
        key = None
        if answers is not None and version is not None:
            data = request_data
            key = answers.key(data.query, data.operation_name, data.variables, context.actor)
            found = None if key is None else answers.get(version, key)
            if found is not None:  # JSON already: ``encode_json`` embeds it as it is
                return ExecutionResult(
                    data=cast(dict[str, Any], orjson.Fragment(found)), errors=None
                )
        if unnamed_among_several(request_data.query, request_data.operation_name):
            raise RequestRefused(400, NAME_REQUIRED, "OPERATION_RESOLUTION_FAILURE")
        normal = partial(
            super().execute_single,
            request,
            request_adapter,
            sub_response,
            context,
            root_value,
            request_data,
        )
        try:
            result = await self.compiled.execute(request_data, context, normal, caught)
        except HTTPException as exc:
            ours = refused(exc.__cause__, request_adapter.method) if exc.__cause__ else None
            raise (ours or exc) from exc.__cause__
        if (
            answers is not None
            and key is not None
            and version is not None
            and type(result) is ExecutionResult  # not an incremental or pre-execution one
            and result.data is not None
            and not result.errors
            and self._version() == version  # no write landed meanwhile
        ):
            answers.keep(version, key, result.data)
        return result

    def _version(self) -> int | None:
        """The graph version when answers are kept; None when not, or when the store
        cannot tell now (it is down: the operation then reports that itself)."""
        if self.answers is None:
            return None
        try:
            return self.service.store.version()
        except StrategyGraphError:
            return None

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        """Strawberry's response, with the body as orjson's bytes: Strawberry's encodes
        the text of ``encode_json`` back into the same bytes."""
        response = Response(_json_bytes(response_data), media_type="application/json")
        response.headers.raw.extend(sub_response.headers.raw)
        if sub_response.background:
            response.background = sub_response.background
        if sub_response.status_code:
            response.status_code = sub_response.status_code
        return response

    def encode_json(self, data: object) -> str:
        """Answers encoded with orjson, several times faster than the standard library
        (as text: WebSocket messages must be text frames); what orjson refuses (an
        integer beyond 64 bits in a ``JSON`` value) falls back to the standard encoder."""
        return _json_bytes(data).decode()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            service=self.service,
            settings=self.settings,
            feed=self.feed,
            actor=principal_of(request, self.signin.anonymous()),
            connection=request,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType:
        """Sign in with the ``connection_init`` payload's ``Authorization`` (or the upgrade
        request's header); refuse (4403) a bad token, and no token at all unless the
        deployment allows anonymous reading."""
        params = context.connection_params
        payload = params if isinstance(params, dict) else {}
        try:
            found = await self.signin.from_payload(payload)
        except InvalidToken as exc:
            raise ConnectionRejectionError({"message": exc.message}) from exc
        principal: Principal = found or context.actor
        if not principal.signed_in and not principal.reads_public:
            raise ConnectionRejectionError({"message": "sign in: no token was given"})
        context.actor = principal
        credentials = authorization(payload) if found else None
        if credentials is None and context.connection is not None:
            credentials = context.connection.headers.get(AUTHORIZATION)
        signin = self.signin
        if credentials is not None:

            async def recheck() -> Principal:
                return await signin.principal(credentials)

            context.recheck = recheck
        return UnsetType()  # a plain connection_ack


def _json_bytes(data: object) -> bytes:
    """``GraphQLApp.encode_json`` as UTF-8 bytes."""
    try:
        return orjson.dumps(data)
    except TypeError:
        return json.dumps(data, separators=(",", ":")).encode()


@cache
def _graphiql_page() -> str:
    """The GraphiQL page (read once; it does not change while the package is installed)."""
    return resources.files(__package__).joinpath("static/graphiql.html").read_text("utf-8")
