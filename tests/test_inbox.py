"""The inbox queue: each update is recorded once on arrival; a failing store never loses one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from telegram import Update

from bot.chat.inbox import InboxQueue
from bot.chat.store import BotStore


def update(update_id: int) -> Update:
    return Update.de_json({"update_id": update_id}, None)


async def test_an_update_is_recorded_and_queued_once(tmp_path: Path) -> None:
    store = BotStore.in_directory(tmp_path)
    queue = InboxQueue(store)
    await queue.put(update(1))
    await queue.put(update(1))  # Telegram sending it again
    await queue.put("not an update")  # PTB's own objects pass through
    assert queue.qsize() == 2
    assert [p.update_id for p in store.pending_updates()] == [1]


async def test_a_store_that_cannot_write_still_lets_updates_through(tmp_path: Path) -> None:
    class FullDisk(BotStore):
        def record_update(self, update_id: int, payload: str,
                          received: float | None = None) -> bool:
            raise sqlite3.OperationalError("database or disk is full")

    queue = InboxQueue(FullDisk.in_directory(tmp_path))
    await queue.put(update(7))
    assert (await queue.get()).update_id == 7
