"""Chat wrappers around a question (tests/data/chat_wrappers*.txt): reading them and filling
one in. Shared by tests/test_phrasing*.py and benchmarks/chat_phrasing.py."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.search.index import SentenceIndex

DATA = Path(__file__).resolve().parent.parent / "data"
WRAPPERS = DATA / "chat_wrappers.txt"  # the first set: the benchmark's wrappers since issue 10
HELD_OUT = DATA / "chat_wrappers_heldout.txt"  # the second: written before it was measured
HELD_OUT_2 = DATA / "chat_wrappers_heldout2.txt"  # the third: the same, after the second's fixes
HELD_OUT_3 = DATA / "chat_wrappers_heldout3.txt"  # the fourth: other languages, typos, emoticons
# The bundled corpus's labelled questions (tests/data/abstention.jsonl), the ones wrapped.
QUESTIONS = [json.loads(line)["question"] for line in
             (DATA / "abstention.jsonl").read_text("utf-8").splitlines() if line.strip()]

# Chat spellings of question words, for {q_typo}: phrases first, then single words.
_TYPOS = [(r"\bwhat(?: is|'s|’s)", "whats"), (r"\bwho(?: is|'s|’s)", "whos"),
          (r"\bwhere(?: is|'s|’s)", "wheres"), (r"\bhow(?: is|'s|’s)", "hows"),
          (r"\bhow many\b", "hw many"), (r"\bhow much\b", "hw much"),
          (r"\bwhat\b", "wat"), (r"\bwhen\b", "wen"), (r"\bwhere\b", "wher"), (r"\bwhy\b", "y")]


def read_wrappers(path: Path = WRAPPERS) -> list[str]:
    """The wrappers of a list file (comments and blank lines left out)."""
    return [line for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def typo(question: str) -> str:
    """The question with chat spellings of its question words ("wen did ...", "hw many")."""
    for pattern, spelt in _TYPOS:
        question = re.sub(pattern, spelt, question, flags=re.IGNORECASE)
    return question


def wrap(wrapper: str, question: str) -> str:
    """A wrapper filled in with a question (see the placeholders in chat_wrappers_heldout.txt)."""
    bare = question.rstrip().rstrip("?").rstrip()
    filled = {"{q}": question, "{Q}": question.upper(),
              "{q_noapos}": question.replace("'", "").replace("’", ""),
              "{q_typo}": typo(question), "{q_bare}": bare,
              "{q_cap}": question[:1].upper() + question[1:]}
    text = re.sub(r"\{q(?:_noapos|_typo|_bare|_cap)?\}|\{Q\}", lambda m: filled[m.group(0)],
                  wrapper)
    return text.replace("\\n", "\n")


def first_quote(index: SentenceIndex, question: str) -> str | None:
    """The text of the answer's first quote, or None when the bot abstains."""
    from bot.search.answer import answer_question

    answer = answer_question(index, question)
    return answer.quotes[0].text if answer.answered else None


def assert_wrappers_keep_answers(index: SentenceIndex, wrappers: Sequence[str],
                                 fill: Callable[[str, str], str] = wrap) -> int:
    """Assert that every wrapper around every labelled question gives the question's own first
    quote (or its abstention); the number of wrapped messages checked."""
    checked = 0
    for question in QUESTIONS:
        expected = first_quote(index, question)
        for wrapper in wrappers:
            message = fill(wrapper, question)
            assert first_quote(index, message) == expected, message
            checked += 1
    return checked
