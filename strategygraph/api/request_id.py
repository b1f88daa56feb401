"""Request ids: each HTTP request carries one (the client's ``X-Request-Id`` when it is
sane, else a new UUID), every event the request commits records it, and the response
echoes it back in ``X-Request-Id``."""

from __future__ import annotations

import itertools
import os
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..service.requests import request_scope

__all__ = ["REQUEST_ID_HEADER", "RequestIdMiddleware", "new_request_id", "request_id_of"]

REQUEST_ID_HEADER = "X-Request-Id"
REQUEST_ID_MAX = 100


def request_id_of(headers: Headers) -> str:
    """The client's id if it is printable and at most 100 characters, else a new one."""
    given = headers.get(REQUEST_ID_HEADER, "").strip()
    if given and len(given) <= REQUEST_ID_MAX and given.isprintable():
        return given
    return new_request_id()


class _Ids:
    """Version-4 UUID text without a system call and a UUID object per request (a tenth
    of a cold request's time went there): 74 random bits drawn once per process (again
    in a forked child), then a counter from a random start in the last 48 bits. Unique
    ids, not secrets: they only tie a request to its events."""

    def __init__(self) -> None:
        self.reset()
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        h = f"{secrets.randbits(60):015x}"
        variant = 0x8 | secrets.randbits(2)  # RFC 4122: 10xx
        self.prefix = f"{h[:8]}-{h[8:12]}-4{h[12:]}-{variant:x}{secrets.randbits(12):03x}-"
        self.counter = itertools.count(secrets.randbits(47))

    def next(self) -> str:
        return f"{self.prefix}{next(self.counter) & 0xFFFFFFFFFFFF:012x}"


_IDS = _Ids()


def new_request_id() -> str:
    """A new request id: version-4 UUID text, unique across processes and requests."""
    return _IDS.next()


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
