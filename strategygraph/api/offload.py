"""CPU-heavy work runs in a worker thread, so the event loop keeps answering.

Replaying the event log (``graphAt``, ``diff``), whole-graph passes (``gaps``,
``coverage``, ``compareRegions``), exports and imports took the loop for seconds: every
other request, ``/healthz`` too, waited. Here they run in a thread instead, one at a time
per store (two cores serve the rest meanwhile), and the graph cannot change under them:

- a read in a thread holds the store still (``EmbeddedStore.held``: catching up with
  other processes' writes waits until it ends; sign-in and the token store go on);
- every GraphQL operation takes the store's reader-writer gate for its execution
  (``Gate``): queries share it, a mutation has it alone, so no mutation starts on the loop
  while a read runs in a thread, and no query runs while a mutation (an import in its
  thread, say) is half-applied. Subscriptions take no part: their events come committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractContextManager, asynccontextmanager, nullcontext
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from aiorwlock import RWLock
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

__all__ = ["Gate", "gate_of", "off_loop", "reading"]

T = TypeVar("T")

_gates: WeakKeyDictionary[Any, RWLock] = WeakKeyDictionary()
"""One gate per store object, made on first use; gone with the store."""
_turns: WeakKeyDictionary[Any, asyncio.Lock] = WeakKeyDictionary()
"""One thread at a time per store: the heavy passes take turns."""


def gate_of(store: object) -> RWLock:
    """The reader-writer gate of ``store`` (see the module)."""
    gate = _gates.get(store)
    if gate is None:
        gate = _gates[store] = RWLock()
    return gate


@asynccontextmanager
async def reading(store: object) -> AsyncIterator[None]:
    """Inside ``store``'s gate, reader side: the graph does not change meanwhile."""
    async with gate_of(store).reader_lock:
        yield


def _turn(store: object) -> asyncio.Lock:
    turn = _turns.get(store)
    if turn is None:
        turn = _turns[store] = asyncio.Lock()
    return turn


async def off_loop(store: object | None, work: Callable[[], T], writes: bool = False) -> T:
    """``work()`` in a worker thread, holding ``store`` still unless it ``writes`` (a
    commit takes the store's own locks). Inline when ``store`` has a unit open on this
    thread (``units.py``): the unit's lock belongs to this thread. ``store`` None: work
    on a graph of the caller's own (a replayed past) needs no holding."""
    if store is not None and getattr(store, "unit_open", False):
        return work()
    held: Callable[[], AbstractContextManager[object]] | None = getattr(store, "held", None)

    def run() -> T:
        with nullcontext() if writes or held is None else held():
            return work()

    async with _turn(store) if store is not None else nullcontext():
        return await asyncio.to_thread(run)


class Gate(SchemaExtension):
    """Each query or mutation executes inside its store's gate (see the module)."""

    async def on_execute(self) -> AsyncIterator[None]:
        execution = self.execution_context
        store = getattr(getattr(execution.context, "service", None), "store", None)
        kind = execution.operation_type
        if store is None or kind is OperationType.SUBSCRIPTION:
            yield
            return
        gate = gate_of(store)
        lock = gate.writer_lock if kind is OperationType.MUTATION else gate.reader_lock
        async with lock:
            yield
