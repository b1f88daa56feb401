"""The embedded store: the graph in memory (NetworkX), persisted in a SQLite file.

The file is the truth and the graph in memory a cache of it: several processes (server
workers, the CLI, an import job) may open one file. ``refresh`` catches up with what the
others committed, by applying the event-log entries this process has not seen (or, when
that would cost more, by loading the file again). A commit takes the file's write lock
first, catches up inside it, then applies each operation to the in-memory graph while
recording how to undo it, and checks every rule against that latest graph; if any problem
was found, or the file refuses the write, it undoes everything, so a failed write leaves
no trace in memory or on disk. Reopening the file restores exactly the same graph.

This module holds the store's state and its writes (commits, units, restore); the reads
are in ``embedded_reads.py`` and the loading and catching up in ``embedded_sync.py``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import UTC, datetime

from ..collector import collector_paused
from ..domain import DEFAULT_METAMODEL, Comment, Metamodel, Organisation, Region
from ..domain.changes import CommitResult, Operation
from ..trace.graph import TraceGraph
from .access import AccessStore
from .access_sqlite import SqliteAccess
from .apply import Applier, Scratch, combine
from .base import Snapshot
from .bulk import BULK
from .bulk_apply import apply_all
from .embedded_sync import EmbeddedSync
from .history_shelf import HistoryShelf
from .open_image import drop_image
from .probe import Probe
from .situation_state import SituationState
from .snapshot import not_empty, snapshot_operations
from .sqlite import SqliteFile
from .webhooks_sqlite import SqliteWebhooks

__all__ = ["EmbeddedStore"]


class EmbeddedStore(EmbeddedSync):
    """``GraphStore`` over a NetworkX view, kept in ``path`` (``:memory:`` for none).

    Its reads and traceability queries are ``EmbeddedReads``'s (``embedded_reads.py``),
    how it loads the file and keeps up with it ``EmbeddedSync``'s (``embedded_sync.py``);
    this class sets up the state they share and writes."""

    def __init__(self, path: str = ":memory:", metamodel: Metamodel = DEFAULT_METAMODEL) -> None:
        self.metamodel = metamodel
        self.path = path
        self._file = SqliteFile(path)
        self._lock = threading.RLock()
        self.access: AccessStore = SqliteAccess(self._file.db, self._lock)
        self.webhooks = SqliteWebhooks(self._file.db, self._lock)  # service/webhooks.py
        self.history = HistoryShelf(self._file, self._lock, metamodel, self._held_nodes)
        """History snapshots and the log's time index (``service/history.py`` reads them)."""
        self.clock: Callable[[], datetime] = _utc_now
        self.view = TraceGraph(metamodel)
        self.region_map: dict[str, Region] = {}
        self.organisation_map: dict[str, Organisation] = {}
        self.comment_map: dict[str, Comment] = {}
        self.situation = SituationState()
        self._version = 0
        self._seen = -1  # the file's data_version when this process last caught up
        self._generation = 0
        self.reloads = 0
        """How often ``refresh`` loaded the whole file again (the benchmark reports it)."""
        self._unit: list[Applier] | None = None  # the commits of an open unit (``begin``)
        self._readers = 0  # reads in other threads holding the graph still (``held``)
        self._unit_version = 0
        self.load_source = "rows"
        """How the graph was last loaded: ``"image"`` or ``"rows"`` (``open_image.py``)."""
        self._image_at = 0  # the event the file's image was taken at (0: none)
        self._imaging: threading.Thread | None = None  # ``keep_image`` after a commit
        self._probe = Probe(path)  # ``behind``: has another process committed?
        self._reload()

    @classmethod
    def of_graph(
        cls,
        view: TraceGraph,
        regions: dict[str, Region],
        organisations: dict[str, Organisation],
        version: int,
        situation: SituationState | None = None,
    ) -> EmbeddedStore:
        """A read-only store over a graph built elsewhere (the past, replayed from a log),
        with its situational picture: it keeps no file, so it answers reads and
        traceability queries, not writes."""
        store = cls(metamodel=view.metamodel)
        store.close()
        store.view = view
        store.region_map = regions
        store.organisation_map = organisations
        if situation is not None:
            store.situation = situation
        store._version = version
        return store

    # -- writing -------------------------------------------------------------
    def commit(
        self,
        operations: Sequence[Operation],
        actor: str,
        dry_run: bool = False,
        request_id: str | None = None,
    ) -> CommitResult:
        with self._lock, collector_paused(len(operations) >= BULK):
            if dry_run:
                return self._dry_run(operations, actor, request_id)
            applier: Applier | None = None
            unit = self._unit
            try:
                # No other process commits until this one has (in a unit: until it ends).
                with self._file.locked() if unit is None else nullcontext():
                    self._catch_up()
                    applier = Applier(self, actor, self.clock(), request_id)
                    failures = apply_all(applier, operations)
                    if failures:
                        raise combine(failures)
                    node_rows, edges, changes = applier.file_rows()
                    last = self._file.put(changes, applier.log, made=(node_rows, edges))
            except BaseException:
                if applier is not None:
                    applier.undo()
                raise
            count = applier.event_count
            if count:
                self._version = last
            if unit is not None:
                unit.append(applier)
            applier.result.version = self._version
            applier.result.events = count
            if unit is None and self._image_due(IMAGE_EVERY):
                self._keep_image_soon()  # a big import, or many writes: the next open is fast
            return applier.result

    @property
    def unit_open(self) -> bool:
        """Is a unit (``begin``) open? Its thread holds the store until it ends."""
        return self._unit is not None

    def begin(self) -> None:
        """Open a unit: every commit until ``end`` is kept only if ``end(keep=True)``
        (one write transaction for all of them: a GraphQL document's mutations). The
        caller holds the store meanwhile: call both on one thread, with nothing between."""
        self._lock.acquire()
        try:
            self._file.begin()
            self._catch_up()
        except BaseException:
            self._lock.release()
            raise
        self._unit, self._unit_version = [], self._version

    def end(self, keep: bool) -> None:
        """Close the unit ``begin`` opened: commit all of it, or undo all of it."""
        unit, self._unit = self._unit or [], None
        try:
            if keep:
                try:
                    self._file.end(keep=True)
                except BaseException:
                    self._rewind(unit)  # the file refused the commit: nothing was kept
                    raise
            else:
                self._file.end(keep=False)
                self._rewind(unit)
        finally:
            self._lock.release()

    def _rewind(self, appliers: list[Applier]) -> None:
        for applier in reversed(appliers):
            applier.undo()
        self._version = self._unit_version

    def _dry_run(
        self, operations: Sequence[Operation], actor: str, request_id: str | None
    ) -> CommitResult:
        self.refresh()
        applier = Applier(self, actor, self.clock(), request_id)
        failures = apply_all(applier, operations)
        applier.undo()
        if failures:
            raise combine(failures)
        applier.result.version = self._version
        return applier.result

    def restore(self, snapshot: Snapshot, replace: bool = False) -> int:
        with self._lock, self._file.locked():
            self._catch_up()
            if not replace and (self._version or self.view.nodes or self.region_map):
                raise not_empty(f"the store {self.path}", self._version)
            space = Scratch(TraceGraph(self.metamodel))
            applier = Applier(space, "restore", self.clock())
            failures = apply_all(applier, snapshot_operations(snapshot))
            if failures:
                raise combine(failures)
            self._file.put(applier.row_changes(), snapshot.events, replace=True)
            self._generation, _ = self._file.position()
            self.view = space.view
            self.region_map = space.region_map
            self.organisation_map = space.organisation_map
            self.comment_map = space.comment_map
            self.situation = space.situation
            self._version = max((e.seq for e in snapshot.events), default=0)
            self._image_at = 0
            drop_image(self._file.db)  # taken from the log just replaced
        if self._image_due(IMAGE_EVERY):
            self.keep_image()
        return self._version

    def close(self) -> None:
        self.wait_image()
        if len(self.view.nodes) >= IMAGE_FROM_NODES and self._image_due(IMAGE_ON_CLOSE):
            self.keep_image()
        self._probe.close()
        self._file.close()


IMAGE_EVERY = 5_000
"""Events since the file's image from which a commit writes it again (``keep_image``):
opening then replays at most about this many events after decoding the image."""
IMAGE_FROM_NODES = 1_000
"""Nodes from which closing the store writes the image when the log moved on since: a
smaller graph opens row by row about as fast."""
IMAGE_ON_CLOSE = 1_000
"""Events since the image from which closing the store writes it again: fewer replay in
a few milliseconds, and a short-lived process (a CLI read) should not pay for an image."""


def _utc_now() -> datetime:
    return datetime.now(UTC)
