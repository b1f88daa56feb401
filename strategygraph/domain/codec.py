"""Records to plain dicts and back, with problems named by field and location.

The same dict shape is the interchange format's node and edge, the event log's
before/after, and the embedded store's row. Dates are ISO strings. Records that were
checked already take quicker builders beside this one: a schema-checked import's
(``codec_fast``, ``codec_edges``) and the store's own (``codec_kept``).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from operator import attrgetter
from typing import Any, TypeVar

from .codec_tables import (
    ALL_FIELDS,
    DATE_FIELDS,
    EDGE_KEYS,
    NODE_KEYS,
    NON_PROJECT_FIELDS,
    TEXT_FIELDS,
    TIME_FIELDS,
)
from .errors import Problem, ValidationError
from .kinds import Health, NodeKind, Relation, Status
from .model import Edge, Node

__all__ = [
    "edge_from_dict",
    "edge_to_dict",
    "node_changes_from_dict",
    "node_from_dict",
    "node_to_dict",
]

_E = TypeVar("_E", bound=Enum)

_GET_ALL = attrgetter(*ALL_FIELDS)
_GET_NON_PROJECT = attrgetter(*NON_PROJECT_FIELDS)
_PLAIN_FIELDS = frozenset(
    {"id", "region", "title", "description", "version", "progress", *TEXT_FIELDS}
)
"""Fields that hold JSON values as they are (str, int or None); every other field, and any
field added later, goes through ``_jsonable``."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _enum_value(value: Enum) -> Any:
    return value._value_


def _iso(value: date) -> str:
    return value.isoformat()


_CONVERTERS: dict[str, Any] = {
    "kind": _enum_value,
    "status": _enum_value,
    "health": _enum_value,
    "tags": list,
    "attributes": dict,
    **dict.fromkeys((*DATE_FIELDS, *TIME_FIELDS), _iso),
}
"""The conversion of each known field that is not plain; other fields take ``_jsonable``."""
_CONVERT_ALL = tuple(
    (n, _CONVERTERS.get(n, _jsonable))
    for n in ALL_FIELDS
    if n not in _PLAIN_FIELDS and n != "updated_at"
)
_CONVERT_NON_PROJECT = tuple(
    (n, _CONVERTERS.get(n, _jsonable))
    for n in NON_PROJECT_FIELDS
    if n not in _PLAIN_FIELDS and n != "updated_at"
)


def node_to_dict(node: Node) -> dict[str, Any]:
    """A node as a JSON-ready dict; project fields only on projects.

    On the hot path of every write and export: the fields are read in one ``attrgetter``
    call and only those that are not plain JSON values are converted."""
    if node.kind is NodeKind.STRATEGIC_PROJECT:
        out = dict(zip(ALL_FIELDS, _GET_ALL(node), strict=True))
        convert = _CONVERT_ALL
    else:
        out = dict(zip(NON_PROJECT_FIELDS, _GET_NON_PROJECT(node), strict=True))
        convert = _CONVERT_NON_PROJECT
    for name, to_json in convert:
        value = out[name]
        if value is not None:
            out[name] = to_json(value)
    updated = node.updated_at
    if updated is not None:  # mostly the very same time as created_at: formatted once
        out["updated_at"] = out["created_at"] if updated is node.created_at else updated.isoformat()
    return out


def edge_to_dict(edge: Edge) -> dict[str, Any]:
    return {
        "source": edge.source,
        "relation": edge.relation._value_,  # not ``.value``: a property, ten times slower
        "target": edge.target,
        "inferred": edge.inferred,
        "note": edge.note,
    }


class _Reader:
    """Reads typed fields out of one dict, collecting problems instead of stopping."""

    def __init__(self, data: dict[str, Any], what: str, where: str | None) -> None:
        self.data = data
        self.what = what
        self.where = where
        self.problems: list[Problem] = []

    def fail(self, rule: str, fld: str, message: str) -> None:
        self.problems.append(Problem(rule, f"{self.what}: {message}", fld, self.where))

    def text(self, fld: str, required: bool = False) -> str | None:
        value = self.data.get(fld)
        if value is None:
            if required:
                self.fail("required", fld, f"'{fld}' is required")
            return None
        if not isinstance(value, str):
            self.fail("type", fld, f"'{fld}' must be a string, not {type(value).__name__}")
            return None
        return value

    def enum(self, fld: str, kind: type[_E], required: bool = False) -> _E | None:
        value = self.text(fld, required)
        if value is None:
            return None
        try:
            return kind(value)
        except ValueError:
            names = ", ".join(m.value for m in kind)
            self.fail(f"unknown-{fld}", fld, f"unknown {fld} {value!r}; expected one of {names}")
            return None

    def day(self, fld: str) -> date | None:
        value = self.text(fld)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail("date-format", fld, f"'{fld}' {value!r} is not a date (YYYY-MM-DD)")
            return None

    def time(self, fld: str) -> datetime | None:
        value = self.text(fld)
        if value is None:
            return None
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            self.fail("date-format", fld, f"'{fld}' {value!r} is not an ISO date-time")
            return None

    def integer(self, fld: str) -> int | None:
        value = self.data.get(fld)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail("type", fld, f"'{fld}' must be an integer")
            return None
        return value

    def unknown_keys(self, known: frozenset[str]) -> None:
        for key in sorted(set(self.data) - known):
            self.fail("unknown-field", key, f"unknown field '{key}'")


def node_from_dict(data: dict[str, Any], where: str | None = None) -> Node:
    """Build a node, or raise ``ValidationError`` listing every malformed field."""
    ident = data.get("id")
    r = _Reader(data, f"node '{ident}'" if isinstance(ident, str) else "node", where)
    r.unknown_keys(NODE_KEYS)
    node_id = r.text("id", required=True)
    kind = r.enum("kind", NodeKind, required=True)
    region = r.text("region", required=True)
    title = r.text("title", required=True)
    status = r.enum("status", Status) or Status.DRAFT
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        r.fail("type", "tags", "'tags' must be a list of strings")
        tags = []
    attributes = data.get("attributes") or {}
    if not isinstance(attributes, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in attributes.items()
    ):
        r.fail("type", "attributes", "'attributes' must map names to strings")
        attributes = {}
    texts = {name: r.text(name) for name in TEXT_FIELDS}
    dates = {name: r.day(name) for name in DATE_FIELDS}
    times = {name: r.time(name) for name in TIME_FIELDS}
    version = r.integer("version")
    progress = r.integer("progress")
    health = r.enum("health", Health)
    description = r.text("description") or ""
    if r.problems or node_id is None or kind is None or region is None or title is None:
        raise ValidationError(r.problems)
    fields: dict[str, Any] = {**texts, **dates, **times}
    return Node(
        id=node_id,
        kind=kind,
        region=region,
        title=title,
        description=description,
        status=status,
        tags=tuple(dict.fromkeys(tags)),  # a tag given twice is kept once
        attributes=dict(attributes),
        version=version if version is not None else 1,
        progress=progress,
        health=health,
        **fields,
    )


def edge_from_dict(data: dict[str, Any], where: str | None = None) -> Edge:
    """Build an edge, or raise ``ValidationError`` listing every malformed field."""
    r = _Reader(data, "edge", where)
    r.unknown_keys(EDGE_KEYS)
    source = r.text("source", required=True)
    relation = r.enum("relation", Relation, required=True)
    target = r.text("target", required=True)
    note = r.text("note")
    inferred = data.get("inferred", False)
    if not isinstance(inferred, bool):
        r.fail("type", "inferred", "'inferred' must be true or false")
    if r.problems or source is None or relation is None or target is None:
        raise ValidationError(r.problems)
    return Edge(source, relation, target, bool(inferred), note)


def node_changes_from_dict(patch: dict[str, Any], where: str | None = None) -> dict[str, Any]:
    """Typed values for a partial update; ``None`` clears a field. Raises on bad fields."""
    r = _Reader(patch, "update", where)
    r.unknown_keys(NODE_KEYS)
    out: dict[str, Any] = {}
    for name in patch:
        if name not in NODE_KEYS:
            continue
        if name in DATE_FIELDS:
            out[name] = r.day(name)
        elif name in TIME_FIELDS:
            out[name] = r.time(name)
        elif name in ("version", "progress"):
            out[name] = r.integer(name)
        elif name in ("kind", "status", "health"):
            enums: dict[str, type[Enum]] = {"kind": NodeKind, "status": Status, "health": Health}
            out[name] = r.enum(name, enums[name])
        elif name == "tags":
            tags = patch[name] or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                r.fail("type", "tags", "'tags' must be a list of strings")
            out[name] = tuple(dict.fromkeys(tags))  # a tag given twice is kept once
        elif name == "attributes":
            attrs = patch[name] or {}
            if not isinstance(attrs, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in attrs.items()
            ):
                r.fail("type", "attributes", "'attributes' must map names to strings")
            out[name] = attrs
        elif name in ("title", "description"):
            out[name] = r.text(name) or ""
        else:
            out[name] = r.text(name)
    if r.problems:
        raise ValidationError(r.problems)
    return out
