"""Validate benchmarks/news/questions.jsonl against the built news corpus and print a summary.

Checks (any failure exits with status 1):

* every line is a JSON object with exactly the fields id, article, question, answer, answerable,
  half, style, of the right types; ids are unique and look like ``n001``; question texts are
  unique (ignoring case);
* the article is one of the articles listed in articles.txt and its file exists in the corpus;
* answerable questions: ``answer`` is a non-empty string found verbatim, exactly once, in the
  article body as the corpus file holds it (front matter excluded), and it does not cross a
  paragraph break;
* unanswerable questions: ``answer`` is null (that no article answers them was checked by hand
  when they were written; this script cannot prove it);
* ``half`` follows the split rule: sort the article ids of articles.txt, number them from 0,
  even positions are "tune" and odd ones "test" -- for the articles of the first round of
  questions (n001-n588); the articles first asked about after that round are all
  "tune", so the held-out "test" half stays the one first measured. Either way every question
  of an article is in the same half;
* ``style`` uses known tags only, and the two mechanical tags agree with the text: "lowercase"
  iff the question has no capital letter, "no-qmark" iff it has no question mark;
* at least --min-total questions, --min-answerable answerable and --min-unanswerable
  unanswerable ones (defaults 330 / 220 / 110).

Usage (stdlib only; build the corpus first with build_corpus.py)::

    python3 benchmarks/news/check_questions.py [--corpus DIR] [--questions FILE]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build_corpus import DEFAULT_ARTICLES, DEFAULT_OUT, read_wanted, safe  # noqa: E402

# The last id of the first round of questions. Articles that round left without a question got
# theirs later, all in the tuning half: the test half is frozen at what that round put in it.
FIRST_ROUND = 588
FIELDS = {"id", "article", "question", "answer", "answerable", "half", "style"}
STYLES = {
    "lowercase", "no-qmark", "paraphrase", "greeting", "thanks", "filler", "typo", "pronoun",
    "formal",
}


def stem_of(kind: str, ident: str) -> str:
    """The corpus file stem build_corpus.py gives a data set record."""
    if kind == "bbc":
        topic, number = ident.split("/")
        return f"bbc-{safe(topic)}-{safe(number)}"
    return f"reuters-{safe(ident)}"


def read_body(path: Path) -> str:
    """The body of an article file: everything after the closing '---' of the front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    return "\n".join(lines[end + 1:]).strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--min-total", type=int, default=330)
    parser.add_argument("--min-answerable", type=int, default=220)
    parser.add_argument("--min-unanswerable", type=int, default=110)
    args = parser.parse_args(argv)

    errors: list[str] = []
    stems = sorted(stem_of(kind, ident) for kind, ident in read_wanted(args.articles))
    half_of = {stem: ("tune" if i % 2 == 0 else "test") for i, stem in enumerate(stems)}
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: run build_corpus.py first", file=sys.stderr)
        return 1
    bodies: dict[str, str] = {}
    for stem in stems:
        path = args.corpus / f"{stem}.md"
        if path.exists():
            bodies[stem] = read_body(path)

    lines = args.questions.read_text(encoding="utf-8").splitlines()
    first_round = set()
    for line in lines:
        try:
            row = json.loads(line)
            if int(row["id"][1:]) <= FIRST_ROUND:
                first_round.add(row["article"])
        except (ValueError, TypeError, KeyError, IndexError):
            pass  # reported below
    half_of = {stem: (half if stem in first_round else "tune") for stem, half in half_of.items()}

    rows = []
    ids, texts = set(), set()
    for number, line in enumerate(lines, 1):
        where = f"line {number}"
        if not line.strip():
            errors.append(f"{where}: empty line")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: not JSON ({exc})")
            continue
        if not isinstance(row, dict) or set(row) != FIELDS:
            errors.append(f"{where}: fields must be exactly {sorted(FIELDS)}")
            continue
        qid, article, question, answer = row["id"], row["article"], row["question"], row["answer"]
        where = f"{where} ({qid})"
        if not (isinstance(qid, str) and re.fullmatch(r"n\d{3,}", qid)):
            errors.append(f"{where}: bad id")
        elif qid in ids:
            errors.append(f"{where}: duplicate id")
        ids.add(qid)
        if not isinstance(question, str) or not question.strip():
            errors.append(f"{where}: empty question")
            continue
        if question.lower() in texts:
            errors.append(f"{where}: duplicate question text")
        texts.add(question.lower())
        if re.search(r"karabakh", question, re.I):
            errors.append(f"{where}: questions about the Nagorno-Karabakh story are excluded")
        if article not in half_of:
            errors.append(f"{where}: article {article!r} is not in {args.articles.name}")
            continue
        if article not in bodies:
            errors.append(f"{where}: article {article!r} is missing from the corpus")
            continue
        if not isinstance(row["answerable"], bool):
            errors.append(f"{where}: answerable must be true or false")
        elif row["answerable"]:
            if not isinstance(answer, str) or not answer.strip():
                errors.append(f"{where}: an answerable question needs an answer string")
            else:
                count = bodies[article].count(answer)
                if count != 1:
                    errors.append(f"{where}: answer {answer!r} occurs {count} times in {article}")
                if "\n" in answer:
                    errors.append(f"{where}: answer crosses a paragraph break")
        elif answer is not None:
            errors.append(f"{where}: an unanswerable question has answer null")
        if row["half"] != half_of[article]:
            errors.append(f"{where}: half {row['half']!r}, the split rule says "
                          f"{half_of[article]!r}")
        elif (row["half"] == "test" and isinstance(qid, str)
              and re.fullmatch(r"n\d{3,}", qid) and int(qid[1:]) > FIRST_ROUND):
            errors.append(f"{where}: the test half is frozen at n001-n{FIRST_ROUND:03d}; "
                          "add questions to the tuning half")
        style = row["style"]
        if not isinstance(style, list) or not all(isinstance(s, str) for s in style):
            errors.append(f"{where}: style must be a list of strings")
            continue
        unknown = sorted(set(style) - STYLES)
        if unknown:
            errors.append(f"{where}: unknown style {unknown}")
        if ("lowercase" in style) != (question == question.lower()):
            errors.append(f"{where}: 'lowercase' tag does not match the text")
        if ("no-qmark" in style) != ("?" not in question):
            errors.append(f"{where}: 'no-qmark' tag does not match the text")
        rows.append(row)

    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    for label, have, need in (("questions", len(rows), args.min_total),
                              ("answerable", len(answerable), args.min_answerable),
                              ("unanswerable", len(unanswerable), args.min_unanswerable)):
        if have < need:
            errors.append(f"only {have} {label}, at least {need} wanted")

    def source(article: str) -> str:
        return article.rsplit("-", 1)[0] if article.startswith("bbc-") else "reuters"

    print(f"corpus: {len(bodies)} of {len(stems)} listed articles found in {args.corpus}")
    print(f"questions: {len(rows)} ({len(answerable)} answerable, "
          f"{len(unanswerable)} unanswerable) about {len({r['article'] for r in rows})} articles")
    for half in ("tune", "test"):
        sel = [r for r in rows if r["half"] == half]
        print(f"  {half}: {len(sel)} questions ({sum(r['answerable'] for r in sel)} answerable, "
              f"{sum(not r['answerable'] for r in sel)} unanswerable), "
              f"{len({r['article'] for r in sel})} articles")
    by_source = collections.Counter(source(r["article"]) for r in rows)
    print("by source: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items())))
    styles = collections.Counter(s for r in rows for s in r["style"])
    print("styles: " + ", ".join(f"{k} {v}" for k, v in styles.most_common()))
    words = collections.Counter()
    for r in rows:
        q = re.sub(r"^(hey bot|hi bot!?|hey|hi|hiya|hello!?|ok so|so|um|lol|quick q:|quick one -)"
                   r",?\s+", "", r["question"].lower())
        first = re.match(r"[a-z']+", q)
        words[first.group(0) if first else "?"] += 1
    print("first words: " + ", ".join(f"{k} {v}" for k, v in words.most_common(12)))
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for error in errors[:50]:
            print(f"  {error}", file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
