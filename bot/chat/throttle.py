"""A per-user question throttle: a token bucket each, so one user's burst never slows others.

Telegram-free and clock-injected, so it is tested without waiting. A refused user is told once
("slow down") and then ignored until a question is allowed again. Only what is answered
counts: a caller that may stay silent peeks with `allows` first and takes a token with
`check(..., warn=False)` once it has an answer, which never marks the user as told.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

# A burst of a few questions is normal (a follow-up, a rephrasing); beyond it, one every few
# seconds is still far faster than anyone reads the answers.
DEFAULT_BURST = 4
DEFAULT_PER_SECOND = 0.25
MAX_TRACKED = 10_000


class Verdict(str, Enum):
    """What to do with a question."""

    ALLOW = "allow"
    WARN = "warn"  # refuse, and say so (first refusal in a row)
    DROP = "drop"  # refuse silently (already told)


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class Throttle:
    """Token buckets keyed by user id: `burst` questions at once, then `per_second`."""

    def __init__(self, burst: int = DEFAULT_BURST, per_second: float = DEFAULT_PER_SECOND,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if burst < 1 or per_second <= 0:
            raise ValueError("burst must be at least 1 and per_second above 0")
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}

    def check(self, key: int, warn: bool = True) -> Verdict:
        """Take one question from the key's bucket; say whether it may be answered.

        With `warn=False` the caller will not tell the user, so a refusal is DROP and does not
        mark them as told (their next refusal still gets the warning).
        """
        bucket = self._refilled(key)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            bucket.warned = False
            return Verdict.ALLOW
        if bucket.warned or not warn:
            return Verdict.DROP
        bucket.warned = True
        return Verdict.WARN

    def allows(self, key: int) -> bool:
        """Whether a question from the key would be allowed now (takes nothing)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return True
        elapsed = max(0.0, self.clock() - bucket.updated)
        return min(float(self.burst), bucket.tokens + elapsed * self.per_second) >= 1.0

    def _refilled(self, key: int) -> _Bucket:
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_TRACKED:
                self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
        else:
            elapsed = max(0.0, now - bucket.updated)
            bucket.tokens = min(float(self.burst), bucket.tokens + elapsed * self.per_second)
            bucket.updated = now
        return bucket

    def wait_time(self, key: int) -> float:
        """Seconds until the key may ask again (0 if it may now)."""
        bucket = self._buckets.get(key)
        if bucket is None:
            return 0.0
        elapsed = max(0.0, self.clock() - bucket.updated)
        missing = 1.0 - min(float(self.burst), bucket.tokens + elapsed * self.per_second)
        return max(0.0, missing / self.per_second)

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold nothing worth keeping."""
        full = [key for key, b in self._buckets.items()
                if b.tokens + (now - b.updated) * self.per_second >= self.burst]
        for key in full:
            del self._buckets[key]
