"""The whole pipeline at scale: a corpus directory of real news, indexed, saved, reopened, grown.

    python benchmarks/bench_index.py --sentences 1000000 [--keep DIR]

Writes Reuters-21578 and BBC articles (../shared/data, read in place) as corpus files into a
temporary directory, repeating them (with new ids) until the corpus has about the wanted
number of sentences, then times, each in a fresh process:

1. `load_index` with no saved index: read, split, analyse, build the engine, save;
2. `load_index` again: list the corpus against the saved manifest, open the saved index;
3. `Library.add` of one new article: until a query finds it;
4. `load_index` after one new article file appeared: the saved index plus that article
   (read, indexed and saved as a new part).

See bench_scale.py for the whole bot at scale (start, a new file answerable, answers, RSS).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"
NEWS_FILES = ("news_reuters21578.jsonl.gz", "news_bbc2225.jsonl.gz")
NEW_BODY = ("The harbour authority said on Monday that the new ferry terminal will open in "
            "spring. Officials expect ten thousand passengers a week once the quayside "
            "works are finished.")


def read_news(data: Path) -> list[dict]:
    """The Reuters and BBC articles of ../shared/data, as dicts {src, id, title, body}."""
    articles = []
    for name in NEWS_FILES:
        with gzip.open(data / name, "rt", encoding="utf-8") as handle:
            articles.extend(json.loads(line) for line in handle)
    return articles


def write_corpus(target: Path, sentences: int, data: Path) -> int:
    """Corpus files of real articles, repeated until about `sentences`; returns articles."""
    from bot.corpus import write_article
    from bot.search.index import article_sentences

    articles = read_news(data)
    counts = [len(article_sentences(news_article(a, 0))) for a in articles]
    written = total = copy = 0
    while total < sentences:
        for a, count in zip(articles, counts):
            if total >= sentences:
                break
            write_article(target, news_article(a, copy))
            written += 1
            total += count
        copy += 1
    return written


def news_article(a: dict, copy: int):
    """One news record as an Article; `copy` keeps repeated copies' ids apart."""
    from bot.corpus import Article

    key = f"{a['src']}-{a['id'].replace('/', '-')}-{copy}"
    return Article(f"1990-01-01-{key}", a["title"] or key,
                   f"https://example.invalid/{key}", a["src"], "1990-01-01", a["body"])


def step(name: str, corpus: Path) -> dict:
    """Run one timed step in a fresh process; returns its measurements."""
    code = f"""
import json, logging, resource, sys, time
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", stream=sys.stderr)
from pathlib import Path
from bot.corpus import Article, write_article
from bot.search.index import load_index
corpus_dir = Path({str(corpus)!r})
out = {{}}
started = time.perf_counter()
if {name!r} == "add":
    from bot.search.library import Library
    library = Library(corpus_dir)
    out["load_s"] = time.perf_counter() - started
    article = Article("2030-01-01-harbour-ferry", "Ferry terminal", "https://example.invalid/f",
                      "Harbour", "2030-01-01", {NEW_BODY!r})
    started = time.perf_counter()
    snapshot = library.add([article])
    hits = snapshot.index.search(snapshot.index.analyzer.query_terms("new ferry terminal"), 1)
    out["add_s"] = time.perf_counter() - started
    assert hits[0].sentence.article_id == article.id
else:
    if {name!r} == "new-file":
        stamp = time.strftime("%H%M%S")  # a new id each run: --keep reuses the corpus
        write_article(corpus_dir, Article(f"2030-01-02-harbour-quay-{{stamp}}", "Quay",
                                          f"https://e.invalid/q{{stamp}}", "Harbour",
                                          "2030-01-02", {NEW_BODY!r}))
        started = time.perf_counter()
    t = time.perf_counter()
    corpus, index = load_index(corpus_dir)  # reads only files the saved index lacks
    out["index_s"] = time.perf_counter() - t
    out["sentences"] = len(index)
    out["articles"] = len(corpus.articles)
out["total_s"] = time.perf_counter() - started
out["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""
    result = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                            text=True, env=dict(os.environ, PYTHONPATH=str(REPO)), cwd=REPO)
    for line in result.stderr.splitlines():
        if "INFO" in line or "WARNING" in line:
            print(f"  {line}", file=sys.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def ensure_corpus(corpus: Path, sentences: int, data: Path) -> None:
    """Write the replicated corpus into `corpus` unless article files are already there (a
    kept corpus is reused)."""
    started = time.perf_counter()
    if not corpus.exists() or not any(corpus.glob("*.md")):
        count = write_corpus(corpus, sentences, data)
        print(f"wrote {count:,} articles in {time.perf_counter() - started:.1f} s",
              file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbot-corpus-") as tmp:
        corpus = args.keep or Path(tmp) / "corpus"
        ensure_corpus(corpus, args.sentences, args.data)
        rows = {}
        for name in ("build", "open", "add", "new-file"):
            print(f"{name}...", file=sys.stderr)
            rows[name] = step(name, corpus)
            print(f"  {json.dumps(rows[name])}", file=sys.stderr)
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
