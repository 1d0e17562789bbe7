"""Chat words are peeled only where they are chat (issue 10 item 4): a closer that is the
question's last word ("what is idk", "who is the bot"), an opener that starts the
question's noun phrase ("sorry state of the economy") and letters typed three times in a real
word of any language ("Schifffahrt", "Brennnessel") stay as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.index import SentenceIndex
from bot.search.phrasing import core_question, only_chat
from tests.helpers.wrappers import (
    HELD_OUT_3,
    QUESTIONS,
    assert_wrappers_keep_answers,
    first_quote,
    read_wrappers,
)

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(("message", "question"), [
    # a closer that the question's last word needs: a copula, an article, a preposition before a name
    ("what is idk", "what is idk"),
    ("what is idk?", "what is idk?"),
    ("what does the acronym lol", "what does the acronym lol"),
    ("who is the bot", "who is the bot"),
    ("where did he meet his mate", "where did he meet his mate"),
    ("what happened to the guys", "what happened to the guys"),
    # ... and the same words where they are chat
    ("who won idk", "who won"),
    ("who makes vitamin a lol", "who makes vitamin a"),
    ("who led the series a thx", "who led the series a"),
    ("who won? idk", "who won?"),
    ("where is he from lol", "where is he from"),
    ("what was it about thx", "what was it about"),
    ("what was it about thanks!", "what was it about"),
    ("what club does he play for cheers", "what club does he play for"),
    ("where did it go to anyone??", "where did it go to"),
    ("how many kids do they have lol", "how many kids do they have"),
    ("what will it be called thx", "what will it be called"),
    ("it would be like what lol", "it would be like what"),
    ("who won cheers", "who won"),
    ("who won? cheers mate", "who won?"),
])
def test_a_closer_is_peeled_only_where_it_is_chat(message: str, question: str) -> None:
    assert core_question(message) == question


@pytest.mark.parametrize(("message", "question"), [
    # an opener directly before a word it may describe is the question's own
    ("sorry state of the economy?", "sorry state of the economy?"),
    ("well water contamination in kent?", "well water contamination in kent?"),
    ("morning star owner?", "morning star owner?"),
    ("evening standard theatre awards winner?", "evening standard theatre awards winner?"),
    ("question time presenter?", "question time presenter?"),
    ("quick ratio of tesco?", "quick ratio of tesco?"),
    ("curious incident author?", "curious incident author?"),
    ("k street lobbyists?", "k street lobbyists?"), ("er wait times in wales?",
                                                     "er wait times in wales?"),
    ("k who won", "who won"), ("er, who won", "who won"), ("oh who won", "who won"),
    # ... and chat before a question word, a pronoun, a comma or more chat
    ("sorry who won?", "who won?"),
    ("sorry, sorry state of the economy?", "sorry state of the economy?"),
    ("sorry the economy?", "the economy?"),
    ("well, who won?", "who won?"),
    ("well who won", "who won"),
    ("morning all, who won", "who won"),
    ("morning 😊 who won", "who won"),
    ("morning 😊 max jail term for pirates?", "max jail term for pirates?"),
    ("evening! who won", "who won"),
    ("quick how many troops", "how many troops"),
    ("sorry hey who won", "who won"),
    ("hey sorry state of the economy?", "sorry state of the economy?"),
])
def test_an_opener_is_peeled_only_where_it_is_chat(message: str, question: str) -> None:
    assert core_question(message) == question


@pytest.mark.parametrize("message", ["sorry", "well", "morning!", "sorry idk", "quick question"])
def test_chat_alone_is_still_only_chat(message: str) -> None:
    assert only_chat(message)


@pytest.mark.parametrize(("message", "question"), [
    # real words with a letter three times: German compounds, Dutch, an English "-less"
    ("how many jobs in der Schifffahrt?", "how many jobs in der Schifffahrt?"),
    ("wo wächst Brennnessel?", "wo wächst Brennnessel?"),
    ("wer baut den Seeelefant?", "wer baut den Seeelefant?"),
    ("Kaffeeernte in Brasilien?", "Kaffeeernte in Brasilien?"),
    ("Balletttänzer in Berlin", "Balletttänzer in Berlin"),
    ("wie teuer ist die Sauerstoffflasche?", "wie teuer ist die Sauerstoffflasche?"),
    ("who sells shellless eggs?", "who sells shellless eggs?"),
    # ... and chat stretching, at a word's end or to an English or chat word
    ("who won? thank youuu", "who won?"),
    ("pleeease who won", "who won"),
    ("sooo who won", "who won"),
    ("whaaat did peskov say", "what did peskov say"),
    ("who won plsss", "who won"),
    ("who won pleaseee", "who won"),
    ("hmmm who won", "who won"),
    ("hiii who won", "who won"),
    ("goooood morning, who won", "who won"),
])
def test_stretched_letters_are_repaired_only_in_chat(message: str, question: str) -> None:
    assert core_question(message) == question


def test_a_closer_that_is_the_question_keeps_its_answer(bundled_index: SentenceIndex) -> None:
    # "is" needs what follows it: "idk" is what the question asks about, so the answer is
    # that of the question as typed, not of "who is" alone.
    assert first_quote(bundled_index, "who is peskov idk") == first_quote(bundled_index, "who is peskov")
    assert core_question("who is idk") == "who is idk"


@pytest.mark.parametrize(("message", "question"), [
    # the fourth set's families: other languages' greetings and thanks
    ("привет who won?", "who won?"), ("Привет, who won?", "who won?"),
    ("bonjour, who won?", "who won?"), ("hallo zusammen, who won?", "who won?"),
    ("servus! who won?", "who won?"), ("ciao who won", "who won"), ("moin who won", "who won"),
    ("buenos dias, who won", "who won"), ("guten morgen who won", "who won"),
    ("who won? danke schön!", "who won?"), ("who won gracias", "who won"),
    ("who won? merci beaucoup", "who won?"), ("who won спасибо", "who won"),
    ("who won grazie!", "who won"),
    # greeting whom, typos of chat words
    ("hey y'all who won", "who won"), ("howdy partner, who won", "who won"),
    ("good arvo, who won", "who won"), ("helo who won", "who won"), ("ello who won", "who won"),
    ("who won thnks", "who won"), ("who won? thks", "who won?"), ("who won thank uuu", "who won"),
    ("who won thankyou", "who won"),
    # fillers
    ("okie who won", "who won"), ("okey so who won", "who won"), ("kk who won", "who won"),
    ("aight who won", "who won"), ("anyways who won", "who won"),
    ("lemme ask, who won", "who won"), ("right, who won", "who won"),
    ("basically who won", "who won"),
    # laughter and emoticons
    ("who won jaja", "who won"), ("who won ahahah", "who won"), ("who won lmaoo", "who won"),
    ("who won хаха", "who won"), ("who won :P", "who won"), ("who won :-D", "who won"),
    ("who won ^^", "who won"), ("who won? ¯\\_(ツ)_/¯", "who won?"), ("who won any1?", "who won"),
    # ... and where the same words are the question's own
    ("right wing parties in france?", "right wing parties in france?"),
    ("basically income scheme results?", "basically income scheme results?"),
    ("ola cabs funding?", "ola cabs funding?"), ("oi telecom debt?", "oi telecom debt?"),
    ("did the government change tack", "did the government change tack"),
    ("what is windows xp", "what is windows xp"),
])
def test_the_fourth_sets_families(message: str, question: str) -> None:
    assert core_question(message) == question


def test_every_wrapper_of_the_fourth_set_keeps_every_answer(bundled_index: SentenceIndex) -> None:
    fourth = read_wrappers(HELD_OUT_3)
    assert assert_wrappers_keep_answers(bundled_index, fourth) == len(QUESTIONS) * len(fourth)
    assert len(fourth) >= 70


@pytest.mark.parametrize(("message", "question"), [
    # a chat word joined to the next or the last by a hyphen is part of a word
    ("yo-yo dieting study?", "yo-yo dieting study?"),
    ("well-known economist who died?", "well-known economist who died?"),
    ("so-called bad bank?", "so-called bad bank?"),
    ("hi-fi sales?", "hi-fi sales?"),
    ("k-pop revenue?", "k-pop revenue?"),
    ("yes-men in the cabinet?", "yes-men in the cabinet?"),
    ("thank-you letters from the queen?", "thank-you letters from the queen?"),
    ("who built the chat-bot", "who built the chat-bot"),
    ("ok, well-known?", "well-known?"),
    # ... and chat with a dash between is still chat
    ("hey - who won?", "who won?"), ("who won - thx", "who won"),
    ("hey, so-called bad bank?", "so-called bad bank?"),
])
def test_a_hyphenated_word_is_not_chat(message: str, question: str) -> None:
    assert core_question(message) == question
