"""A NetworkX digraph's own adjacency dicts, and the edge record an entry stands for.

Its own module because it is the one place in the package that reaches into NetworkX's
internals (``DiGraph._succ``/``_pred``/``_node``): ``TraceGraph``'s reads and writes
(``graph_reads.py``, ``graph.py``) and the compact image (``graph_image.py``) go through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import networkx as nx

from ..domain import Edge

__all__ = ["NO_ATTRIBUTES", "Adjacency", "AdjacencyDicts", "edge_record"]

NO_ATTRIBUTES: dict[str, object] = {}
"""The graph's digraphs keep no node attributes: every node shares this empty dict."""

Adjacency = dict[str, dict[str, dict[str, Any]]]


class AdjacencyDicts(NamedTuple):
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
    def of(cls, graph: nx.DiGraph) -> AdjacencyDicts:
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
                self.node[n] = NO_ATTRIBUTES
                created += (n,)
        succ[source][target] = attrs  # type: ignore[assignment]
        pred[target][source] = attrs  # type: ignore[assignment]
        return created

    def unlink(self, source: str, target: str) -> None:
        """Drop the edge if it is there; its ends stay."""
        targets = self.succ.get(source)
        if targets is not None and targets.pop(target, None) is not None:
            del self.pred[target][source]


def edge_record(source: str, target: str, data: Mapping[str, Any]) -> Edge:
    return Edge(
        source,
        data["relation"],
        target,
        bool(data.get("inferred", False)),
        data.get("note"),
        data.get("suspect_at"),
        data.get("suspect_by"),
    )
