"""The part of a past graph a trace walks, without building the whole graph.

``graphAt { traceUp }`` needs the nodes above one node as they were after event ``seq``
(``traceDown`` those below it): often a few dozen, where building the whole past graph
copies 100,000s (``past.py``). They come from a graph held in memory — the store's own,
as this process holds it now, or a history snapshot kept decoded — read through the
events between it and ``seq``: every event keeps the record before and after its change,
so a node or edge the events touched was as the first one's ``before`` says (walking back
from a later graph) or as the last one's ``after`` says (walking on from an earlier one);
anything else was as that graph holds it. Neither graph is changed. When both are more
than ``MAX_EVENTS`` events away from ``seq``, or the walk meets more than ``MAX_NODES``
nodes, there is none, and the caller builds the graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import Any, Literal, Protocol, TypeVar

from orjson import loads

from ..domain import Edge, Metamodel, Node
from ..domain.codec_kept import node_from_kept
from ..domain.operations import EDGE_OPERATIONS, NODE_OPERATIONS
from ..domain.states import edge_from_state
from ..store import EmbeddedStore, GraphStore
from ..store.history_shelf import HistoryShelf
from ..trace import TraceGraph

__all__ = ["MAX_EVENTS", "MAX_NODES", "PastReads", "graph_above", "graph_below", "walk"]

MAX_EVENTS = 20_000
"""Events read at most to walk from a held graph to the past one (a few ms per thousand)."""

MAX_NODES = 2_000
"""Nodes a walk reads at most (some 20 µs each): a walk that meets more (a trace down
from a national goal meets 60,000 of 120,000) gives up within some 40 ms, and the graph
is built (0.3-1.7 s)."""

K = TypeVar("K")
Base = Literal["nearest", "now", "snapshot"]


def graph_above(
    store: GraphStore, shelf: HistoryShelf, seq: int, node_id: str, base: Base = "nearest"
) -> TraceGraph | None:
    """The nodes at and above ``node_id`` (through upward edges) after event ``seq``, with
    the edges between them: a graph on which a trace up from ``node_id`` answers as on the
    whole past graph (empty if the node did not exist then). None when no held graph is
    near enough. ``base``: the graph to start from (``nearest`` of the two; the others
    for tests, which compare both)."""
    return _around(store, shelf, seq, node_id, True, base)


def graph_below(
    store: GraphStore, shelf: HistoryShelf, seq: int, node_id: str, base: Base = "nearest"
) -> TraceGraph | None:
    """``graph_above``'s other way: the nodes at and below ``node_id``, for a trace down;
    None also when they are more than ``MAX_NODES`` (building the graph is then as quick)."""
    return _around(store, shelf, seq, node_id, False, base)


def _around(
    store: GraphStore, shelf: HistoryShelf, seq: int, node_id: str, up: bool, base: Base
) -> TraceGraph | None:
    """The nodes reached from ``node_id`` through upward edges (``up``) or against them."""
    with _held(store, shelf, seq, base) as found:
        if found is None:
            return None
        graph, at = found
        return walk(_Past(graph, shelf, at, seq), node_id, up, graph.metamodel, MAX_NODES)


class PastReads(Protocol):
    """A past graph read a node at a time: the node as it was (None: it did not exist),
    and its upward edges out of it (``up``) or into it, as they were."""

    def node(self, node_id: str) -> Node | None: ...

    def edges(self, node_id: str, up: bool) -> list[Edge]: ...


def walk(
    past: PastReads, node_id: str, up: bool, metamodel: Metamodel, max_nodes: int
) -> TraceGraph | None:
    """The nodes at and above ``node_id`` (``up``; else at and below it) in ``past``, with
    the edges between them, as a graph a trace answers on as on the whole past graph
    (empty if the node did not exist then); None when they are more than ``max_nodes``."""
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    start = past.node(node_id)
    if start is not None:
        nodes[node_id] = start
        todo = [node_id]
        while todo:
            for edge in past.edges(todo.pop(), up):
                edges.append(edge)
                other = edge.target if up else edge.source
                if other not in nodes:
                    node = past.node(other)
                    assert node is not None, edge  # an edge's ends exist with it
                    nodes[other] = node
                    todo.append(other)
            if len(nodes) > max_nodes:
                return None
    small = TraceGraph(metamodel)
    small.load(nodes.values(), edges)
    return small


@contextmanager
def _held(
    store: GraphStore, shelf: HistoryShelf, seq: int, base: Base
) -> Iterator[tuple[TraceGraph, int] | None]:
    """The held graph nearest ``seq`` and the event it is at, held still meanwhile."""
    snapshot = shelf.nearest(seq) or 0
    decoded = base == "snapshot" or (base == "nearest" and shelf.is_decoded(snapshot))
    from_snapshot = seq - snapshot if decoded else None  # decoding costs a whole graph
    now = (
        store.still()
        if isinstance(store, EmbeddedStore) and base != "snapshot"
        else nullcontext(None)
    )
    with now as current:
        if current is not None and current[2] == shelf.generation():
            graph, at = current[0], current[1]
            far = abs(at - seq)
            if (from_snapshot is None or far <= from_snapshot) and (
                far <= MAX_EVENTS or base == "now"
            ):
                yield graph, at
                return
    if from_snapshot is not None and (from_snapshot <= MAX_EVENTS or base == "snapshot"):
        found = shelf.base(seq)
        yield (TraceGraph(store.metamodel), 0) if found is None else (found[1].view, found[0])
        return
    yield None


class _Past:
    """Nodes and upward edges after event ``seq``, read through ``graph`` (the graph after
    event ``at``) and the events between."""

    def __init__(self, graph: TraceGraph, shelf: HistoryShelf, at: int, seq: int) -> None:
        self._graph = graph
        self._upward = graph.metamodel.is_upward
        self._nodes: dict[str, Any] = {}  # id -> the record's text then (None: absent)
        self._edges: dict[tuple[str, str], Any] = {}
        forward = at <= seq
        changes = shelf.changes(at, seq) if forward else shelf.changes(seq, at)
        for op, target, related, before, after in changes:
            if op in NODE_OPERATIONS:
                _touch(self._nodes, target, before, after, forward)
            elif op in EDGE_OPERATIONS and related is not None:
                _touch(self._edges, (target, related), before, after, forward)
        self._out: dict[str, list[str]] = {}
        self._in: dict[str, list[str]] = {}
        for source, target in self._edges:
            self._out.setdefault(source, []).append(target)
            self._in.setdefault(target, []).append(source)

    def node(self, node_id: str) -> Node | None:
        if node_id in self._nodes:
            text = self._nodes[node_id]
            return None if text is None else node_from_kept(loads(text))
        return self._graph.nodes.get(node_id)

    def edges(self, node_id: str, up: bool) -> list[Edge]:
        """The upward edges out of ``node_id`` (``up``) or into it, as they were then: the
        held graph's that no event touched, and those the events left standing."""
        graph, touched = self._graph, self._edges

        def key(end: str) -> tuple[str, str]:
            return (node_id, end) if up else (end, node_id)

        found = []
        for end in graph.parents(node_id) if up else graph.children(node_id):
            if key(end) not in touched:
                edge = graph.edge(*key(end))
                assert edge is not None  # one of its parents (children)
                found.append(edge)
        for end in (self._out if up else self._in).get(node_id, ()):
            text = touched[key(end)]
            if text is not None:
                then = edge_from_state(loads(text))
                if self._upward(then.relation):
                    found.append(then)
        return found


def _touch(kept: dict[K, Any], key: K, before: Any, after: Any, forward: bool) -> None:
    """Note an event on ``key``: walking on, the last one's ``after`` is how it was then;
    walking back, the first one's ``before``."""
    if forward:
        kept[key] = after
    else:
        kept.setdefault(key, before)
