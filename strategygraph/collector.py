"""Bulk work on 100,000s of objects: pause Python's cyclic garbage collector meanwhile.

Loading or importing a large graph allocates many long-lived objects; the collector would
rescan the growing heap again and again (a quarter to a third of the time) and find
nothing to free. Reference counting still frees everything else as usual.

A leaf of the package (it imports nothing of ours), so every layer may use it: the store's
loads and commits, the interchange readers, the service's imports.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused(paused: bool = True) -> Iterator[None]:
    """Pause the cyclic collector for the block (``paused=False``: do nothing); nested
    and concurrent uses leave it as the outermost one found it."""
    was_enabled = gc.isenabled()
    if paused:
        gc.disable()
    try:
        yield
    finally:
        if paused and was_enabled:
            gc.enable()
