"""Records to Neo4j property maps and back: only primitives and lists (no maps), so the
attributes travel as a JSON string and dates as ISO strings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import orjson

from ..domain import Comment, Edge, Event, Node, Relation
from ..domain.codec import node_to_dict
from ..domain.codec_kept import node_from_trusted
from ..domain.states import comment_from_state, comment_state

__all__ = [
    "comment_from_props",
    "comment_props",
    "edge_from_record",
    "edge_row",
    "event_from_props",
    "event_row",
    "node_from_props",
    "node_props",
]

_FIELDS = frozenset(Node.__slots__)


def node_props(
    node: Node, seq: int, goals: list[str], plain: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The node's property map: its fields, and what the queries need beside them.
    ``plain`` is ``node_to_dict(node)`` when the caller has it already (an event's after)."""
    data = dict(plain) if plain is not None else node_to_dict(node)
    data["attributes"] = _dump(data["attributes"])
    props = {key: value for key, value in data.items() if value is not None}
    props["layer"] = node.kind.layer
    props["seq"] = seq
    props["goals"] = goals
    changed = node.updated_at or node.created_at
    if changed is not None:
        # Naive stamps are taken as UTC, so a stale-draft check never compares the two kinds.
        props["changed"] = (changed if changed.tzinfo else changed.replace(tzinfo=UTC)).timestamp()
    return props


def node_from_props(props: Mapping[str, Any]) -> Node:
    data = {key: value for key, value in props.items() if key in _FIELDS}
    data["attributes"] = json.loads(data.get("attributes") or "{}")
    return node_from_trusted(data)


def edge_row(edge: Edge, seq: int) -> dict[str, Any]:
    return {
        "source": edge.source,
        "target": edge.target,
        "relation": edge.relation.value,
        "inferred": edge.inferred,
        "note": edge.note,
        "seq": seq,
        "suspect_at": edge.suspect_at.isoformat() if edge.suspect_at else None,
        "suspect_by": edge.suspect_by,
    }


def edge_from_record(record: Mapping[str, Any]) -> Edge:
    return Edge(
        record["source"],
        Relation(record["relation"]),
        record["target"],
        bool(record["inferred"]),
        record["note"],
        datetime.fromisoformat(at) if (at := record.get("suspect_at")) else None,
        record.get("suspect_by") if at else None,
    )


def event_row(event: Event, seq: int | None = None) -> dict[str, Any]:
    """The event's property map; ``seq`` numbers it when the event has no number yet."""
    row = {
        "seq": event.seq if seq is None else seq,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "operation": event.operation,
        "target": event.target,
        "region": event.region,
        "before": _dump(event.before),
        "after": _dump(event.after),
        "related": event.related,
        "request_id": event.request_id,
    }
    return {key: value for key, value in row.items() if value is not None}


def event_from_props(props: Mapping[str, Any]) -> Event:
    return Event(
        props["seq"],
        datetime.fromisoformat(props["at"]),
        props["actor"],
        props["operation"],
        props["target"],
        props.get("region"),
        _load(props.get("before")),
        _load(props.get("after")),
        props.get("related"),
        props.get("request_id"),
    )


def comment_props(comment: Comment) -> dict[str, Any]:
    return {k: v for k, v in comment_state(comment).items() if v is not None}


def comment_from_props(props: Mapping[str, Any]) -> Comment:
    return comment_from_state(dict(props))


def _dump(value: dict[str, Any] | None) -> str | None:
    """JSON text, by orjson (several times the stdlib's speed on the event log's rows);
    a value it refuses (an integer beyond 64 bits) goes through the stdlib encoder."""
    if value is None:
        return None
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return json.dumps(value, ensure_ascii=False)


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else dict(json.loads(value))
