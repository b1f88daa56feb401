"""A caller who is not signed in may send only a small request body.

Such a caller can read public content at most, which never takes a large request; a
large body from one (a 17 MB import, say) is refused with 413 before it is read, and a
body of unstated length with 411, so nobody without a token makes the server parse much.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["ANONYMOUS_MAX_BODY", "AnonymousBodyLimit"]

ANONYMOUS_MAX_BODY = 64 * 1024
"""Bytes of request body a caller without a token may send."""


class AnonymousBodyLimit:
    """Pure ASGI middleware, inside the sign-in middleware (it reads ``scope["user"]``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            principal = getattr(scope.get("user"), "principal", None)
            if principal is not None and not principal.signed_in:
                refusal = _refusal(Headers(scope=scope).get("content-length"))
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
        await self.app(scope, receive, send)


def _refusal(length: str | None) -> JSONResponse | None:
    if length is None or not length.strip().isdigit():
        message, code, status = "send the body's Content-Length", "LENGTH_REQUIRED", 411
    elif int(length) > ANONYMOUS_MAX_BODY:
        message = (
            f"request body too large without a token: at most {ANONYMOUS_MAX_BODY:,} bytes; "
            "sign in with 'Authorization: Bearer <token>'"
        )
        code, status = "PAYLOAD_TOO_LARGE", 413
    else:
        return None
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status)
