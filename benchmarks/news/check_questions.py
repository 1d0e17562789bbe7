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
  unanswerable ones (defaults 330 / 220 / 110);
* with --regexes FILE (JSON lines ``{"id": ..., "patterns": [...]}``): every unanswerable
  question has at least one pattern, only unanswerable questions have patterns, and no pattern
  (a Python regular expression, case-insensitive) matches any article file of the corpus folder
  -- all of them, distractors included, titles included.

The second set (benchmarks/news2) is checked by this same script with its own arguments:
``--id-prefix m --first-round 0`` (one round: every article follows the position rule) and
its own --questions, --articles, --corpus and --regexes (see benchmarks/news2/README.md).

Usage (stdlib only; build the corpus first with build_corpus.py)::

    python3 benchmarks/news/check_questions.py [--corpus DIR] [--questions FILE]
        [--articles FILE] [--id-prefix P] [--first-round N] [--regexes FILE]
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


def check_regexes(path: Path, corpus: Path, rows: list[dict]) -> list[str]:
    """Problems with the corpus searches that back the unanswerable questions."""
    errors: list[str] = []
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.md"))}
    answerable = {r["id"]: r["answerable"] for r in rows}
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path.name} line {number}"
        try:
            record = json.loads(line)
            qid, patterns = record["id"], record["patterns"]
            if not isinstance(qid, str):
                raise TypeError(qid)
        except (json.JSONDecodeError, KeyError, TypeError):
            errors.append(f"{where}: expected {{\"id\": ..., \"patterns\": [...]}}")
            continue
        where = f"{where} ({qid})"
        if qid not in answerable:
            errors.append(f"{where}: no such question")
            continue
        if qid in seen:
            errors.append(f"{where}: a second line for the same question")
        if answerable[qid]:
            errors.append(f"{where}: patterns for an answerable question")
        if not isinstance(patterns, list) or not patterns:
            errors.append(f"{where}: no patterns")
            continue
        seen.add(qid)
        for pattern in patterns:
            try:
                compiled = re.compile(pattern, re.I)
            except (re.error, TypeError) as exc:
                errors.append(f"{where}: bad pattern {pattern!r} ({exc})")
                continue
            for stem, text in texts.items():
                match = compiled.search(text)
                if match:
                    errors.append(f"{where}: {pattern!r} matches {stem}: {match.group(0)[:80]!r}")
    for qid in sorted(q for q, ok in answerable.items() if not ok and q not in seen):
        errors.append(f"{qid}: an unanswerable question without a corpus search in {path.name}")
    print(f"corpus searches: {len(seen)} unanswerable questions, {len(texts)} article files")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--questions", type=Path, default=HERE / "questions.jsonl")
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--min-total", type=int, default=330)
    parser.add_argument("--min-answerable", type=int, default=220)
    parser.add_argument("--min-unanswerable", type=int, default=110)
    parser.add_argument("--id-prefix", default="n", help="the letter question ids start with")
    parser.add_argument("--first-round", type=int, default=FIRST_ROUND,
                        help="last id number of the first round of questions; 0 = a single "
                             f"round, every article split by position (default {FIRST_ROUND})")
    parser.add_argument("--regexes", type=Path,
                        help="patterns that must match no article, per unanswerable question")
    args = parser.parse_args(argv)
    id_pattern = re.escape(args.id_prefix) + r"\d{3,}"
    first_round_end = args.first_round or None

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
            if first_round_end is None or int(row["id"][len(args.id_prefix):]) <= first_round_end:
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
        if not (isinstance(qid, str) and re.fullmatch(id_pattern, qid)):
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
        elif (row["half"] == "test" and first_round_end is not None and isinstance(qid, str)
              and re.fullmatch(id_pattern, qid) and int(qid[len(args.id_prefix):]) > first_round_end):
            errors.append(f"{where}: the test half is frozen at {args.id_prefix}001-"
                          f"{args.id_prefix}{first_round_end:03d}; "
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
    if args.regexes is not None:
        errors += check_regexes(args.regexes, args.corpus, rows)
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
