"""End to end, issue 11: `newsbot run` killed with SIGKILL in the middle of a burst, restarted.

The fake Bot API forgets updates once the bot confirms them (as Telegram does), so only the
bot's own inbox can bring the unanswered questions back. To kill at a moment that is the same
on every run, the fake answers the first ten sendMessage calls and holds the next ones; the
bot is killed once it has noted those ten answers, with its further answers in flight (a
held call whose client died is never carried out, as with a request that never arrived).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import time
from collections import Counter
from pathlib import Path

from bot.chat.store import STORE_FILE
from bot.messages import APOLOGY, RESTARTED
from tests.helpers.fake_bot_api import FakeBotAPI, private_chat, user
from tests.helpers.logs import collect_stderr

QUESTIONS = ["where did the chipmaker open a plant?", "comet", "union leader", "drought wheat",
             "flu cases", "port strike", "budget", "final score", "wheat harvest", "strike"]
USERS = [user(700 + n, f"User{n}") for n in range(10)]
ANSWERED_BEFORE_KILL = 10


def _done_in_inbox(state: Path) -> int:
    try:
        with contextlib.closing(sqlite3.connect(state / STORE_FILE, timeout=1)) as db:
            return int(db.execute("SELECT count(*) FROM inbox WHERE done = 1").fetchone()[0])
    except sqlite3.Error:
        return 0


async def _start(fake: FakeBotAPI, corpus: Path, state: Path) -> asyncio.subprocess.Process:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_BASE_URL": fake.base_url,
           "NEWSBOT_CORPUS": str(corpus), "NEWSBOT_DATA_DIR": str(state)}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def _until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def test_kill_9_during_a_burst_of_30_questions_loses_none_and_doubles_none(
        fake_api: FakeBotAPI, mini_corpus: Path, tmp_path: Path) -> None:
    state = tmp_path / "state"
    # The first start builds the saved index; questions only once the bot polls.
    process = await _start(fake_api, mini_corpus, state)
    try:
        await fake_api.wait_for("getUpdates", timeout=120)
        fake_api.hold("sendMessage", after=ANSWERED_BEFORE_KILL)
        asked = [fake_api.send_text(QUESTIONS[(n + round_) % len(QUESTIONS)],
                                    private_chat(person["id"]), person)
                 for round_ in range(3) for n, person in enumerate(USERS)]
        await fake_api.wait_for("sendMessage", count=ANSWERED_BEFORE_KILL, timeout=120)
        await _until(lambda: fake_api.held_count("sendMessage") > 0
                     and _done_in_inbox(state) >= ANSWERED_BEFORE_KILL, 60,
                     "answers in flight and the first ten noted")
        process.kill()  # SIGKILL: no shutdown, no flush
    finally:
        if process.returncode is None:
            process.kill()
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        collect_stderr(stderr)
        fake_api.release()
    assert process.returncode == -signal.SIGKILL
    before = len(fake_api.calls_to("sendMessage"))
    assert before == ANSWERED_BEFORE_KILL  # held ones were never carried out

    process = await _start(fake_api, mini_corpus, state)
    try:
        await fake_api.wait_for("sendMessage", count=len(asked), timeout=120)
        await asyncio.sleep(1.0)  # room for a duplicate, if one were coming
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
        collect_stderr(stderr)
    sent = fake_api.calls_to("sendMessage")
    replies = Counter(str(c.params["reply_parameters"]["message_id"]) for c in sent)
    assert replies == Counter({str(m["message_id"]): 1 for m in asked})
    texts = [c.params["text"] for c in sent]
    assert not {APOLOGY, RESTARTED} & set(texts)
