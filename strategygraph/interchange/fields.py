"""Node and edge fields as text: the one mapping CSV cells, GraphML data and ArchiMate
properties share, written here and read back, checked, by ``fields_read``.

Lists (tags) are joined with ``;`` (a ``;`` or ``\\`` inside a tag is escaped with ``\\``),
attributes are JSON text, booleans ``true``/``false``, dates ISO (``2018-03-01``).
``None`` means the field is absent (null).

>>> split_list(join_list(["a", "b;c"])), text_of(True), text_of(None)
(['a', 'b;c'], 'true', None)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .field_names import EDGE_FIELDS, NODE_FIELDS

__all__ = ["edge_text", "join_list", "node_text", "split_list", "text_of"]


def join_list(items: Iterable[str]) -> str:
    """``["a", "b;c"]`` → ``a;b\\;c``."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(text: str) -> list[str]:
    """Inverse of ``join_list``; whitespace around each item is dropped, empty items too."""
    if "\\" not in text:  # nothing escaped: split at once
        return [i.strip() for i in text.replace("\n", ";").split(";") if i.strip()]
    items, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ";\n":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


def text_of(value: Any) -> str | None:
    """A field's value as text: ``None`` stays, booleans ``true``/``false``, else ``str``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def node_text(node: Mapping[str, Any]) -> dict[str, str | None]:
    """Each node field of an interchange node dict as text (``None`` when absent)."""
    out: dict[str, str | None] = {
        name: value if value is None or type(value) is str else text_of(value)
        for name, value in zip(NODE_FIELDS, map(node.get, NODE_FIELDS), strict=True)
    }
    tags, attributes = node.get("tags"), node.get("attributes")
    out["tags"] = join_list(tags) if tags else None
    out["attributes"] = (
        json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else None
    )
    return out


def edge_text(edge: Mapping[str, Any]) -> dict[str, str | None]:
    out = {name: text_of(edge.get(name)) for name in EDGE_FIELDS}
    if not edge.get("inferred"):
        out["inferred"] = None
    return out
