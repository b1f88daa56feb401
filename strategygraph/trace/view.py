"""The in-memory graph the traceability algorithms walk.

Nodes by id, and two NetworkX digraphs: ``up`` holds the upward relations (an edge
attribute ``relation``), ``lateral`` the ``DEPENDS_ON`` edges, which never count as trace.
Walks read the digraphs' adjacency dicts directly, never through filtered views.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import networkx as nx

from ..domain import DEFAULT_METAMODEL, Edge, Metamodel, Node, Relation, Status

__all__ = ["GraphView"]


class GraphView:
    def __init__(self, metamodel: Metamodel = DEFAULT_METAMODEL) -> None:
        self.metamodel = metamodel
        self.nodes: dict[str, Node] = {}
        self.up: nx.DiGraph = nx.DiGraph()
        self.lateral: nx.DiGraph = nx.DiGraph()
        # One shared attribute dict per relation keeps 300k edges small.
        self._attrs = {r: {"relation": r} for r in Relation}

    # -- reading -------------------------------------------------------------
    def node(self, node_id: str) -> Node | None:
        return self.nodes.get(node_id)

    def active(self, node_id: str) -> bool:
        """Retired nodes are history: the algorithms walk around them."""
        return self.nodes[node_id].status is not Status.RETIRED

    def parents(self, node_id: str) -> dict[str, dict[str, Relation]]:
        """What ``node_id`` serves directly: {target id: {"relation": r}}."""
        succ: dict[str, dict[str, dict[str, Relation]]] = self.up._succ
        return succ.get(node_id, {})

    def children(self, node_id: str) -> dict[str, dict[str, Relation]]:
        """What serves ``node_id`` directly: {source id: {"relation": r}}."""
        pred: dict[str, dict[str, dict[str, Relation]]] = self.up._pred
        return pred.get(node_id, {})

    def edge(self, source: str, target: str) -> Edge | None:
        for graph in (self.up, self.lateral):
            data = graph._succ.get(source, {}).get(target)
            if data is not None:
                return Edge(
                    source, data["relation"], target, data.get("inferred", False), data.get("note")
                )
        return None

    def edges(self) -> Iterator[Edge]:
        for graph in (self.up, self.lateral):
            for source, targets in graph._succ.items():
                for target, data in targets.items():
                    yield Edge(
                        source,
                        data["relation"],
                        target,
                        data.get("inferred", False),
                        data.get("note"),
                    )

    def edges_of(self, node_id: str) -> list[Edge]:
        """Every edge that touches ``node_id``, in either direction."""
        found = []
        for graph in (self.up, self.lateral):
            for target in graph._succ.get(node_id, {}):
                found.append((node_id, target))
            for source in graph._pred.get(node_id, {}):
                found.append((source, node_id))
        return [e for s, t in found if (e := self.edge(s, t)) is not None]

    def by_layer(self) -> list[Node]:
        """Active nodes, national goals first: a topological order of the upward graph."""
        active = [n for n in self.nodes.values() if n.status is not Status.RETIRED]
        return sorted(active, key=lambda n: n.kind.layer)

    def reaches(self, start: str, goal: str, lateral: bool) -> bool:
        """Does a directed walk lead from ``start`` to ``goal`` (for cycle checks)?"""
        graph = self.lateral if lateral else self.up
        if start not in graph or goal not in graph:
            return False
        return goal in nx.descendants(graph, start)

    # -- writing (the store calls these after its checks) ---------------------
    def put_node(self, node: Node) -> None:
        self.nodes[node.id] = node

    def remove_node(self, node_id: str) -> None:
        del self.nodes[node_id]
        for graph in (self.up, self.lateral):
            if node_id in graph:
                graph.remove_node(node_id)

    def add_edge(self, edge: Edge) -> None:
        lateral = not self.metamodel.is_upward(edge.relation)
        graph = self.lateral if lateral else self.up
        attrs: Mapping[str, object]
        if edge.inferred or edge.note:
            attrs = {"relation": edge.relation, "inferred": edge.inferred, "note": edge.note}
        else:
            attrs = self._attrs[edge.relation]
        graph.add_edge(edge.source, edge.target)
        graph._succ[edge.source][edge.target] = attrs
        graph._pred[edge.target][edge.source] = attrs

    def remove_edge(self, source: str, target: str) -> None:
        for graph in (self.up, self.lateral):
            if graph.has_edge(source, target):
                graph.remove_edge(source, target)
