"""History queries: the graph at a time, the diff between two times, and suspect links.

``graph_at`` rebuilds the graph of a time in memory and answers with the ``trace``
reference functions, so it works the same over every store adapter: from the nearest
history snapshot and the events after it on a store that keeps snapshots (``past.py``),
by replaying the whole log (``replay.Replayer``) on one that does not. ``diff`` reads
only the events between its two times on the first kind (every event keeps the record
before and after it), the whole log on the second.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from ..domain import Edge, Node, ValidationError
from ..domain.model import STAMP_FIELDS
from ..domain.node_fields import changed_fields
from ..domain.states import edge_state
from ..store import EmbeddedStore, GraphStore
from .past import shelf_of
from .past_port import PortPastStore
from .past_store import PastStore
from .replay import Replayer, as_utc
from .window import changes_between
from .window_port import changes_through_port

__all__ = [
    "EdgeChange",
    "GraphDiff",
    "NodeChange",
    "SuspectLink",
    "diff",
    "graph_at",
    "suspect_links",
]

K = TypeVar("K")
R = TypeVar("R")
C = TypeVar("C")


@dataclass
class NodeChange:
    before: Node
    after: Node
    fields: list[str]


@dataclass
class EdgeChange:
    before: Edge
    after: Edge
    fields: list[str]


@dataclass
class GraphDiff:
    """What changed between two times (nodes and edges as they were at either end)."""

    added_nodes: list[Node] = field(default_factory=list)
    changed_nodes: list[NodeChange] = field(default_factory=list)
    removed_nodes: list[Node] = field(default_factory=list)
    added_edges: list[Edge] = field(default_factory=list)
    changed_edges: list[EdgeChange] = field(default_factory=list)
    removed_edges: list[Edge] = field(default_factory=list)


@dataclass
class SuspectLink:
    """An edge under a changed approved node, waiting for a planner's review."""

    edge: Edge
    changed: Node
    at: datetime
    by: str | None


def graph_at(store: GraphStore, moment: datetime, full_replay: bool = False) -> GraphStore:
    """A read-only store holding the graph as it was at ``moment`` (empty before the
    first event); it answers the port's questions, the traceability ones with the
    reference functions. Callers see the port only: how it is built is this module's.
    ``full_replay``: replay the whole log even where snapshots are kept (the reference
    the snapshots are tested against)."""
    shelf = None if full_replay else shelf_of(store)
    if shelf is not None:  # built when a question needs the whole graph (past_store.py)
        return PastStore(store, shelf, shelf.seq_at(moment))
    if not full_replay:  # no shelf (Neo4j): a node from the port, else a replay (past_port)
        return PortPastStore(store, moment)
    replayer = Replayer(store)
    seq = replayer.advance(moment)
    return EmbeddedStore.of_graph(
        replayer.view, replayer.region_map, replayer.organisation_map, seq, replayer.situation
    )


def diff(
    store: GraphStore,
    start: datetime,
    end: datetime,
    region: str | None = None,
    visible: Callable[[Node], bool] = lambda node: True,
    full_replay: bool = False,
) -> GraphDiff:
    """Nodes and edges added, changed and removed from ``start`` to ``end`` (of one region:
    nodes in it, edges with an end in it), leaving out nodes not ``visible`` and edges
    with an end that is not. ``full_replay``: as ``graph_at``'s."""
    if as_utc(end) < as_utc(start):
        raise ValidationError.one(
            "time-order", f"'to' ({end.isoformat()}) is before 'from' ({start.isoformat()})", "to"
        )
    shelf = shelf_of(store)
    if not full_replay:
        nodes_before, nodes_after, edges_before, edges_after, node_at = (
            changes_between(store, shelf, start, end)
            if shelf is not None
            else changes_through_port(store, start, end)  # a store without a shelf: Neo4j
        )
    else:
        replayer = Replayer(store)
        replayer.advance(start)
        view = replayer.view
        nodes_before = dict(view.nodes)
        edges_before = {e.key: e for e in view.edges()}
        replayer.advance(end)
        nodes_after = dict(view.nodes)
        edges_after = {e.key: e for e in view.edges()}
        node_at = nodes_after.get

    def node_of(node_id: str) -> Node | None:
        return nodes_after.get(node_id) or nodes_before.get(node_id) or node_at(node_id)

    def node_in(node_id: str) -> bool:
        node = node_of(node_id)
        return node is not None and node.region == region

    def shown(node_id: str) -> bool:
        node = node_of(node_id)
        return node is not None and visible(node)

    node_ids = sorted(
        i
        for i in nodes_before.keys() | nodes_after.keys()
        if (region is None or node_in(i)) and shown(i)
    )
    edge_keys = sorted(
        k
        for k in edges_before.keys() | edges_after.keys()
        if (region is None or node_in(k[0]) or node_in(k[1])) and shown(k[0]) and shown(k[1])
    )
    added_nodes, changed_nodes, removed_nodes = _compare(
        nodes_before, nodes_after, node_ids, changed_fields, NodeChange
    )
    added_edges, changed_edges, removed_edges = _compare(
        edges_before, edges_after, edge_keys, _edge_fields, EdgeChange
    )
    return GraphDiff(
        added_nodes, changed_nodes, removed_nodes, added_edges, changed_edges, removed_edges
    )


def suspect_links(store: GraphStore, region: str | None = None) -> list[SuspectLink]:
    """Suspect edges with either end in ``region`` (all if None), most recent first."""
    found = []
    nodes: dict[str, Node] = {}
    for edge in store.edges():
        if edge.suspect_at is None:
            continue
        for end in (edge.source, edge.target):
            if end not in nodes:
                nodes[end] = store.get_node(end)
        if region is None or region in (nodes[edge.source].region, nodes[edge.target].region):
            found.append(SuspectLink(edge, nodes[edge.target], edge.suspect_at, edge.suspect_by))
    found.sort(key=lambda s: (s.at, s.edge.key), reverse=True)
    return found


def _edge_fields(old: Edge, new: Edge) -> list[str]:
    """The fields whose state (``edge_state``) differs, stamps aside."""
    before, after = edge_state(old), edge_state(new)
    return sorted(
        k
        for k in before.keys() | after.keys()
        if k not in STAMP_FIELDS and before.get(k) != after.get(k)
    )


def _compare(
    before: Mapping[K, R],
    after: Mapping[K, R],
    keys: Iterable[K],
    differ: Callable[[R, R], list[str]],
    change: Callable[[R, R, list[str]], C],
) -> tuple[list[R], list[C], list[R]]:
    """(added, changed, removed) over ``keys``, in their order: a change names the fields
    ``differ`` finds."""
    added: list[R] = []
    changed: list[C] = []
    removed: list[R] = []
    for key in keys:
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            added.append(new)
        elif new is None and old is not None:
            removed.append(old)
        elif old is not None and new is not None:
            fields = differ(old, new)
            if fields:
                changed.append(change(old, new, fields))
    return added, changed, removed
