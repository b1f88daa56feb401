"""Bulk work on 100,000s of objects: pause Python's cyclic garbage collector meanwhile.

Loading or importing a large graph allocates many long-lived objects; the collector would
rescan the growing heap again and again (a quarter to a third of the time) and find
nothing to free. Reference counting still frees everything else as usual.

A leaf of the package (it imports nothing of ours), so every layer may use it: the store's
loads and commits, the interchange readers, the service's imports.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["BULK", "collector_paused"]

BULK = 100_000
"""Objects made in a pause above which they leave the collector's sight at its end
(``gc.freeze``): else its next passes would walk them all, the young generation's at
once (0.45 s after a national graph's read), the older ones' later (as long again each),
to find nothing to free, as in the pause. They are freed as usual when dropped; only a
cycle among them would stay (the bulk is of records and dicts, which make none)."""
_holders = 0  # blocks (in any thread) pausing the collector now
_was_enabled = False  # was it running when the first of them began?
_count_lock = threading.Lock()


@contextmanager
def collector_paused(paused: bool = True) -> Iterator[None]:
    """Pause the cyclic collector for the block (``paused=False``: do nothing); nested
    and concurrent uses leave it as the first one found it, once the last one ends (an
    import's commit and the open-image thread after it overlap: the thread must not
    run with the collector back on because the import ended first)."""
    if not paused:
        yield
        return
    global _holders, _was_enabled
    with _count_lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _count_lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                if gc.get_count()[0] > BULK:
                    gc.freeze()
                gc.enable()
