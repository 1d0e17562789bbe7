"""One bounded cache: a dict that forgets its oldest entries past a size limit.

Pure computations over an index (a sentence's terms, its paragraph's extent ...) are cached so a
question costs only what is new to it; an index may hold millions of sentences, so every cache
has a limit. Eviction is first in, first out: as cheap as a dict, and the entries of a question
being answered are the newest.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from itertools import islice
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedCache(Generic[K, V]):
    """A mapping of at most `limit` entries; `get(key, make)` computes what is missing."""

    __slots__ = ("limit", "_data")

    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError(f"a cache needs room for at least one entry, not {limit}")
        self.limit = limit
        self._data: dict[K, V] = {}

    def get(self, key: K, make: Callable[[], V]) -> V:
        """The value for `key`, computed by `make()` and kept if it is not there yet."""
        try:
            return self._data[key]
        except KeyError:
            value = make()
            self.put(key, value)
            return value

    def find(self, key: K) -> V | None:
        """The value kept for `key`, or None (nothing is computed)."""
        return self._data.get(key)

    def put(self, key: K, value: V) -> None:
        """Keep a value, forgetting the oldest entry if the cache is full."""
        data = self._data
        if key not in data and len(data) >= self.limit:
            # The oldest sixteenth goes at once: finding the oldest key walks past every key
            # deleted before it (until the dict is rebuilt), so one at a time costs O(limit).
            # Answers run in threads sharing an index's caches: another thread may add to the
            # dict while its oldest keys are listed (the next put evicts then), and two
            # evicting at once may take the same keys (pop, not del).
            try:
                oldest = list(islice(data, max(1, self.limit // 16)))
            except RuntimeError:  # dictionary changed size during iteration
                oldest = []
            for old in oldest:
                data.pop(old, None)
        data[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        """Forget everything."""
        self._data.clear()
