"""Filtering and ordering ``nodes``: case- and accent-insensitive text, stable sort keys.

>>> fold("Yhteistyö ÅLAND")
'yhteistyo aland'
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter, itemgetter
from weakref import WeakKeyDictionary

from cachetools import LRUCache

from ..domain import Node, NodeKind
from ..store import GraphStore
from .enums import Direction, Health, NodeOrder, Status

__all__ = ["Listing", "NodeFilter", "fold", "node_order", "sort_key", "sorted_nodes"]

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
        if self == _NO_FILTER:
            return list(nodes)
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


def node_order(order: NodeOrder, direction: Direction | None) -> tuple[str, bool]:
    """The cursor kind of ``order`` run in ``direction``, and whether that runs against
    the keys (``UPDATED_AT``'s keys run newest first, the others ascending).

    >>> node_order(NodeOrder.UPDATED_AT, None), node_order(NodeOrder.UPDATED_AT, Direction.ASC)
    (('UPDATED_AT', False), ('UPDATED_AT:ASC', True))
    """
    natural = Direction.DESC if order is NodeOrder.UPDATED_AT else Direction.ASC
    name = str(order.value)
    if direction is None or direction is natural:
        return name, False
    return f"{name}:{direction.name}", True


_NO_FILTER = NodeFilter()

Listing = tuple[list[SortKey], list[Node]]
"""Sort keys and the nodes they belong to, in ascending order."""

_LISTINGS: WeakKeyDictionary[object, LRUCache[Hashable, Listing]] = WeakKeyDictionary()
_LISTINGS_KEPT = 16
_LISTINGS_LOCK = threading.Lock()


def sorted_nodes(
    base: object,
    store: GraphStore,
    viewer: Hashable,
    kind: NodeKind | None,
    region: str | None,
    node_filter: NodeFilter,
    order: NodeOrder,
) -> Listing:
    """The nodes of ``store`` (as ``viewer`` sees it) that match, sorted by ``order``.

    Kept per graph version, for the last few queries over the store ``base``: paging
    through 100,000 nodes filters and sorts them once, not on every page. The lists are
    shared: do not modify them."""
    key = (store.version(), viewer, kind, region, node_filter, order)
    with _LISTINGS_LOCK:
        kept = _LISTINGS.setdefault(base, LRUCache(_LISTINGS_KEPT))
        found = kept.get(key)  # now the most recently used
        if found is not None:
            return found
    nodes = node_filter.apply(store.nodes(kind, region))
    if order is NodeOrder.ID:
        nodes.sort(key=attrgetter("id"))  # linear: the store lists nodes by id already
        listing: Listing = ([(n.id,) for n in nodes], nodes)
    else:
        pairs = sorted(((sort_key(n, order), n) for n in nodes), key=itemgetter(0))
        listing = ([k for k, _ in pairs], [n for _, n in pairs])
    with _LISTINGS_LOCK:
        kept[key] = listing  # the least recently used goes
    return listing
