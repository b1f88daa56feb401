"""The in-memory graph the traceability algorithms walk.

Nodes by id, and two NetworkX digraphs: ``up`` holds the upward relations (an edge
attribute ``relation``), ``lateral`` the ``DEPENDS_ON`` edges, which never count as trace.
The graph's state and its reads are ``GraphReads`` (``graph_reads.py``); this module adds
the writes the store makes after its checks. The one place that reaches into NetworkX for
the adjacency dicts is ``AdjacencyDicts`` (``graph_adjacency.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from ..domain import Edge, Node, Relation
from .graph_adjacency import NO_ATTRIBUTES
from .graph_reads import GraphReads

__all__ = ["PlainEdge", "TraceGraph"]

PlainEdge = tuple[str, Relation, str]
"""(source, relation, target) of an edge that is not inferred and has no note."""


class TraceGraph(GraphReads):
    """The in-memory graph; the writes are here, the state and the reads in ``GraphReads``."""

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
            if targets_of is None:  # a new end: its entries, as ``AdjacencyDicts.link`` makes them
                targets_of = succ[source] = {}
                pred[source] = {}
                node[source] = NO_ATTRIBUTES
                created.append((graph, source))
            sources_of = pred.get(target)
            if sources_of is None:
                succ[target] = {}
                sources_of = pred[target] = {}
                node[target] = NO_ATTRIBUTES
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


_TOUCHED_LIMIT = 5_000
"""Nodes touched from which one full pass of the analyses is cheaper than following them."""
