"""The semantic stage at scale: embedding a corpus's sentences, the saved vectors, a question.

    python benchmarks/bench_semantic.py [--sentences 100000] [--threads N]

Takes Reuters-21578 and BBC articles (../shared/data, read in place) until about the wanted
number of sentences, indexes them in memory, then measures, in this process:

1. `semantic.enable` with no saved vectors: every sentence embedded and saved (time, peak RSS,
   bytes on disk);
2. `semantic.enable` on a new index of the same articles: the saved vectors reopened;
3. one new article added (`add_articles` + `sync`): only its sentences embedded;
4. a question: its embedding plus the cosines of 120 candidates (median of 200 questions).

Needs `pip install 'newsbot[semantic]'`. Per-million figures are extrapolated linearly from
the measured run (the embedding cost is per sentence; nothing in it grows with the corpus).
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

# The same articles as bench_index.py (this folder is on sys.path when a script here runs).
from bench_index import DATA, NEW_BODY, news_article, read_news  # noqa: E402

from bot.corpus import Article  # noqa: E402
from bot.search import semantic  # noqa: E402
from bot.search.index import SentenceIndex, article_sentences  # noqa: E402
from bot.search.semantic.e5 import E5Small  # noqa: E402


def news_articles(data: Path, sentences: int) -> list[Article]:
    """Real news articles, in file order, until about `sentences` sentences."""
    articles: list[Article] = []
    total = 0
    for record in read_news(data):
        articles.append(news_article(record, 0))
        total += len(article_sentences(articles[-1]))
        if total >= sentences:
            break
    return articles


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--threads", type=int,
                        help="batches embedded at once, one a core (default: all cores)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    logging.getLogger("numba").setLevel(logging.WARNING)
    articles = news_articles(args.data, args.sentences)
    index = SentenceIndex(articles)
    n = len(index)
    model = E5Small(threads=args.threads)
    started = time.perf_counter()
    model.load()
    load_s = time.perf_counter() - started
    out: dict[str, float] = {"sentences": n, "articles": len(articles), "model_load_s": load_s,
                             "rss_with_model_mb": rss_mb()}
    print(f"{n:,} sentences in {len(articles):,} articles; RSS {rss_mb():.0f} MB",
          file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="newsbot-vectors-") as tmp:
        where = Path(tmp) / ".newsbot-index-semantic"
        before = rss_mb()
        started = time.perf_counter()
        stage = semantic.enable(index, where, model)
        seconds = time.perf_counter() - started
        out["embed_s"] = seconds
        out["embed_ms_per_sentence"] = 1000 * seconds / n
        out["embed_h_per_million"] = seconds / n * 1e6 / 3600
        out["peak_rss_mb"] = rss_mb()
        out["rss_growth_mb"] = rss_mb() - before
        disk = sum(p.stat().st_size for p in where.iterdir())
        out["disk_mb"] = disk / 1e6
        out["disk_mb_per_million"] = disk / n * 1e6 / 1e6
        print(json.dumps(out), file=sys.stderr)

        semantic.disable(index)
        again = SentenceIndex(articles)
        started = time.perf_counter()
        semantic.enable(again, where, model)
        out["reopen_s"] = time.perf_counter() - started

        extra = Article("2030-01-01-harbour-ferry", "Ferry terminal", "https://example.invalid/f",
                        "Harbour", "2030-01-01", NEW_BODY)
        started = time.perf_counter()
        again.add_articles([extra])
        stage = semantic.stage_for(again)
        assert stage is not None
        out["add_article_embedded"] = stage.sync(again)
        out["add_article_s"] = time.perf_counter() - started

        questions = [s.text for s in again.sentences[::max(1, n // 200)]][:200]
        times = []
        for number, question in enumerate(questions):
            docs = [(number * 7919 + k * 104729) % n for k in range(120)]
            started = time.perf_counter()
            stage.similarities(question.lower().rstrip(".") + "?", docs)
            times.append(1000 * (time.perf_counter() - started))
        out["question_ms_p50"] = statistics.median(times)
        out["question_ms_p90"] = statistics.quantiles(times, n=10)[-1]
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()},
                     indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
