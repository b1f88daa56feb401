"""A bulk run's events kept as columns (``bulk_apply.py``): one per new node or new edge,
all with the same time, actor, operation and request.

An import of 120,000 nodes makes some 410,000 events. Building an ``Event`` and its payload
dict for each, then a row tuple and its JSON from those, cost the commit about 2 s of CPU;
here each payload is encoded once, straight from its record, into the JSON text the log
keeps (with its store row beside it), and the log's rows are zipped from the columns
(``rows``). ``events`` gives them
as ``Event``s with the very payloads that one-at-a-time writes (``Applier.event``) make,
for a store that needs them one by one (the Neo4j adapter).

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
from datetime import datetime
from itertools import repeat
from typing import Any

import orjson

from ..domain import Edge, Event, Node
from ..domain.codec import node_to_dict
from ..domain.operations import EventOperation
from ..domain.states import edge_state

__all__ = ["EventRun", "link_run", "node_json", "node_run"]


@dataclass(frozen=True, slots=True)
class EventRun:
    """The events of one bulk run, in order: ``afters[i]`` is the JSON text of the
    ``after`` of the event about ``targets[i]`` (``related[i]`` its other node)."""

    operation: str
    targets: Sequence[str]
    regions: Sequence[str]
    afters: Sequence[str]
    related: Sequence[str] | None
    at: datetime
    actor: str
    request_id: str | None

    def __len__(self) -> int:
        return len(self.targets)

    def rows(self, at: str) -> Iterator[tuple[Any, ...]]:
        """The log's rows (``SqliteFile``'s column order, ``seq`` left to the file),
        ``at`` the time as the log writes it."""
        related: Iterable[str | None] = repeat(None) if self.related is None else self.related
        return zip(
            repeat(None),
            repeat(at),
            repeat(self.actor),
            repeat(self.operation),
            self.targets,
            self.regions,
            repeat(None),
            self.afters,
            related,
            repeat(self.request_id),
        )

    def events(self) -> Iterator[Event]:
        """The run as one ``Event`` each (sequence number 0: not yet written)."""
        at, actor, operation, request = self.at, self.actor, self.operation, self.request_id
        related: Iterable[str | None] = repeat(None) if self.related is None else self.related
        for target, region, after, other in zip(
            self.targets, self.regions, self.afters, related, strict=False
        ):
            payload = orjson.loads(after)
            yield Event(0, at, actor, operation, target, region, None, payload, other, request)


_ALWAYS = frozenset({"id", "kind", "region", "title", "status", "version"})
"""Fields a node's store row keeps even when empty (``SqliteFile._node_row``)."""


def node_json(payload: dict[str, Any]) -> tuple[str, str]:
    """The JSON of a node's ``node_to_dict`` (its event's ``after``) and the store's row of
    the node (``SqliteFile._node_row``: the same JSON without its empty fields; a node the
    rules accept holds no project field unless it is a project). From the payload's
    JSON values: orjson writes those several times faster than dates and enums."""
    row = {k: v for k, v in payload.items() if v or k in _ALWAYS or type(v) is int}
    return orjson.dumps(payload).decode(), orjson.dumps(row).decode()


def node_run(
    nodes: Sequence[Node], at: datetime, actor: str, request_id: str | None
) -> tuple[EventRun, list[str]]:
    """The ``create_node`` events of ``nodes``, and each node's row (in their order)."""
    pairs = list(map(node_json, map(node_to_dict, nodes)))
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
    afters = [dumps(edge_state(e)).decode() for e in edges]
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
