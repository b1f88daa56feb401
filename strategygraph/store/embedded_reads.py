"""The embedded store's reads: records, the event log and the traceability queries,
answered from the graph this process holds in memory.

Every method here only reads state (``EmbeddedStore.__init__`` sets it up, the catch-up in
``embedded_sync`` and the writes in ``embedded.py`` change it): the port's read half, kept
apart from how the graph is kept in step with the file and how it is written, so each of
those reads as one story. The traceability answers are ``strategygraph.trace``'s reference
algorithms over the in-memory ``TraceGraph`` (DESIGN.md §3).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from operator import attrgetter

from ..collector import collector_paused
from ..domain import Comment, Edge, Event, Node, NodeKind, NotFound, Organisation, Region
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
    gap_order,
)
from ..domain.report_gaps import overdue_reports
from ..trace import (
    TraceGraph,
    cadenced_projects,
    coverage,
    gaps,
    impact,
    rolled_up_health,
    route,
    trace_down,
    trace_up,
    view_trace_page,
)
from .apply import Scratch
from .situation_state import SituationState
from .sqlite import SqliteFile

__all__ = ["EmbeddedReads"]


class EmbeddedReads:
    """The reading half of ``EmbeddedStore``: the graph and records as this process
    holds them, and the log read from its file."""

    view: TraceGraph
    region_map: dict[str, Region]
    organisation_map: dict[str, Organisation]
    comment_map: dict[str, Comment]
    situation: SituationState
    _file: SqliteFile
    _lock: threading.RLock
    _version: int
    _generation: int

    def current(self) -> tuple[Scratch, int]:
        """A copy of the graph (with the situational picture) as this process holds it, and
        its version: history moves
        it back, event by event, to a time shortly before now."""
        with self._lock, collector_paused():  # 100,000s of new dicts: no GC passes
            space = Scratch(
                self.view.copy(),
                dict(self.region_map),
                dict(self.organisation_map),
                dict(self.comment_map),
                self.situation.copy(),
            )
            return space, self._version

    @contextmanager
    def still(self) -> Iterator[tuple[TraceGraph, int, int]]:
        """The graph as this process holds it, its version and log generation, held still
        (under the store's lock) while the caller reads them: keep it short."""
        with self._lock:
            yield self.view, self._version, self._generation

    def _held_nodes(self) -> tuple[dict[str, Node], int, int]:
        """The nodes as this process holds them, their version and log generation (the
        history shelf's ``held``: it calls this under the store's lock)."""
        return self.view.nodes, self._version, self._generation

    # -- reading -------------------------------------------------------------
    def version(self) -> int:
        return self._version

    def get_node(self, node_id: str) -> Node:
        node = self.view.nodes.get(node_id)
        if node is None:
            raise NotFound("node", node_id)
        return node

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        # Sorted once per graph version (``TraceGraph.memo``); each caller gets a copy.
        return list(self.view.memo(f"nodes {kind!r} {region!r}", lambda: self._nodes(kind, region)))

    def _nodes(self, kind: NodeKind | None, region: str | None) -> list[Node]:
        return sorted(
            (
                n
                for n in self.view.nodes.values()
                if (kind is None or n.kind is kind) and (region is None or n.region == region)
            ),
            key=lambda n: n.id,
        )

    def edges(self, node_id: str | None = None) -> list[Edge]:
        if node_id is None:
            found = list(self.view.edges())
        else:
            self.get_node(node_id)
            found = self.view.edges_of(node_id)
        return sorted(found, key=_EDGE_KEY)

    def regions(self) -> list[Region]:
        return sorted(self.region_map.values(), key=lambda r: r.id)

    def organisations(self) -> list[Organisation]:
        return sorted(self.organisation_map.values(), key=lambda o: o.id)

    def events(
        self,
        node_id: str | None = None,
        region: str | None = None,
        since: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[Event]:
        # Under the lock, as every statement on the shared connection: a read stepped on
        # it while another thread begins a write makes SQLite refuse that write at once
        # (``sqlite_lock.begin_write``), and the error it reports is whichever statement last
        # stepped ("another row available"); nor does it read a write not yet committed.
        with self._lock, self._file.reading():
            return self._file.events(node_id, region, since, after, limit, newest_first)

    def comments(self, node_id: str | None = None) -> list[Comment]:
        found = (c for c in self.comment_map.values() if node_id in (None, c.node_id))
        return sorted(found, key=lambda c: (c.at, c.id))

    def comment(self, comment_id: str) -> Comment:
        found = self.comment_map.get(comment_id)
        if found is None:
            raise NotFound("comment", comment_id)
        return found

    # -- traceability --------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        return trace_up(self.view, node_id, max_depth)

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        return view_trace_page(self.view, node_id, max_depth, goal, after, first, visible)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        return trace_down(self.view, node_id, max_depth, kinds, visible)

    def route(
        self, source: str, target: str, visible: Callable[[str], bool] | None = None
    ) -> Route | None:
        return route(self.view, source, target, visible)

    def gaps(self, region: str | None = None, draft_days: int = 90, *, now: datetime) -> list[Gap]:
        found = gaps(self.view, region, now=now, draft_days=draft_days)
        overdue = overdue_reports(
            cadenced_projects(self.view),
            self.situation.last_report_dates(),
            now.date(),
            region,
        )
        return sorted(found + overdue, key=gap_order) if overdue else found

    def coverage(self, region: str | None = None) -> list[CoverageRow]:
        return coverage(self.view, region)

    def impact(self, node_id: str) -> list[str]:
        return impact(self.view, node_id)

    def rolled_up_health(self, node_id: str) -> HealthRollup:
        self.get_node(node_id)
        return rolled_up_health(self.view, node_id)


_EDGE_KEY = attrgetter("source", "target")
"""``Edge.key`` without a property call per edge (the sort of a whole graph's edges)."""
