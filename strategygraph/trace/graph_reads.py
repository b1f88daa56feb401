"""The state of a ``TraceGraph`` and every read of it: the base class of ``TraceGraph``.

Nodes by id, and two NetworkX digraphs: ``up`` holds the upward relations (an edge
attribute ``relation``), ``lateral`` the ``DEPENDS_ON`` edges, which never count as trace.
Walks read the digraphs' adjacency dicts directly (``graph_adjacency.py``), never through
filtered views. The reads (neighbours, edges, the memo of whole-graph answers, the layer
order) are their own module, apart from the writes the store makes (``graph.py``), so
each half stays one readable size.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from operator import attrgetter, is_
from typing import TYPE_CHECKING, Any, TypeVar

import networkx as nx

from ..domain import DEFAULT_METAMODEL, Edge, Metamodel, Node, NodeKind, Relation, Status
from ..domain.codec_edges import plain_edge
from .graph_adjacency import AdjacencyDicts, edge_record

if TYPE_CHECKING:
    from .incremental import Analytics

__all__ = ["GraphReads"]

T = TypeVar("T")


class GraphReads:
    """What a ``TraceGraph`` holds and how it is read; ``TraceGraph`` adds the writes."""

    def __init__(self, metamodel: Metamodel = DEFAULT_METAMODEL) -> None:
        self.metamodel = metamodel
        self.nodes: dict[str, Node] = {}
        self.up: nx.DiGraph = nx.DiGraph()
        self.lateral: nx.DiGraph = nx.DiGraph()
        self._up, self._lateral = AdjacencyDicts.of(self.up), AdjacencyDicts.of(self.lateral)
        # One shared attribute dict per relation keeps 300k edges small.
        self._attrs = {r: {"relation": r} for r in Relation}
        self._upward = frozenset(r for r in Relation if metamodel.is_upward(r))
        # Whole-graph answers (``memo``), valid while ``_generation`` stays the same.
        self._generation = 0
        self._memo: dict[str, tuple[int, Any]] = {}
        # The analyses kept up to date change by change (``incremental.py``): the nodes
        # touched since they last caught up, or None for "too many: start again".
        self._touched: set[str] | None = None
        self._touched_lock = threading.Lock()  # a map thread may take them as we add
        self.analytics: Analytics | None = None
        self.analytics_lock = threading.Lock()

    # -- reading -------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def active(self, node_id: str) -> bool:
        """Retired nodes are history: the algorithms walk around them."""
        return self.nodes[node_id].status is not Status.RETIRED

    @property
    def parent_map(self) -> dict[str, dict[str, dict[str, Relation]]]:
        """{node id: its ``parents``}, for whole-graph passes (no call per node)."""
        return self._up.succ

    @property
    def child_map(self) -> dict[str, dict[str, dict[str, Relation]]]:
        """{node id: its ``children``}, for whole-graph passes (no call per node)."""
        return self._up.pred

    @property
    def depends_map(self) -> dict[str, dict[str, dict[str, Relation]]]:
        """{node id: {what it ``DEPENDS_ON``: attributes}} (lateral, never trace)."""
        return self._lateral.succ

    def parents(self, node_id: str) -> dict[str, dict[str, Relation]]:
        """What ``node_id`` serves directly: {target id: {"relation": r}}."""
        return self._up.succ.get(node_id, {})

    def children(self, node_id: str) -> dict[str, dict[str, Relation]]:
        """What serves ``node_id`` directly: {source id: {"relation": r}}."""
        return self._up.pred.get(node_id, {})

    def dependants(self, node_id: str) -> dict[str, dict[str, Relation]]:
        """What ``DEPENDS_ON`` ``node_id``: {source id: {"relation": r}}."""
        return self._lateral.pred.get(node_id, {})

    def edge(self, source: str, target: str) -> Edge | None:
        for adjacency in (self._up, self._lateral):
            data = adjacency.succ.get(source, {}).get(target)
            if data is not None:
                return edge_record(source, target, data)
        return None

    def holds_plain(self, edge: Edge) -> bool:
        """Is ``edge`` (not inferred, no note, not suspect) in the graph just as it is?"""
        adjacency = self._up if edge.relation in self._upward else self._lateral
        data = adjacency.succ.get(edge.source, {}).get(edge.target)
        return data is not None and data is self._attrs[edge.relation]

    def holds_plain_each(self, edges: Sequence[Edge]) -> list[bool]:
        """``holds_plain`` of each edge, in a few C-level passes (a commit's 100,000s)."""
        relations = list(map(_RELATION, edges))
        up, lateral, upward = self._up.succ, self._lateral.succ, self._upward
        succ_of = {r: up if r in upward else lateral for r in set(relations)}
        found = map(
            dict.get, map(succ_of.__getitem__, relations), map(_SOURCE, edges), repeat(_NOTHING)
        )
        data = map(dict.get, found, map(_TARGET, edges))
        return list(map(is_, data, map(self._attrs.__getitem__, relations)))

    def edges(self) -> Iterator[Edge]:
        """Every edge; a plain one (its relation's shared attributes) is built through
        ``plain_edge``, a third of ``Edge(...)``'s cost (an export's 290,000 edges)."""
        shared = self._attrs
        for adjacency in (self._up, self._lateral):
            for source, targets in adjacency.succ.items():
                for target, data in targets.items():
                    relation = data["relation"]
                    if data is shared[relation]:
                        yield plain_edge(source, relation, target)
                    else:
                        yield edge_record(source, target, data)

    def edges_of(self, node_id: str) -> list[Edge]:
        """Every edge that touches ``node_id``, in either direction."""
        found = []
        for adjacency in (self._up, self._lateral):
            for target in adjacency.succ.get(node_id, {}):
                found.append((node_id, target))
            for source in adjacency.pred.get(node_id, {}):
                found.append((source, node_id))
        return [e for s, t in found if (e := self.edge(s, t)) is not None]

    @property
    def generation(self) -> int:
        """A number that moves with every change to the graph (and only then)."""
        return self._generation

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, kept until the graph next changes: whole-graph passes (goal masks,
        the layer order) are shared by gaps, coverage and impact. Callers must not modify
        the answer. A change during ``compute`` leaves the answer unkept."""
        generation = self._generation
        kept = self._memo.get(key)
        if kept is not None and kept[0] == generation:
            value: T = kept[1]
            return value
        value = compute()
        if len(self._memo) >= _MEMO_SIZE:  # keys may carry user input (a region): bounded
            self._memo.clear()
        self._memo[key] = (generation, value)
        return value

    def take_touched(self) -> set[str] | None:
        """The nodes changed since the last call (None: too many to follow, or all),
        and start recording afresh."""
        with self._touched_lock:
            touched, self._touched = self._touched, set()
        return touched

    def by_layer(self) -> list[Node]:
        """Active nodes, national goals first: a topological order of the upward graph.

        Within a layer, in insertion order (a stable sort by layer, done by bucketing).
        The list is shared (``memo``): do not modify it."""
        return self.memo("by_layer", self._by_layer)

    def _by_layer(self) -> list[Node]:
        layers: dict[NodeKind, list[Node]] = {kind: [] for kind in NodeKind}
        retired = Status.RETIRED
        for n in self.nodes.values():
            if n.status is not retired:
                layers[n.kind].append(n)
        return [n for kind in sorted(NodeKind, key=lambda k: k.layer) for n in layers[kind]]

    def reaches(self, start: str, goal: str, lateral: bool) -> bool:
        """Does a directed walk lead from ``start`` to ``goal`` (for cycle checks)?"""
        graph = self.lateral if lateral else self.up
        if start not in graph or goal not in graph:
            return False
        return goal in nx.descendants(graph, start)


_MEMO_SIZE = 64
_SOURCE, _TARGET, _RELATION = attrgetter("source"), attrgetter("target"), attrgetter("relation")
_NOTHING: dict[str, Any] = {}
"""Where ``holds_plain_each`` looks for the targets of a node without edges (never changed)."""
