"""The graph of a past time as a read-only store that is built only when a question needs
the whole graph.

Building a 100,000-node graph costs a copy of it (``past.py``), far more than most
questions about the past need: its version, or one node as it was, come from the event
log's index (``HistoryShelf.nodes_at``) in well under a millisecond. ``PastStore``
answers those from there, and builds the graph on the first question that needs more
(a list of nodes, gaps, coverage), once. A trace walks only the nodes above (or below)
its node, as they were (``_around``: ``past_walk.py`` here, through the port in
``past_port.py``), unless the walk cannot (no held graph near that time, too many nodes).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from typing import Any, Protocol

from ..domain import Comment, Node, NodeKind, NotFound, Organisation, Region
from ..domain.answers import Contribution, TracePage, TracePath
from ..store import EmbeddedStore, GraphStore
from ..store.history_shelf import HistoryShelf
from ..store.situation_state import SituationState
from ..trace import TraceGraph, trace_down, trace_up, view_trace_page
from .past import past_graph
from .past_walk import graph_above, graph_below

__all__ = ["LazyPast", "PastStore"]

_BUILT = ("view", "region_map", "organisation_map", "comment_map", "situation")
"""The attributes the graph, once built, fills in (the situational picture with it)."""


class Built(Protocol):
    """A graph as built (``past.Scratch``, ``replay.Replayer``): what ``_BUILT`` names."""

    view: TraceGraph
    region_map: dict[str, Region]
    organisation_map: dict[str, Organisation]
    comment_map: dict[str, Comment]
    situation: SituationState


class LazyPast(EmbeddedStore):
    """``EmbeddedStore.of_graph`` of the graph after event ``seq`` of ``store``, built on
    the first read of it by ``_make`` (a subclass's: how it gets to that graph)."""

    def __init__(self, store: GraphStore, seq: int) -> None:
        super().__init__(metamodel=store.metamodel)
        self.close()  # no file of its own: reads and traceability queries only
        for name in _BUILT:
            delattr(self, name)
        self._source, self._seq = store, seq
        self._building = threading.Lock()
        self._version = seq

    def _make(self) -> Built:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        """The first read of the graph builds it (only missing attributes come here)."""
        if name not in _BUILT:
            raise AttributeError(name)
        with self._building:
            if "view" not in self.__dict__:
                space = self._make()
                self.region_map = space.region_map
                self.organisation_map = space.organisation_map
                self.comment_map = space.comment_map
                self.situation = space.situation
                self.view = space.view  # last: its presence says the graph is built
        return self.__dict__[name]

    def build(self) -> None:
        """Build the graph now (in the caller's thread), not on the first question."""
        self.__getattr__("view")

    @property
    def built(self) -> bool:
        """Has a question needed the whole graph yet?"""
        return "view" in self.__dict__

    def _around(self, node_id: str, up: bool) -> TraceGraph | None:
        """The nodes at and above ``node_id`` (``up``; else below it) as they were, with
        the edges between them, read without building the whole graph; None: build it."""
        return None

    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        above = None if self.built else self._around(node_id, True)
        return (
            super().trace_up(node_id, max_depth)
            if above is None
            else trace_up(above, node_id, max_depth)
        )

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        above = None if self.built else self._around(node_id, True)
        view = self.view if above is None else above
        return view_trace_page(view, node_id, max_depth, goal, after, first, visible)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        below = None if self.built else self._around(node_id, False)
        view = self.view if below is None else below
        return trace_down(view, node_id, max_depth, kinds, visible)


class PastStore(LazyPast):
    """The past graph of the embedded store: one node as it was from the log's index, a
    trace by a walk (``past_walk.py``), the whole graph from the nearest held graph."""

    def __init__(self, store: GraphStore, shelf: HistoryShelf, seq: int) -> None:
        super().__init__(store, seq)
        self._shelf = shelf

    def _make(self) -> Built:
        return past_graph(self._source, self._shelf, self._seq)

    def get_node(self, node_id: str) -> Node:
        if self.built:
            return super().get_node(node_id)
        node = self._shelf.nodes_at([node_id], self._seq)[node_id]
        if node is None:
            raise NotFound("node", node_id)
        return node

    def _around(self, node_id: str, up: bool) -> TraceGraph | None:
        walked = graph_above if up else graph_below
        return walked(self._source, self._shelf, self._seq, node_id)
