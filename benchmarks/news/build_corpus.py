"""Build the newsbot corpus used by the news question set (benchmarks/news/questions.jsonl).

Reads the two research data sets described in ``../shared/data/SOURCES.md``:

* ``news_bbc2225.jsonl.gz`` -- the BBC News full-text data set (Greene & Cunningham, 2006),
  2,225 articles from 2004-2005, ids ``<topic>/<NNN>``;
* ``news_reuters21578.jsonl.gz`` -- Reuters-21578, Distribution 1.0 (1987 newswire), ids = NEWID.

and writes one newsbot article file (``<stem>.md``, the format ``bot/corpus.py`` reads) for each
article listed in ``benchmarks/news/articles.txt`` (one ``bbc:<topic>/<NNN>`` or
``reuters:<NEWID>`` per line).

Metadata that the data sets do not have is SYNTHETIC:

* BBC: ``source: BBC News``, ``url: https://www.bbc.co.uk/news/bbc2225/<topic>/<NNN>`` (a made-up
  but stable address built from the data set id; it is not the article's real URL) and
  ``published: 2005-01-01`` (the data set has no dates; the articles are from 2004-2005).
* Reuters: ``source: Reuters``, ``url: https://reuters21578.invalid/<NEWID>`` (``.invalid`` is a
  reserved domain: the address can never resolve) and ``published: 1987-03-01`` (the converted
  records keep no date; the collection covers February-October 1987).

File stems (= newsbot article ids) are ``bbc-<topic>-<NNN>`` and ``reuters-<NEWID>``.

Text clean-up: the BBC files were read as latin-1, so the pound sign appears as ``Â£``; it is
restored to ``£``. Both converted data sets joined each article's lines into one line, so the
paragraphs are lost; the body is split into sentences (a conservative splitter that knows common
abbreviations) and regrouped into paragraphs of at most two sentences (and about 400
characters; a sentence opening a quotation starts a paragraph, and a quotation left open is
not split), separated by blank lines. Sentence text is never changed, so answer spans copied
from a built file stay valid as long as this script is unchanged.

The articles are copyrighted (BBC; Reuters Ltd) and licensed for research use only: the built
corpus goes to ``benchmarks/.cache/`` (git-ignored) and must never be committed or shipped.

Usage (stdlib only)::

    python3 benchmarks/news/build_corpus.py [--data DIR] [--out DIR] [--articles FILE ...]

``--articles`` may be given more than once: the corpus then holds the articles of every list
(the second set, benchmarks/news2, is built from both lists into its own folder).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data"
DEFAULT_OUT = REPO_ROOT / "benchmarks" / ".cache" / "news_corpus"
DEFAULT_ARTICLES = HERE / "articles.txt"

FILES = {"bbc": "news_bbc2225.jsonl.gz", "reuters": "news_reuters21578.jsonl.gz"}
BBC_PUBLISHED = "2005-01-01"
REUTERS_PUBLISHED = "1987-03-01"

# Words that end with a full stop without ending a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "sr", "jr", "prof", "gen", "sen", "rep", "gov", "lt", "col",
    "capt", "sgt", "rev", "inc", "co", "corp", "ltd", "plc", "no", "nos", "vs", "v", "etc",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "ave", "bros", "dept", "est", "fig", "approx", "mt", "ft",
}
_BOUNDARY = re.compile(r"""[.!?]["')]*\s+(?=["'(]?[A-Z0-9£$])""")
# newsbot's own index folders beside a corpus (`--semantic` saves its sentence vectors in
# `.newsbot-index-semantic`): rebuilt with the corpus, as they describe the old files.
_INDEX_PREFIX = ".newsbot-index"
_MAX_PARAGRAPH_SENTENCES = 2
_MAX_PARAGRAPH_CHARS = 400


def split_sentences(text: str) -> list[str]:
    """Split running text into sentences without changing any character of them."""
    text = " ".join(text.split())
    sentences, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        chunk = text[start:match.start() + 1]
        last_word = re.split(r"\s+", chunk)[-1].rstrip(".!?").lstrip("(\"'")
        if text[match.start()] == "." and (
            last_word.lower() in _ABBREVIATIONS
            or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", last_word)  # U.S., J., e.g
        ):
            continue
        sentences.append(text[start:end].strip())
        start = end
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return sentences


def paragraphs_of(text: str) -> list[str]:
    """Group the sentences of a body into short paragraphs."""
    paragraphs: list[list[str]] = []
    for sentence in split_sentences(text):
        current = paragraphs[-1] if paragraphs else None
        inside_quote = current is not None and sum(s.count('"') for s in current) % 2 == 1
        if current is not None and (
            (inside_quote and len(current) < 6)
            or (
                len(current) < _MAX_PARAGRAPH_SENTENCES
                and not sentence.startswith('"')
                and sum(len(s) + 1 for s in current) + len(sentence) <= _MAX_PARAGRAPH_CHARS
            )
        ):
            current.append(sentence)
        else:
            paragraphs.append([sentence])
    return [" ".join(p) for p in paragraphs]


def clean(text: str) -> str:
    """Undo the latin-1 misreading of the pound sign; normalise to NFC; one line."""
    text = text.replace("\u00c2\u00a3", "\u00a3")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def safe(text: str) -> str:
    """A file-name-safe form of a data set id."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def article_file(kind: str, record: dict) -> tuple[str, str]:
    """(file stem, file text) of one data set record."""
    title = clean(record["title"])
    body = clean(record["body"])
    if kind == "bbc":
        topic, number = record["id"].split("/")
        stem = f"bbc-{safe(topic)}-{safe(number)}"
        meta = {
            "title": title,
            "url": f"https://www.bbc.co.uk/news/bbc2225/{safe(topic)}/{safe(number)}",
            "source": "BBC News",
            "published": BBC_PUBLISHED,
        }
    else:
        stem = f"reuters-{safe(record['id'])}"
        meta = {
            "title": title,
            "url": f"https://reuters21578.invalid/{safe(record['id'])}",
            "source": "Reuters",
            "published": record.get("date") or REUTERS_PUBLISHED,
        }
    meta["language"] = "en"
    header = ["---", *(f"{k}: {v}" for k, v in meta.items()), "---"]
    return stem, "\n".join(header) + "\n" + "\n\n".join(paragraphs_of(body)) + "\n"


def read_wanted(path: Path) -> list[tuple[str, str]]:
    """The (kind, dataset id) pairs listed in articles.txt, in order."""
    wanted = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        kind, _, ident = line.partition(":")
        if kind not in FILES or not ident:
            raise SystemExit(f"{path}:{number}: expected bbc:<id> or reuters:<id>, got {line!r}")
        wanted.append((kind, ident))
    return wanted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help=f"folder with the .jsonl.gz files (default {DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"corpus folder to (re)create (default {DEFAULT_OUT})")
    parser.add_argument("--articles", type=Path, action="append",
                        help="a list of chosen articles; repeat to join several lists "
                             f"(default {DEFAULT_ARTICLES})")
    args = parser.parse_args(argv)

    lists = args.articles or [DEFAULT_ARTICLES]
    wanted = [pair for path in lists for pair in read_wanted(path)]
    if len(set(wanted)) != len(wanted):
        raise SystemExit(f"{', '.join(map(str, lists))}: an article is listed twice")
    records: dict[tuple[str, str], dict] = {}
    for kind, name in FILES.items():
        ids = {ident for k, ident in wanted if k == kind}
        with gzip.open(args.data / name, "rt", encoding="utf-8") as fh:
            for line in fh:
                record = json.loads(line)
                if record["id"] in ids:
                    records[(kind, record["id"])] = record
    missing = [f"{k}:{i}" for k, i in wanted if (k, i) not in records]
    if missing:
        raise SystemExit(f"not in the data: {', '.join(missing[:5])}")

    if args.out.exists():
        if any(p for p in args.out.iterdir()
               if not p.name.endswith(".md") and not p.name.startswith(_INDEX_PREFIX)):
            raise SystemExit(f"{args.out} holds files other than articles; not replacing it")
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    counts = {"bbc": 0, "reuters": 0}
    for kind, ident in wanted:
        stem, text = article_file(kind, records[(kind, ident)])
        (args.out / f"{stem}.md").write_text(text, encoding="utf-8")
        counts[kind] += 1
    print(f"wrote {sum(counts.values())} articles ({counts['bbc']} BBC, "
          f"{counts['reuters']} Reuters) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
