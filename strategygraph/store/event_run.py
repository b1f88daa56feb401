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

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import repeat
from operator import attrgetter
from typing import Any

import orjson

from ..domain import Edge, Event, Node, NodeKind
from ..domain.codec import node_to_dict
from ..domain.model import PROJECT_FIELDS
from ..domain.operations import EventOperation
from ..domain.states import edge_state

__all__ = ["EventRun", "link_run", "node_json", "node_run", "payload_json", "whole_minute_offsets"]


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
"""Fields a node's store row keeps even when empty (``SqliteFile._node_row``)."""


def node_json(node: Node) -> tuple[bytes, str]:
    """The JSON of ``node_to_dict(node)`` (its event's ``after``) and the store's row of
    the node (``SqliteFile._node_row``: the same JSON without its empty fields; a node the
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
    return orjson.dumps(data), orjson.dumps(row).decode()


def whole_minute_offsets(nodes: Sequence[Node]) -> bool:
    """Are the time zones of all the nodes' times whole minutes from UTC? orjson writes
    an offset of seconds rounded to the minute (``+00:01``), ``isoformat`` exactly
    (``+00:00:30``). Most nodes of a run share one stamp, so few times are looked at."""
    times = {n.created_at for n in nodes} | {n.updated_at for n in nodes}
    offsets = {t.utcoffset() for t in times if t is not None and t.tzinfo is not None}
    return all(o is None or not o % _MINUTE for o in offsets)


_MINUTE = timedelta(minutes=1)


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
) -> EventRun:
    """The ``link`` events of ``edges`` (``regions``: each source's region)."""
    dumps = orjson.dumps
    afters = [dumps(edge_state(e)) for e in edges]
    return EventRun(
        EventOperation.LINK,
        [e.source for e in edges],
        regions,
        afters,
        [e.target for e in edges],
        at,
        actor,
        request_id,
    )
