"""The in-memory graph the traceability algorithms walk.

Nodes by id, and two NetworkX digraphs: ``up`` holds the upward relations (an edge
attribute ``relation``), ``lateral`` the ``DEPENDS_ON`` edges, which never count as trace.
Walks read the digraphs' adjacency dicts directly, never through filtered views; the one
place that reaches into NetworkX for them is ``_Adjacency`` at the end of this module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import attrgetter, is_
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import networkx as nx

from ..domain import DEFAULT_METAMODEL, Edge, Metamodel, Node, NodeKind, Relation, Status
from ..domain.codec_edges import plain_edge

if TYPE_CHECKING:
    from .incremental import Analytics

__all__ = ["PlainEdge", "TraceGraph"]

PlainEdge = tuple[str, Relation, str]
"""(source, relation, target) of an edge that is not inferred and has no note."""

T = TypeVar("T")


class TraceGraph:
    def __init__(self, metamodel: Metamodel = DEFAULT_METAMODEL) -> None:
        self.metamodel = metamodel
        self.nodes: dict[str, Node] = {}
        self.up: nx.DiGraph = nx.DiGraph()
        self.lateral: nx.DiGraph = nx.DiGraph()
        self._up, self._lateral = _Adjacency.of(self.up), _Adjacency.of(self.lateral)
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
                return _edge(source, target, data)
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
                        yield _edge(source, target, data)

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

    def _changed(self, *touched: str) -> None:
        """The graph changed at ``touched`` (no ids: anywhere)."""
        self._generation += 1
        if self._memo:
            self._memo = {}
        with self._touched_lock:
            kept = self._touched
            if kept is not None:
                if touched and len(kept) < _TOUCHED_LIMIT:
                    kept.update(touched)
                else:
                    self._touched = None

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

    # -- writing (the store calls these after its checks) ---------------------
    def put_node(self, node: Node) -> None:
        self._changed(node.id)
        self.nodes[node.id] = node

    def put_nodes(self, nodes: Iterable[Node]) -> None:
        """``put_node`` each node, in one call."""
        own = self.nodes
        ids = []
        for node in nodes:
            own[node.id] = node
            ids.append(node.id)
        self._changed(*(ids if len(ids) < _TOUCHED_LIMIT else ()))  # () : too many to follow

    def remove_node(self, node_id: str) -> None:
        self._changed(node_id, *self.parents(node_id), *self.children(node_id))
        del self.nodes[node_id]
        for graph in (self.up, self.lateral):
            if node_id in graph:
                graph.remove_node(node_id)

    def load(self, nodes: Iterable[Node], edges: Iterable[Edge | PlainEdge]) -> None:
        """``put_node`` each node, then ``add_edge`` each edge, minus the per-call cost
        (a store opening a file of 100,000s of them). An edge with nothing but its ends
        and relation may come as a ``PlainEdge`` tuple."""
        self._changed()
        own = self.nodes
        for node in nodes:
            own[node.id] = node
        up, lateral, upward, shared = self._up, self._lateral, self._upward, self._attrs
        for edge in edges:
            if isinstance(edge, tuple):
                source, relation, target = edge
            elif edge.inferred or edge.note or edge.suspect_at:
                self.add_edge(edge)
                continue
            else:
                source, relation, target = edge.source, edge.relation, edge.target
            s, t = own.get(source), own.get(target)
            if s is not None:
                source = s.id
            if t is not None:
                target = t.id
            (up if relation in upward else lateral).link(source, target, shared[relation])

    def copy(self) -> TraceGraph:
        """A graph of its own with the same nodes and edges (the past, moved on from a
        kept snapshot): new adjacency dicts around the same immutable records, no memo."""
        other = TraceGraph(self.metamodel)
        other.nodes = dict(self.nodes)
        other._attrs = self._attrs  # ``holds_plain`` tells plain edges by these dicts
        for mine, theirs in ((self._up, other._up), (self._lateral, other._lateral)):
            theirs.node.update(mine.node)
            theirs.succ.update({n: dict(t) for n, t in mine.succ.items()})
            theirs.pred.update({n: dict(s) for n, s in mine.pred.items()})
        return other

    def add_edge(self, edge: Edge) -> None:
        self._changed(edge.source, edge.target)
        adjacency = self._up if edge.relation in self._upward else self._lateral
        attrs: Mapping[str, object]
        if edge.inferred or edge.note or edge.suspect_at:
            attrs = {"relation": edge.relation, "inferred": edge.inferred, "note": edge.note}
            if edge.suspect_at:
                attrs = {**attrs, "suspect_at": edge.suspect_at, "suspect_by": edge.suspect_by}
        else:
            attrs = self._attrs[edge.relation]
        # The ids are the nodes' own string objects, so 300k adjacency entries do not
        # each hold a copy.
        adjacency.link(self._canonical(edge.source), self._canonical(edge.target), attrs)

    def add_edges(self, edges: Iterable[Edge]) -> list[tuple[nx.DiGraph, str]]:
        """``add_edge`` each edge (checked by the caller), in one pass; returns the
        (digraph, node id) entries it had to create, which ``remove_edges`` takes back."""
        edges = list(edges)
        if len(edges) * 2 >= _TOUCHED_LIMIT:
            self._changed()  # too many to follow: no tuple of 100,000s of ends
        else:
            self._changed(*(end for e in edges for end in (e.source, e.target)))
        upward, shared, nodes = self._upward, self._attrs, self.nodes
        up, lateral = (self.up, self._up), (self.lateral, self._lateral)
        created: list[tuple[nx.DiGraph, str]] = []
        for edge in edges:
            if edge.inferred or edge.note or edge.suspect_at:
                for graph in (self.up, self.lateral):
                    created.extend((graph, n) for n in (edge.source, edge.target) if n not in graph)
                self.add_edge(edge)
                continue
            relation = edge.relation
            graph, adjacency = up if relation in upward else lateral
            source, target = edge.source, edge.target  # ``_canonical``, inline: 100,000s
            if (s := nodes.get(source)) is not None:
                source = s.id
            if (t := nodes.get(target)) is not None:
                target = t.id
            # ``link``, inline for ends already in the digraph (most of them)
            targets, sources = adjacency.succ.get(source), adjacency.pred.get(target)
            if targets is None or sources is None:
                for n in adjacency.link(source, target, shared[relation]):
                    created.append((graph, n))
            else:
                targets[target] = sources[source] = shared[relation]
        return created

    def add_plain(
        self, sources: Sequence[str], relations: Sequence[Relation], targets: Sequence[str]
    ) -> list[tuple[nx.DiGraph, str]]:
        """``add_edges`` of plain edges (not inferred, no note, not suspect) given as
        columns whose ids are the nodes' own string objects (the bulk path has looked the
        nodes up already: no ``_canonical``, no attribute read an edge)."""
        if len(sources) * 2 >= _TOUCHED_LIMIT:
            self._changed()
        else:
            self._changed(*sources, *targets)
        # ``link`` inline, with each relation's digraph and dicts looked up once
        sides = {}
        for relation in set(relations):
            graph, adjacency = (
                (self.up, self._up) if relation in self._upward else (self.lateral, self._lateral)
            )
            sides[relation] = (graph, *adjacency, self._attrs[relation])
        created: list[tuple[nx.DiGraph, str]] = []
        for source, relation, target in zip(sources, relations, targets, strict=True):
            graph, succ, pred, node, attrs = sides[relation]
            targets_of = succ.get(source)
            if targets_of is None:  # a new end: its entries, as ``_Adjacency.link`` makes them
                targets_of = succ[source] = {}
                pred[source] = {}
                node[source] = _NO_ATTRIBUTES
                created.append((graph, source))
            sources_of = pred.get(target)
            if sources_of is None:
                succ[target] = {}
                sources_of = pred[target] = {}
                node[target] = _NO_ATTRIBUTES
                created.append((graph, target))
            targets_of[target] = sources_of[source] = attrs
        return created

    def remove_edges(self, edges: Iterable[Edge], created: list[tuple[nx.DiGraph, str]]) -> None:
        """Undo ``add_edges``: drop the edges, then the digraph entries it created."""
        edges = list(edges)
        self._changed(*(end for e in edges for end in (e.source, e.target)))
        for edge in edges:
            for adjacency in (self._up, self._lateral):
                adjacency.unlink(edge.source, edge.target)
        for graph, n in created:
            if n in graph:
                graph.remove_node(n)

    def _canonical(self, node_id: str) -> str:
        node = self.nodes.get(node_id)
        return node.id if node is not None else node_id

    def remove_edge(self, source: str, target: str) -> None:
        self._changed(source, target)
        for graph in (self.up, self.lateral):
            if graph.has_edge(source, target):
                graph.remove_edge(source, target)


_MEMO_SIZE = 64
_TOUCHED_LIMIT = 5_000
"""Nodes touched from which one full pass of the analyses is cheaper than following them."""
_NO_ATTRIBUTES: dict[str, object] = {}
"""The graph's digraphs keep no node attributes: every node shares this empty dict."""

Adjacency = dict[str, dict[str, dict[str, Any]]]
_SOURCE, _TARGET, _RELATION = attrgetter("source"), attrgetter("target"), attrgetter("relation")
_NOTHING: dict[str, Any] = {}
"""Where ``holds_plain_each`` looks for the targets of a node without edges (never changed)."""


class _Adjacency(NamedTuple):
    """A digraph's own adjacency dicts: the one place that touches NetworkX internals.

    ``DiGraph._succ``/``_pred``/``_node`` are the dicts behind its public ``succ``, ``pred``
    and ``nodes`` views. The trace walks and the store's bulk writes go through 100,000s
    of entries, where a view object per lookup, or ``add_edge``'s per-call checks, cost
    several times the walk itself (``benchmarks/bench_embedded.py``); so they read and
    write the dicts, here only, keeping NetworkX's invariants (an entry in ``_node``,
    ``_succ`` and ``_pred`` for every node; one shared attribute dict per edge in both
    directions), so NetworkX's own algorithms (``descendants``, DAG checks) see a sound
    graph. ``pyproject.toml`` asks for networkx>=3.2; 3.6 runs here."""

    succ: Adjacency
    pred: Adjacency
    node: dict[str, dict[str, object]]

    @classmethod
    def of(cls, graph: nx.DiGraph) -> _Adjacency:
        return cls(graph._succ, graph._pred, graph._node)

    def link(self, source: str, target: str, attrs: Mapping[str, object]) -> tuple[str, ...]:
        """Add the edge (as ``DiGraph.add_edge`` does, minus its per-call cost); returns
        the ends it had to add as nodes."""
        succ, pred = self.succ, self.pred
        created: tuple[str, ...] = ()
        for n in (source, target):
            if n not in succ:
                succ[n] = {}
                pred[n] = {}
                self.node[n] = _NO_ATTRIBUTES
                created += (n,)
        succ[source][target] = attrs  # type: ignore[assignment]
        pred[target][source] = attrs  # type: ignore[assignment]
        return created

    def unlink(self, source: str, target: str) -> None:
        """Drop the edge if it is there; its ends stay."""
        targets = self.succ.get(source)
        if targets is not None and targets.pop(target, None) is not None:
            del self.pred[target][source]


def _edge(source: str, target: str, data: Mapping[str, Any]) -> Edge:
    return Edge(
        source,
        data["relation"],
        target,
        bool(data.get("inferred", False)),
        data.get("note"),
        data.get("suspect_at"),
        data.get("suspect_by"),
    )
