"""Time answer_question on the bundled corpus: the labelled question set, with and without the
relative-date and highlight steps, median of several rounds.

    python benchmarks/answer_latency.py [--rounds 7] [--sentences 10000] [--semantic]

--sentences N adds Reuters and BBC articles (../shared/data, read in place) to the bundled ones
until the index has about N sentences, and also prints the median (p50) and p90 of single
answers. --semantic turns the semantic stage on (pip install 'newsbot[semantic]'); its vectors
are kept in --vectors DIR between runs, so only the first run embeds the corpus.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from bot.search import answer as answer_module  # noqa: E402
from bot.search.answer import answer_question  # noqa: E402
from bot.search.index import SentenceIndex, load_index  # noqa: E402


def per_question_ms(index, questions, rounds: int) -> float:
    """Median over rounds of the mean time of one answer, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for question in questions:
            answer_question(index, question)
        times.append((time.perf_counter() - started) * 1000 / len(questions))
    return statistics.median(times)


def single_answers_ms(index, questions, rounds: int) -> list[float]:
    """The time of every single answer, in milliseconds, over all rounds."""
    times = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            answer_question(index, question)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sentences", type=int, help="grow the corpus to about N sentences")
    parser.add_argument("--semantic", action="store_true", help="with the semantic stage")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/newsbot-latency-vectors"))
    args = parser.parse_args()
    corpus, index = load_index(ROOT / "corpus", cache=False)
    if args.sentences:
        from bench_semantic import DATA, news_articles

        more = news_articles(DATA, max(0, args.sentences - len(index)))
        index = SentenceIndex(list(corpus.articles) + more)
    if args.semantic:
        from bot.search.semantic import enable

        enable(index, args.vectors)
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
    singles = single_answers_ms(index, questions, args.rounds)
    stage = "on" if args.semantic else "off"
    print(f"{len(index):,} sentences, semantic stage {stage}; {len(questions)} questions, median "
          f"of {args.rounds} rounds: {full:.2f} ms an answer; without dates and highlights "
          f"{bare:.2f} ms; single answers p50 {statistics.median(singles):.2f} ms, "
          f"p90 {statistics.quantiles(singles, n=10)[-1]:.2f} ms")


if __name__ == "__main__":
    main()
