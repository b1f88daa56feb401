"""Request ids: each HTTP request carries one (the client's ``X-Request-Id`` when it is
sane, else a new UUID), every event the request commits records it, and the response
echoes it back in ``X-Request-Id``."""

from __future__ import annotations

import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..service.requests import request_scope

__all__ = ["REQUEST_ID_HEADER", "RequestIdMiddleware", "request_id_of"]

REQUEST_ID_HEADER = "X-Request-Id"
REQUEST_ID_MAX = 100


def request_id_of(headers: Headers) -> str:
    """The client's id if it is printable and at most 100 characters, else a new one."""
    given = headers.get(REQUEST_ID_HEADER, "").strip()
    if given and len(given) <= REQUEST_ID_MAX and given.isprintable():
        return given
    return str(uuid.uuid4())


class RequestIdMiddleware:
    """Pure ASGI middleware: sets the request id around each HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(Headers(scope=scope))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        with request_scope(request_id):
            await self.app(scope, receive, send_with_id)
