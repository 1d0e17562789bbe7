"""Chat phrasing over the whole news question set, and casual chat in a "?"-answering group.

    python benchmarks/news/build_corpus.py          # once: the news corpus
    python benchmarks/chat_phrasing.py [--questions benchmarks/news/questions.jsonl]
        [--corpus benchmarks/.cache/news_corpus] [--half all|tune|test] [--json]

1. Every question of the set is asked plain and inside each chat wrapper of
   tests/data/chat_wrappers.txt (greetings, fillers, thanks, laughter, emoji, an @mention); a
   variant keeps its question's answer when its first quote is the plain question's (or both
   abstain). Prints the share of variants that keep it, and the questions that do not.
2. Each casual chat question of tests/data/casual_chat.txt ("what time is it?") is asked of the
   news corpus and of the bundled corpus (corpus/): how many would be answered unasked in a
   group (Answer.confident), and how many answered at all when asked.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation.news import load_questions, open_corpus  # noqa: E402
from bot.search.answer import answer_question  # noqa: E402
from bot.search.index import SentenceIndex, load_index  # noqa: E402

WRAPPERS = ROOT / "tests" / "data" / "chat_wrappers.txt"
CASUAL = ROOT / "tests" / "data" / "casual_chat.txt"


def lines(path: Path) -> list[str]:
    """The non-comment lines of a list file."""
    return [line for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def first_quote(index: SentenceIndex, question: str) -> str | None:
    """The first quote's text, None when the bot abstains."""
    answer = answer_question(index, question, top=1)
    return answer.quotes[0].text if answer.answered else None


def variants(index: SentenceIndex, questions: list[str], wrappers: list[str]) -> dict:
    """How many wrapped questions keep the plain question's first quote."""
    kept = total = 0
    changed: list[dict[str, str | None]] = []
    for question in questions:
        plain = first_quote(index, question)
        for wrapper in wrappers:
            message = wrapper.format(q=question)
            quote = first_quote(index, message)
            total += 1
            if quote == plain:
                kept += 1
            else:
                changed.append({"message": message, "plain": plain, "wrapped": quote})
    return {"questions": len(questions), "wrappers": len(wrappers), "variants": total,
            "kept": kept, "keep_rate": round(kept / total, 4) if total else 0.0,
            "changed": changed}


def casual(index: SentenceIndex, questions: list[str]) -> dict:
    """How many casual questions would be answered unasked, or at all."""
    answers = {q: answer_question(index, q, top=1) for q in questions}
    return {"questions": len(questions),
            "confident": [q for q, a in answers.items() if a.confident],
            "answered": [q for q, a in answers.items() if a.answered]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", default=str(ROOT / "benchmarks/news/questions.jsonl"))
    parser.add_argument("--corpus", default=str(ROOT / "benchmarks/.cache/news_corpus"))
    parser.add_argument("--half", choices=("all", "tune", "test"), default="all")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    news = open_corpus(args.corpus)
    questions = [q.text for q in load_questions(args.questions)
                 if args.half == "all" or q.half == args.half]
    report = {
        "variants": variants(news, questions, lines(WRAPPERS)),
        "casual_news": casual(news, lines(CASUAL)),
        "casual_bundled": casual(load_index(ROOT / "corpus")[1], lines(CASUAL)),
        "seconds": 0.0,
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    v = report["variants"]
    print(f"chat variants: {v['kept']} of {v['variants']} keep the first quote "
          f"({v['keep_rate']:.1%}; {v['questions']} questions x {v['wrappers']} wrappers)")
    for change in v["changed"][:40]:
        print(f"  changed: {change['message']!r}: {change['plain']!r} -> {change['wrapped']!r}")
    for name in ("casual_news", "casual_bundled"):
        c = report[name]
        print(f"{name}: {len(c['confident'])} of {c['questions']} casual questions answered "
              f"unasked, {len(c['answered'])} answered when asked")
        for question in c["confident"]:
            print(f"  unasked answer: {question}")
    print(f"{report['seconds']} s")


if __name__ == "__main__":
    main()
