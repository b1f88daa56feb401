"""Keeping the embedded store's graph in step with its file: loading it, catching up with
what other processes committed, and the file's image of the graph that makes opening fast.

The file is the truth and the graph in memory a cache of it. ``refresh`` catches up by
applying the event-log entries this process has not seen (or, when that would cost more,
by loading the file again); ``keep_image`` writes the graph's image so the next open
decodes it and replays only what came after (``open_image.py``). How the cache follows
the file is one concept, apart from what is read from it (``embedded_reads``) and how a
write changes both (``embedded.py``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from ..collector import collector_paused
from ..domain import Metamodel, StoreBusy, StoreUnavailable
from ..domain.operations import EDGE_OPERATIONS, NODE_OPERATIONS
from ..trace.graph import TraceGraph
from .apply import Applier, Scratch
from .batch_reader import BatchPart
from .embedded_reads import EmbeddedReads
from .follow import apply_entry, apply_event
from .open_image import encode_image, put_image, read_image
from .probe import Probe
from .situation_sqlite import load_situation

__all__ = ["EmbeddedSync"]


class EmbeddedSync(EmbeddedReads):
    """Loads the file into the graph and keeps it in step (``refresh``, ``keep_image``)."""

    metamodel: Metamodel
    path: str
    reloads: int
    load_source: str
    _seen: int
    _readers: int
    _unit: list[Applier] | None
    _image_at: int
    _imaging: threading.Thread | None
    _probe: Probe

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


_PAGE = 5_000
"""Event-log entries read at a time when catching up."""
GRAPH_OPERATIONS = NODE_OPERATIONS | EDGE_OPERATIONS


def _reload_from(store: EmbeddedSync) -> int:
    """Events behind from which loading the whole file is cheaper than applying them."""
    return 2_000 + len(store.view.nodes) // 2
