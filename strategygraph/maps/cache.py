"""The render cache: drawings by (map request, graph version, day), least recently used
first out, bounded in entries and bytes (a ``cachetools.LRUCache`` sized in bytes, trimmed
to the entry bound after each put).

``flight`` makes concurrent requests for the same drawing wait for the first one instead
of drawing it again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from cachetools import LRUCache

__all__ = ["RenderCache"]


class RenderCache:
    """Thread-safe LRU of drawings; ``max_bytes`` bounds the memory it holds."""

    def __init__(self, max_entries: int = 128, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._items: LRUCache[str, bytes] = LRUCache(max_bytes, getsizeof=len)
        self._guard = threading.Lock()
        self._flights: dict[str, tuple[threading.Lock, list[int]]] = {}
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> bytes | None:
        with self._guard:
            found = self._items.get(key)  # now the most recently used
            if found is None:
                self.misses += 1
                return None
            self.hits += 1
            return found

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._guard:
            self._items[key] = value  # the least recently used make room in bytes
            while len(self._items) > self.max_entries:
                self._items.popitem()  # and in entries

    def clear(self) -> None:
        with self._guard:
            self._items.clear()

    @contextmanager
    def flight(self, key: str, timeout: float) -> Iterator[bool]:
        """Hold the drawing of ``key`` for this thread; yields False if another thread
        held it for longer than ``timeout`` seconds."""
        with self._guard:
            lock, users = self._flights.setdefault(key, (threading.Lock(), [0]))
            users[0] += 1
        acquired = lock.acquire(timeout=max(timeout, 0.0))
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()
            with self._guard:
                users[0] -= 1
                if not users[0]:
                    del self._flights[key]
