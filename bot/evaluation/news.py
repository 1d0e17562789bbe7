"""The news question set as answer-or-abstain (`newsbot eval news`).

Questions written as people type them in a chat about real news articles
(benchmarks/news/questions.jsonl; its README gives the fields), asked of the corpus that
benchmarks/news/build_corpus.py builds. An answerable question is right when the first quote
holds its answer span and comes from its article; an unanswerable one when the bot abstains.
The set is split by article into a tuning half and a held-out test half.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import EvalError
from bot.evaluation.outcomes import AnswerReport, answer_and_judge
from bot.search.index import SentenceIndex, load_index

HALVES = ("tune", "test", "all")


@dataclass(frozen=True)
class NewsQuestion:
    """One question: its article and answer span (None when no article answers it)."""

    id: str
    text: str
    article: str
    answer: str | None
    half: str
    styles: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        """True when the corpus states the answer."""
        return self.answer is not None


class NewsReport(AnswerReport):
    """Outcome counts, and each question's outcome in order, with the three news shares."""

    def to_json(self) -> dict[str, Any]:
        """The answer-or-abstain schema (as `eval squad2`), the three shares and the time."""
        return {**self.tally.to_json(), **self.tally.rates(), "seconds": round(self.seconds, 1)}

    def text(self) -> str:
        """The figures for a terminal."""
        rates = self.tally.rates()
        return (self.tally.text() + "\n"
                f"first quote right {rates['first_quote_right']:.1%} of answerable, "
                f"false answers {rates['false_answer_rate']:.1%} of unanswerable, "
                f"abstentions {rates['abstention_rate']:.1%} of answerable")


def load_questions(path: Path | str) -> list[NewsQuestion]:
    """Read the questions (JSON lines)."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read it ({exc})") from None
    questions = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            answer = record["answer"] if record["answerable"] else None
            questions.append(NewsQuestion(
                str(record["id"]), " ".join(str(record["question"]).split()),
                str(record["article"]), None if answer is None else str(answer),
                str(record["half"]), tuple(record.get("style", ()))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise EvalError(f"{path}, line {number}: not a question record ({exc})") from None
    return questions


def open_corpus(directory: Path | str, engine: str | None = None) -> SentenceIndex:
    """The built news corpus, indexed in memory (nothing is written beside it)."""
    corpus, index = (load_index(directory, cache=False) if engine is None
                     else load_index(directory, engine=engine, cache=False))
    if not corpus.articles:
        raise EvalError(f"{directory}: no articles (build it with benchmarks/news/build_corpus.py)")
    return index


def evaluate(questions: list[NewsQuestion], index: SentenceIndex, half: str = "all",
             limit: int | None = None) -> NewsReport:
    """Answer the questions of a half and count the outcomes."""
    chosen = [q for q in questions if half == "all" or q.half == half][:limit]
    missing = sorted({q.article for q in chosen} - set(index.articles))
    if missing:
        raise EvalError(f"the corpus lacks {len(missing)} of the questions' articles "
                        f"(e.g. {missing[0]}): is it the one build_corpus.py builds?")
    report = answer_and_judge(index, ((q.text, q.answerable, q.article,
                                       () if q.answer is None else (q.answer,))
                                      for q in chosen))
    return NewsReport(report.tally, report.seconds, report.outcomes)
