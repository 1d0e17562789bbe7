"""The bounded cache: computes once, keeps at most `limit` entries, forgets the oldest first."""

from __future__ import annotations

import pytest

from bot.common.cache import BoundedCache


def test_computes_once_and_forgets_the_oldest() -> None:
    calls: list[int] = []
    cache: BoundedCache[int, int] = BoundedCache(2)

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    assert cache.get(3, lambda: square(3)) == 9
    assert cache.get(3, lambda: square(3)) == 9
    assert calls == [3]
    cache.get(4, lambda: square(4))
    cache.get(5, lambda: square(5))
    assert len(cache) == 2 and 3 not in cache and 4 in cache and 5 in cache
    cache.put(5, 0)  # replacing a key evicts nothing
    assert len(cache) == 2 and cache.get(5, lambda: -1) == 0
    cache.clear()
    assert len(cache) == 0


def test_a_cache_needs_room() -> None:
    with pytest.raises(ValueError):
        BoundedCache(0)


def test_threads_filling_one_cache_at_once() -> None:
    # Answers run in threads that share an index's caches: evictions may interleave.
    import sys
    import threading

    cache: BoundedCache[tuple[int, int], int] = BoundedCache(4096)
    errors: list[BaseException] = []

    def fill(base: int) -> None:
        try:
            for i in range(100_000):
                cache.put((base, i), i)
        except Exception as exc:  # a KeyError or RuntimeError from an eviction
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        threads = [threading.Thread(target=fill, args=(base,)) for base in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert len(cache) <= 2 * cache.limit
