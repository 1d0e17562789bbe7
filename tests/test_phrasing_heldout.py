"""Chat as people type it in Telegram never changes an answer: the held-out wrappers of
tests/data/chat_wrappers_heldout.txt (written before they were measured), framings ("do you
know", "can u tell me", "sorry to bother you but"), a "/ask@bot" command, a trailing mention,
capitals, chat spellings of question words, possessives typed without their apostrophe."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.answer import Kind, answer_question
from bot.search.index import SentenceIndex
from bot.search.phrasing import core_question, only_chat, written_out
from bot.search.spelling import possessive, with_possessives
from tests.helpers.wrappers import (
    HELD_OUT,
    HELD_OUT_2,
    QUESTIONS,
    assert_wrappers_keep_answers,
    first_quote,
    read_wrappers,
    typo,
    wrap,
)

ROOT = Path(__file__).parent.parent
WRAPPERS = read_wrappers(HELD_OUT)
THIRD = read_wrappers(HELD_OUT_2)  # written after WRAPPERS' fixes, before it was measured


@pytest.mark.parametrize(("message", "question"), [
    ("/ask@SomeBot when did the withdrawal start?", "when did the withdrawal start?"),
    ("/ask when did the withdrawal start?", "when did the withdrawal start?"),
    ("when did the withdrawal start? @SomeBot", "when did the withdrawal start?"),
    ("sorry to bother you but hey bot, who is peskov?", "who is peskov?"),
    ("do you know hey what's the size of the contingent", "what is the size of the contingent"),
    ("can u tell me hello, who is peskov", "who is peskov"),
    ("hello? who is peskov", "who is peskov"),
    ("i wonder when did it start", "when did it start"),
    ("any idea who won", "who won"),
    ("so um yeah omg who won!!", "who won!!"),
    ("who won? thx anyone know?", "who won?"),
    ("who won pls and ty", "who won"),
    ("who won asap", "who won"),
    ("who won? ta x", "who won?"),
    ("who won lol x", "who won"),
    ("who killed malcolm x", "who killed malcolm x"),  # a name's x stays
    ("hi\n\nwhen did it start?\n🙏", "when did it start?"),
    ("WHEN DID THE WITHDRAWAL START???", "when did the withdrawal start???"),
    ("wen did it start", "when did it start"),
    ("hw many troops", "how many troops"),
    ("wat vehicles were seen", "what vehicles were seen"),
    ("y did they leave?", "why did they leave?"),
    # the third set's families: thanks, laughter, stretched letters, announced questions
    ("who won? thank youuu", "who won?"), ("who won tysm", "who won"),
    ("who won thx a lot", "who won"), ("who won much appreciated", "who won"),
    ("who won lolol", "who won"), ("pleeease who won", "who won"),
    ("quick question for ya: who won", "who won"), ("another q: who won", "who won"),
    ("pls help who won", "who won"), ("help! who won", "who won"),
    ("who won ? ? ?", "who won???"), ("who won tho", "who won"), ("who won cc @SomeBot", "who won"),
    ("i'd like to know who won", "who won"), ("wait who won", "who won"),
    # ... and the same words where they are the question's own
    ("wait times at hospitals?", "wait times at hospitals?"),
    ("help to buy scheme: how much", "help to buy scheme: how much"),
    ("how much did the government help", "how much did the government help"),
    ("who is like a virgin by", "who is like a virgin by"),
    ("Who did John Elway play for in Super Bowl XXXIII?",
     "Who did John Elway play for in Super Bowl XXXIII?"),  # no stretched letters
    ("whats the size, whos peskov, didnt he say", "what is the size, who is peskov, didn't he say"),
])
def test_core_question_of_chat(message: str, question: str) -> None:
    assert core_question(message) == question


@pytest.mark.parametrize(("typed", "read"), [
    ("y", "y"), ("the y axis", "the y axis"), ("why did y fall", "why did y fall"),
    ("who is hw", "who is hw"), ("omg", "omg"), ("G7 2024", "G7 2024"), ("NATO", "nato"),
    ("When did NATO meet?", "When did NATO meet?"),  # only a message all in capitals
    ("what is its population", "what is its population"),  # "its" is a word, not "it's"
    ("thats what he said", "that's what he said"),
])
def test_written_out_leaves_other_words(typed: str, read: str) -> None:
    assert written_out(typed) == read


@pytest.mark.parametrize("message", ["/ask", "/ask@SomeBot", "sorry", "omg lol", "@SomeBot 🙏"])
def test_chat_alone_still_asks_nothing(bundled_index: SentenceIndex, message: str) -> None:
    assert only_chat(message) or answer_question(bundled_index, message).kind in (
        Kind.EMPTY, Kind.GREETING, Kind.THANKS)


def test_possessives_without_apostrophe() -> None:
    terms = {"bmw": 9, "belgium": 1, "tod": 3, "sale": 82, "year": 284}

    def stem(word: str) -> str:
        return {"bmws": "bmws", "belgiums": "belgium", "tods": "tod", "sales": "sale",
                "years": "year"}.get(word, word)

    def doc_freq(term: str) -> int:
        return terms.get(term, 0)

    def written(word: str) -> bool:
        return word == "tods"  # "Tods Murray": the articles write it so

    assert possessive("bmws", stem, doc_freq) == "bmw's"  # no article has "bmws"
    assert possessive("belgiums", stem, doc_freq, written) == "belgium's"
    assert possessive("tods", stem, doc_freq, written) is None
    assert possessive("sales", stem, doc_freq, written) is None  # a plural, in the word list
    assert possessive("years", stem, doc_freq, written) is None
    assert with_possessives("how did bmws sales do in belgiums year", stem, doc_freq,
                            written) == "how did bmw's sales do in belgium's year"


def test_wrappers_fill_in() -> None:
    assert wrap("{q_typo} plz", "what is it? when? how many?") == "whats it? wen? hw many? plz"
    assert wrap("{Q}???", "who won?") == "WHO WON????"
    assert wrap("{q_bare}?!", "who won?") == "who won?!"
    assert wrap("hey\\n{q}", "who won?") == "hey\nwho won?"
    assert typo("Why did it fall") == "y did it fall"
    assert len(WRAPPERS) >= 50


def test_every_held_out_wrapper_keeps_every_answer(bundled_index: SentenceIndex) -> None:
    checked = assert_wrappers_keep_answers(bundled_index, WRAPPERS)
    answered = sum(first_quote(bundled_index, q) is not None for q in QUESTIONS)
    assert answered >= 30 and checked == len(QUESTIONS) * len(WRAPPERS)


def test_every_wrapper_of_the_third_set_keeps_every_answer(bundled_index: SentenceIndex) -> None:
    assert assert_wrappers_keep_answers(bundled_index, THIRD) == len(QUESTIONS) * len(THIRD)
    assert len(THIRD) >= 50


@pytest.mark.parametrize(("message", "question"), [
    # A name in capitals is no stretched word: "IEEE" was read as "IE", "UNFCCC" as "UNFC"
    # (SQuAD v1.1 dev has both).
    ("What is the IEEE?", "What is the IEEE?"),
    ("What other activities does the UNFCCC require the IPCC to run?",
     "What other activities does the UNFCCC require the IPCC to run?"),
    ("heyyy what did AAAS publish? thank youuu", "what did AAAS publish?"),
    # ... while a message all in capitals is still read as stretched
    ("HEYYY WHO WON", "who won"),
])
def test_names_in_capitals_are_not_stretched(message: str, question: str) -> None:
    assert core_question(message) == question
