"""The graph after any event, from the nearest history snapshot and a short replay.

A store that keeps history snapshots (the embedded one: ``store/history_shelf.py``) gets
one every ``SNAPSHOT_EVERY`` events or so, taken at points a replay by time can stop at
(the end of a commit). The graph after event ``seq`` is then the latest snapshot at or
before it, copied, plus the events after the snapshot up to ``seq``: fewer than
``SNAPSHOT_EVERY`` of them. Snapshots are taken when history is first read after the log
grew past the last one by that many (the reader pays once for the stretch, as a full
replay would have on every read), and kept in the store file, so every process and every
later run shares them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..collector import collector_paused
from ..domain import Event
from ..store import EmbeddedStore, GraphStore
from ..store.apply import Scratch
from ..store.follow import apply_event, undo_event
from ..store.history_codec import encode
from ..store.history_shelf import HistoryShelf
from ..trace import TraceGraph

__all__ = [
    "SNAPSHOT_EVERY",
    "events_between",
    "keep_snapshots",
    "moved_back",
    "past_graph",
    "shelf_of",
]

SNAPSHOT_EVERY = 1_000
"""Events between two history snapshots (at most this many replayed to answer)."""

PAGE = 5_000
"""Event-log entries read at a time."""


def shelf_of(store: GraphStore) -> HistoryShelf | None:
    """The store's history snapshots, if it keeps them."""
    shelf = getattr(store, "history", None)
    return shelf if isinstance(shelf, HistoryShelf) else None


def events_between(store: GraphStore, after: int, upto: int) -> Iterator[Event]:
    """The log's events after event ``after``, up to and with event ``upto``."""
    while after < upto:
        page = store.events(after=after, limit=min(PAGE, upto - after))
        for event in page:
            if event.seq > upto:
                return
            yield event
        if not page:
            return
        after = page[-1].seq


def past_graph(store: GraphStore, shelf: HistoryShelf, seq: int) -> Scratch:
    """The graph after event ``seq``. The answer may be a kept snapshot: read it only.

    From whichever is nearer: the latest snapshot at or before ``seq`` (replaying the
    events after it), or the graph as the store holds it now (undoing the events after
    ``seq``, newest first), counting a snapshot not yet decoded as a replay of one event
    per node."""
    keep_snapshots(store, shelf)
    newest = shelf.nearest(seq) or 0
    if isinstance(store, EmbeddedStore) and 0 <= store.version() - seq < seq - newest + (
        0 if shelf.is_decoded(newest) else len(store.view.nodes)
    ):
        return moved_back(store, seq)
    found = shelf.base(seq)
    if found is None:
        at, space = 0, Scratch(TraceGraph(store.metamodel))
    else:
        at, base = found
        if at == seq:
            return base
        space = _copy(base)
    for event in events_between(store, at, seq):
        apply_event(space, event)
    return space


def moved_back(store: EmbeddedStore, seq: int) -> Scratch:
    """The graph after event ``seq``, from a copy of the store's graph as it is now,
    undoing the events after ``seq``, newest first."""
    space, now = store.current()
    for event in reversed(list(events_between(store, seq, now))):
        undo_event(space, event)
    return space


def keep_snapshots(store: GraphStore, shelf: HistoryShelf, every: int = SNAPSHOT_EVERY) -> int:
    """Take the snapshots the log is missing (one each ``every`` events or so, at the end
    of a commit); return how many were taken."""
    if shelf.last() - (shelf.nearest(shelf.last()) or 0) < every:
        return 0
    with shelf.filling:  # one taker at a time; the next finds them taken
        last = shelf.last()
        newest = shelf.nearest(last) or 0
        targets: list[int] = []
        for end in shelf.stretch_ends(newest, last):
            if end - (targets[-1] if targets else newest) >= every:
                targets.append(end)
        if not targets:
            return 0
        generation = shelf.generation()
        found = shelf.base(newest) if newest else None
        if found is None:  # none kept, or none readable: from the start
            at, space = 0, Scratch(TraceGraph(store.metamodel))
        else:
            at, space = found[0], _copy(found[1])
        for target in targets:
            for event in events_between(store, at, target):
                apply_event(space, event)
            at = target
            if not shelf.put(target, encode(space), generation):
                return targets.index(target)
        shelf.remember(generation, at, space)
        return len(targets)


def _copy(space: Scratch) -> Scratch:
    with collector_paused():  # 100,000s of new dicts: no GC passes meanwhile
        return Scratch(
            space.view.copy(),
            dict(space.region_map),
            dict(space.organisation_map),
            dict(space.comment_map),
            space.situation.copy(),
        )
