"""A request body must arrive whole within ``Settings.body_timeout`` seconds.

A client that sends its body a byte at a time, or stops half-way, would otherwise hold
its connection (and a slot under the connection cap) for as long as it likes: past the
deadline it is answered 408 with a code and the connection is closed. A client that goes
away mid-body costs one line in the log, not a traceback.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyDeadline", "BodyTooSlow"]

log = logging.getLogger("uvicorn.error")


class BodyTooSlow(Exception):
    """The body did not arrive in time (raised from ``receive``, caught here)."""


@dataclass
class _Reading:
    done: bool = False
    gone: bool = False
    answered: bool = False


class BodyDeadline:
    """Pure ASGI middleware, the outermost of ours: times every read of the body."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.seconds
        reading = _Reading()

        async def timed_receive() -> Message:
            if reading.done:  # the body is in: waiting for a disconnect has no deadline
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] == "http.disconnect":
                reading.gone = True
            elif not message.get("more_body", False):
                reading.done = True
            return message

        async def tracked_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                reading.answered = True
            await send(message)

        try:
            await self.app(scope, timed_receive, tracked_send)
        except BodyTooSlow:
            log.warning("%s: request body not received within %g s", _who(scope), self.seconds)
            if not reading.answered:
                await _too_slow(self.seconds)(scope, receive, send)
        except ClientDisconnect:
            if not reading.gone:
                raise
            log.info("%s: the client went away before its request body arrived", _who(scope))


def _too_slow(seconds: float) -> JSONResponse:
    message = f"the request body did not arrive within {seconds:g} s"
    return JSONResponse(
        {"errors": [{"message": message, "extensions": {"code": "REQUEST_TIMEOUT"}}]},
        408,
        headers={"Connection": "close"},
    )


def _who(scope: Scope) -> str:
    client = scope.get("client")
    return f"{client[0]}:{client[1]}" if client else "a client"
