"""How a map route starts from the latest graph and keeps it still while it draws.

The routes draw in a worker thread. By default they catch up with other processes'
commits inline (``refresh``) and draw without holding anything. The served app passes
its own (``api/worker.py``): the catch-up in a thread under the store's gate, and the
drawing inside the gate's reader side, so no catch-up changes the graph under a map and
the event loop keeps answering meanwhile (``api/catch_up.py``). ``maps`` may not import
``api`` (DESIGN.md §3): the app hands them in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass

from ..store import GraphStore

__all__ = ["Freshness"]


@dataclass(frozen=True)
class Freshness:
    store: GraphStore
    caught_up: Callable[[], Awaitable[object]] | None = None
    """Catch the store up (await it); None: ``store.refresh()`` inline."""
    holding: Callable[[], AbstractAsyncContextManager[object]] | None = None
    """Hold the graph still while a map is drawn; None: hold nothing."""

    async def catch_up(self) -> None:
        if self.caught_up is None:
            self.store.refresh()
        else:
            await self.caught_up()

    def held(self) -> AbstractAsyncContextManager[object]:
        return nullcontext() if self.holding is None else self.holding()
