"""Throttle: a burst is allowed, then one warning, then silence until the bucket refills."""

from __future__ import annotations

import pytest

from bot.chat.throttle import Throttle, Verdict


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_warn_once_then_drop() -> None:
    throttle = Throttle(burst=3, per_second=0.5, clock=Clock())
    verdicts = [throttle.check(1) for _ in range(6)]
    assert verdicts == [Verdict.ALLOW] * 3 + [Verdict.WARN, Verdict.DROP, Verdict.DROP]


def test_users_are_independent() -> None:
    throttle = Throttle(burst=2, per_second=0.5, clock=Clock())
    for _ in range(5):
        throttle.check(1)
    assert throttle.check(2) is Verdict.ALLOW
    assert throttle.check(2) is Verdict.ALLOW


def test_refill_over_time_and_warning_again_after_recovery() -> None:
    clock = Clock()
    throttle = Throttle(burst=2, per_second=0.5, clock=clock)
    assert [throttle.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]
    assert throttle.wait_time(1) == pytest.approx(2.0)
    clock.now += 1.0  # half a token
    assert throttle.check(1) is Verdict.DROP
    clock.now += 1.5
    assert throttle.check(1) is Verdict.ALLOW
    assert throttle.check(1) is Verdict.WARN  # a new episode gets a new warning
    clock.now += 60
    assert [throttle.check(1) for _ in range(3)] == [Verdict.ALLOW, Verdict.ALLOW, Verdict.WARN]


def test_idle_users_are_forgotten_when_many(monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.chat.throttle

    monkeypatch.setattr(bot.chat.throttle, "MAX_TRACKED", 3)
    clock = Clock()
    throttle = Throttle(burst=1, per_second=1.0, clock=clock)
    for user in range(3):
        throttle.check(user)
    clock.now += 10  # everyone refilled
    throttle.check(99)
    assert len(throttle._buckets) == 1


def test_bad_parameters() -> None:
    with pytest.raises(ValueError, match="burst"):
        Throttle(burst=0)


def test_allows_peeks_without_taking() -> None:
    throttle = Throttle(burst=2, per_second=0.5, clock=Clock())
    assert all(throttle.allows(1) for _ in range(5))
    assert [throttle.check(1) for _ in range(2)] == [Verdict.ALLOW] * 2
    assert not throttle.allows(1)


def test_a_silent_refusal_does_not_count_as_warned() -> None:
    # An unanswered "?" in a group says nothing: the next addressed question still gets the
    # warning instead of being dropped silently.
    throttle = Throttle(burst=1, per_second=0.5, clock=Clock())
    assert throttle.check(1, warn=False) is Verdict.ALLOW
    assert throttle.check(1, warn=False) is Verdict.DROP
    assert throttle.check(1) is Verdict.WARN
    assert throttle.check(1) is Verdict.DROP
