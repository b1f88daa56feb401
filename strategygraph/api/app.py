"""The ASGI app: ``/graphql`` (HTTP and graphql-transport-ws) and ``/healthz``.

GraphiQL answers a browser's GET in development mode only. Queries may use GET;
mutations may not. One operation per request (no batching).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL

from ..config import Settings
from ..service import StrategyService
from .context import Context, actor_of
from .feed import ChangeFeed
from .schema import StrategySchema, build_schema

__all__ = ["MAX_BODY", "GraphQLApp", "create_app"]

MAX_BODY = 20 * 1024 * 1024
"""Largest request body (an ``importGraph`` document travels in one)."""


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI view, handing every operation our ``Context``."""

    def __init__(
        self,
        schema: StrategySchema,
        service: StrategyService,
        settings: Settings,
        feed: ChangeFeed,
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

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            service=self.service,
            settings=self.settings,
            feed=self.feed,
            actor=actor_of(request),
            connection=request,
        )


def create_app(
    service: StrategyService,
    settings: Settings,
    routes: Sequence[BaseRoute] = (),
) -> Starlette:
    """The whole app; ``routes`` are mounted after ``/graphql`` and ``/healthz``."""
    feed = ChangeFeed(service)
    graphql = GraphQLApp(build_schema(), service, settings, feed)

    async def healthz(request: Request) -> JSONResponse:
        return JSONResponse(
            {"status": "ok", "mode": settings.mode, "graphVersion": service.store.version()}
        )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        feed.start(asyncio.get_running_loop())
        try:
            yield
        finally:
            feed.stop()

    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"], max_body_size=MAX_BODY),
            WebSocketRoute("/graphql", graphql),
            Route("/healthz", healthz),
            *routes,
        ],
        lifespan=lifespan,
    )
    app.state.service = service
    app.state.settings = settings
    app.state.feed = feed
    return app
