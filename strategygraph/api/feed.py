"""Committed changes, heard from whichever thread committed them, handed to asyncio
subscribers once each and in commit order.

The service calls ``ChangeFeed.heard`` after every durable commit, in the committing
thread. The feed passes the commit to its event loop with ``call_soon_threadsafe``; there
commits are released strictly by event-log sequence number, so two threads whose
listener calls race still deliver in commit order. A gap (a commit this service never
heard, e.g. one made through another service object) is waited for ``GAP_GRACE`` seconds
and then skipped. A write that rolls back never reaches a listener, so it sends nothing.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace

from ..domain import Edge, Node, NotFound
from ..domain.changes import CommitResult
from ..service import StrategyService

__all__ = ["ChangeFeed", "Commit", "FellBehind", "Inbox"]

log = logging.getLogger(__name__)

GAP_GRACE = 1.0
INBOX_SIZE = 1000


@dataclass(frozen=True)
class Commit:
    """What one commit changed: event-log entries ``first``..``version``."""

    version: int
    first: int
    actor: str
    nodes: tuple[Node, ...]
    removed_nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    removed_edges: tuple[Edge, ...]
    edge_regions: dict[tuple[str, str], frozenset[str]]

    @property
    def regions(self) -> frozenset[str]:
        found = {n.region for n in (*self.nodes, *self.removed_nodes)}
        for regions in self.edge_regions.values():
            found |= regions
        return frozenset(found)

    def only(self, region: str) -> Commit | None:
        """The part of this commit that touches ``region``, or None if nothing does."""
        if region not in self.regions:
            return None

        def touches(e: Edge) -> bool:
            return region in self.edge_regions.get(e.key, frozenset())

        return replace(
            self,
            nodes=tuple(n for n in self.nodes if n.region == region),
            removed_nodes=tuple(n for n in self.removed_nodes if n.region == region),
            edges=tuple(e for e in self.edges if touches(e)),
            removed_edges=tuple(e for e in self.removed_edges if touches(e)),
        )


class FellBehind(Exception):
    """A subscriber left more than ``INBOX_SIZE`` changes unread."""


class Inbox:
    """One subscriber's queue of commits."""

    def __init__(self, size: int) -> None:
        self.queue: asyncio.Queue[Commit | None] = asyncio.Queue(size)
        self.overflowed = False

    def put(self, commit: Commit | None) -> None:
        try:
            self.queue.put_nowait(commit)
        except asyncio.QueueFull:
            self.overflowed = True

    async def get(self) -> Commit | None:
        """The next commit, or None when the feed stops."""
        if self.overflowed:
            raise FellBehind(
                f"this subscription fell more than {self.queue.maxsize} changes behind and "
                "was stopped; subscribe again and catch up with changes(after:)"
            )
        return await self.queue.get()


class ChangeFeed:
    def __init__(self, service: StrategyService, inbox_size: int = INBOX_SIZE) -> None:
        self.service = service
        self.inbox_size = inbox_size
        self._inboxes: set[Inbox] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._next = 0
        self._pending: dict[int, Commit] = {}
        self._gap_timer: asyncio.TimerHandle | None = None

    @property
    def subscribers(self) -> int:
        return len(self._inboxes)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Listen to the service; deliver on ``loop`` from the store's current version."""
        self._loop = loop
        self._next = self.service.store.version() + 1
        self.service.listeners.append(self.heard)

    def stop(self) -> None:
        if self.heard in self.service.listeners:
            self.service.listeners.remove(self.heard)
        if self._gap_timer is not None:
            self._gap_timer.cancel()
        for inbox in list(self._inboxes):
            inbox.put(None)
        self._loop = None

    # -- any thread ----------------------------------------------------------
    def heard(self, result: CommitResult, actor: str) -> None:
        """The service's listener. Never raises: the commit is already durable."""
        loop = self._loop
        if loop is None or not result.events:
            return
        try:
            commit = self._commit(result, actor)
            loop.call_soon_threadsafe(self._arrive, commit)
        except RuntimeError:  # the loop has closed: the server is stopping
            pass
        except Exception:
            log.exception("could not pass commit %s to subscribers", result.version)

    def _commit(self, result: CommitResult, actor: str) -> Commit:
        known = {n.id: n.region for n in (*result.nodes, *result.removed_nodes)}

        def region_of(node_id: str) -> str | None:
            if node_id not in known:
                try:
                    known[node_id] = self.service.store.get_node(node_id).region
                except NotFound:
                    return None
            return known[node_id]

        edge_regions = {
            e.key: frozenset(r for r in (region_of(e.source), region_of(e.target)) if r)
            for e in (*result.edges, *result.removed_edges)
        }
        return Commit(
            version=result.version,
            first=result.version - result.events + 1,
            actor=actor,
            nodes=tuple(result.nodes),
            removed_nodes=tuple(result.removed_nodes),
            edges=tuple(result.edges),
            removed_edges=tuple(result.removed_edges),
            edge_regions=edge_regions,
        )

    # -- the event loop ------------------------------------------------------
    def _arrive(self, commit: Commit) -> None:
        if commit.version < self._next:
            return  # already delivered, or from before the feed started
        self._pending[commit.first] = commit
        self._release()

    def _release(self) -> None:
        while self._next in self._pending:
            commit = self._pending.pop(self._next)
            self._next = commit.version + 1
            for inbox in list(self._inboxes):
                inbox.put(commit)
        if not self._pending and self._gap_timer is not None:
            self._gap_timer.cancel()
            self._gap_timer = None
        elif self._pending and self._gap_timer is None and self._loop is not None:
            self._gap_timer = self._loop.call_later(GAP_GRACE, self._skip_gap)

    def _skip_gap(self) -> None:
        self._gap_timer = None
        if self._pending:
            self._next = min(self._pending)
            self._release()

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Inbox]:
        inbox = Inbox(self.inbox_size)
        self._inboxes.add(inbox)
        try:
            yield inbox
        finally:
            self._inboxes.discard(inbox)
