"""Every Bot API call the bot makes (but getUpdates) goes through here: retries, migrations,
and noting that an update got its answer.

PTB's AIORateLimiter waits out 429s. On top of it, `SendingPolicy`:
- retries what may succeed a moment later: network errors, a dropped connection, 5xx answers,
  timeouts; with backoff, at most `attempts` tries within `budget` seconds. A 400 (bad request)
  or 403 (blocked) is final: retrying cannot help;
- follows a group that became a supergroup (ChatMigrated): the call is repeated to the new chat
  id (a reply then goes out without quoting, the quoted message being in the old chat) and
  `on_migrated` moves the group's settings;
- marks the update being handled as answered (bot.chat.inbox) when an answering call
  succeeds, so a restart never answers it again and no apology is sent next to an answer.

The request timeout (settings.api_timeout) is long (20 s by default), so a slow Bot API is
waited for rather than retried into a duplicate message.
"""

from __future__ import annotations

import asyncio
import logging
import random
import sqlite3
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram.error import BadRequest, ChatMigrated, NetworkError
from telegram.ext import AIORateLimiter

from bot.chat.inbox import current_delivery

logger = logging.getLogger(__name__)

# Calls that put an answer in front of the user: once one succeeds, the update is answered.
ANSWERING_PREFIXES = ("send", "edit", "answer", "copy", "forward")
NOT_ANSWERING = frozenset({"sendChatAction"})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try a Bot API call: tries, backoff and an overall time budget (seconds)."""

    attempts: int = 4
    first_delay: float = 0.5
    max_delay: float = 4.0
    budget: float = 60.0

    @classmethod
    def for_timeout(cls, timeout: float) -> RetryPolicy:
        """Backoff and budget in proportion to the request timeout (20 s: 0.5 s doubling up
        to 4 s, a minute in all), so tests with short timeouts are quick too."""
        return cls(first_delay=timeout / 40, max_delay=timeout / 5, budget=3 * timeout)

    def delay(self, retry: int) -> float:
        """The wait before retry number `retry` (1-based): doubling, with a little jitter."""
        base = min(self.max_delay, self.first_delay * 2 ** (retry - 1))
        return base * random.uniform(0.8, 1.0)


def is_answering(endpoint: str) -> bool:
    """True for Bot API methods that show the user something (sendMessage, editMessageText...)."""
    return endpoint.startswith(ANSWERING_PREFIXES) and endpoint not in NOT_ANSWERING


def is_retryable(exc: Exception) -> bool:
    """Network trouble, timeouts and 5xx are worth another try; a 400 never is."""
    return isinstance(exc, NetworkError) and not isinstance(exc, BadRequest)


class SendingPolicy(AIORateLimiter):
    """AIORateLimiter plus retries, chat migrations and delivery notes (see the module doc)."""

    def __init__(self, retry: RetryPolicy | None = None,
                 on_migrated: Callable[[int, int], None] | None = None,
                 max_retries: int = 3) -> None:
        super().__init__(max_retries=max_retries)
        self.retry = retry or RetryPolicy()
        self.on_migrated = on_migrated

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        """Make the call, retrying and following migrations; note a delivered answer."""
        started = time.monotonic()
        tries = 0
        migrated = False
        while True:
            tries += 1
            try:
                result = await super().process_request(callback, args, kwargs, endpoint, data,
                                                       rate_limit_args)
            except ChatMigrated as exc:
                if migrated or "chat_id" not in data:
                    raise
                migrated = True
                self._follow_migration(data, exc.new_chat_id)
                continue
            except Exception as exc:
                if not is_retryable(exc):
                    raise
                delay = self.retry.delay(tries)
                spent = time.monotonic() - started
                if tries >= self.retry.attempts or spent + delay > self.retry.budget:
                    logger.warning("%s failed %d time(s) in %.1f s, giving up: %s",
                                   endpoint, tries, spent, exc)
                    raise
                logger.info("%s failed (%s); trying again in %.1f s", endpoint, exc, delay)
                await asyncio.sleep(delay)
                continue
            if is_answering(endpoint):
                delivery = current_delivery()
                if delivery is not None:
                    delivery.mark_delivered()
            return result

    def _follow_migration(self, data: dict[str, Any], new_chat_id: int) -> None:
        old = data["chat_id"]
        logger.info("chat %s became supergroup %s; sending there", old, new_chat_id)
        data["chat_id"] = new_chat_id
        # The quoted message lives in the old chat: send without quoting.
        data.pop("reply_parameters", None)
        data.pop("reply_to_message_id", None)
        if self.on_migrated is not None:
            try:
                self.on_migrated(int(old), int(new_chat_id))
            except (ValueError, TypeError, sqlite3.Error):
                logger.warning("cannot move the settings of chat %r", old)
