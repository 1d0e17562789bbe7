"""What does the durable inbox cost? (issue 11: every update kept in SQLite until answered)

Two measures, each the median of --repeats runs (the machine is shared: expect noise):

  store    BotStore.record_update + finish_update for one update (a typical message update as
           JSON), on a file in a temporary directory (WAL, synchronous=NORMAL): microseconds
  burst    the real bot (PTB Application) against the fake Bot API on 127.0.0.1 (the tests'
           tests/helpers/fake_bot_api.py), answering --questions private questions from as many
           users on the mini corpus: seconds from queueing them to the last answer, with the
           inbox and with its two store writes replaced by no-ops

    .venv/bin/python benchmarks/inbox_overhead.py [--repeats 5] [--questions 100]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.chat.store import BotStore  # noqa: E402
from bot.search.library import Library  # noqa: E402
from tests.helpers.bot_harness import bot_settings, running_bot  # noqa: E402
from tests.helpers.fake_bot_api import FakeBotAPI, private_chat, user  # noqa: E402

MINI_CORPUS = REPO / "tests" / "data" / "mini_corpus"
QUESTIONS = ["where did the chipmaker open a plant?", "comet", "union leader", "drought wheat",
             "flu cases", "port strike", "budget", "final score"]


def store_cost(count: int) -> float:
    """Microseconds per update for recording it and marking it done."""
    payload = ('{"update_id":%d,"message":{"message_id":1000,"date":1764000000,"chat":{"id":501,'
               '"type":"private","first_name":"Ann"},"from":{"id":501,"is_bot":false,'
               '"first_name":"Ann"},"text":"where did the chipmaker open a plant?"}}')
    with tempfile.TemporaryDirectory() as directory:
        store = BotStore.in_directory(Path(directory))
        started = time.perf_counter()
        for update_id in range(count):
            store.record_update(update_id, payload % update_id)
            store.finish_update(update_id)
        elapsed = time.perf_counter() - started
        store.close()
    return elapsed / count * 1e6


async def burst(questions: int, inbox: bool, library: Library) -> float:
    """Seconds from queueing the questions to the last answer."""
    with tempfile.TemporaryDirectory() as directory, FakeBotAPI() as fake:
        corpus = Path(directory) / "corpus"
        shutil.copytree(MINI_CORPUS, corpus)
        patches = [] if inbox else [
            mock.patch.object(BotStore, "record_update", lambda *a, **k: True),
            mock.patch.object(BotStore, "finish_update", lambda *a, **k: None)]
        for patch in patches:
            patch.start()
        try:
            async with running_bot(bot_settings(fake, corpus), library):
                await fake.wait_for("setMyCommands", count=3)
                started = time.perf_counter()
                for n in range(questions):
                    person = user(10_000 + n)
                    fake.send_text(QUESTIONS[n % len(QUESTIONS)], private_chat(person["id"]),
                                   person)
                await fake.wait_for("sendMessage", count=questions, timeout=120)
                return time.perf_counter() - started
        finally:
            for patch in patches:
                patch.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--questions", type=int, default=100)
    args = parser.parse_args()
    per_update = [store_cost(2000) for _ in range(args.repeats)]
    print(f"store: record + finish one update: median {statistics.median(per_update):.0f} us "
          f"(runs: {', '.join(f'{v:.0f}' for v in per_update)})")
    with tempfile.TemporaryDirectory() as directory:
        corpus = Path(directory) / "corpus"  # a copy: the saved index must not land in tests/
        shutil.copytree(MINI_CORPUS, corpus)
        library = Library(corpus)
        for inbox in (True, False):
            times = [asyncio.run(burst(args.questions, inbox, library))
                     for _ in range(args.repeats)]
            label = "with the inbox   " if inbox else "store writes off "
            print(f"burst of {args.questions} questions, {label}: median "
                  f"{statistics.median(times):.2f} s "
                  f"(runs: {', '.join(f'{t:.2f}' for t in times)})")


if __name__ == "__main__":
    main()
