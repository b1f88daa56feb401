"""Committed changes, followed in the store's event log and handed to asyncio
subscribers once each and in log order, whichever process committed them.

The feed reads the log itself: every ``FOLLOW_INTERVAL`` seconds, and at once when this
process commits (the service's listener). It groups the new entries into commits
(``commits.py``) and releases them strictly by sequence number, so the changes made by
other server workers, the CLI or another service instance on the same Neo4j database
reach the subscribers of every process, with no gap and no duplicate. A write that rolls
back writes no entry, so it sends nothing. ``replay`` gives the commits after a version,
for a subscriber that resumes with ``graphChanged(since:)``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

from ..domain import Event, NotFound, StrategyGraphError
from ..domain.changes import CommitResult
from ..service import StrategyService
from .catch_up import caught_up
from .commits import Commit, commits_of
from .offload import gate_of

__all__ = ["FOLLOW_INTERVAL", "ChangeFeed", "FellBehind", "Inbox"]

log = logging.getLogger(__name__)

FOLLOW_INTERVAL = 0.05
"""Seconds between two looks at the log for what other processes committed."""
INBOX_SIZE = 1000
PAGE = 5_000
"""Log entries read at a time."""


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
    def __init__(
        self,
        service: StrategyService,
        inbox_size: int = INBOX_SIZE,
        interval: float = FOLLOW_INTERVAL,
    ) -> None:
        self.service = service
        self.inbox_size = inbox_size
        self.interval = interval
        self.delivered = 0
        """The last sequence number handed to the subscribers."""
        self._inboxes: set[Inbox] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._pumping: asyncio.Lock | None = None
        """Set when this process commits: the follow loop looks at once."""

    @property
    def subscribers(self) -> int:
        return len(self._inboxes)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Deliver on ``loop`` what is committed from the store's current version on."""
        store = self.service.store
        store.refresh()
        self._loop = loop
        self._wake = wake = asyncio.Event()
        self._pumping = asyncio.Lock()
        self.delivered = store.version()
        self.service.listeners.append(self.heard)
        self._task = loop.create_task(self._follow(wake))

    def stop(self) -> None:
        if self.heard in self.service.listeners:
            self.service.listeners.remove(self.heard)
        if self._task is not None:
            self._task.cancel()
            self._task = None
        for inbox in list(self._inboxes):
            inbox.put(None)
        self._loop = None

    def heard(self, result: CommitResult, actor: str) -> None:
        """The service's listener (any thread): this process committed, look now."""
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or not result.events:
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: the server stops
            loop.call_soon_threadsafe(wake.set)

    # -- the event loop ------------------------------------------------------
    async def _follow(self, wake: asyncio.Event) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.interval)
            wake.clear()
            await self.pump()

    async def pump(self) -> None:
        """Catch the store up, then hand every commit after ``delivered`` to the
        subscribers, in order. Both in a worker thread (``catch_up.py``, ``read``): the
        loop answers meanwhile. The inboxes are filled on the loop, after the read, with
        ``delivered``: a subscriber that came while the read ran gets these commits, and
        reads the log up to the ``delivered`` it found (no gap, no repeat). Never
        raises: a store that is down is tried again."""
        if self._pumping is None:
            self._pumping = asyncio.Lock()
        async with self._pumping:  # one at a time: each hands on from ``delivered``
            await self._pump()

    async def _pump(self) -> None:
        store = self.service.store
        try:
            await caught_up(store)
            version = store.version()
            if version <= self.delivered:
                return
            if not self._inboxes:  # nobody to hand them to: no need to read them
                self.delivered = version
                return
            for commit in await self.read(self.delivered, version):
                self.delivered = commit.version
                for inbox in list(self._inboxes):
                    inbox.put(commit)
        except StrategyGraphError as exc:
            log.warning("could not follow the change log: %s", exc.message)
        except Exception:
            log.exception("could not follow the change log")

    async def read(self, after: int, upto: int | None = None) -> list[Commit]:
        """``replay``'s commits, read in a worker thread while the graph is held still
        (the store's gate, reader side: no catch-up changes it under the read)."""
        store = self.service.store
        async with gate_of(store).reader_lock:
            return await asyncio.to_thread(lambda: list(self.replay(after, upto)))

    def replay(self, after: int, upto: int | None = None) -> Iterator[Commit]:
        """The commits whose entries follow sequence number ``after`` (up to ``upto``),
        read from the log a page at a time."""
        return commits_of(self._entries(after, upto), self._region_of)

    def _entries(self, after: int, upto: int | None) -> Iterator[Event]:
        store = self.service.store
        while True:
            page = store.events(after=after, limit=PAGE)
            for event in page:
                if upto is not None and event.seq > upto:
                    return
                yield event
            if len(page) < PAGE:
                return
            after = page[-1].seq

    def _region_of(self, node_id: str) -> str | None:
        try:
            return self.service.store.get_node(node_id).region
        except NotFound:
            return None

    @asynccontextmanager
    async def subscribe(self) -> AsyncIterator[Inbox]:
        """An inbox that receives every commit after ``delivered`` as it was when the
        inbox was made (read that first, then nothing is missed or sent twice)."""
        inbox = Inbox(self.inbox_size)
        self._inboxes.add(inbox)
        try:
            yield inbox
        finally:
            self._inboxes.discard(inbox)
