"""Fast builders for records a schema has already checked (a bulk import's nodes and edges).

``node_from_valid`` and ``edge_from_valid`` build the same records as ``node_from_dict``
and ``edge_from_dict`` with the same parsers, minus the per-field bookkeeping that collects
problems. They raise on anything unexpected; the caller then takes the checking builders,
whose problems name every field and location. They do not change their input.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from typing import Any

from .codec import _DATES, _HEALTHS, _KINDS, _SHARED, _STATUSES, _TIMES
from .kinds import Relation
from .model import Edge, Node

__all__ = ["NOT_VALID", "edge_from_valid", "node_from_valid"]

NOT_VALID = (AttributeError, KeyError, TypeError, ValueError)
"""What the builders raise for a record that the checking builders then explain."""

_RELATIONS: dict[str, Relation] = {r.value: r for r in Relation}
_PLAIN = frozenset(
    {
        "id",
        "region",
        "title",
        "description",
        "organisation",
        "approved_by",
        "decision_ref",
        "source",
        "created_by",
        "updated_by",
        "owner",
        "phase",
        "version",
        "progress",
    }
)
_TEXTS = tuple(_PLAIN - {"version", "progress"})
_INTEGERS = ("version", "progress")


def node_from_valid(data: dict[str, Any]) -> Node:
    """The node of a schema-valid interchange dict; raises on anything else."""
    d = {key: value for key, value in data.items() if value is not None}
    if not _KEYS.issuperset(d):
        raise KeyError("field")
    for name in _TEXT_SET.intersection(d):
        if type(d[name]) is not str:
            raise TypeError(name)
    d["kind"] = _KINDS[d["kind"]]
    d["status"] = _STATUSES[d.get("status", "DRAFT")]
    tags = d.get("tags")
    if tags:
        if type(tags) is not list or not all(type(t) is str for t in tags):
            raise TypeError("tags")
        d["tags"] = tuple(dict.fromkeys(map(sys.intern, tags)))  # a repeated tag: once
    else:
        d.pop("tags", None)
    attributes = d.get("attributes")
    if attributes is not None:
        if not isinstance(attributes, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()
        ):
            raise TypeError("attributes")
        d["attributes"] = dict(attributes)
    for name in _INTEGER_SET.intersection(d):
        if type(d[name]) is not int:
            raise TypeError(name)
    if "health" in d:
        d["health"] = _HEALTHS[d["health"]]
    for name in _SHARED_SET.intersection(d):
        d[name] = sys.intern(d[name])
    for name in _DATE_SET.intersection(d):
        d[name] = date.fromisoformat(d[name])
    created, updated = d.get("created_at"), d.get("updated_at")
    if created is not None:
        d["created_at"] = datetime.fromisoformat(created)
    if updated is not None:
        d["updated_at"] = d["created_at"] if updated == created else datetime.fromisoformat(updated)
    return Node(**d)


_OTHER = frozenset({"kind", "status", "tags", "attributes", "health", *_DATES, *_TIMES})
_KEYS = _PLAIN | _OTHER
_TEXT_SET = frozenset(_TEXTS)
_INTEGER_SET = frozenset(_INTEGERS)
_SHARED_SET = frozenset(_SHARED)
_DATE_SET = frozenset(_DATES)


def edge_from_valid(data: dict[str, Any]) -> Edge:
    """The edge of a schema-valid interchange dict; raises on anything else."""
    if len(data) > 3 and not data.keys() <= _EDGE_KEYS:
        raise KeyError("edge")
    source, target = data["source"], data["target"]
    inferred, note = data.get("inferred", False), data.get("note")
    if not (
        isinstance(source, str)
        and isinstance(target, str)
        and isinstance(inferred, bool)
        and (note is None or isinstance(note, str))
    ):
        raise TypeError("edge")
    return Edge(source, _RELATIONS[data["relation"]], target, inferred, note)


_EDGE_KEYS = frozenset({"source", "relation", "target", "inferred", "note"})
