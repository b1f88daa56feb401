"""The graph of a past time on a store that keeps no history shelf (the Neo4j adapter).

Its version, and one node as it was, come from the port: where a replay to that time
would stop (the first event committed after it, ``window_port``), and the node as the
first change to it from there on found it, else as it is now; two or three indexed
queries, where the replay of the whole log up to that time reads every event. Any other
question (a trace, the list of nodes, gaps) replays the log up to the time, once, as
before.
"""

from __future__ import annotations

from datetime import datetime

from ..domain import Node, NotFound
from ..store import GraphStore
from .past_store import Built, LazyPast
from .replay import Replayer
from .window_port import first_after, node_before

__all__ = ["PortPastStore"]


class PortPastStore(LazyPast):
    """The graph as it was at ``moment``, read through the port until it is built."""

    def __init__(self, store: GraphStore, moment: datetime) -> None:
        self._moment = moment
        self._high = first_after(store, moment)
        super().__init__(store, _last_before(store, self._high))

    def _make(self) -> Built:
        replayer = Replayer(self._source)
        replayer.advance(self._moment)
        return replayer

    def get_node(self, node_id: str) -> Node:
        if self.built:
            return super().get_node(node_id)
        node = node_before(self._source, node_id, self._high)
        if node is None:
            raise NotFound("node", node_id)
        return node


def _last_before(store: GraphStore, high: int | None) -> int:
    """The number of the last event before event ``high`` (None: the last of all); 0 for
    none: the version of the graph a replay up to there gives."""
    found = store.events(after=high, newest_first=True, limit=1)
    return found[0].seq if found else 0
