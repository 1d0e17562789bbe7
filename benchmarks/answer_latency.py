"""Time answer_question in-process: on the bundled corpus (the labelled question set, with and
without the relative-date and highlight steps, median of several rounds), and on the ~10k
sentences of the SQuAD v1.1 dev articles (p50 and p90 of single answers).

    python benchmarks/answer_latency.py [--rounds 7] [--squad ../shared/data/squad-dev-v1.1.json]
        [--questions 500] [--semantic [--vectors DIR]]

--semantic: with the semantic stage (pip install 'newsbot[semantic]'); the SQuAD sentences'
vectors are kept in --vectors DIR (default /tmp/newsbot-squad-vectors, as tune_rerank.py
--semantic) so only the first run embeds them.
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

from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search import answer as answer_module  # noqa: E402
from bot.search.answer import answer_question  # noqa: E402
from bot.search.index import SentenceIndex, load_index  # noqa: E402

SQUAD = ROOT.parent / "shared" / "data" / "squad-dev-v1.1.json"


def per_question_ms(index, questions, rounds: int) -> float:
    """Median over rounds of the mean time of one answer, in milliseconds."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for question in questions:
            answer_question(index, question)
        times.append((time.perf_counter() - started) * 1000 / len(questions))
    return statistics.median(times)


def single_answers_ms(index, questions) -> list[float]:
    """The time of each answer, in milliseconds."""
    found = []
    for question in questions:
        started = time.perf_counter()
        answer_question(index, question)
        found.append((time.perf_counter() - started) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--squad", type=Path, default=SQUAD)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--semantic", action="store_true", help="with the semantic stage")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/newsbot-squad-vectors"))
    args = parser.parse_args()
    _, index = load_index(ROOT / "corpus")
    if args.semantic:
        from bot.search.semantic import enable

        enable(index)  # 24 sentences: in memory
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
    print(f"semantic stage {'on' if args.semantic else 'off'}")
    print(f"bundled corpus: {len(questions)} questions, median of {args.rounds} rounds: "
          f"{full:.2f} ms an answer; without dates and highlights {bare:.2f} ms")
    if not args.squad.exists():
        print(f"{args.squad}: not found, no 10k-sentence figure")
        return
    evalset = load_squad(args.squad)
    big = SentenceIndex(evalset.articles)
    if args.semantic:
        enable(big, args.vectors)
    asked = [q.text for q in evalset.questions[::max(1, len(evalset.questions) // args.questions)]]
    single_answers_ms(big, asked[:50])  # warm up: the kernel, the caches of the first ones
    p50s, p90s = [], []
    for _ in range(3):
        times = sorted(single_answers_ms(big, asked))
        p50s.append(times[len(times) // 2])
        p90s.append(times[int(len(times) * 0.9)])
    print(f"SQuAD v1.1 dev articles, {len(big.sentences)} sentences, {len(asked)} questions, "
          f"median of 3 rounds: p50 {statistics.median(p50s):.1f} ms, "
          f"p90 {statistics.median(p90s):.1f} ms")


if __name__ == "__main__":
    main()
