"""Chat around a question never changes its answer: greetings, thanks, fillers, laughter, emoji
and a leading @mention, over every answered question of the labelled set."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.answer import Kind, answer_question
from bot.search.index import SentenceIndex
from bot.search.phrasing import core_question, only_chat
from tests.helpers.wrappers import QUESTIONS, assert_wrappers_keep_answers, first_quote

ROOT = Path(__file__).parent.parent
# Greetings, fillers (ok so, um, btw, pls), thanks, laughter, emoji, a leading @mention: the
# same list benchmarks/chat_phrasing.py runs over the whole news question set.
WRAPPERS = [line for line in
            (ROOT / "tests" / "data" / "chat_wrappers.txt").read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(
    ("message", "question"),
    [("hey when did the withdrawal start?", "when did the withdrawal start?"),
     ("when did the withdrawal start? thx", "when did the withdrawal start?"),
     ("@yourbot when did the withdrawal start?", "when did the withdrawal start?"),
     ("ok so um what did peskov say 😂😂", "what did peskov say"),
     ("hello there! who speaks for the kremlin? thanks so much :)", "who speaks for the kremlin?"),
     ("who won the hey day award", "who won the hey day award"),  # only the ends
     ("quick one - what is fuel duty per litre", "what is fuel duty per litre"),
     ("how much did archer get in damages btw", "how much did archer get in damages"),
     ("just curious, who won tbh", "who won"),
     ("lol", "lol"), ("😂", "😂")],  # nothing left: the message as it was
)
def test_core_question(message: str, question: str) -> None:
    assert core_question(message) == question


def test_every_wrapper_keeps_every_answer(bundled_index: SentenceIndex) -> None:
    checked = assert_wrappers_keep_answers(bundled_index, WRAPPERS,
                                           lambda wrapper, question: wrapper.format(q=question))
    answered = sum(first_quote(bundled_index, q) is not None for q in QUESTIONS)
    # Answered and unanswered questions alike: many questions times many wrappers.
    assert answered >= 30 and len(WRAPPERS) >= 30
    assert checked == len(QUESTIONS) * len(WRAPPERS)


def test_greetings_alone_are_still_greetings(bundled_index: SentenceIndex) -> None:
    assert answer_question(bundled_index, "hey").kind is Kind.GREETING
    assert answer_question(bundled_index, "thanks!").kind is Kind.THANKS


@pytest.mark.parametrize("message", ["@bot", "@newsbot", "lol", "ok so um", "@bot lol", "hmm",
                                     "anyone?", "🙏 @bot 🙏", "@news_bot pls", "haha 😂"])
def test_chat_alone_asks_nothing(bundled_index: SentenceIndex, message: str) -> None:
    # Before, "@bot" or "lol" was searched for and got "That's not in the articles I have".
    assert only_chat(message)
    assert answer_question(bundled_index, message).kind is Kind.EMPTY


@pytest.mark.parametrize("message", ["when did it start? lol", "@bot who is peskov",
                                     "???", "😂", "the and of", "bridge toll"])
def test_a_question_or_no_words_is_not_chat_alone(message: str) -> None:
    assert not only_chat(message)
