"""The ASGI app: ``/graphql`` (HTTP and graphql-transport-ws), ``/healthz``, the
interchange format's JSON Schemas at ``/schema/interchange-v1.json`` and ``-v2.json``, and
the plain feeds ``/export/...`` (``feeds.py``) described at ``/openapi.json``.

Every request is signed in first (``signin.py``: a bearer token, or anonymous); in
production mode GraphiQL and introspection are off.
GraphiQL answers a browser's GET in development mode only. Queries may use GET;
mutations may not. One operation per request (no batching). A request refused before any
operation runs is answered in JSON with a code, like every other error (``transport.py``).
``/graphql`` itself, Strawberry's view with this service's overrides, is ``GraphQLApp``
(``graphql_view.py``); this module puts the routes and the middleware around it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from importlib import resources

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.authentication import AuthenticationMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from ..config import Settings
from ..interchange import READ_VERSIONS, schema
from ..service import StrategyService
from ..service.access import AccessService
from ..service.webhooks import WebhookService
from .body_deadline import BodyDeadline
from .body_limit import AnonymousBodyLimit
from .budget import Budget
from .catch_up import catch_up_soon
from .feed import ChangeFeed
from .feeds import feed_routes
from .graphql_view import GraphQLApp
from .openapi import OPENAPI_PATH, openapi_document
from .request_id import RequestIdMiddleware
from .schema import build_schema
from .signin import SignIn, TokenBackend, refuse
from .webhook_sender import WebhookSender

__all__ = ["GRAPHIQL_ASSETS", "MAX_BODY", "SCHEMA_PATH", "create_app"]

SCHEMA_PATH = "/schema/interchange-v{version}.json"
"""The interchange format's JSON Schemas, version 1 and 2 (what exports write)."""
GRAPHIQL_ASSETS = "/graphiql"
"""Where GraphiQL's scripts and styles are served from this package (development mode)."""
MAX_BODY = 20 * 1024 * 1024
"""Largest request body (an ``importGraph`` document travels in one)."""


def create_app(
    service: StrategyService,
    settings: Settings,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The whole app; ``routes`` are mounted after ``/graphql`` and ``/healthz``."""
    feed = ChangeFeed(service)
    signin = SignIn(settings, AccessService(service.store.access))
    budget = Budget(settings.budget, settings.budget_window) if settings.budget else None
    served = build_schema(settings.production, budget)
    graphql = GraphQLApp(served, service, settings, feed, signin, budget)

    async def healthz(request: Request) -> JSONResponse:
        catch_up_soon(service.store)  # answers with the version held; catching up goes on
        return JSONResponse(
            {"status": "ok", "mode": settings.mode, "graphVersion": service.store.version()}
        )

    def interchange_schema(version: int) -> Callable[[Request], Awaitable[JSONResponse]]:
        async def answer(request: Request) -> JSONResponse:
            return JSONResponse(schema(version), media_type="application/schema+json")

        return answer

    async def openapi(request: Request) -> JSONResponse:
        return JSONResponse(openapi_document(str(request.base_url)))

    static = resources.files(__package__).joinpath("static/graphiql")
    graphiql_assets = (
        [Mount(GRAPHIQL_ASSETS, StaticFiles(directory=str(static)), name="graphiql")]
        if settings.mode == "development"
        else []
    )

    webhooks = WebhookService(service.store, settings.webhooks_may_call_private)
    sender = WebhookSender(feed, webhooks, settings.webhook_retry_seconds)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        feed.start(asyncio.get_running_loop())
        if hasattr(service.store, "webhooks"):  # the embedded store keeps them
            sender.start()
        try:
            yield
        finally:
            sender.stop()
            feed.stop()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"], max_body_size=MAX_BODY),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            *(
                Route(SCHEMA_PATH.format(version=v), interchange_schema(v), methods=["GET"])
                for v in READ_VERSIONS
            ),
            Route(OPENAPI_PATH, openapi, methods=["GET"]),
            *feed_routes(service, signin),
            *graphiql_assets,
            *routes,
        ],
        lifespan=lifespan,
        middleware=[
            Middleware(BodyDeadline, seconds=settings.body_timeout),
            Middleware(RequestIdMiddleware),
            Middleware(AuthenticationMiddleware, backend=TokenBackend(signin), on_error=refuse),
            Middleware(AnonymousBodyLimit),
        ],
    )
    app.state.service = service
    app.state.settings = settings
    app.state.feed = feed
    app.state.webhooks = sender
    app.state.answers = graphql.answers
    app.state.compiled = graphql.compiled
    return app
