"""The render cache: least recently used first out, bounded in entries and in bytes."""

from __future__ import annotations

from strategygraph.maps.cache import RenderCache


def test_bounded_in_entries_least_recently_used_first() -> None:
    cache = RenderCache(max_entries=2, max_bytes=1000)
    cache.put("a", b"1")
    cache.put("b", b"2")
    assert cache.get("a") == b"1"  # now the most recently used
    cache.put("c", b"3")
    assert len(cache) == 2
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == (b"1", b"3")
    assert (cache.hits, cache.misses) == (3, 1)


def test_bounded_in_bytes() -> None:
    cache = RenderCache(max_entries=10, max_bytes=10)
    cache.put("a", b"x" * 4)
    cache.put("b", b"x" * 4)
    cache.put("a", b"x" * 5)  # replaced: counted once
    assert len(cache) == 2
    cache.put("c", b"x" * 4)  # b goes first: a was written after it
    assert cache.get("b") is None and cache.get("a") is not None and cache.get("c") is not None
    cache.put("d", b"x" * 11)  # larger than the whole cache: not kept, nothing dropped
    assert cache.get("d") is None and len(cache) == 2
    cache.clear()
    assert len(cache) == 0
