"""What answering in a conversation costs: follow-ups (context resolved, the articles just
quoted added to the candidates) against their standalone forms, in-process.

Usage::

    .venv/bin/python benchmarks/dialogues/latency.py [--corpus DIR] [--repeat N]

Prints the median and 90th percentile in milliseconds of both, over every follow-up of
benchmarks/dialogues/dialogues.txt (each timed --repeat times, the best kept, so a busy shared
machine adds less noise).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bot.evaluation.dialogues import load_dialogues
from bot.evaluation.news import open_corpus
from bot.search.answer import answer_question
from bot.search.dialogue import answer_in_conversation
from bot.search.followup import Conversation

HERE = Path(__file__).resolve().parent


def main() -> None:
    """Time follow-ups in their conversations and their standalone forms alone."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent / ".cache" / "dialogue_corpus")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    index = open_corpus(args.corpus)
    follow: list[float] = []
    alone: list[float] = []
    for dialogue in load_dialogues(HERE / "dialogues.txt"):
        conversation = Conversation()
        for turn in dialogue.turns:
            if turn.kind == "follow":
                best = float("inf")
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer_in_conversation(index, turn.question, conversation)
                    best = min(best, time.perf_counter() - start)
                follow.append(best * 1000)
                best = float("inf")
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    answer_question(index, turn.standalone)
                    best = min(best, time.perf_counter() - start)
                alone.append(best * 1000)
            _, conversation = answer_in_conversation(index, turn.question, conversation)
    print(f"{len(index.sentences)} sentences, {len(follow)} follow-ups")
    for name, times in (("follow-up in its conversation", follow), ("standalone form", alone)):
        times.sort()
        p90 = times[int(0.9 * (len(times) - 1))]
        print(f"{name:31s} median {statistics.median(times):6.1f} ms   p90 {p90:6.1f} ms")


if __name__ == "__main__":
    main()
