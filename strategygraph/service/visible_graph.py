"""The graph a principal may open, as a ``TraceGraph`` the reference algorithms walk, so
aggregates (coverage, health roll-up) count what the reader may open and nothing else.

A node the principal may not open is left out, and with it every edge that touches it:
a project reaching a goal only through a hidden draft does not reach it for this reader.
"""

from __future__ import annotations

import threading
from weakref import WeakKeyDictionary

from cachetools import LRUCache

from ..domain.access import Principal
from ..store import GraphStore
from ..trace import TraceGraph

__all__ = ["KEPT", "visible_view"]

KEPT = 8
"""Visible graphs kept per store: one per (graph version, principal) recently read."""

_kept: WeakKeyDictionary[object, LRUCache[tuple[int, Principal], TraceGraph]] = WeakKeyDictionary()
# Invalidated by the graph version: a write moves it, so an older graph is never served
# again and ages out of the cache.
_lock = threading.Lock()


def visible_view(store: GraphStore, principal: Principal) -> TraceGraph:
    """The nodes of ``store`` that ``principal`` may open and the edges between them, at
    the store's current version (built once per version and principal: a viewer's page of
    ``rolledUpHealth`` or a ``coverage`` does not rebuild it on every request)."""
    key = (store.version(), principal)
    with _lock:
        kept = _kept.setdefault(store, LRUCache(maxsize=KEPT))
        found = kept.get(key)
    if found is None:
        found = _build(store, principal)
        with _lock:
            kept[key] = found
    return found


def _build(store: GraphStore, principal: Principal) -> TraceGraph:
    nodes = [n for n in store.nodes() if principal.can_view(n)]
    ids = {n.id for n in nodes}
    edges = [e for e in store.edges() if e.source in ids and e.target in ids]
    view = TraceGraph(store.metamodel)
    view.load(nodes, edges)
    return view
