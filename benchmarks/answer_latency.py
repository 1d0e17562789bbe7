"""Time answer_question on the bundled corpus: the labelled question set, with and without the
relative-date and highlight steps, median of several rounds.

    python benchmarks/answer_latency.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search import answer as answer_module  # noqa: E402
from bot.search.answer import answer_question  # noqa: E402
from bot.search.index import load_index  # noqa: E402


def per_question_ms(index, questions, rounds: int) -> float:
    """Median over rounds of the mean time of one answer, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for question in questions:
            answer_question(index, question)
        times.append((time.perf_counter() - started) * 1000 / len(questions))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    _, index = load_index(ROOT / "corpus")
    lines = (ROOT / "tests" / "data" / "abstention.jsonl").read_text("utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    per_question_ms(index, questions, 1)  # warm the caches
    full = per_question_ms(index, questions, args.rounds)
    resolve, highlight = answer_module.resolve_dates, answer_module.highlight_spans
    answer_module.resolve_dates = lambda text, published: []
    answer_module.highlight_spans = lambda index, text, query: ()
    try:
        bare = per_question_ms(index, questions, args.rounds)
    finally:
        answer_module.resolve_dates, answer_module.highlight_spans = resolve, highlight
    print(f"{len(questions)} questions, median of {args.rounds} rounds: {full:.2f} ms an answer; "
          f"without dates and highlights {bare:.2f} ms")


if __name__ == "__main__":
    main()
