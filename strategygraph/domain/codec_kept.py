"""The quick builder of a node the store wrote itself (a record of its event log).

``node_from_kept`` builds the very node ``codec.node_from_trusted`` builds from the same
record, without changing the record: one C-level pass reads every field in ``Node``'s
own order with its default where the record has none, and one positional fill builds
it (``codec_fast``'s way). A ``diff`` builds a node for each one it changed
(``service/window.py``).
"""

from __future__ import annotations

import sys
from dataclasses import MISSING, fields
from datetime import date, datetime
from typing import Any

from .codec import _HEALTHS, _KINDS, _STATUSES
from .codec_fast import _AT, _FIELDS, _SHARED_AT, _filled
from .model import Node

__all__ = ["node_from_kept"]

_NEW_DICT = object()
"""The default of a field whose default is a new dict (``attributes``)."""
_DEFAULTS = tuple(
    f.default if f.default is not MISSING else _NEW_DICT if f.default_factory is dict else None
    for f in sorted(fields(Node), key=lambda f: _AT[f.name])
)
_KIND, _STATUS, _TAGS, _ATTRIBUTES = (_AT[n] for n in ("kind", "status", "tags", "attributes"))
_HEALTH = _AT["health"]
_DATES = tuple(_AT[n] for n in ("decision_date", "start_date", "due_date"))
_CREATED, _UPDATED = _AT["created_at"], _AT["updated_at"]
_intern, _fromdate, _fromtime = sys.intern, date.fromisoformat, datetime.fromisoformat


def node_from_kept(data: dict[str, Any]) -> Node:
    """The node of a record this program wrote (``node_to_dict``'s JSON, decoded)."""
    v: list[Any] = list(map(data.get, _FIELDS, _DEFAULTS))
    v[_KIND] = _KINDS[v[_KIND]]
    v[_STATUS] = _STATUSES[v[_STATUS]]
    tags = v[_TAGS]
    v[_TAGS] = tuple(map(_intern, tags)) if tags else ()
    if v[_ATTRIBUTES] is _NEW_DICT:
        v[_ATTRIBUTES] = {}
    if v[_HEALTH] is not None:
        v[_HEALTH] = _HEALTHS[v[_HEALTH]]
    for i in _SHARED_AT:
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
    return _filled(v)
