"""The graph as it was: rebuilt in memory by replaying the event log.

Every event keeps the record before and after the change, so replaying the ``after`` of
each event, in log order (``store/follow.py``), rebuilds the graph at any point of its
history, whatever store holds the log.

>>> from strategygraph.store import EmbeddedStore
>>> replayer = Replayer(EmbeddedStore())
>>> replayer.advance()
0
>>> replayer.view.nodes
{}
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from ..domain import Comment, Edge, Event, Node, Organisation, Region
from ..domain.codec import node_to_dict
from ..domain.operations import COMMENT_OPERATIONS, EDGE_OPERATIONS, NODE_OPERATIONS
from ..domain.states import comment_state, edge_state
from ..store import GraphStore
from ..store.follow import apply_event
from ..store.situation_state import SituationState
from ..trace import TraceGraph

__all__ = [
    "COMMENT_OPERATIONS",
    "EDGE_OPERATIONS",
    "NODE_OPERATIONS",
    "Replayer",
    "as_utc",
    "graph_state",
]

PAGE = 5_000


def as_utc(moment: datetime) -> datetime:
    """A naive time is taken as UTC (the log keeps UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Replayer:
    """Replays ``store``'s event log forward, up to a time, into a ``TraceGraph``."""

    def __init__(self, store: GraphStore) -> None:
        self.view = TraceGraph(store.metamodel)
        self.region_map: dict[str, Region] = {}
        self.organisation_map: dict[str, Organisation] = {}
        self.comment_map: dict[str, Comment] = {}
        self.situation = SituationState()
        self.seq = 0
        self._events = _log(store)
        self._next: Event | None = None

    def advance(self, until: datetime | None = None) -> int:
        """Apply every event committed at or before ``until`` (all if None); return the
        sequence number of the last one applied."""
        limit = as_utc(until) if until is not None else None
        while True:
            event = self._next or next(self._events, None)
            self._next = None
            if event is None:
                return self.seq
            if limit is not None and as_utc(event.at) > limit:
                self._next = event
                return self.seq
            self.apply(event)

    def apply(self, event: Event) -> None:
        apply_event(self, event)
        self.seq = event.seq

    def state(self) -> dict[str, Any]:
        """The replayed graph as ``graph_state`` pictures it."""
        return graph_state(
            list(self.view.nodes.values()),
            list(self.view.edges()),
            list(self.region_map.values()),
            list(self.organisation_map.values()),
            list(self.comment_map.values()),
        )


def graph_state(
    nodes: list[Node],
    edges: list[Edge],
    regions: list[Region],
    orgs: list[Organisation],
    comments: list[Comment],
) -> dict[str, Any]:
    """A comparable picture of a graph: records as plain dicts, keyed by identity."""
    return {
        "nodes": {n.id: node_to_dict(n) for n in nodes},
        "edges": {e.key: edge_state(e) for e in edges},
        "regions": {r.id: r.name for r in regions},
        "organisations": {o.id: (o.name, o.region) for o in orgs},
        "comments": {c.id: comment_state(c) for c in comments},
    }


def _log(store: GraphStore) -> Iterator[Event]:
    after = 0
    while True:
        page = store.events(after=after, limit=PAGE)
        yield from page
        if len(page) < PAGE:
            return
        after = page[-1].seq
