"""A question asked again in a conversation gets the same answer; questions after an unrelated
or unanswered one behave as alone (issue 10: trust in answers as users type them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.answer import Kind, answer_question
from bot.search.dialogue import answer_in_conversation
from bot.search.followup import (
    Conversation,
    Lean,
    Turn,
    before_asked,
    lean,
    points_to_no_answer,
    resolve,
)
from bot.search.index import SentenceIndex, load_index

SEED = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def seed_index() -> SentenceIndex:
    return load_index(SEED)[1]


def quoted(answer) -> list[str]:
    return [quote.text for quote in answer.quotes]


@pytest.mark.parametrize("again", [
    "when did the withdrawal start?",
    "When did the withdrawal start",
    "hey when did the withdrawal start? thx",
])
def test_a_question_asked_again_quotes_the_same_sentences_in_the_same_order(
        seed_index: SentenceIndex, again: str) -> None:
    # Asked twice, the second asking leaned on its own first answer (its quotes' words and a
    # bonus for their sentences) and gave the two quotes the other way round.
    conversation = Conversation()
    first, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                                 conversation)
    assert len(first.quotes) >= 2
    for _ in range(3):
        answer, conversation = answer_in_conversation(seed_index, again, conversation)
        assert quoted(answer) == quoted(first)
    assert quoted(first) == quoted(answer_question(seed_index, "when did the withdrawal start?"))


def test_a_follow_up_asked_again_leans_on_what_it_leaned_on(seed_index: SentenceIndex) -> None:
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                             conversation)
    first, conversation = answer_in_conversation(seed_index, "who confirmed it?", conversation)
    again, conversation = answer_in_conversation(seed_index, "who confirmed it?", conversation)
    assert first.answered and "Dmitry Peskov" in first.quotes[0].text
    assert quoted(again) == quoted(first)
    assert again.context is not None and again.context.topic == "when did the withdrawal start?"


def test_before_asked_cuts_the_conversation_at_the_first_asking() -> None:
    turns = (Turn("when did it start?", "when did it start?", (("a", 1),)),
             Turn("who confirmed it?", "when did it start?", (("a", 2),), followup=True),
             Turn("what is the capital of france?", "what is the capital of france?"))
    conversation = Conversation(turns)
    assert before_asked("Who confirmed it", conversation).turns == turns[:1]
    assert before_asked("when did it start? lol", conversation).turns == ()
    assert before_asked("why?", conversation) is conversation


def test_and_why_after_an_abstention_quotes_nothing(seed_index: SentenceIndex) -> None:
    # Before, "and why?" leaned on the words of a question the articles do not answer and
    # quoted whatever held them.
    conversation = Conversation()
    first, conversation = answer_in_conversation(seed_index, "who won the 2002 world cup?",
                                                 conversation)
    assert not first.answered
    for follow_up in ("and why?", "where is it?", "how many of them?"):
        answer, _ = answer_in_conversation(seed_index, follow_up, conversation)
        assert not answer.answered and answer.context is None
        # ... and says why, instead of "Ask me a question about the news"
        assert f"“{follow_up}” points to nothing" in answer.message


def test_a_question_after_an_unrelated_one_is_answered_as_alone(
        seed_index: SentenceIndex) -> None:
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "what is the capital of france?",
                                             conversation)
    for question in ("what's the size of the russian contingent?",
                     "who confirmed that the peacekeepers are withdrawing?"):
        answer, _ = answer_in_conversation(seed_index, question, conversation)
        assert quoted(answer) == quoted(answer_question(seed_index, question))


@pytest.mark.parametrize(("question", "terms", "expected"), [
    # Words of time and clauses are not pronouns pointing back.
    ("who's hosting the oscars this year", ["host", "oscar", "year"], None),
    ("how much was copper up this morning", ["copper", "morn"], Lean.IMPLICIT),
    ("who confirmed that the peacekeepers are withdrawing?", ["confirm", "peacekeep", "withdraw"],
     Lean.IMPLICIT),
    ("is there a truce?", ["truce"], None),
    # ... while real ones still are.
    ("who confirmed that?", ["confirm"], Lean.PRONOUN),
    ("when was that deal signed?", ["deal", "sign"], Lean.PRONOUN),
    ("how many fans were there?", ["fan"], Lean.PRONOUN),
])
def test_lean_of_time_words_and_clauses(question: str, terms: list[str],
                                        expected: Lean | None) -> None:
    assert lean(question, terms) is expected


def test_a_question_naming_its_subject_first_stands_on_its_own(
        seed_index: SentenceIndex) -> None:
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                             conversation)
    # "its" points to the subject named before the question, not to the conversation.
    assert resolve(seed_index, "the kremlin, who speaks for it?", conversation) is None
    # Chat before a question names nothing: "it" still points back.
    context = resolve(seed_index, "ok, who confirmed it?", conversation)
    assert context is not None and context.lean is Lean.PRONOUN


def test_a_long_message_is_read_as_the_answer_reads_it(seed_index: SentenceIndex,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # A 4,096-character message: the follow-up reading peeled all of it (the peeling is
    # quadratic in the worst case: seconds for "so so so ..."), though the answer reads only
    # the first MAX_QUESTION_CHARS; and the turn kept all of it, peeled again by every later
    # question of the conversation.
    from bot.common.limits import MAX_QUESTION_CHARS
    from bot.search import followup

    peeled: list[int] = []
    core_question = followup.core_question

    def counted(text: str) -> str:
        peeled.append(len(text))
        return core_question(text)

    monkeypatch.setattr(followup, "core_question", counted)
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                             conversation)
    message = "who confirmed it " + "thx " * 1020
    answer, conversation = answer_in_conversation(seed_index, message, conversation)
    assert answer.question == " ".join(message.split())[:MAX_QUESTION_CHARS]
    assert len(conversation.turns[-1].question) <= MAX_QUESTION_CHARS
    resolve(seed_index, "so " * 1300 + "who confirmed it?", conversation)  # the bot's call
    assert peeled and max(peeled) <= MAX_QUESTION_CHARS


def test_a_message_is_peeled_once(seed_index: SentenceIndex) -> None:
    # The answer (only_chat, core_question) and the follow-up reading (before_asked, the
    # question's own terms) each peeled the same message again.
    from bot.search.phrasing import _peel

    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                             conversation)
    before = _peel.cache_info().misses
    answer, _ = answer_in_conversation(seed_index, "ok so who confirmed it? thx", conversation)
    assert answer.answered and answer.context is not None
    assert _peel.cache_info().misses - before == 1


@pytest.mark.parametrize("follow_up", ["who said that?", "when was that?", "is that true?",
                                       "why is that?", "who confirmed it?", "hey who said that? thx"])
def test_a_follow_up_about_an_answer_never_given_says_so(seed_index: SentenceIndex,
                                                         follow_up: str) -> None:
    # "who said that?" after an abstention quoted a sentence holding "said" and the unanswered
    # question's words, as if the articles had answered it (338 of 369 news questions).
    conversation = Conversation()
    first, conversation = answer_in_conversation(seed_index, "who won the 2002 world cup?",
                                                 conversation)
    assert not first.answered
    answer, after = answer_in_conversation(seed_index, follow_up, conversation)
    assert not answer.answered and answer.kind is Kind.NOT_FOUND
    assert "who won the 2002 world cup?" in answer.message and "whole question" in answer.message
    assert after == conversation  # nothing to remember: the next question starts from the same


@pytest.mark.parametrize("between", [None, "who won the 2002 world cup?"])
def test_a_follow_up_about_an_answer_given_still_quotes(seed_index: SentenceIndex,
                                                        between: str | None) -> None:
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "when did the withdrawal start?",
                                             conversation)
    if between is not None:  # an unanswered question in between does not break the thread
        _, conversation = answer_in_conversation(seed_index, between, conversation)
    answer, _ = answer_in_conversation(seed_index, "who confirmed it?", conversation)
    assert answer.answered and "Dmitry Peskov" in answer.quotes[0].text


def test_who_said_that_after_an_answer_and_a_refusal_means_the_refusal(
        seed_index: SentenceIndex) -> None:
    # "that" points to the last thing asked, which was not answered; "it" may still mean the
    # topic of the thread.
    conversation = Conversation()
    for asked in ("when did the withdrawal start?", "who won the 2002 world cup?"):
        _, conversation = answer_in_conversation(seed_index, asked, conversation)
    said, _ = answer_in_conversation(seed_index, "who said that?", conversation)
    assert not said.answered and "“who won the 2002 world cup?”" in said.message
    assert points_to_no_answer(seed_index, "who confirmed it?", conversation) is None
    assert points_to_no_answer(seed_index, "and why?", conversation) is None


def test_a_pronoun_for_what_an_unanswered_question_named_still_leans(
        seed_index: SentenceIndex) -> None:
    # "how big was it?" points to the deficit the question named, not to an answer.
    unanswered = Conversation((Turn("what did greenspan say about the us budget deficit?",
                                    "what did greenspan say about the us budget deficit?"),))
    assert points_to_no_answer(seed_index, "how big was it last year?", unanswered) is None
    assert points_to_no_answer(seed_index, "which committee was he speaking to?",
                               unanswered) is None
    assert points_to_no_answer(seed_index, "who said that?", unanswered) == (
        "what did greenspan say about the us budget deficit?", "that")
    assert points_to_no_answer(seed_index, "who said this yesterday?", unanswered) == (
        "what did greenspan say about the us budget deficit?", "this")
    # "that" opening a clause: a question of its own, answered as alone
    assert points_to_no_answer(seed_index, "who said that russia left?", unanswered) is None
    assert points_to_no_answer(seed_index, "who said that peskov lied?", unanswered) is None
