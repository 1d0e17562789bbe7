"""Time answer_question in-process: on the bundled corpus (the labelled question set, with and
without the relative-date and highlight steps, median of several rounds), and on the ~10k
sentences of the SQuAD v1.1 dev articles (p50 and p90 of single answers).

    python benchmarks/answer_latency.py [--rounds 7] [--squad ../shared/data/squad-dev-v1.1.json]
        [--questions 500] [--semantic [--vectors DIR]]
    python benchmarks/answer_latency.py --corpus DIR [--rounds 3]

--corpus DIR: a kept corpus with its saved index (bench_scale.py --keep DIR), opened as the bot
opens it; bench_scale.py's 400 questions through answer_question and the Telegram HTML, each
round with the reranker's caches emptied: p50 and p99 of wall time and of the thread's CPU time
(which a machine shared with other jobs inflates far less), median of the rounds.

--semantic: with the semantic stage (pip install 'newsbot[semantic]'); the SQuAD sentences'
vectors are kept in --vectors DIR (default /tmp/newsbot-squad-vectors, as tune_rerank.py
--semantic) so only the first run embeds them.
"""

from __future__ import annotations

import argparse
import json
import os
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


def single_answers_ms(index, questions, cpu: list[float] | None = None) -> list[float]:
    """The time of each answer, in milliseconds (and its thread's CPU time into `cpu`)."""
    found = []
    for question in questions:
        started, used = time.perf_counter(), time.thread_time()
        answer_question(index, question)
        found.append((time.perf_counter() - started) * 1000)
        if cpu is not None:
            cpu.append((time.thread_time() - used) * 1000)
    return found


def percentile(times: list[float], share: float) -> float:
    """bench_scale.py's percentile of sorted times, in milliseconds."""
    return 1000 * times[min(len(times) - 1, int(len(times) * share))]


def at_scale(corpus: Path, rounds: int) -> None:
    """Answers over a kept corpus: wall and CPU p50 and p99 (see --corpus)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gc

    from bench_scale import DATA, questions

    from bot.chat.html import answer_to_html
    from bot.search import context as context_module
    from bot.search.answer import index_coverage
    from bot.search.bm25 import start_kernel
    from bot.search.library import Library

    library = Library(corpus)
    index = library.current.index
    start_kernel(wait=True)
    index_coverage(index)  # the bot works it out in the background at start
    texts = questions(DATA)
    answer_to_html(answer_question(index, "who raised interest rates?"))
    collections: list[float] = []

    def timed_gc(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(-time.perf_counter())
        elif info["generation"] == 2:
            collections[-1] += time.perf_counter()
        else:
            collections.pop()

    gc.callbacks.append(timed_gc)
    figures = []
    for _ in range(rounds):
        context_module._CONTEXTS.clear()  # as a fresh process: nothing cached by the reranker
        collections.clear()
        wall, cpu = [], []
        for text in texts:
            started, used = time.perf_counter(), time.thread_time()
            answer_to_html(answer_question(index, text))
            wall.append(time.perf_counter() - started)
            cpu.append(time.thread_time() - used)
        wall.sort()
        cpu.sort()
        full = [c for c in collections if c > 0]
        figures.append((percentile(wall, 0.5), percentile(wall, 0.99), percentile(cpu, 0.5),
                        percentile(cpu, 0.99), len(full), 1000 * max(full, default=0.0)))
    wall50, wall99, cpu50, cpu99, full_gcs, longest = (statistics.median(f) for f in zip(*figures))
    print(f"{len(index.sentences)} sentences, {len(texts)} questions, median of {rounds} rounds: "
          f"wall p50 {wall50:.1f} ms, p99 {wall99:.1f} ms; CPU p50 {cpu50:.1f} ms, "
          f"p99 {cpu99:.1f} ms; {full_gcs:.0f} full garbage collections a round "
          f"(longest {longest:.0f} ms); load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--squad", type=Path, default=SQUAD)
    parser.add_argument("--questions", type=int, default=500)
    parser.add_argument("--semantic", action="store_true", help="with the semantic stage")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/newsbot-squad-vectors"))
    parser.add_argument("--corpus", type=Path, help="a kept corpus (bench_scale.py --keep)")
    args = parser.parse_args()
    if args.corpus is not None:
        at_scale(args.corpus, args.rounds)
        return
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
    p50s, p90s, cpu50s = [], [], []
    for _ in range(args.rounds):
        cpu: list[float] = []
        times = sorted(single_answers_ms(big, asked, cpu))
        p50s.append(times[len(times) // 2])
        p90s.append(times[int(len(times) * 0.9)])
        cpu50s.append(sorted(cpu)[len(cpu) // 2])
    # The thread's CPU time: a machine shared with other jobs inflates it far less than wall time.
    print(f"SQuAD v1.1 dev articles, {len(big.sentences)} sentences, {len(asked)} questions, "
          f"median of {args.rounds} rounds: p50 {statistics.median(p50s):.1f} ms, "
          f"p90 {statistics.median(p90s):.1f} ms; thread CPU p50 {statistics.median(cpu50s):.1f} ms "
          f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
