"""The embedded store: the graph in memory (NetworkX), persisted in a SQLite file.

A commit takes the write lock, applies each operation to the in-memory graph while
recording how to undo it, and checks every rule; if any problem was found, or the file
refuses the write, it undoes everything, so a failed write leaves no trace in memory or on
disk. Reopening the file restores exactly the same graph.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime

from ..domain import (
    DEFAULT_METAMODEL,
    Comment,
    Edge,
    Event,
    Metamodel,
    Node,
    NodeKind,
    NotFound,
    Organisation,
    Region,
)
from ..domain.changes import CommitResult, Operation
from ..trace import (
    Contribution,
    CoverageRow,
    Gap,
    GraphView,
    HealthRollup,
    Route,
    TracePath,
    coverage,
    gaps,
    impact,
    rolled_up_health,
    route,
    trace_down,
    trace_up,
)
from .access import AccessStore
from .access_sqlite import SqliteAccess
from .apply import Applier, Scratch, combine
from .base import Snapshot
from .bulk import BULK, collector_paused
from .bulk_apply import apply_all
from .snapshot import not_empty, snapshot_operations
from .sqlite import SqliteFile

__all__ = ["MemoryStore"]


class MemoryStore:
    """``GraphStore`` over a NetworkX view, kept in ``path`` (``:memory:`` for none)."""

    def __init__(self, path: str = ":memory:", metamodel: Metamodel = DEFAULT_METAMODEL) -> None:
        self.metamodel = metamodel
        self.path = path
        self._file = SqliteFile(path)
        self._lock = threading.RLock()
        self.access: AccessStore = SqliteAccess(self._file.db, self._lock)
        self.view = GraphView(metamodel)
        self.region_map: dict[str, Region] = {}
        self.organisation_map: dict[str, Organisation] = {}
        self.clock: Callable[[], datetime] = _utc_now
        regions, orgs, nodes, edges, self._version = self._file.load()
        self.comment_map: dict[str, Comment] = {c.id: c for c in self._file.comments()}
        self.region_map = {r.id: r for r in regions}
        self.organisation_map = {o.id: o for o in orgs}
        with collector_paused():  # 100,000s of long-lived objects: no GC passes meanwhile
            self.view.load(nodes, edges)

    @classmethod
    def of_graph(
        cls,
        view: GraphView,
        regions: dict[str, Region],
        organisations: dict[str, Organisation],
        version: int,
    ) -> MemoryStore:
        """A read-only store over a graph built elsewhere (the past, replayed from a log):
        it keeps no file, so it answers reads and traceability queries, not writes."""
        store = cls(metamodel=view.metamodel)
        store.close()
        store.view = view
        store.region_map = regions
        store.organisation_map = organisations
        store._version = version
        return store

    # -- reading -------------------------------------------------------------
    def version(self) -> int:
        return self._version

    def get_node(self, node_id: str) -> Node:
        node = self.view.nodes.get(node_id)
        if node is None:
            raise NotFound("node", node_id)
        return node

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        # Sorted once per graph version (``GraphView.memo``); each caller gets a copy.
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
        return sorted(found, key=lambda e: e.key)

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
    ) -> list[Event]:
        return self._file.events(node_id, region, since, after, limit)

    def comments(self, node_id: str | None = None) -> list[Comment]:
        found = (c for c in self.comment_map.values() if node_id in (None, c.node_id))
        return sorted(found, key=lambda c: (c.at, c.id))

    def comment(self, comment_id: str) -> Comment:
        found = self.comment_map.get(comment_id)
        if found is None:
            raise NotFound("comment", comment_id)
        return found

    # -- writing -------------------------------------------------------------
    def commit(
        self,
        operations: Sequence[Operation],
        actor: str,
        dry_run: bool = False,
        request_id: str | None = None,
    ) -> CommitResult:
        with self._lock, collector_paused(len(operations) >= BULK):
            applier = Applier(self, actor, self.clock(), request_id)
            failures = apply_all(applier, operations)
            if failures:
                applier.undo()
                raise combine(failures)
            if dry_run:
                applier.undo()
                applier.result.version = self._version
                return applier.result
            try:
                last = self._file.write(applier.row_changes(), applier.events)
            except BaseException:
                applier.undo()
                raise
            if applier.events:
                self._version = last
            applier.result.version = self._version
            applier.result.events = len(applier.events)
            return applier.result

    def restore(self, snapshot: Snapshot, replace: bool = False) -> int:
        with self._lock:
            if not replace and (self._version or self.view.nodes or self.region_map):
                raise not_empty(f"the store {self.path}", self._version)
            space = Scratch(GraphView(self.metamodel))
            applier = Applier(space, "restore", self.clock())
            failures = apply_all(applier, snapshot_operations(snapshot))
            if failures:
                raise combine(failures)
            self._file.write(applier.row_changes(), snapshot.events, replace=True)
            self.view = space.view
            self.region_map = space.region_map
            self.organisation_map = space.organisation_map
            self.comment_map = space.comment_map
            self._version = max((e.seq for e in snapshot.events), default=0)
            return self._version

    # -- traceability --------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        return trace_up(self.view, node_id, max_depth)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> list[Contribution]:
        return trace_down(self.view, node_id, max_depth, kinds)

    def route(self, source: str, target: str) -> Route | None:
        return route(self.view, source, target)

    def gaps(self, region: str | None = None, draft_days: int = 90) -> list[Gap]:
        return gaps(self.view, region, draft_days=draft_days)

    def coverage(self, region: str | None = None) -> list[CoverageRow]:
        return coverage(self.view, region)

    def impact(self, node_id: str) -> list[str]:
        return impact(self.view, node_id)

    def rolled_up_health(self, node_id: str) -> HealthRollup:
        self.get_node(node_id)
        return rolled_up_health(self.view, node_id)

    def close(self) -> None:
        self._file.close()


def _utc_now() -> datetime:
    return datetime.now(UTC)
