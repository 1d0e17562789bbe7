"""What the n-gram tables of bot/search/lang/grams.py cost: build time, memory, time a question.

    python benchmarks/xquad_grams_cost.py [../shared/data/xquad] [LANG ...] [--rounds 3]
    python benchmarks/xquad_grams_cost.py --as-language de FILE.json   # e.g. SQuAD v1.1 dev
    python benchmarks/xquad_grams_cost.py ../shared/data/xquad ar --first --rounds 5

For each xquad.LANG.json.gz (not en, zh, ja: they have no tables), the one pass over its
sentences that both tables share (median of --rounds), then both tables of the index of its
articles (paragraphs, then whole articles) built from it: distinct n-grams, postings, build time
(median of --rounds builds), the memory the table keeps and the build's peak (tracemalloc, one
more build, its own pass over the sentences included; the n-gram numbering is shared by both),
the median time to score one question (each of the file's questions once, scores not cached),
and what both tables keep together. With --as-language, one SQuAD file's articles read as
that language: a corpus near grams.MAX_SENTENCES (SQuAD v1.1 dev: 10,377 sentences; the
tables are built directly, so the cap does not apply). With --first, what a user waits for
instead: the first question on a fresh index of the file's articles (ranking it builds both
tables) and the second one, medians of --rounds fresh indexes (the first round also loads the
language's lexicons and caches).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.lang import grams  # noqa: E402
from bot.search.retrieve import rank  # noqa: E402


def measure(path: Path, language: str, rounds: int) -> None:
    evalset = load_squad(path, language)
    index = SentenceIndex(evalset.articles)
    questions = [q.text for q in evalset.questions]
    print(f"{path.name} as {language}: {len(index.sentences):,} sentences, "
          f"{len(questions):,} questions")
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        sentences = grams.SentenceGrams(index, language)
        times.append(time.perf_counter() - started)
    print(f"  the sentences' n-grams (one pass for both tables): "
          f"{statistics.median(times):.2f} s (median of {rounds})")
    for whole in (False, True):
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            table = grams.ParagraphGrams(index, language, whole, sentences)
            times.append(time.perf_counter() - started)
        tracemalloc.start()
        table = grams.ParagraphGrams(index, language, whole, grams.SentenceGrams(index, language))
        kept, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        scoring = []
        for question in questions:
            started = time.perf_counter()
            table.scores(question)
            scoring.append(time.perf_counter() - started)
        print(f"  {'articles' if whole else 'paragraphs'}: {table.n:,} units, "
              f"{len(table.ids):,} n-grams, {len(table.units):,} postings; build "
              f"{statistics.median(times):.2f} s (median of {rounds}), keeps "
              f"{kept / 1e6:.1f} MB, peak {peak / 1e6:.1f} MB; a question "
              f"{1000 * statistics.median(scoring):.2f} ms (median)")
    tracemalloc.start()
    sentences = grams.SentenceGrams(index, language)
    both = (grams.ParagraphGrams(index, language, False, sentences),
            grams.ParagraphGrams(index, language, True, sentences))
    del sentences  # as paragraph_grams does once both are built
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"  both tables, one pass: keep {kept / 1e6:.1f} MB together (one numbering), "
          f"peak {peak / 1e6:.1f} MB ({len(both)} tables)")


def first_question(path: Path, language: str, rounds: int) -> None:
    """The first and second question's ranking time on fresh indexes (medians)."""
    evalset = load_squad(path, language)
    first, second = evalset.questions[0].text, evalset.questions[1].text
    times: list[tuple[float, float]] = []
    for _ in range(rounds):
        index = SentenceIndex(evalset.articles)
        started = time.perf_counter()
        rank(index, first, 10)
        middle = time.perf_counter()
        rank(index, second, 10)
        times.append((middle - started, time.perf_counter() - middle))
    print(f"{path.name}: first question {statistics.median(t[0] for t in times):.3f} s, "
          f"second {statistics.median(t[1] for t in times):.3f} s (medians of {rounds} fresh "
          f"indexes; all firsts: {', '.join(f'{t[0]:.3f}' for t in times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=Path("../shared/data/xquad"))
    parser.add_argument("languages", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--as-language", help="read one SQuAD file's articles as this language")
    parser.add_argument("--first", action="store_true",
                        help="time the first and second question on fresh indexes instead")
    args = parser.parse_args()
    if args.as_language:
        if not grams.used_for(args.as_language):
            parser.error(f"{args.as_language} has no n-gram tables")
        measure(args.source, args.as_language, args.rounds)
        return
    languages = args.languages or sorted(
        p.name.split(".")[1] for p in args.source.glob("xquad.*.json.gz"))
    for language in languages:
        if args.first:
            first_question(args.source / f"xquad.{language}.json.gz", language, args.rounds)
        elif grams.used_for(language):
            measure(args.source / f"xquad.{language}.json.gz", language, args.rounds)


if __name__ == "__main__":
    main()
