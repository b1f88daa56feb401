"""An open WebSocket signs in again before each operation and while a subscription runs.

A connection is signed in once, at ``connection_init``; after that its token may be
revoked or its user's roles changed (from the CLI or another process). So every new
operation on the socket, every change a subscription is about to send, and an idle
subscription once every ``RECHECK_SECONDS``, sign in again with the same credentials:
changed roles apply at once, and a token that no longer signs in closes the socket with
4403. Re-signing costs nothing while no token or grant changed (``SignIn`` remembers).
"""

from __future__ import annotations

from typing import Any

from strawberry.subscriptions.protocols.graphql_transport_ws.types import SubscribeMessage

from ..domain.access import InvalidToken
from .context import Context
from .transport import TransportWSHandler

__all__ = ["RECHECK_SECONDS", "CheckedTransportWS", "still_signed_in"]

RECHECK_SECONDS = 1.0
"""How long an idle subscription goes without signing in again."""
REVOKED = 4403


async def still_signed_in(context: Context) -> bool:
    """Sign ``context``'s connection in again; close it (4403) and say False when its
    credentials no longer sign in. Plain HTTP requests (no re-check set) pass."""
    recheck = context.recheck
    if recheck is None:
        return True
    try:
        context.actor = await recheck()
    except InvalidToken as exc:
        connection: Any = context.connection
        if connection is not None and not context.closed:
            context.closed = True
            await connection.close(code=REVOKED, reason=exc.message[:120])
        return False
    return True


class CheckedTransportWS(TransportWSHandler):
    """graphql-transport-ws (as ``transport.py`` checks it), signing in again before
    each operation."""

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged and not await still_signed_in(self.context):
            return
        await super().handle_subscribe(message)
