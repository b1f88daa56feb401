"""What changed between two times, from the events between them, read through the port.

``window.py`` answers from the embedded store's history shelf; a store that keeps no
shelf (the Neo4j adapter) answered by replaying its whole log, the log's length in
queries and decoding however short the window. Here the same answer comes from what the
port reads by the log's order and by node, for any adapter:

- the window is the events from the first one committed after ``start`` up to (not with)
  the first one committed after ``end``: where a replay to either time stops
  (``Replayer.advance``); one ``events(since=…, limit=1)`` finds each;
- the nodes and edges those events touched, as they were at either end: the first one's
  ``before`` and the last one's ``after`` (as ``window.py`` reads them);
- an edge's other end, if the window did not touch it, at the end: the ``before`` of the
  first event after the window that changed it, else as the store holds it now.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from ..domain import Node, NotFound
from ..domain.codec_kept import node_from_kept
from ..domain.model import Event
from ..domain.operations import NODE_OPERATIONS
from ..domain.states import edge_from_state
from ..store import GraphStore
from .replay import as_utc
from .window import Window, touched

__all__ = ["changes_through_port", "first_after", "log_between", "node_before"]

PAGE = 5_000
_TICK = timedelta(microseconds=1)
"""The log keeps times to the microsecond: committed after ``t`` is at ``t`` + 1 µs or later."""


def changes_through_port(store: GraphStore, start: datetime, end: datetime) -> Window:
    """The records the events from ``start`` to ``end`` touched, as they were at either end."""
    low, high = first_after(store, start), first_after(store, end)
    events = () if low is None else log_between(store, low, high)
    node_first, node_last, edge_first, edge_last, same = touched(
        (e.operation, e.target, e.related, e.before, e.after) for e in events
    )
    known: dict[str, Node | None] = {
        k: None if v is None else node_from_kept(v) for k, v in same.items()
    }

    def node_at(node_id: str) -> Node | None:
        """The node at the end (one the window did not change), read once."""
        if node_id not in known:
            known[node_id] = node_before(store, node_id, high)
        return known[node_id]

    return (
        {k: node_from_kept(v) for k, v in node_first.items() if v is not None},
        {k: node_from_kept(v) for k, v in node_last.items() if v is not None},
        {k: edge_from_state(v) for k, v in edge_first.items() if v is not None},
        {k: edge_from_state(v) for k, v in edge_last.items() if v is not None},
        node_at,
    )


def first_after(store: GraphStore, moment: datetime) -> int | None:
    """The sequence number of the first event, in the log's order, committed after
    ``moment`` (None: none was). The log keeps UTC times as ISO text, compared as text."""
    later = store.events(since=as_utc(moment).astimezone(UTC) + _TICK, limit=1)
    return later[0].seq if later else None


def log_between(store: GraphStore, low: int, high: int | None) -> Iterator[Event]:
    """The events from number ``low`` up to, not with, number ``high`` (None: the last)."""
    after = low - 1
    while True:
        page = store.events(after=after, limit=PAGE)
        for event in page:
            if high is not None and event.seq >= high:
                return
            yield event
        if len(page) < PAGE:
            return
        after = page[-1].seq


def node_before(store: GraphStore, node_id: str, high: int | None) -> Node | None:
    """The node before event ``high`` (None: as the store holds it now): the ``before``
    of the first change to it from there on, else as it is now. "Now" is read first: a
    commit landing between the two reads is then among the changes, not in "now"."""
    try:
        now: Node | None = store.get_node(node_id)
    except NotFound:
        now = None
    if high is not None:
        after = high - 1
        while True:
            page = store.events(node_id=node_id, after=after, limit=PAGE)
            for event in page:
                if event.target == node_id and event.operation in NODE_OPERATIONS:
                    return None if event.before is None else node_from_kept(event.before)
            if len(page) < PAGE:
                break
            after = page[-1].seq
    return now
