"""Fast builders for records a schema has already checked (a bulk import's nodes and edges).

``node_from_valid`` and ``edge_from_valid`` build the same records as ``node_from_dict``
and ``edge_from_dict`` with the same parsers, minus the per-field bookkeeping that collects
problems. They raise on anything unexpected; the caller then takes the checking builders,
whose problems name every field and location. They do not change their input.

A node is read in one pass over the known fields, in ``Node``'s own order, the defaults
filled where a field is absent, and built by one positional fill: no filtered copy of the
dict and no keyword dict a node (an import's 120,000 nodes spent 3 s in those). A record
that holds exactly ``Node``'s fields (or all but the project fields), as every export
writes one, is read by one ``itemgetter`` call, which also proves it holds no other key;
any other record by a ``map`` over ``dict.get``.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from .codec_tables import (
    ALL_FIELDS,
    DATE_FIELDS,
    EDGE_KEYS,
    FIELD_AT,
    HEALTHS,
    KINDS,
    NODE_KEYS,
    NON_PROJECT_FIELDS,
    RELATIONS,
    SHARED_AT,
    STATUSES,
    TEXT_FIELDS,
)
from .kinds import Status
from .model import PROJECT_FIELDS, Edge, Node

__all__ = ["NOT_VALID", "edge_from_valid", "node_from_valid", "node_from_values"]

NOT_VALID = (AttributeError, KeyError, TypeError, ValueError)
"""What the builders raise for a record that the checking builders then explain."""

_TEXTS = ("id", "region", "title", "description", *TEXT_FIELDS)
"""Fields that hold a text or nothing."""
_TEXT_VALUES = itemgetter(*(FIELD_AT[name] for name in _TEXTS))
_STR_OR_NONE = frozenset({str, type(None)})
_DATES_AT = tuple(FIELD_AT[name] for name in DATE_FIELDS)
_ID, _KIND, _REGION, _TITLE = (FIELD_AT[n] for n in ("id", "kind", "region", "title"))
_DESCRIPTION, _STATUS, _TAGS, _ATTRIBUTES = (
    FIELD_AT[n] for n in ("description", "status", "tags", "attributes")
)
_VERSION, _PROGRESS, _HEALTH = (FIELD_AT[n] for n in ("version", "progress", "health"))
_CREATED, _UPDATED = FIELD_AT["created_at"], FIELD_AT["updated_at"]
_intern = sys.intern
_fromdate, _fromtime = date.fromisoformat, datetime.fromisoformat


def node_from_valid(data: dict[str, Any]) -> Node:
    """The node of a schema-valid interchange dict; raises on anything else."""
    v = _values(data)
    if not _STR_OR_NONE.issuperset(map(type, _TEXT_VALUES(v))):
        raise TypeError("text")
    if v[_ID] is None or v[_REGION] is None or v[_TITLE] is None:
        raise KeyError("required")
    v[_KIND] = KINDS[v[_KIND]]
    status = v[_STATUS]
    v[_STATUS] = Status.DRAFT if status is None else STATUSES[status]
    if v[_DESCRIPTION] is None:
        v[_DESCRIPTION] = ""
    tags = v[_TAGS]
    if tags:
        if type(tags) is not list or not all(type(t) is str for t in tags):
            raise TypeError("tags")
        v[_TAGS] = tuple(dict.fromkeys(map(_intern, tags)))  # a repeated tag: once
    else:
        v[_TAGS] = ()
    attributes = v[_ATTRIBUTES]
    if not attributes:  # most nodes: none, without a generator to say so
        if attributes is not None and type(attributes) is not dict:
            raise TypeError("attributes")
        v[_ATTRIBUTES] = {}
    elif type(attributes) is not dict or not all(
        type(k) is str and type(t) is str for k, t in attributes.items()
    ):
        raise TypeError("attributes")
    else:
        v[_ATTRIBUTES] = dict(attributes)
    version, progress = v[_VERSION], v[_PROGRESS]
    if version is None:
        v[_VERSION] = 1
    elif type(version) is not int:
        raise TypeError("version")
    if progress is not None and type(progress) is not int:
        raise TypeError("progress")
    if v[_HEALTH] is not None:
        v[_HEALTH] = HEALTHS[v[_HEALTH]]
    for i in SHARED_AT:
        if v[i] is not None:
            v[i] = _intern(v[i])
    for i in _DATES_AT:
        if v[i] is not None:
            v[i] = _fromdate(v[i])
    created, updated = v[_CREATED], v[_UPDATED]
    if created is not None:
        v[_CREATED] = _fromtime(created)
    if updated is not None:
        v[_UPDATED] = v[_CREATED] if updated == created else _fromtime(updated)
    return _filled(v)


assert (*NON_PROJECT_FIELDS, *PROJECT_FIELDS) == ALL_FIELDS, "the project fields come last"
_ALL_VALUES, _NON_PROJECT_VALUES = itemgetter(*ALL_FIELDS), itemgetter(*NON_PROJECT_FIELDS)
_NO_PROJECT = (None,) * len(PROJECT_FIELDS)
_ALL_COUNT, _NON_PROJECT_COUNT = len(ALL_FIELDS), len(NON_PROJECT_FIELDS)


def _values(data: dict[str, Any]) -> list[Any]:
    """Every field of ``data`` in ``Node``'s order, None where absent; raises when it
    holds a key that is not a field. A record of exactly the fields of a project (or of
    any other node) is read in one C call: all of them found, and no more keys than
    that, it holds no other key."""
    size = len(data)
    try:
        if size == _ALL_COUNT:
            return list(_ALL_VALUES(data))
        if size == _NON_PROJECT_COUNT:
            return [*_NON_PROJECT_VALUES(data), *_NO_PROJECT]
    except KeyError:
        pass  # another set of keys of the same size: looked at one by one
    if not NODE_KEYS.issuperset(data):
        raise KeyError("field")
    return list(map(data.get, ALL_FIELDS))


class _Unfrozen:
    """``Node``'s very layout (its slots, in its order) without its frozen
    ``__setattr__``: a node is filled as one of these, then made a ``Node``."""

    __slots__ = ALL_FIELDS


_new = object.__new__
assert not hasattr(Node, "__post_init__"), "_filled would skip it"


def _filled(values: list[Any]) -> Node:
    """``Node(*values)``: the slots of an ``_Unfrozen`` set by one unpacking (plain slot
    stores), then its class made ``Node`` (allowed: the two have the same layout). A
    frozen dataclass's ``__init__`` makes a Python-level ``object.__setattr__`` call per
    field (24 of them), a third of building a node; a descriptor call per field still
    cost four times this. The same type, the same record."""
    node: Any = _new(_Unfrozen)
    (
        node.id,
        node.kind,
        node.region,
        node.title,
        node.organisation,
        node.description,
        node.status,
        node.approved_by,
        node.decision_date,
        node.decision_ref,
        node.tags,
        node.source,
        node.attributes,
        node.version,
        node.created_at,
        node.created_by,
        node.updated_at,
        node.updated_by,
        node.owner,
        node.phase,
        node.start_date,
        node.due_date,
        node.progress,
        node.health,
    ) = values
    node.__class__ = Node
    return node  # type: ignore[no-any-return]


assert _filled(list(range(_ALL_COUNT))) == Node(*range(_ALL_COUNT)), "every field, in order"
node_from_values = _filled
"""``Node(*values)`` for a list of every field's value, in ``Node``'s order (a bulk run's
stamped nodes: ``bulk_apply.stamper``), at a quarter of its cost."""


def edge_from_valid(data: dict[str, Any]) -> Edge:
    """The edge of a schema-valid interchange dict; raises on anything else."""
    if len(data) > 3 and not data.keys() <= EDGE_KEYS:
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
    return Edge(source, RELATIONS[data["relation"]], target, inferred, note)
