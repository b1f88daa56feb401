"""The graph of a past time on a store that keeps no history shelf (the Neo4j adapter).

Its version, and one node as it was, come from the port: where a replay to that time
would stop (the first event committed after it, ``window_port``), and the node as the
first change to it from there on found it, else as it is now; two or three indexed
queries, where the replay of the whole log up to that time reads every event.

A trace walks only the nodes above (or below) its node, as they were (``past_walk.walk``),
each read through the port (``PortPast``): the node and its edges as the store holds them
now, less what the events since that time changed (the first such event's ``before`` is
how it was; a short log since is read once, a long one a node at a time). A few queries
a node, where a replay reads the whole log; a walk that meets more than ``MAX_NODES``
nodes (a trace down from a national goal) gives up, and the graph is built. Any other
question (the list of nodes, gaps) replays the log up to the time, once, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..domain import Edge, Node, NotFound
from ..domain.codec_kept import node_from_kept
from ..domain.model import Event
from ..domain.states import edge_from_state
from ..store import GraphStore
from ..trace import TraceGraph
from .past_store import Built, LazyPast
from .past_walk import walk
from .replay import Replayer
from .window import Touched, touched
from .window_port import PAGE, first_after, log_between, node_before

__all__ = ["MAX_NODES", "TAIL", "WALKS", "PortPast", "PortPastStore"]

MAX_NODES = 200
"""Nodes a walk through the port reads at most (a few queries each): a trace up from a
project meets some dozens; more, and the graph is built by a replay instead."""
TAIL = 5_000
"""Events since the time that a walk reads at once, rather than those of each node."""
WALKS = 3
"""Walks tried while other processes commit meanwhile, before the replay builds instead."""


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
        high = self._high
        if high is None:  # no event after the time when asked: read now, then look again
            try:
                node: Node | None = self._source.get_node(node_id)
            except NotFound:
                node = None
            high = first_after(self._source, self._moment)
        if high is not None:
            node = node_before(self._source, node_id, high)
        if node is None:
            raise NotFound("node", node_id)
        return node

    def _around(self, node_id: str, up: bool) -> TraceGraph | None:
        """The walk's reads are many queries, not one transaction: it counts only when no
        commit landed meanwhile (the version the same at its end), else it walks again;
        with writes still coming, the replay builds the graph."""
        for _ in range(WALKS):
            version = self._source.version()
            # No event after the time yet: "as now" holds only until the next commit.
            high = self._high if self._high is not None else first_after(self._source, self._moment)
            past = PortPast(self._source, high, version)
            walked = walk(past, node_id, up, self.metamodel, MAX_NODES)
            if walked is None or self._source.version() == version:
                return walked
        return None


class PortPast:
    """Nodes and upward edges before event ``high`` (None: as they are now), read
    through the port a node at a time (``past_walk.PastReads``), the store being at
    ``version``."""

    def __init__(self, store: GraphStore, high: int | None, version: int) -> None:
        self._store, self._high = store, high
        self._upward = store.metamodel.is_upward
        upward = store.metamodel.upward
        self._has_parents = {source for source, _, _ in upward}
        self._has_children = {target for _, _, target in upward}
        # id -> (the node then, or None; its edges the events since changed, by
        # (source, target), each as it was then: an edge's state, or None)
        self._read: dict[str, tuple[Node | None, dict[tuple[str, str], Any]]] = {}
        # A short log since then (a recent time, as a board asks) is read once, not a
        # node at a time: two queries a node fewer.
        self._tail: Touched | None = None
        if high is not None and version - high < TAIL:
            self._tail = _touched(log_between(store, high, None))

    def node(self, node_id: str) -> Node | None:
        return self._changes(node_id)[0]

    def edges(self, node_id: str, up: bool) -> list[Edge]:
        """The upward edges out of ``node_id`` (``up``) or into it, as they were then:
        those the store holds now that no event since changed, and those the events
        found standing then."""
        node, changed = self._changes(node_id)
        if node is None or node.kind not in (self._has_parents if up else self._has_children):
            return []  # none then; or a kind no upward edge leaves (enters)
        try:
            now = self._store.edges(node_id)
        except NotFound:  # removed since
            now = []
        found = [
            edge
            for edge in now
            if (edge.source if up else edge.target) == node_id
            and (edge.source, edge.target) not in changed
            and self._upward(edge.relation)
        ]
        for (source, target), state in changed.items():
            if state is not None and (source if up else target) == node_id:
                then = edge_from_state(state)
                if self._upward(then.relation):
                    found.append(then)
        return found

    def _changes(self, node_id: str) -> tuple[Node | None, dict[tuple[str, str], Any]]:
        """The node then, and its edges the events since changed; read once."""
        if node_id not in self._read:
            node_first, _, edge_first, _, same = self._tail or _touched(self._since(node_id))
            node: Node | None
            if node_id in node_first or node_id in same:
                record = node_first[node_id] if node_id in node_first else same[node_id]
                node = None if record is None else node_from_kept(record)
            else:  # unchanged since: as the store holds it now
                try:
                    node = self._store.get_node(node_id)
                except NotFound:
                    node = None
            mine = {k: v for k, v in edge_first.items() if node_id in k}
            self._read[node_id] = (node, mine)
        return self._read[node_id]

    def _since(self, node_id: str) -> list[Event]:
        """The events about ``node_id`` (or an edge of it) from event ``high`` on."""
        if self._high is None:
            return []
        found: list[Event] = []
        after = self._high - 1
        while True:
            page = self._store.events(node_id=node_id, after=after, limit=PAGE)
            found += page
            if len(page) < PAGE:
                return found
            after = page[-1].seq


def _touched(events: Iterable[Event]) -> Touched:
    return touched((e.operation, e.target, e.related, e.before, e.after) for e in events)


def _last_before(store: GraphStore, high: int | None) -> int:
    """The number of the last event before event ``high`` (None: the last of all); 0 for
    none: the version of the graph a replay up to there gives."""
    found = store.events(after=high, newest_first=True, limit=1)
    return found[0].seq if found else 0
