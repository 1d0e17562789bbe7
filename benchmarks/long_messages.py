"""Time the answer to a long chat message in a conversation (a follow-up's reading and the
answer): the chat peeling of bot.search.phrasing is quadratic in the worst case, so a
4,096-character message (Telegram's longest) of chat words is its worst input.

    python benchmarks/long_messages.py [--rounds 5]

On the bundled corpus (corpus/), after two questions ("when did the withdrawal start?", "who
confirmed it?"); each round a new message (the peeling's cache emptied): median of the rounds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search import phrasing  # noqa: E402
from bot.search.dialogue import answer_in_conversation  # noqa: E402
from bot.search.followup import Conversation  # noqa: E402
from bot.search.index import load_index  # noqa: E402

MESSAGES = {
    "'so ' x 1365": "so " * 1365,
    "'@a ' x 1365": "@a " * 1365,
    "'who won ' + 'thx ' x 1022": "who won " + "thx " * 1022,
    "'? ' x 2048": "? " * 2048,
    "'a' x 4096": "a" * 4096,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    index = load_index(ROOT / "corpus")[1]
    conversation = Conversation()
    for question in ("when did the withdrawal start?", "who confirmed it?"):
        _, conversation = answer_in_conversation(index, question, conversation)
    for name, message in MESSAGES.items():
        times = []
        for _ in range(args.rounds):
            phrasing._peel.cache_clear()  # a message not seen before
            started = time.perf_counter()
            answer_in_conversation(index, message, conversation)
            times.append(time.perf_counter() - started)
        print(f"{name}: {statistics.median(times) * 1000:.0f} ms (median of {args.rounds})")


if __name__ == "__main__":
    main()
