"""The embedded store: the graph in memory (NetworkX), persisted in a SQLite file.

The file is the truth and the graph in memory a cache of it: several processes (server
workers, the CLI, an import job) may open one file. ``refresh`` catches up with what the
others committed, by applying the event-log entries this process has not seen (or, when
that would cost more, by loading the file again). A commit takes the file's write lock
first, catches up inside it, then applies each operation to the in-memory graph while
recording how to undo it, and checks every rule against that latest graph; if any problem
was found, or the file refuses the write, it undoes everything, so a failed write leaves
no trace in memory or on disk. Reopening the file restores exactly the same graph.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from operator import attrgetter

from ..collector import collector_paused
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
    StoreBusy,
    StoreUnavailable,
)
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
from ..domain.changes import CommitResult, Operation
from ..domain.operations import EDGE_OPERATIONS, NODE_OPERATIONS
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
from .access import AccessStore
from .access_sqlite import SqliteAccess
from .apply import Applier, Scratch, combine
from .base import Snapshot
from .batch_reader import BatchPart
from .bulk import BULK
from .bulk_apply import apply_all
from .follow import apply_entry, apply_event
from .history_shelf import HistoryShelf
from .open_image import drop_image, encode_image, put_image, read_image
from .probe import Probe
from .situation_sqlite import load_situation
from .situation_state import SituationState
from .snapshot import not_empty, snapshot_operations
from .sqlite import SqliteFile
from .webhooks_sqlite import SqliteWebhooks

__all__ = ["EmbeddedStore"]


class EmbeddedStore:
    """``GraphStore`` over a NetworkX view, kept in ``path`` (``:memory:`` for none)."""

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

    def _reload(self) -> None:
        """Load the whole file into a new graph, then put it in place of the old one: from
        the file's image of the graph and the log's events after it (``open_image.py``)
        when it has one that can be trusted, else row by row."""
        with self._lock, self._file.reading():
            self._seen = self._file.data_version()
            self._generation, _ = self._file.position()
            regions, orgs, nodes, edges, version = self._file.load()  # nodes, edges: lazy
            with collector_paused():  # 100,000s of long-lived objects: no GC passes meanwhile
                image = read_image(self._file.db, self._generation, version, self.metamodel)
                if image is None:
                    view = TraceGraph(self.metamodel)
                    view.load(nodes, edges)
                    self.load_source = "rows"
                    self._image_at = 0  # none, or none to trust: the next one due replaces it
                else:
                    self._image_at, view = image
                    self._replay_graph(view, self._image_at, version)
                    self.load_source = "image"
            self.comment_map = {c.id: c for c in self._file.comments()}
            self.situation = load_situation(self._file.db)
            self.region_map = {r.id: r for r in regions}
            self.organisation_map = {o.id: o for o in orgs}
            self.view, self._version = view, version

    def _replay_graph(self, view: TraceGraph, after: int, last: int) -> None:
        """Apply to ``view`` the node and edge events after event ``after`` up to
        ``last`` (the rest of what they changed is read from its rows)."""
        space = Scratch(view)
        while after < last:
            entries = self._file.entries(after, _PAGE)
            if not entries:
                break
            for entry in entries:
                if isinstance(entry, BatchPart):  # written in one commit: all or none
                    if entry.last > last:
                        return
                    apply_entry(space, entry)  # a batch's operations are graph ones
                    after = entry.last
                    continue
                if entry.seq > last:
                    return
                if entry.operation in GRAPH_OPERATIONS:
                    apply_event(space, entry)
                after = entry.seq

    def keep_image(self) -> bool:
        """Write the image of the graph as this process holds it (at its version), in
        place of the one before, so the next open (here or in another process) decodes
        it and replays only what comes after. The graph is encoded holding this
        process's lock, not the file's: other processes write on meanwhile, and the
        file's write lock is held only to put the blob in. False (nothing written) for
        a store with no file, inside a unit, when the file is busy or read-only, when
        the log was replaced meanwhile, or when the file already holds a newer image."""
        if self.path == ":memory:":
            return False
        with self._lock:
            if self._unit is not None:
                return False
            generation, version = self._generation, self._version
            with collector_paused():
                data = encode_image(self.view, generation, version)
            try:
                with self._file.locked():
                    now, last = self._file.position()
                    if now != generation or last < version:
                        return False
                    if not put_image(self._file.db, data, generation, version, last):
                        return False
            except (StoreBusy, StoreUnavailable):
                return False
            self._image_at = version
            return True

    def _keep_image_soon(self) -> None:
        """``keep_image`` on a thread of its own, so the commit that made it due returns
        without encoding the graph (about 1.5 s of CPU at 120,000 nodes). The thread holds
        the store's lock while it encodes: a write that comes meanwhile waits for it, reads
        do not. ``close`` (and ``wait_image``) wait for it to finish."""
        running = self._imaging
        if running is not None and running.is_alive():
            return  # it takes the image at the version it finds when it gets the lock
        self._imaging = threading.Thread(target=self._keep_image_quietly, name="open-image")
        self._imaging.start()

    def _keep_image_quietly(self) -> None:
        """``keep_image``; a file closed or failing meanwhile only means no image (it is
        derived data: the next open reads the rows, the next due commit tries again)."""
        with suppress(sqlite3.Error):
            self.keep_image()

    def wait_image(self) -> None:
        """Wait until an image a commit started (``_keep_image_soon``) is written."""
        running = self._imaging
        if running is not None:
            running.join()

    def _image_due(self, events: int) -> bool:
        """Has the log moved on ``events`` or more since the image was taken?"""
        return self._version - self._image_at >= events and self.path != ":memory:"

    def behind(self) -> bool:
        """Has another process committed to the file since this one last caught up? One
        ``PRAGMA`` on a connection of its own (``probe.py``), no lock: the API asks it
        on the loop and catches up in a thread. (True after this process's own commits
        too, once: the catch-up then finds nothing to apply.)"""
        return self.path != ":memory:" and self._probe.moved()

    def settled(self) -> bool:
        """True, and ``behind`` is False again, when the file moved only by this
        process's own commits: nothing to apply (checked without the store's lock, on
        its connection: call it off the loop)."""
        mark = self._probe.look()
        if self._file.data_version() != self._seen:
            return False
        self._probe.mark(mark)
        return True

    def refresh(self) -> int:
        """Catch up with what other processes committed to the file since this one last
        looked; return how many events that applied. Costs one ``PRAGMA`` when nothing
        moved, so callers do it before every request they answer."""
        mark = self._probe.look() if self._probe.opened else None  # before: see behind
        if self._file.data_version() == self._seen:
            applied = 0
        else:
            with self._lock, self._file.reading():
                if self._readers:  # a read in another thread holds the graph (``held``)
                    return 0
                applied = self._catch_up()
        if mark is not None:
            self._probe.mark(mark)
        return applied

    def _catch_up(self) -> int:
        """``refresh``'s work, under the thread lock and inside a read (or the write)
        transaction, so the log cannot move while it is read."""
        seen = self._file.data_version()
        if seen == self._seen:
            return 0
        generation, last = self._file.position()
        behind = last - self._version
        if generation != self._generation or behind < 0 or behind > _reload_from(self):
            self._reload()
            self.reloads += 1
            return max(behind, 0)
        applied, position = 0, self._version
        try:
            while position < last:
                entries = self._file.entries(position, _PAGE)
                if not entries:
                    break
                for entry in entries:
                    apply_entry(self, entry)  # a batch's events in one call (``follow.py``)
                    applied += len(entry) if isinstance(entry, BatchPart) else 1
                    position = entry.last if isinstance(entry, BatchPart) else entry.seq
        finally:
            # One move, at the end: a version read meanwhile off the gate (``/healthz``)
            # is never one inside another process's commit, which no query ever saw.
            self._version = position
        self._seen = seen
        return applied

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
        # (``_begin_write``), and the error it reports is whichever statement last
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

    @contextmanager
    def held(self) -> Iterator[None]:
        """Hold the graph still while another thread reads it: catching up with other
        processes' writes (``refresh``) waits until the last such read ends. (This
        process's own writes are kept apart by the caller: ``api/offload.py``.) It does
        not take the store's lock, so sign-in and the token store go on meanwhile."""
        with self._lock:  # a catch-up under way finishes first
            self._readers += 1
        try:
            yield
        finally:
            with self._lock:
                self._readers -= 1

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

    def close(self) -> None:
        self.wait_image()
        if len(self.view.nodes) >= IMAGE_FROM_NODES and self._image_due(IMAGE_ON_CLOSE):
            self.keep_image()
        self._probe.close()
        self._file.close()


_EDGE_KEY = attrgetter("source", "target")
"""``Edge.key`` without a property call per edge (the sort of a whole graph's edges)."""
_PAGE = 5_000
"""Event-log entries read at a time when catching up."""

IMAGE_EVERY = 5_000
"""Events since the file's image from which a commit writes it again (``keep_image``):
opening then replays at most about this many events after decoding the image."""
IMAGE_FROM_NODES = 1_000
"""Nodes from which closing the store writes the image when the log moved on since: a
smaller graph opens row by row about as fast."""
IMAGE_ON_CLOSE = 1_000
"""Events since the image from which closing the store writes it again: fewer replay in
a few milliseconds, and a short-lived process (a CLI read) should not pay for an image."""
GRAPH_OPERATIONS = NODE_OPERATIONS | EDGE_OPERATIONS


def _reload_from(store: EmbeddedStore) -> int:
    """Events behind from which loading the whole file is cheaper than applying them."""
    return 2_000 + len(store.view.nodes) // 2


def _utc_now() -> datetime:
    return datetime.now(UTC)
