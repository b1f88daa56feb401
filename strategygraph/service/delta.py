"""What changed since a graph version, as an interchange document a reader may see.

``feed_document`` is the one function the plain feeds (``api/feeds.py``) call: the whole
region without ``since``, else the delta. The delta is the interchange document of the
nodes and edges a commit after ``since`` touched, as they are now, plus a ``removed``
section naming the nodes and edges that are gone::

    {"format": "strategygraph", ..., "graph_version": 42, "since": 40,
     "nodes": [...], "edges": [...],
     "removed": {"nodes": ["p-old"], "edges": [{"source": .., "relation": .., "target": ..}]}}

Importing the delta's nodes and edges into a copy made at ``since`` and deleting what
``removed`` lists gives the copy at ``graph_version``. This is a minimal delta, kept
behind this one function so that the sync work's delta export can take its place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain import NATIONAL, Edge, Event, Node, NotFound, ValidationError
from ..domain.access import Principal
from ..domain.codec import node_from_trusted
from ..domain.states import edge_from_state
from ..interchange import Document, dump_document
from ..store import GraphStore
from ..store.follow import EDGE_OPERATIONS, NODE_OPERATIONS
from .visible import visible_store

__all__ = ["delta_document", "feed_document"]

PAGE = 5_000
"""Log entries read at a time."""


def feed_document(
    store: GraphStore, region: str, since: int | None, reader: Principal
) -> dict[str, Any]:
    """The region (with the national goals) as ``reader`` may see it; with ``since``,
    only what changed after that graph version (``delta_document``)."""
    view = visible_store(store, reader)
    if since is None:
        keep = {region, NATIONAL}
        nodes = [n for n in view.nodes() if n.region in keep]
        ids = {n.id for n in nodes}
        edges = [e for e in view.edges() if e.source in ids and e.target in ids]
        return _document(view, region, nodes, edges, view.version())
    return delta_document(store, region, since, reader)


def _document(
    view: GraphStore, region: str, nodes: list[Node], edges: list[Edge], version: int
) -> dict[str, Any]:
    keep = {region, NATIONAL}
    regions = [r for r in view.regions() if r.id in keep]
    orgs = [o for o in view.organisations() if o.region in keep]
    return dump_document(Document(regions, orgs, nodes, edges), version)


def _events(store: GraphStore, after: int, upto: int) -> Iterator[Event]:
    while True:
        page = store.events(after=after, limit=PAGE)
        for event in page:
            if event.seq > upto:
                return
            yield event
        if len(page) < PAGE:
            return
        after = page[-1].seq


def delta_document(store: GraphStore, region: str, since: int, reader: Principal) -> dict[str, Any]:
    """The nodes and edges of ``region`` (and the national goals) that changed after graph
    version ``since``, as ``reader`` may see them now, and what was removed."""
    version = store.version()
    if since < 0 or since > version:
        raise ValidationError.one(
            "since",
            f"since must be a graph version from 0 to {version} (the current one), not {since}",
            "since",
        )
    keep = {region, NATIONAL}
    touched: dict[str, Node | None] = {}  # node id → its last state before removal
    edges: dict[tuple[str, str], Edge] = {}  # edge key → its last known state
    for event in _events(store, since, version):
        if event.operation in NODE_OPERATIONS:
            state = event.after or event.before
            if state is not None:
                touched[event.target] = node_from_trusted(state)
        elif event.operation in EDGE_OPERATIONS and event.related is not None:
            state = event.after or event.before
            if state is not None:
                edges[(event.target, event.related)] = edge_from_state(state)
    view = visible_store(store, reader)
    nodes: list[Node] = []
    removed_nodes: list[str] = []
    seen: dict[str, bool] = {}
    for node_id, last in touched.items():
        try:
            node = view.get_node(node_id)
        except NotFound:
            node = None
        if node is not None:
            seen[node_id] = node.region in keep
            if node.region in keep:
                nodes.append(node)
        elif last is not None and _gone(store, node_id) and reader.can_view(last):
            seen[node_id] = last.region in keep
            if last.region in keep:
                removed_nodes.append(node_id)

    def shown(node_id: str) -> bool:
        if node_id not in seen:
            try:
                seen[node_id] = view.get_node(node_id).region in keep
            except NotFound:
                seen[node_id] = False
        return seen[node_id]

    now = {e.key: e for key in edges for e in _current(view, key)}
    changed: list[Edge] = []
    removed_edges: list[dict[str, str]] = []
    for key, gone in edges.items():
        if not (shown(key[0]) and shown(key[1])):
            continue
        if key in now:
            changed.append(now[key])
        else:
            removed_edges.append(
                {"source": gone.source, "relation": gone.relation.value, "target": gone.target}
            )
    out = _document(view, region, nodes, changed, version)
    out["since"] = since
    out["removed"] = {"nodes": removed_nodes, "edges": removed_edges}
    return out


def _gone(store: GraphStore, node_id: str) -> bool:
    try:
        store.get_node(node_id)
    except NotFound:
        return True
    return False  # it exists, but the reader may not see it: not told as removed


def _current(view: GraphStore, key: tuple[str, str]) -> list[Edge]:
    """The edge ``key`` as it is now (none when it is gone or its source is not seen)."""
    try:
        return [e for e in view.edges(key[0]) if e.key == key]
    except NotFound:
        return []
