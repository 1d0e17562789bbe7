"""Follow-up questions measured: `newsbot eval dialogues FILE --corpus DIR`.

A dialogue file (benchmarks/dialogues/dialogues.txt) holds conversations of 2-4 turns, each
follow-up also written out in full as a standalone question, and off-topic turns. Each
conversation is played through the bot's own path (bot.search.dialogue), so a follow-up leans
on what the bot really answered before. Figures, per half (tune, test):
- follow-ups: the first quote is right (it holds the answer span and comes from the
  conversation's article) in the conversation, for the standalone form asked alone, and for
  the follow-up asked alone (what the bot did before it kept conversations);
- off-topic turns: answered at all (a false answer) in the conversation and asked alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.common.textnorm import fold
from bot.errors import EvalError
from bot.search.answer import Answer, answer_question
from bot.search.dialogue import answer_in_conversation
from bot.search.followup import Conversation
from bot.search.index import SentenceIndex

HALVES = ("tune", "test")


@dataclass(frozen=True)
class DialogueTurn:
    """One turn: an opening question, a follow-up (with its standalone form) or off-topic."""

    kind: str  # "open", "follow" or "off"
    question: str
    standalone: str = ""
    answer: str = ""  # the answer span ("" when none is given)


@dataclass(frozen=True)
class Dialogue:
    """A conversation about one article."""

    id: str
    article: str
    half: str
    turns: tuple[DialogueTurn, ...]


_HEADER = re.compile(r"^#\s+([A-Za-z0-9_-]+)\s+(\S+)\s+(tune|test)\s*$")


def load_dialogues(path: Path | str) -> list[Dialogue]:
    """Read a dialogue file; EvalError naming the line when it is malformed."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"cannot read {path}: {exc}") from None
    dialogues: list[Dialogue] = []
    header: tuple[str, str, str] | None = None
    turns: list[DialogueTurn] = []

    def close() -> None:
        if header is not None:
            if not turns or turns[0].kind != "open":
                raise EvalError(f"{path}: conversation {header[0]} must open with a Q line")
            dialogues.append(Dialogue(*header, tuple(turns)))

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        found = _HEADER.match(line)
        if found:
            close()
            header = (found.group(1), found.group(2), found.group(3))
            turns = []
            continue
        if not line or line.startswith("#"):
            continue
        if header is None or line[:2] not in ("Q ", "F ", "O "):
            raise EvalError(f"{path}, line {number}: expected a Q, F or O turn after a header")
        turns.append(_turn(line, f"{path}, line {number}"))
    close()
    if not dialogues:
        raise EvalError(f"{path} holds no conversations")
    return dialogues


def _turn(line: str, where: str) -> DialogueTurn:
    tag, body = line[0], line[2:].strip()
    if tag == "O":
        return DialogueTurn("off", body)
    if tag == "Q":
        question, _, answer = body.partition(" | ")
        return DialogueTurn("open", question.strip(), answer=answer.strip())
    follow, sep, rest = body.partition(" || ")
    standalone, sep2, answer = rest.partition(" | ")
    if not sep or not sep2 or not answer.strip():
        raise EvalError(f"{where}: a follow-up is 'F question || standalone | answer'")
    return DialogueTurn("follow", follow.strip(), standalone.strip(), answer.strip())


def first_quote_right(answer: Answer, article: str, span: str) -> bool:
    """The first quote holds the answer span and was published in the expected article."""
    if not answer.answered:
        return False
    quote = answer.quotes[0]
    if not any(s.article_id == article for s in quote.sources):
        return False
    return _squash(span) in _squash(quote.text)


def _squash(text: str) -> str:
    return " ".join(fold(text).lower().split())


@dataclass
class Counts:
    """Figures over one half (or all) of the conversations."""

    conversations: int = 0
    followups: int = 0
    leaning: int = 0  # follow-ups the bot took as leaning on the conversation
    followup_right: int = 0  # first quote right, in the conversation
    standalone_right: int = 0  # first quote right, the standalone form asked alone
    alone_right: int = 0  # first quote right, the follow-up asked alone (no conversation)
    offtopic: int = 0
    offtopic_false_in_context: int = 0
    offtopic_false_alone: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The figures as a JSON object (misses left out)."""
        return {
            "conversations": self.conversations,
            "followups": self.followups,
            "leaning": self.leaning,
            "followup_right": self.followup_right,
            "standalone_right": self.standalone_right,
            "alone_right": self.alone_right,
            "followup_accuracy": _rate(self.followup_right, self.followups),
            "standalone_accuracy": _rate(self.standalone_right, self.followups),
            "alone_accuracy": _rate(self.alone_right, self.followups),
            "ratio": _rate(self.followup_right, self.standalone_right),
            "offtopic": self.offtopic,
            "offtopic_false_in_context": self.offtopic_false_in_context,
            "offtopic_false_alone": self.offtopic_false_alone,
        }


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class DialogueReport:
    """Figures per half and over all conversations."""

    halves: dict[str, Counts]
    skipped: list[str]  # conversations whose article is not in the corpus

    def to_json(self) -> dict[str, Any]:
        """The --json form."""
        result: dict[str, Any] = {name: c.to_json() for name, c in self.halves.items()}
        result["skipped"] = self.skipped
        return result


def evaluate(index: SentenceIndex, dialogues: Iterable[Dialogue], top: int = 3,
             weights: Mapping[str, float] | None = None, halves: Iterable[str] = HALVES
             ) -> DialogueReport:
    """Play every conversation through the bot's path and count."""
    wanted = set(halves)
    report = DialogueReport({"all": Counts(), **{h: Counts() for h in HALVES if h in wanted}},
                            [])
    for dialogue in dialogues:
        if dialogue.half not in wanted:
            continue
        if dialogue.article not in index.articles:
            report.skipped.append(dialogue.id)
            continue
        for counts in (report.halves["all"], report.halves[dialogue.half]):
            counts.conversations += 1
        _play(index, dialogue, top, weights, (report.halves["all"],
                                              report.halves[dialogue.half]))
    return report


def _play(index: SentenceIndex, dialogue: Dialogue, top: int,
          weights: Mapping[str, float] | None, counts: tuple[Counts, ...]) -> None:
    conversation = Conversation()
    for turn in dialogue.turns:
        answer, conversation = answer_in_conversation(index, turn.question, conversation, top,
                                                      weights)
        if turn.kind == "off":
            alone = answer_question(index, turn.question, top=top)
            for c in counts:
                c.offtopic += 1
                c.offtopic_false_in_context += answer.answered
                c.offtopic_false_alone += alone.answered
            continue
        if turn.kind != "follow":
            continue
        right = first_quote_right(answer, dialogue.article, turn.answer)
        standalone = first_quote_right(answer_question(index, turn.standalone, top=top),
                                       dialogue.article, turn.answer)
        alone_right = first_quote_right(answer_question(index, turn.question, top=top),
                                        dialogue.article, turn.answer)
        for c in counts:
            c.followups += 1
            c.leaning += answer.context is not None
            c.followup_right += right
            c.standalone_right += standalone
            c.alone_right += alone_right
        if not right:
            counts[0].misses.append({
                "conversation": dialogue.id, "question": turn.question,
                "standalone_right": standalone, "leaning": answer.context is not None,
                "quote": answer.quotes[0].text[:160] if answer.answered else None,
            })


def report_text(report: DialogueReport) -> str:
    """A readable summary: one row per half."""
    lines = [
        "half   convs  follow-ups  leaning  in conversation  standalone  asked alone  ratio"
        "  off-topic  false (context)  false (alone)",
    ]
    for name, c in report.halves.items():
        data = c.to_json()

        def pct(key: str, data: dict[str, Any] = data) -> str:
            value = data[key]
            return "   -  " if value is None else f"{value:6.1%}"

        lines.append(
            f"{name:<5} {c.conversations:6d} {c.followups:11d} {c.leaning:8d} "
            f"{c.followup_right:6d} ({pct('followup_accuracy')}) "
            f"{c.standalone_right:3d} ({pct('standalone_accuracy')}) "
            f"{c.alone_right:3d} ({pct('alone_accuracy')}) {pct('ratio')} "
            f"{c.offtopic:9d} {c.offtopic_false_in_context:16d} {c.offtopic_false_alone:14d}")
    if report.skipped:
        lines.append(f"skipped (article not in the corpus): {', '.join(report.skipped)}")
    return "\n".join(lines)
