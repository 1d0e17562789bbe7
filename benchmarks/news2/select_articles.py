"""Choose the 100 new articles of the second news question set (benchmarks/news2/articles.txt).

Same criteria as the first set (benchmarks/news/README.md), applied to the articles that set
does not use: BBC articles of 200-600 words with a title no other BBC article has, 12 evenly
spaced through each of the five topic folders (60); Reuters-21578 articles of 170-550 words
with a title no other Reuters article has, that read as prose -- at most 6% of the words hold
a digit, at least five sentences, no "vs" result tables, no digest or market-summary items --
40 evenly spaced through the collection (in NEWID order).

The list was made once with this script and is fixed in articles.txt; run it again only to
check that it still gives the same list (``--check``).

Usage (stdlib only)::

    python3 benchmarks/news2/select_articles.py [--data DIR] [--out FILE] [--check]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "news"))
from build_corpus import DEFAULT_DATA, FILES, read_wanted, split_sentences  # noqa: E402

FIRST_SET = HERE.parent / "news" / "articles.txt"
BBC_PER_TOPIC = 12
REUTERS_COUNT = 40
_DIGEST = re.compile(r"digest|summary|highlights|roundup|round-up|briefs|\bvs\b|\bversus\b",
                     re.I)
HEADER = (
    "# Articles of the second news question set (see README.md); built, with the 250 of\n"
    "# benchmarks/news/articles.txt as distractors, by build_corpus.py. Chosen by\n"
    "# select_articles.py: 60 BBC (12 per topic) and 40 Reuters-21578, none in the first set.\n"
)


def evenly(items: list, count: int) -> list:
    """``count`` items spread evenly through ``items`` (in order)."""
    if len(items) < count:
        raise SystemExit(f"only {len(items)} candidates, {count} wanted")
    step = len(items) / count
    return [items[int(i * step + step / 2)] for i in range(count)]


def records(data: Path, kind: str) -> list[dict]:
    """All records of one data set, in file order."""
    with gzip.open(data / FILES[kind], "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def is_prose(record: dict) -> bool:
    """A Reuters item that reads as a story, not a table, digest or price list."""
    body, title = record["body"], record["title"]
    words = body.split()
    if not 170 <= len(words) <= 550:
        return False
    if sum(any(ch.isdigit() for ch in w) for w in words) > 0.06 * len(words):
        return False
    if len(split_sentences(body)) < 5 or _DIGEST.search(title) or re.search(r"\bvs\b", body):
        return False
    return True


def choose(data: Path) -> list[str]:
    """The chosen article lines (``bbc:<topic>/<NNN>`` / ``reuters:<NEWID>``)."""
    taken = {f"{kind}:{ident}" for kind, ident in read_wanted(FIRST_SET)}
    chosen = []
    bbc = records(data, "bbc")
    titles = collections.Counter(r["title"].strip().lower() for r in bbc)
    by_topic: dict[str, list[dict]] = collections.defaultdict(list)
    for record in bbc:
        if (f"bbc:{record['id']}" not in taken and titles[record["title"].strip().lower()] == 1
                and 200 <= len(record["body"].split()) <= 600):
            by_topic[record["id"].split("/")[0]].append(record)
    for topic in sorted(by_topic):
        ordered = sorted(by_topic[topic], key=lambda r: r["id"])
        chosen += [f"bbc:{r['id']}" for r in evenly(ordered, BBC_PER_TOPIC)]
    reuters = records(data, "reuters")
    titles = collections.Counter(r["title"].strip().lower() for r in reuters)
    candidates = sorted(
        (r for r in reuters if f"reuters:{r['id']}" not in taken
         and titles[r["title"].strip().lower()] == 1 and is_prose(r)),
        key=lambda r: int(r["id"]))
    chosen += [f"reuters:{r['id']}" for r in evenly(candidates, REUTERS_COUNT)]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=HERE / "articles.txt")
    parser.add_argument("--check", action="store_true",
                        help="compare with --out instead of writing it; exit 1 if they differ")
    args = parser.parse_args(argv)
    lines = choose(args.data)
    if args.check:
        fixed = [f"{k}:{i}" for k, i in read_wanted(args.out)]
        if fixed != lines:
            print(f"{args.out} differs from what the criteria choose", file=sys.stderr)
            return 1
        print(f"{args.out}: the {len(lines)} articles the criteria choose")
        return 0
    args.out.write_text(HEADER + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"wrote {len(lines)} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
