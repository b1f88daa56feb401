"""A delta export: what changed after graph version ``since``, read from the event log.

The graph version is the sequence number of the last event, so the events after ``since``
name every node and edge created, changed or removed since. The delta holds the current
state of those that still exist (``nodes``, ``edges``), the ``removed`` ones by id (and
edge key), every region and organisation in scope (an import needs them to resolve
references), ``since_version`` and ``graph_version``. Importing it into a copy that was at
``since`` brings the copy to ``graph_version``::

    delta = service.export_document("kymenlaakso", since=120)
    other.import_document(delta, "sync")     # creates, updates, deletes and unlinks

With a reader, it holds only what that reader may see now; a removal is told only of what
the reader could see before it went (a hidden draft deleted is not theirs to know about).
The CLI, ``exportGraph(since:)`` and the plain feeds (``api/feeds.py``) all come here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..domain import NATIONAL, Edge, Event, Node, NotFound, ValidationError
from ..domain.access import Principal
from ..domain.codec_kept import node_from_trusted
from ..domain.operations import EDGE_OPERATIONS, NODE_OPERATIONS
from ..domain.states import edge_from_state
from ..interchange import Document, dump_document
from ..store import GraphStore
from .visible import visible_store

__all__ = ["PAGE", "delta_document", "scope_document"]

PAGE = 5_000
"""Log entries read at a time."""


def scope_document(
    view: GraphStore, region: str | None, nodes: list[Node], edges: list[Edge], version: int
) -> dict[str, Any]:
    """The interchange document of ``nodes`` and ``edges`` with every region and
    organisation in scope (``region`` and the national level; all without one)."""
    keep = {region, NATIONAL}
    regions = [r for r in view.regions() if region is None or r.id in keep]
    orgs = [o for o in view.organisations() if region is None or o.region in keep]
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


def delta_document(
    store: GraphStore, region: str | None, since: int, reader: Principal | None = None
) -> dict[str, Any]:
    """The nodes and edges of ``region`` (and the national goals; everything without a
    region) that changed after graph version ``since``, as ``reader`` may see them now
    (everything without a reader), and what was removed meanwhile."""
    version = store.version()
    if since < 0 or since > version:
        raise ValidationError.one(
            "since",
            f"since must be a graph version from 0 to {version} (the current one), not {since}",
            "since",
        )
    keep = {region, NATIONAL}

    def in_scope(node: Node) -> bool:
        return region is None or node.region in keep

    touched: dict[str, Node | None] = {}  # node id → its last known state
    edges: dict[tuple[str, str], Edge] = {}  # edge key → its last known state
    for event in _events(store, since, version):  # the whole log: filtered below
        state = event.after or event.before
        if event.operation in NODE_OPERATIONS:
            touched[event.target] = node_from_trusted(state) if state is not None else None
        elif event.operation in EDGE_OPERATIONS and event.related and state is not None:
            edges[(event.target, event.related)] = edge_from_state(state)
    view = store if reader is None else visible_store(store, reader)
    nodes: list[Node] = []
    removed_nodes: list[str] = []
    seen: dict[str, bool] = {}
    for node_id, last in touched.items():
        node = _node(view, node_id)
        if node is not None:
            seen[node_id] = in_scope(node)
            if in_scope(node):
                nodes.append(node)
        elif (
            last is not None
            and _node(store, node_id) is None
            and (reader is None or reader.can_view(last))
        ):
            seen[node_id] = in_scope(last)
            if in_scope(last):
                removed_nodes.append(node_id)

    def shown(node_id: str) -> bool:
        if node_id not in seen:
            node = _node(view, node_id)
            seen[node_id] = node is not None and in_scope(node)
        return seen[node_id]

    changed: list[Edge] = []
    removed_edges: list[dict[str, str]] = []
    for key, gone in sorted(edges.items()):
        if not (shown(key[0]) and shown(key[1])):
            continue
        now = _current(view, key)
        if now is not None:
            changed.append(now)
        else:
            removed_edges.append(
                {"source": gone.source, "relation": gone.relation.value, "target": gone.target}
            )
    out = scope_document(view, region, nodes, changed, version)
    out["since_version"] = since
    out["removed"] = {"nodes": sorted(removed_nodes), "edges": removed_edges}
    return out


def _node(store: GraphStore, node_id: str) -> Node | None:
    try:
        return store.get_node(node_id)
    except NotFound:
        return None


def _current(view: GraphStore, key: tuple[str, str]) -> Edge | None:
    """The edge ``key`` as it is now (None when it is gone or its source is not seen)."""
    try:
        return next((e for e in view.edges(key[0]) if e.key == key), None)
    except NotFound:
        return None
