"""Filtering and ordering ``nodes``: case- and accent-insensitive text, stable sort keys.

>>> fold("Yhteistyö ÅLAND")
'yhteistyo aland'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..domain import Node
from .enums import Health, NodeOrder, Status

__all__ = ["NodeFilter", "fold", "sort_key"]

SortKey = tuple[int | float | str, ...]


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, so "yhteistyo" matches "yhteistyö"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=65_536)
def _haystack(node_id: str, title: str, description: str, tags: tuple[str, ...]) -> str:
    return fold(" ".join((node_id, title, description, *tags)))


@dataclass(frozen=True)
class NodeFilter:
    """The filters of ``nodes`` besides kind and region (which the store applies)."""

    organisation: str | None = None
    status: Status | None = None
    health: Health | None = None
    tag: str | None = None
    search: str | None = None

    def apply(self, nodes: Iterable[Node]) -> list[Node]:
        words = fold(self.search).split() if self.search else []
        tag = fold(self.tag) if self.tag else None
        out = []
        for n in nodes:
            if self.organisation is not None and n.organisation != self.organisation:
                continue
            if self.status is not None and n.status != self.status:
                continue
            if self.health is not None and not (n.is_project and n.effective_health is self.health):
                continue
            if tag is not None and tag not in (fold(t) for t in n.tags):
                continue
            if words:
                text = _haystack(n.id, n.title, n.description, n.tags)
                if not all(w in text for w in words):
                    continue
            out.append(n)
        return out


def sort_key(node: Node, order: NodeOrder) -> SortKey:
    """The key ``nodes`` sorts by, and the cursor it hands out, for ``order``."""
    if order is NodeOrder.TITLE:
        return (fold(node.title), node.id)
    if order is NodeOrder.KIND:
        return (node.kind.layer, fold(node.title), node.id)
    if order is NodeOrder.UPDATED_AT:
        changed = node.updated_at or node.created_at
        return (-changed.timestamp() if changed else 0.0, node.id)
    return (node.id,)
