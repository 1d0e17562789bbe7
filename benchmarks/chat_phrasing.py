"""Chat phrasing over the whole news question set, and casual chat in a "?"-answering group.

    python benchmarks/news/build_corpus.py          # once: the news corpus
    python benchmarks/chat_phrasing.py [--questions benchmarks/news/questions.jsonl]
        [--corpus benchmarks/.cache/news_corpus] [--half all|tune|test] [--json]
        [--wrappers tests/data/chat_wrappers.txt]

1. Every question of the set is asked plain and inside each chat wrapper of
   tests/data/chat_wrappers.txt (greetings, fillers, thanks, laughter, emoji, an @mention; or
   of --wrappers, e.g. the held-out set tests/data/chat_wrappers_heldout.txt); a variant keeps
   its question's answer when its first quote is the plain question's (or both abstain). The
   same over the labelled questions of the bundled corpus (tests/data/abstention.jsonl). Prints
   the share of variants that keep it, and the questions that do not.
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
from tests.helpers.wrappers import WRAPPERS, read_wrappers, wrap  # noqa: E402

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
    by_wrapper: dict[str, int] = {}
    for question in questions:
        plain = first_quote(index, question)
        for wrapper in wrappers:
            message = wrap(wrapper, question)
            quote = first_quote(index, message)
            total += 1
            if quote == plain:
                kept += 1
            else:
                by_wrapper[wrapper] = by_wrapper.get(wrapper, 0) + 1
                changed.append({"message": message, "plain": plain, "wrapped": quote})
    return {"questions": len(questions), "wrappers": len(wrappers), "variants": total,
            "kept": kept, "keep_rate": round(kept / total, 4) if total else 0.0,
            # a wrapper must not turn an abstention into an answer, nor the other way round
            "abstention_to_answer": sum(c["plain"] is None for c in changed),
            "answer_to_abstention": sum(c["wrapped"] is None for c in changed),
            "other_quote": sum(None not in (c["plain"], c["wrapped"]) for c in changed),
            "changed_by_wrapper": dict(sorted(by_wrapper.items(), key=lambda kv: -kv[1])),
            "changed": changed}


def casual(index: SentenceIndex, questions: list[str]) -> dict:
    """How many casual questions would be answered unasked, or at all."""
    answers = {q: answer_question(index, q, top=1) for q in questions}
    return {"questions": len(questions),
            "confident": [q for q, a in answers.items() if a.confident],
            "answered": [q for q, a in answers.items() if a.answered]}


def news_arguments(parser: argparse.ArgumentParser) -> None:
    """The news set's options: --questions, --corpus, --half, --json (also read by
    benchmarks/followups_after_abstention.py)."""
    parser.add_argument("--questions", default=str(ROOT / "benchmarks/news/questions.jsonl"))
    parser.add_argument("--corpus", default=str(ROOT / "benchmarks/.cache/news_corpus"))
    parser.add_argument("--half", choices=("all", "tune", "test"), default="all")
    parser.add_argument("--json", action="store_true")


def news_questions(args: argparse.Namespace) -> tuple[SentenceIndex, list[str]]:
    """The news corpus's index and the chosen half's question texts, as news_arguments read
    them."""
    return open_corpus(args.corpus), [q.text for q in load_questions(args.questions)
                                      if args.half == "all" or q.half == args.half]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    news_arguments(parser)
    parser.add_argument("--wrappers", default=str(WRAPPERS),
                        help="a wrapper list (tests/data/chat_wrappers_heldout.txt: held out)")
    args = parser.parse_args()
    started = time.perf_counter()
    news, questions = news_questions(args)
    bundled = load_index(ROOT / "corpus")[1]
    wrappers = read_wrappers(Path(args.wrappers))
    labelled = [json.loads(line)["question"] for line in
                (ROOT / "tests/data/abstention.jsonl").read_text("utf-8").splitlines()
                if line.strip()]
    report = {
        "variants": variants(news, questions, wrappers),
        "variants_bundled": variants(bundled, labelled, wrappers),
        "casual_news": casual(news, lines(CASUAL)),
        "casual_bundled": casual(bundled, lines(CASUAL)),
        "seconds": 0.0,
    }
    report["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
        return
    for name in ("variants", "variants_bundled"):
        v = report[name]
        print(f"{name}: {v['kept']} of {v['variants']} keep the first quote "
              f"({v['keep_rate']:.1%}; {v['questions']} questions x {v['wrappers']} wrappers; "
              f"abstention -> answer {v['abstention_to_answer']}, answer -> abstention "
              f"{v['answer_to_abstention']}, another quote {v['other_quote']})")
        for wrapper, count in list(v["changed_by_wrapper"].items())[:20]:
            print(f"  {count:5d} changed by {wrapper!r}")
        for change in v["changed"][:40]:
            print(f"  changed: {change['message']!r}: {change['plain']!r} -> "
                  f"{change['wrapped']!r}")
    for name in ("casual_news", "casual_bundled"):
        c = report[name]
        print(f"{name}: {len(c['confident'])} of {c['questions']} casual questions answered "
              f"unasked, {len(c['answered'])} answered when asked")
        for question in c["confident"]:
            print(f"  unasked answer: {question}")
    print(f"{report['seconds']} s")


if __name__ == "__main__":
    main()
