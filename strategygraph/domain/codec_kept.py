"""The builders of a node from a record the store wrote itself (its file, its event log).

Such a record needs none of ``codec``'s checks. ``node_from_trusted`` builds its node in
place, consuming the record (the rows the store reads as it opens its file or follows its
log). ``node_from_kept`` builds the very same node and leaves the record as it was: one
C-level pass reads every field in ``Node``'s own order with its default where the record
has none, and one positional fill builds it (``codec_fast``'s way). A ``diff`` builds a
node for each one it changed (``service/window.py``).
"""

from __future__ import annotations

import sys
from dataclasses import MISSING, fields
from datetime import date, datetime
from typing import Any

from .codec_fast import node_from_values
from .codec_tables import (
    ALL_FIELDS,
    DATE_FIELDS,
    FIELD_AT,
    HEALTHS,
    KINDS,
    SHARED_AT,
    SHARED_FIELDS,
    STATUSES,
)
from .model import Node

__all__ = ["node_from_kept", "node_from_trusted"]

_SHARED_SET = frozenset(SHARED_FIELDS)
_DATE_SET = frozenset(DATE_FIELDS)


def node_from_trusted(data: dict[str, Any]) -> Node:
    """Fast path for rows this program wrote itself (the store's own file): no checks.

    Repeated strings (region, organisation, who, tags) are interned, so a large graph
    holds one copy of each, and ``updated_at`` shares ``created_at`` when they are equal.
    ``data`` is consumed (its values are replaced)."""
    d = data
    d["kind"] = KINDS[d["kind"]]
    d["status"] = STATUSES[d["status"]]
    tags = d.get("tags")
    d["tags"] = tuple(map(sys.intern, tags)) if tags else ()
    if d.get("health") is not None:
        d["health"] = HEALTHS[d["health"]]
    # Only the fields the row holds (a row leaves its empty ones out): fewer lookups.
    for name in _SHARED_SET.intersection(d):
        value = d[name]
        if value is not None:
            d[name] = sys.intern(value)
    for name in _DATE_SET.intersection(d):
        if d[name]:
            d[name] = date.fromisoformat(d[name])
    created, updated = d.get("created_at"), d.get("updated_at")
    if created:
        d["created_at"] = datetime.fromisoformat(created)
    if updated:
        d["updated_at"] = d["created_at"] if updated == created else datetime.fromisoformat(updated)
    return Node(**d)


_NEW_DICT = object()
"""The default of a field whose default is a new dict (``attributes``)."""
_DEFAULTS = tuple(
    f.default if f.default is not MISSING else _NEW_DICT if f.default_factory is dict else None
    for f in sorted(fields(Node), key=lambda f: FIELD_AT[f.name])
)
_KIND, _STATUS, _TAGS, _ATTRIBUTES = (FIELD_AT[n] for n in ("kind", "status", "tags", "attributes"))
_HEALTH = FIELD_AT["health"]
_DATES = tuple(FIELD_AT[n] for n in DATE_FIELDS)
_CREATED, _UPDATED = FIELD_AT["created_at"], FIELD_AT["updated_at"]
_intern, _fromdate, _fromtime = sys.intern, date.fromisoformat, datetime.fromisoformat


def node_from_kept(data: dict[str, Any]) -> Node:
    """The node of a record this program wrote (``node_to_dict``'s JSON, decoded)."""
    v: list[Any] = list(map(data.get, ALL_FIELDS, _DEFAULTS))
    v[_KIND] = KINDS[v[_KIND]]
    v[_STATUS] = STATUSES[v[_STATUS]]
    tags = v[_TAGS]
    v[_TAGS] = tuple(map(_intern, tags)) if tags else ()
    if v[_ATTRIBUTES] is _NEW_DICT:
        v[_ATTRIBUTES] = {}
    if v[_HEALTH] is not None:
        v[_HEALTH] = HEALTHS[v[_HEALTH]]
    for i in SHARED_AT:
        if v[i] is not None:
            v[i] = _intern(v[i])
    for i in _DATES:
        if v[i]:
            v[i] = _fromdate(v[i])
    created, updated = v[_CREATED], v[_UPDATED]
    if created:
        v[_CREATED] = _fromtime(created)
    if updated:
        v[_UPDATED] = v[_CREATED] if updated == created else _fromtime(updated)
    return node_from_values(v)
