"""A bulk run's events kept as columns (``bulk_apply.py``): one per new node or new edge,
all with the same time, actor, operation and request.

An import of 120,000 nodes makes some 410,000 events. Building an ``Event`` and its payload
dict for each, then a row tuple and its JSON from those, cost the commit seconds of CPU;
here each payload is encoded once, straight from its record, into the JSON the log
keeps (with its store row beside it), and the file keeps the run as one row of its log
(``event_batches.py``). ``events`` gives them as ``Event``s with the very payloads one-at-a-time
writes (``Applier.event``) make, for a store that needs them one by one (Neo4j).

>>> from datetime import UTC, datetime
>>> from strategygraph.domain import Edge, Relation
>>> when = datetime(2026, 1, 1, tzinfo=UTC)
>>> run = link_run([Edge("p", Relation.ADDRESSES, "c")], ["north"], when, "t", None)
>>> [(str(e.operation), e.target, e.related, e.after["relation"]) for e in run.events()]
[('link', 'p', 'c', 'ADDRESSES')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from itertools import repeat
from operator import attrgetter
from typing import Any

import orjson

from ..domain import Edge, Event, Node, NodeKind, Relation
from ..domain.codec import node_to_dict
from ..domain.model import PROJECT_FIELDS
from ..domain.operations import EventOperation
from ..domain.states import edge_state

__all__ = [
    "EventRun",
    "kept_json",
    "link_run",
    "node_json",
    "node_run",
    "payload_json",
    "plain_link_afters",
    "whole_minute_offsets",
]


@dataclass(frozen=True, slots=True)
class EventRun:
    """The events of one bulk run, in order: ``afters[i]`` is the JSON (UTF-8 bytes, as
    orjson writes it) of the ``after`` of the event about ``targets[i]`` (``related[i]``
    its other node)."""

    operation: str
    targets: Sequence[str]
    regions: Sequence[str]
    afters: Sequence[bytes]
    related: Sequence[str] | None
    at: datetime
    actor: str
    request_id: str | None

    def __len__(self) -> int:
        return len(self.targets)

    def events(self) -> Iterator[Event]:
        """The run as one ``Event`` each (sequence number 0: not yet written)."""
        at, actor, operation, request = self.at, self.actor, self.operation, self.request_id
        related: Iterable[str | None] = repeat(None) if self.related is None else self.related
        for target, region, after, other in zip(
            self.targets, self.regions, self.afters, related, strict=False
        ):
            payload = orjson.loads(after)
            yield Event(0, at, actor, operation, target, region, None, payload, other, request)


_ALL_FIELDS = tuple(Node.__slots__)
_NON_PROJECT_FIELDS = tuple(n for n in _ALL_FIELDS if n not in PROJECT_FIELDS)
_GET_ALL = attrgetter(*_ALL_FIELDS)
_GET_NON_PROJECT = attrgetter(*_NON_PROJECT_FIELDS)
_ALWAYS = frozenset({"id", "kind", "region", "title", "status", "version"})
"""Fields a node's store row keeps even when empty (``sqlite_write._node_row``)."""


def node_json(node: Node) -> tuple[bytes, str]:
    """The JSON of ``node_to_dict(node)`` (its event's ``after``) and the store's row of
    the node (``sqlite_write._node_row``: the same JSON without its empty fields; a node the
    rules accept holds no project field unless it is a project), from one read of its
    fields. No dict of converted values: orjson writes enums as their values, dates and
    times in ISO form and tuples as lists by itself, which costs a third less than
    ``node_to_dict`` (``tests/unit/test_bulk_rows.py`` holds both equal for any node
    whose times ``whole_minute_offsets`` accepts)."""
    if node.kind is NodeKind.STRATEGIC_PROJECT:
        data = dict(zip(_ALL_FIELDS, _GET_ALL(node), strict=True))
    else:
        data = dict(zip(_NON_PROJECT_FIELDS, _GET_NON_PROJECT(node), strict=True))
    return _dumped(data)


def payload_json(node: Node) -> tuple[bytes, str]:
    """``node_json`` by way of ``node_to_dict``: right for any time zone."""
    return _dumped(node_to_dict(node))


def _dumped(data: dict[str, Any]) -> tuple[bytes, str]:
    row = {k: v for k, v in data.items() if v or k in _ALWAYS or type(v) is int}
    return kept_json(data), orjson.dumps(row).decode()


def kept_json(value: Any) -> bytes:
    """``orjson.dumps(value)`` copied to bytes of its own size, for JSON kept by the
    100,000s until the commit writes it. orjson writes into a buffer of some kilobytes
    and shrinks it in place; the allocator cannot hand the freed tail to the next such
    buffer, so each JSON kept as returned holds some 8 KB: an import's 120,000 node
    events held 930 MB, and where the heap had no such memory free (a process that had
    not read a large file first) took two page faults a node, over a second of the
    commit's CPU. Copied, the buffer is freed at once and the next call reuses it (0.1 s
    of copying). A JSON used and dropped at once (a row, decoded) needs no copy."""
    return bytes(memoryview(orjson.dumps(value)))


def whole_minute_offsets(nodes: Sequence[Node]) -> bool:
    """Are the time zones of all the nodes' times whole minutes from UTC? orjson writes
    an offset of seconds rounded to the minute (``+00:01``), ``isoformat`` exactly
    (``+00:00:30``). A fixed zone (``timezone``, UTC among them) has one offset, so
    only the few zones are looked at, not each time (hashing an aware time asks its
    offset: 0.15 s for an import's 240,000 times); any other zone, time by time."""
    times = [*map(_CREATED, nodes), *map(_UPDATED, nodes)]
    zones = set(map(_ZONE, filter(None, times)))
    if all(type(z) is timezone for z in zones - {None}):
        offsets = {z.utcoffset(None) for z in zones if z is not None}
    else:
        offsets = {t.utcoffset() for t in set(times) if t is not None and t.tzinfo is not None}
    return all(o is None or not o % _MINUTE for o in offsets)


_MINUTE = timedelta(minutes=1)
_CREATED, _UPDATED, _ZONE = attrgetter("created_at"), attrgetter("updated_at"), attrgetter("tzinfo")


def node_run(
    nodes: Sequence[Node], at: datetime, actor: str, request_id: str | None
) -> tuple[EventRun, list[str]]:
    """The ``create_node`` events of ``nodes``, and each node's row (in their order)."""
    encode = node_json if whole_minute_offsets(nodes) else payload_json
    pairs = list(map(encode, nodes))
    afters, rows = [a for a, _ in pairs], [r for _, r in pairs]
    run = EventRun(
        EventOperation.CREATE_NODE,
        [n.id for n in nodes],
        [n.region for n in nodes],
        afters,
        None,
        at,
        actor,
        request_id,
    )
    return run, rows


def link_run(
    edges: Sequence[Edge],
    regions: Sequence[str],
    at: datetime,
    actor: str,
    request_id: str | None,
    plain: bool = False,
) -> EventRun:
    """The ``link`` events of ``edges`` (``regions``: each source's region); ``plain``
    says that no edge is inferred, has a note or is suspect (``bulk_apply``'s test)."""
    targets = [e.target for e in edges]
    sources = [e.source for e in edges]
    afters = plain and plain_link_afters(sources, map(_RELATION, edges), targets)
    if not afters:
        afters = [kept_json(edge_state(e)) for e in edges]
    return EventRun(EventOperation.LINK, sources, regions, afters, targets, at, actor, request_id)


def plain_link_afters(
    sources: Sequence[str], relations: Iterable[Relation], targets: Sequence[str]
) -> list[bytes] | None:
    """``orjson.dumps(edge_state(e))`` of plain edges given as columns, written from one
    template: an import's 290,000 edges cost a dict and an encoder call each (about a
    second of the commit), a string format here. orjson escapes only quotes, backslashes
    and control characters, so ids without them are written as they are (ids of the
    rules' form always are); None when an id needs escaping (or cannot be encoded):
    the caller then takes orjson (``tests/unit/test_link_afters.py`` holds both equal)."""
    if _ESCAPED.search("".join(sources)) or _ESCAPED.search("".join(targets)):
        return None
    try:
        return list(map(str.encode, map(_PLAIN_LINK, sources, map(_VALUE, relations), targets)))
    except UnicodeEncodeError:  # a lone surrogate, which orjson refuses too
        return None


_PLAIN_LINK = '{{"source":"{}","relation":"{}","target":"{}","inferred":false,"note":null}}'.format
_ESCAPED = re.compile(r'["\\\x00-\x1f]')
"""What orjson writes escaped in a string."""
_RELATION, _VALUE = attrgetter("relation"), attrgetter("_value_")
assert not any(_ESCAPED.search(r.value) for r in Relation), "relations are written as they are"
