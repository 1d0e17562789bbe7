"""Answer-or-abstain scoring (and the answering loop) shared by `eval squad2` and `eval news`.

Each question ends in one of five outcomes: an answerable one is correct (the first quote holds
its answer and comes from its article), wrong, or missed (the bot abstained); an unanswerable
one is abstained (right) or a false answer.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.search.answer import Answer, answer_question
from bot.search.index import SentenceIndex


class Outcome(str, Enum):
    """What became of one question."""

    CORRECT = "correct"
    WRONG = "wrong"
    MISSED = "missed"
    ABSTAINED = "abstained"
    FALSE_ANSWER = "false_answer"


def judge(answerable: bool, answered: bool, right: bool) -> Outcome:
    """The outcome of one question from what the bot did."""
    if answerable:
        if not answered:
            return Outcome.MISSED
        return Outcome.CORRECT if right else Outcome.WRONG
    return Outcome.FALSE_ANSWER if answered else Outcome.ABSTAINED


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


@dataclass(frozen=True)
class Tally:
    """Outcome counts and the figures made from them."""

    questions: int
    answerable: int
    unanswerable: int
    correct: int
    wrong: int
    missed: int
    abstained: int
    false_answers: int

    @classmethod
    def of(cls, outcomes: Iterable[Outcome]) -> Tally:
        """Count outcomes."""
        counts = dict.fromkeys(Outcome, 0)
        for outcome in outcomes:
            counts[outcome] += 1
        answerable = counts[Outcome.CORRECT] + counts[Outcome.WRONG] + counts[Outcome.MISSED]
        unanswerable = counts[Outcome.ABSTAINED] + counts[Outcome.FALSE_ANSWER]
        return cls(answerable + unanswerable, answerable, unanswerable, counts[Outcome.CORRECT],
                   counts[Outcome.WRONG], counts[Outcome.MISSED], counts[Outcome.ABSTAINED],
                   counts[Outcome.FALSE_ANSWER])

    @property
    def answers(self) -> int:
        """Questions the bot answered (rightly or not)."""
        return self.correct + self.wrong + self.false_answers

    def to_json(self) -> dict[str, Any]:
        """The stable schema: counts, accuracy, answered precision, answer rate and the
        accuracy of never answering."""
        return {
            "questions": self.questions, "answerable": self.answerable,
            "unanswerable": self.unanswerable, "correct": self.correct, "wrong": self.wrong,
            "missed": self.missed, "abstained": self.abstained,
            "false_answers": self.false_answers,
            "accuracy": _ratio(self.correct + self.abstained, self.questions),
            "answered_precision": _ratio(self.correct, self.answers),
            "answer_rate": _ratio(self.answers, self.questions),
            "always_abstain_accuracy": _ratio(self.unanswerable, self.questions),
        }

    def rates(self) -> dict[str, float]:
        """Shares of the answerable and unanswerable questions (the news targets)."""
        return {
            "first_quote_right": _ratio(self.correct, self.answerable),
            "false_answer_rate": _ratio(self.false_answers, self.unanswerable),
            "abstention_rate": _ratio(self.missed, self.answerable),
        }

    def text(self) -> str:
        """A few lines for a terminal."""
        j = self.to_json()
        return "\n".join([
            f"{self.questions} questions: {self.answerable} answerable, "
            f"{self.unanswerable} unanswerable",
            f"answerable: {self.correct} correct, {self.wrong} wrong, {self.missed} missed",
            f"unanswerable: {self.abstained} abstained, {self.false_answers} false answers",
            f"accuracy {j['accuracy']:.3f} (never answering: {j['always_abstain_accuracy']:.3f}), "
            f"answered precision {j['answered_precision']:.3f}, answer rate {j['answer_rate']:.3f}",
        ])


@dataclass(frozen=True)
class AnswerReport:
    """Outcome counts, and each question's outcome in order."""

    tally: Tally
    seconds: float
    outcomes: tuple[Outcome, ...] = field(default=(), repr=False)

    def to_json(self) -> dict[str, Any]:
        """The stable --json schema (see Tally.to_json) plus the time taken."""
        return {**self.tally.to_json(), "seconds": round(self.seconds, 1)}


def holds_answer(text: str, sources: Iterable[str], article_id: str, spans: Sequence[str]) -> bool:
    """The gold rule: a sentence (its text, the articles it comes from) answers a question
    when it comes from the question's article and holds one of its answer spans."""
    return article_id in sources and any(span in text for span in spans)


def first_quote_right(answer: Answer, article_id: str, spans: Sequence[str]) -> bool:
    """True if the first quote comes from the article and holds one of the answer spans."""
    if not answer.answered:
        return False
    quote = answer.quotes[0]
    return holds_answer(quote.text, [s.article_id for s in quote.sources], article_id, spans)


def answer_and_judge(index: SentenceIndex,
                     cases: Iterable[tuple[str, bool, str, Sequence[str]]]) -> AnswerReport:
    """Ask each (question, answerable, article id, answer spans) with the bot's answer path
    and count the outcomes; the time covers the answering only."""
    started = time.perf_counter()
    outcomes = []
    for text, answerable, article_id, spans in cases:
        answer = answer_question(index, text, top=1)
        outcomes.append(judge(answerable, answer.answered,
                              first_quote_right(answer, article_id, spans)))
    return AnswerReport(Tally.of(outcomes), time.perf_counter() - started, tuple(outcomes))
