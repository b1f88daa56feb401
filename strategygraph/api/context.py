"""What every resolver gets: the service, the settings, the change feed and the actor.

The actor of a write comes from ``actor_of``, the one place that decides who is writing
(for now a request header; sign-in replaces it later).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from starlette.requests import HTTPConnection

from ..config import Settings
from ..domain import Node, NotFound, Organisation, Region
from ..service import StrategyService
from ..store import GraphStore

if TYPE_CHECKING:
    from .feed import ChangeFeed

__all__ = ["ACTOR_HEADER", "ANONYMOUS", "Context", "actor_of"]

ACTOR_HEADER = "X-Strategygraph-Actor"
ANONYMOUS = "anonymous"
ACTOR_MAX = 100


def actor_of(connection: HTTPConnection) -> str:
    """Who writes: the ``X-Strategygraph-Actor`` header, else ``anonymous``."""
    name = connection.headers.get(ACTOR_HEADER, "").strip()
    return name[:ACTOR_MAX] if name.isprintable() and name else ANONYMOUS


@dataclass
class Context:
    service: StrategyService
    settings: Settings
    feed: ChangeFeed
    actor: str
    connection: HTTPConnection | None = None
    _names: tuple[int, dict[str, Region], dict[str, Organisation]] | None = field(
        default=None, repr=False
    )

    @property
    def store(self) -> GraphStore:
        return self.service.store

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

    def region(self, region_id: str) -> Region:
        return self._tables()[0].get(region_id) or Region(region_id, region_id)

    def organisation(self, organisation_id: str) -> Organisation | None:
        return self._tables()[1].get(organisation_id)
