"""The durable inbox: every update is kept in the store from its arrival until it is handled.

PTB confirms updates to Telegram as soon as the next getUpdates is sent, so an update that is
in memory when the process dies (kill -9, an OOM kill, a reboot) would never come back. Here:

- `InboxQueue` is the Application's update queue: `put` writes the update to SQLite before
  the Updater asks for the next batch (which confirms this one), and drops an update it has
  seen before (Telegram sending it again after a crash, or one already replayed);
- `InboxProcessor` runs each update with a `Delivery` in a context variable; the update is
  marked done as soon as its first answer is sent (see bot.chat.sending), or when its handling
  ends with nothing to send;
- `replay_pending` (at start-up) handles the updates a previous run left unhandled: young ones
  once more; older messages go through the handlers as "stale", so that the ones the bot would
  have answered (and only those: not a group's chatter) get a short "I was restarting" reply
  instead of the answer, or they are dropped (a setting). An update found unhandled by two
  start-ups in a row is given up on (it may be what crashed us).

The one window left: Telegram accepted an answer and the process died before it noted it (a
few milliseconds per answer). That question is answered again after the restart; the only
alternative would be to lose it, as there is no way to ask Telegram whether it was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.ext import Application, SimpleUpdateProcessor

from bot.chat.store import BotStore

logger = logging.getLogger(__name__)

# A start-up that finds an update unhandled replays it; the next one gives up on it.
MAX_REPLAYS = 1
APOLOGISE = "apologise"  # NEWSBOT_REPLAY_STALE's values (bot.config.REPLAY_STALE_CHOICES)
DROP = "drop"


@dataclass
class Delivery:
    """The update being handled in this task, and whether an answer to it went out."""

    update_id: int
    store: BotStore | None
    delivered: bool = False
    stale: bool = False  # replayed long after it arrived: say sorry instead of answering

    def mark_delivered(self) -> None:
        """An answer was sent: the update is done (a restart must not answer it again)."""
        if not self.delivered:
            self.delivered = True
            if self.store is not None:
                finish(self.store, self.update_id)


def finish(store: BotStore, update_id: int) -> None:
    """Mark an update done; a store that cannot be written is logged, not raised (the answer
    has gone out: failing now would only add an error to it)."""
    try:
        store.finish_update(update_id)
    except sqlite3.Error as exc:
        logger.error("cannot mark update %d done in the inbox: %s", update_id, exc)


CURRENT: contextvars.ContextVar[Delivery | None] = contextvars.ContextVar(
    "newsbot_delivery", default=None)


def current_delivery() -> Delivery | None:
    """The Delivery of the update handled by the running task (None outside handlers)."""
    return CURRENT.get()


def is_stale() -> bool:
    """True if the update being handled is an old one replayed after a restart."""
    delivery = CURRENT.get()
    return delivery is not None and delivery.stale


def answer_was_sent() -> bool:
    """True if something was already sent in answer to the update being handled."""
    delivery = CURRENT.get()
    return delivery is not None and delivery.delivered


def _payload(update: Update) -> str:
    return json.dumps(update.to_dict(), separators=(",", ":"), ensure_ascii=False)


class InboxQueue(asyncio.Queue[Any]):
    """The update queue: each update is written to the store on arrival, once."""

    def __init__(self, store: BotStore) -> None:
        super().__init__()
        self.store = store

    def _is_new(self, item: object) -> bool:
        if not isinstance(item, Update):
            return True  # PTB's own sentinels and custom objects pass through
        try:
            if self.store.record_update(item.update_id, _payload(item)):
                return True
        except sqlite3.Error as exc:
            # A full disk must not stop the bot: answer now, without the crash guarantee.
            logger.error("cannot keep update %d in the inbox (%s); handling it anyway",
                         item.update_id, exc)
            return True
        logger.info("update %d was received before; not handling it again", item.update_id)
        return False

    # asyncio.Queue.put ends in put_nowait: recording there covers both.
    def put_nowait(self, item: Any) -> None:
        """Record, then queue (an update seen before is dropped)."""
        if self._is_new(item):
            super().put_nowait(item)

    def put_recorded(self, item: Any) -> None:
        """Queue an update that is already in the store (a replay)."""
        super().put_nowait(item)  # unbounded: never full


def _message_key(update: Update) -> tuple[int, int] | None:
    message = update.message or update.edited_message
    if message is None:
        return None
    return message.chat_id, message.message_id


class InboxProcessor(SimpleUpdateProcessor):
    """Handles updates concurrently, each with its Delivery; marks them done when finished.

    Updates about the same message (a question and its edits) are handled one after the
    other, so an edit that arrives while the question is still being answered finds the
    reply to edit instead of sending a second one.
    """

    def __init__(self, store: BotStore, max_concurrent_updates: int) -> None:
        super().__init__(max_concurrent_updates)
        self.store = store
        self.stale: set[int] = set()  # update ids replayed too late to be answered
        self._message_locks: dict[tuple[int, int], tuple[asyncio.Lock, int]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the handlers for one update, then mark it done (whatever happened)."""
        if not isinstance(update, Update):
            await coroutine
            return
        delivery = Delivery(update.update_id, self.store,
                            stale=update.update_id in self.stale)
        self.stale.discard(update.update_id)
        token = CURRENT.set(delivery)
        key = _message_key(update)
        try:
            if key is None:
                await coroutine
            else:
                async with self._message_lock(key):
                    await coroutine
        finally:
            CURRENT.reset(token)
            # Errors are handled (and apologised for) inside the coroutine; either way, this
            # update has had its turn.
            finish(self.store, update.update_id)


    @contextlib.asynccontextmanager
    async def _message_lock(self, key: tuple[int, int]) -> AsyncIterator[None]:
        lock, users = self._message_locks.get(key, (asyncio.Lock(), 0))
        self._message_locks[key] = (lock, users + 1)
        try:
            async with lock:
                yield
        finally:
            lock, users = self._message_locks[key]
            if users <= 1:
                del self._message_locks[key]
            else:
                self._message_locks[key] = (lock, users - 1)


@dataclass(frozen=True)
class ReplayReport:
    """What start-up did with the updates a previous run left unhandled."""

    replayed: int = 0
    apologised: int = 0
    dropped: int = 0
    given_up: int = 0


async def replay_pending(application: Application, store: BotStore, max_age: float,
                         stale: str, now: float | None = None) -> ReplayReport:
    """Queue the unhandled updates of a previous run again, or apologise for / drop old ones.

    Called before polling starts, so they are handled before anything new.
    """
    queue = application.update_queue
    processor = application.update_processor
    now = time.time() if now is None else now
    counts = {"replayed": 0, "apologised": 0, "dropped": 0, "given_up": 0}
    for pending in store.pending_updates():
        try:
            update = Update.de_json(json.loads(pending.payload), application.bot)
        except (ValueError, TypeError, KeyError) as exc:
            logger.warning("dropping stored update %d that cannot be read: %s",
                           pending.update_id, exc)
            store.finish_update(pending.update_id)
            counts["dropped"] += 1
            continue
        if pending.attempts > MAX_REPLAYS:
            logger.warning("giving up on update %d: it was still unhandled after a restart",
                           pending.update_id)
            store.finish_update(pending.update_id)
            counts["given_up"] += 1
        elif now - pending.received <= max_age or (
                stale == APOLOGISE and update.effective_message is not None
                and update.callback_query is None and isinstance(processor, InboxProcessor)):
            if now - pending.received > max_age and isinstance(processor, InboxProcessor):
                processor.stale.add(update.update_id)
                counts["apologised"] += 1
            else:
                counts["replayed"] += 1
            if isinstance(queue, InboxQueue):
                queue.put_recorded(update)
            else:
                await queue.put(update)
        else:
            store.finish_update(pending.update_id)
            counts["dropped"] += 1
    report = ReplayReport(**counts)
    if any(counts.values()):
        logger.info("updates left unhandled by the last run: %d handled now, %d too old (the "
                    "ones addressed to me get a sorry), %d dropped, %d given up", report.replayed,
                    report.apologised, report.dropped, report.given_up)
    return report

