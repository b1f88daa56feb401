"""What every resolver gets: the service, the settings, the change feed and the actor.

``actor`` is the signed-in ``Principal`` (``signin.py``; anonymous without a token). Pass
it to every ``StrategyService`` write, which authorizes it (``service/authz.py``), and read
through ``ctx.store``, the view of the graph this principal may see
(``service/visible.py``). A resolver that needs the unfiltered store (``ctx.service.store``)
must itself keep out what ``ctx.can_view`` refuses.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graphql.pyutils import Path
from starlette.requests import HTTPConnection
from strawberry.types.unset import UNSET

from ..config import Settings
from ..domain import Node, NotFound, Organisation, Region
from ..domain.access import Principal
from ..service import StrategyService
from ..service.visible import visible_store
from ..store import GraphStore

if TYPE_CHECKING:
    from .feed import ChangeFeed

__all__ = ["Context", "enter_past", "principal_of"]


_pasts: ContextVar[Mapping[str, Context] | None] = ContextVar("graph_at_contexts", default=None)
"""``graphAt``'s contexts by the response key of their field. A context variable, not a
field of ``Context``: a WebSocket shares one ``Context`` among all its operations, while
each operation (each HTTP request) runs in a task of its own, whose variables end with it."""


def enter_past(key: str, past: Context) -> None:
    """The fields under the root field answering as ``key`` read ``past`` (the graph of a
    time), for the rest of this operation: call it in that field's resolver."""
    _pasts.set({**(_pasts.get() or {}), key: past})


def principal_of(connection: HTTPConnection, anonymous: Principal) -> Principal:
    """Who asks: the principal ``AuthenticationMiddleware`` signed in, else ``anonymous``."""
    user = connection.scope.get("user")
    principal = getattr(user, "principal", None)
    return principal if isinstance(principal, Principal) else anonymous


@dataclass
class Context:
    service: StrategyService
    settings: Settings
    feed: ChangeFeed
    actor: Principal
    connection: HTTPConnection | None = None
    connection_params: object = UNSET
    """The WebSocket ``connection_init`` payload (Strawberry sets it)."""
    recheck: Callable[[], Awaitable[Principal]] | None = None
    """On a WebSocket: signs the connection in again with its credentials (``socket.py``)."""
    closed: bool = False
    """On a WebSocket: closed because its credentials no longer sign in."""
    _view: tuple[Principal, GraphStore, GraphStore] | None = field(default=None, repr=False)
    _names: tuple[int, dict[str, Region], dict[str, Organisation]] | None = field(
        default=None, repr=False
    )

    @property
    def store(self) -> GraphStore:
        """The graph as ``actor`` may see it (read-only)."""
        base = self.service.store
        if self._view is None or self._view[0] is not self.actor or self._view[1] is not base:
            self._view = (self.actor, base, visible_store(base, self.actor))
        return self._view[2]

    def at(self, path: Path) -> Context:
        """The context of the graph a field at ``path`` shows: the past one under a
        ``graphAt`` field (``enter_past``), else this one (the graph as it is now)."""
        pasts = _pasts.get()
        if not pasts:
            return self
        while path.prev is not None:
            path = path.prev
        return pasts.get(str(path.key), self)

    def can_view(self, node: Node) -> bool:
        return self.actor.can_view(node)

    def node(self, node_id: str) -> Node:
        """The node, or ``NotFound``."""
        return self.store.get_node(node_id)

    def find(self, node_id: str) -> Node | None:
        """The node, or None when it does not exist (any more)."""
        try:
            return self.store.get_node(node_id)
        except NotFound:
            return None

    def _tables(self) -> tuple[dict[str, Region], dict[str, Organisation]]:
        version = self.store.version()
        if self._names is None or self._names[0] != version:
            regions = {r.id: r for r in self.store.regions()}
            orgs = {o.id: o for o in self.store.organisations()}
            self._names = (version, regions, orgs)
        return self._names[1], self._names[2]

    def known_region(self, region_id: str | None) -> None:
        """``NOT_FOUND`` naming the regions there are, unless ``region_id`` is one."""
        self.service.known_region(region_id)

    def region(self, region_id: str) -> Region:
        return self._tables()[0].get(region_id) or Region(region_id, region_id)

    def organisation(self, organisation_id: str) -> Organisation | None:
        return self._tables()[1].get(organisation_id)
