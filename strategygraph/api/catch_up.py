"""Catching up with other processes' commits, off the event loop.

Several processes may share one store file; each applies what the others committed
(``EmbeddedStore.refresh``) before it answers. That takes seconds after another process's
big import, and it waits for this process's own import (which holds the store's lock):
on the loop, every request, ``/healthz`` and sign-in too, would wait with it. Here:

- the check is inline and cheap (``behind()``: one ``PRAGMA`` on the embedded store;
  a store without it, Neo4j, keeps nothing to catch up and its ``refresh`` runs inline);
- the catch-up itself runs in a worker thread, holding the store's gate's writer side
  (``offload``): no query runs on the loop or in a thread while the graph in memory
  changes, and the catch-up does not start while a mutation (an import in its thread)
  holds the store. One catch-up at a time per store; whoever comes meanwhile joins it.

``caught_up`` waits until the store holds at least what was committed when it was
called (an operation must start from that). ``catch_up_soon`` starts one and does not
wait (``/healthz`` answers with the version the process holds meanwhile). Never call
either from inside an operation that holds the gate (its writer side waits for that
operation: a deadlock), nor while a unit is open (it holds the store; it is caught up).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from weakref import WeakKeyDictionary

from .offload import gate_of

__all__ = ["catch_up_soon", "catching_up", "caught_up"]

log = logging.getLogger(__name__)

_running: WeakKeyDictionary[Any, asyncio.Task[int]] = WeakKeyDictionary()
"""The catch-up under way per store, if any."""


def _behind(store: Any) -> bool:
    """Has another process committed since ``store`` last caught up? A store that keeps
    nothing to catch up with (no ``behind``) is refreshed here, inline (a no-op)."""
    if getattr(store, "unit_open", False):
        return False  # the unit caught up when it began and holds the store until it ends
    behind = getattr(store, "behind", None)
    if behind is None:
        store.refresh()
        return False
    return bool(behind())


async def _catch_up(store: Any) -> int:
    settled = getattr(store, "settled", None)  # moved by this process's own commits only?
    if settled is not None and await asyncio.to_thread(settled):
        return 0  # nothing to apply: no need to stop the queries
    async with gate_of(store).writer_lock:
        log.debug("catching up with other processes")
        applied: int = await asyncio.to_thread(store.refresh)
        log.debug("caught up: %d events applied", applied)
        return applied


def _retrieved(task: asyncio.Task[int]) -> None:
    """Nobody may await a catch-up ``catch_up_soon`` started: log its failure here."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        log.warning("could not catch up with the store: %s", getattr(exc, "message", exc))


def _start(store: Any) -> asyncio.Task[int]:
    task = _running.get(store)
    if task is None or task.done():
        task = _running[store] = asyncio.get_running_loop().create_task(_catch_up(store))
        task.add_done_callback(_retrieved)
    return task


def catching_up(store: object) -> bool:
    """Is a catch-up of ``store`` under way (waiting for the gate or applying)?"""
    task = _running.get(store)
    return task is not None and not task.done()


def catch_up_soon(store: object) -> None:
    """Start catching ``store`` up if it is behind, without waiting for it."""
    if _behind(store):
        _start(store)


async def caught_up(store: object) -> None:
    """Return once ``store`` holds everything committed before this call (at once, after
    one ``PRAGMA``, when nothing was); the catch-up runs in a thread meanwhile. Raises
    what the store raises (``StoreUnavailable``)."""
    if not _behind(store):
        return
    task = _running.get(store)
    if task is not None and not task.done():
        # Started before this call: it may have read the log before the latest commit.
        await asyncio.shield(task)
        if not _behind(store):
            return
    await asyncio.shield(_start(store))  # started after this call began: it sees it all
