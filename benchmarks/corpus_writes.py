"""What the corpus write guards cost, and how fast an oversized saved page is refused.

  lock     one acquire and release of the corpus lock (filelock), which every write holds
  add      Ingestor.add_text of a short article into a fresh corpus (lock, duplicate check,
           write), per article, for --articles articles
  refuse   `newsbot ingest big.html` of a 24 MB saved page, as a process (wall clock, Python
           start-up included): refused before it is read (issue 11: it took 2.5 min and 833 MB)

Medians of --repeats runs; the machine is shared, expect noise.

    .venv/bin/python benchmarks/corpus_writes.py [--repeats 5] [--articles 200]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bot.corpus import corpus_lock
from bot.ingest.ingestor import Given, Ingestor

BODY = ("The harbour authority said on Monday that the new ferry terminal will open in June, "
        "after two years of building work and a long dispute over its cost.\n\n")


def lock_ms(directory: Path, runs: int = 2000) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with corpus_lock(directory):
            pass
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def add_ms(directory: Path, articles: int) -> float:
    ingestor = Ingestor(directory)
    times = []
    for number in range(articles):
        text = f"Ferry terminal story number {number}\n\n{BODY}Item {number} of the series.\n"
        given = Given(url=f"https://e.example/story-{number}", source="Harbour News",
                      published="2024-05-20")
        started = time.perf_counter()
        ingestor.add_text(text, given)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def refuse_s(directory: Path) -> float:
    page = directory / "big.html"
    page.write_text("<html><body>" + "<p>Some words of a paragraph here.</p>" * 640_000
                    + "</body></html>", encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bot", "ingest", str(page), "--url",
                             "https://e.example/big", "--corpus", str(directory / "c")],
                            capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    assert result.returncode == 1 and "too large" in result.stderr, result.stderr
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    locks, adds, refusals = [], [], []
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            locks.append(lock_ms(root))
            adds.append(add_ms(root / "corpus", args.articles))
            refusals.append(refuse_s(root))
    print(f"lock acquire+release: {statistics.median(locks):.3f} ms (median of {args.repeats})")
    print(f"add_text per article ({args.articles} into a fresh corpus): "
          f"{statistics.median(adds):.2f} ms")
    print(f"24 MB saved page refused: {statistics.median(refusals):.2f} s wall (process)")


if __name__ == "__main__":
    main()
