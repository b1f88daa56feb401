"""Sending a commit's ``UNWIND`` batches while the next ones are being built.

A large commit (an import of 100,000s of nodes, edges and events) spends its time in two
places that need not wait for each other: Python turning records into property maps, and
the server running the batches. ``send_all`` builds the batches in a helper thread (it
holds the GIL only while it computes; the driver releases it while it waits for the
server) and runs them, in order, in the caller's thread, so the driver's transaction is
only ever used by the thread that owns it. A failure on either side stops both and is
raised in the caller's thread: the transaction then rolls back as before, so the commit is
still all-or-nothing, and nothing is left running when ``send_all`` returns.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

import neo4j

from .neo4j_io import Rows, Runner

__all__ = ["AHEAD", "Batch", "Step", "send_all"]

AHEAD = 2
"""Batches built ahead of the server: enough to keep it busy, little memory held."""

Batch = tuple[str, str, list[Any]]
"""One ``UNWIND``: the query, the name of its list parameter, the rows."""


@dataclass(frozen=True)
class Step:
    """A batch with work done in the sending thread, in order with the other batches:
    ``finish`` completes its rows from what earlier batches returned, ``keep`` takes the
    records it returns."""

    query: str
    name: str
    rows: list[Any]
    finish: Callable[[list[Any]], list[Any]] | None = None
    keep: Callable[[Iterable[neo4j.Record]], None] | None = None


_END = object()


def send_all(tx: Runner, batches: Iterable[Batch | Step], ahead: int = AHEAD) -> int:
    """Run every batch in order in ``tx``; return how many ran."""
    pending: queue.Queue[object] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                pending.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def build() -> None:
        try:
            for batch in batches:
                if not offer(batch):
                    return
        except BaseException as exc:  # raised again in the caller's thread
            offer(exc)
        else:
            offer(_END)

    builder = threading.Thread(target=build, name="neo4j-batches", daemon=True)
    builder.start()
    sent = 0
    try:
        while (item := pending.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            if isinstance(item, Step):
                rows = item.finish(item.rows) if item.finish else item.rows
                result = tx.run(item.query, {item.name: Rows(rows)})
                if item.keep is not None:
                    item.keep(result)
            else:
                query, name, rows = cast(Batch, item)
                tx.run(query, {name: Rows(rows)})
            sent += 1
    finally:
        stop.set()
        builder.join()
    return sent
