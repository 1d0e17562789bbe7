"""What the n-gram tables of bot/search/lang/grams.py cost: build time, memory, time a question.

    python benchmarks/xquad_grams_cost.py [../shared/data/xquad] [LANG ...] [--rounds 3]
    python benchmarks/xquad_grams_cost.py --as-language de FILE.json   # e.g. SQuAD v1.1 dev

For each xquad.LANG.json.gz (not en, zh, ja: they have no tables), both tables of the index of
its articles (paragraphs, then whole articles): distinct n-grams, postings, build time (median
of --rounds builds), the memory the table keeps and the build's peak (tracemalloc, one more
build), and the median time to score one question (each of the file's questions once, scores
not cached). With --as-language, one SQuAD file's articles read as that language: a corpus near
grams.MAX_SENTENCES (SQuAD v1.1 dev: 10,377 sentences; the tables are built directly, so the
cap does not apply).
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


def measure(path: Path, language: str, rounds: int) -> None:
    evalset = load_squad(path, language)
    index = SentenceIndex(evalset.articles)
    questions = [q.text for q in evalset.questions]
    print(f"{path.name} as {language}: {len(index.sentences):,} sentences, "
          f"{len(questions):,} questions")
    for whole in (False, True):
        times = []
        for _ in range(rounds):
            started = time.perf_counter()
            table = grams.ParagraphGrams(index, language, whole)
            times.append(time.perf_counter() - started)
        tracemalloc.start()
        table = grams.ParagraphGrams(index, language, whole)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source", nargs="?", type=Path, default=Path("../shared/data/xquad"))
    parser.add_argument("languages", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--as-language", help="read one SQuAD file's articles as this language")
    args = parser.parse_args()
    if args.as_language:
        if not grams.used_for(args.as_language):
            parser.error(f"{args.as_language} has no n-gram tables")
        measure(args.source, args.as_language, args.rounds)
        return
    languages = args.languages or sorted(
        p.name.split(".")[1] for p in args.source.glob("xquad.*.json.gz"))
    for language in languages:
        if grams.used_for(language):
            measure(args.source / f"xquad.{language}.json.gz", language, args.rounds)


if __name__ == "__main__":
    main()
