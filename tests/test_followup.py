"""Follow-up questions in the core: detection, resolution, answers in a conversation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.search.answer import answer_question
from bot.search.dialogue import answer_in_conversation
from bot.search.followup import Conversation, Lean, Turn, lean, resolve
from bot.search.index import SentenceIndex, load_index
from bot.search.render import answer_to_json, answer_to_text

SEED = Path(__file__).parent.parent / "corpus"


@pytest.fixture(scope="module")
def seed_index() -> SentenceIndex:
    return load_index(SEED)[1]


def play(index: SentenceIndex, *questions: str):
    """Answer questions in one conversation; the answers, in order."""
    conversation = Conversation()
    answers = []
    for question in questions:
        answer, conversation = answer_in_conversation(index, question, conversation)
        answers.append(answer)
    return answers


@pytest.mark.parametrize(("question", "terms", "expected"), [
    ("and why?", [], Lean.ELLIPSIS),
    ("when?", [], Lean.ELLIPSIS),
    ("how many of them?", [], Lean.ELLIPSIS),
    ("who confirmed it?", ["confirm"], Lean.PRONOUN),
    ("where did they go?", ["go"], Lean.PRONOUN),
    ("what about Armenia?", ["armenia"], Lean.ABOUT),
    ("and the price?", ["price"], Lean.ABOUT),
    # Short wh-questions lean softly: answered as alone, the conversation breaks ties.
    ("what is the capital of France?", ["capit", "franc"], Lean.IMPLICIT),
    ("who came second?", ["came", "second"], Lean.IMPLICIT),
    ("is the capital of France Paris?", ["capit", "franc", "pari"], None),
    ("what time is it?", ["time"], None),
    ("do you know it?", [], None),
    ("who won the bafta for best actress in 2005?", ["won", "bafta", "best", "actress", "2005"],
     None),
    ("ok", [], None),
])
def test_lean(question: str, terms: list[str], expected: Lean | None) -> None:
    assert lean(question, terms) is expected


def test_who_confirmed_it_quotes_peskov(seed_index: SentenceIndex) -> None:
    first, follow = play(seed_index, "when did the withdrawal start?", "who confirmed it?")
    assert first.context is None  # the opening question stands on its own
    assert follow.answered and "Dmitry Peskov" in follow.quotes[0].text
    assert follow.context is not None and follow.context.lean is Lean.PRONOUN
    assert follow.context.topic == "when did the withdrawal start?"
    # Asked alone, the same words are not answered: the conversation made the difference.
    assert not answer_question(seed_index, "who confirmed it?").answered


def test_why_after_how_many_quotes_fearing_reprisals(seed_index: SentenceIndex) -> None:
    _, why = play(seed_index, "How many ethnic Armenians left?", "why?")
    assert why.answered and "fearing reprisals" in why.quotes[0].text
    assert answer_question(seed_index, "why?").kind.value == "empty"


def test_context_never_answers_an_off_topic_question(seed_index: SentenceIndex) -> None:
    questions = ("what is the capital of France?", "what time is it?", "who won the world cup?",
                 "is it raining?")
    answers = play(seed_index, "when did the withdrawal start?", *questions)
    assert not answers[1].answered  # the example of the issue
    for question, answer in zip(questions, answers[1:]):
        assert answer.context is None, question  # nothing was taken from the conversation
        assert answer.quotes == answer_question(seed_index, question).quotes


def test_follow_up_after_an_unanswered_question_leans_on_the_answered_one(
        seed_index: SentenceIndex) -> None:
    *_, why = play(seed_index, "How many ethnic Armenians left?", "what is the capital of France?",
                   "why?")
    assert why.answered and "fearing reprisals" in why.quotes[0].text


def test_the_answer_says_what_it_understood(seed_index: SentenceIndex) -> None:
    _, follow = play(seed_index, "when did the withdrawal start?", "who confirmed it?")
    text = answer_to_text(follow)
    assert text.startswith("(about: Russian peacekeepers started withdrawal from "
                           "Nagorno-Karabakh")
    assert "after “when did the withdrawal start?”" in text.splitlines()[0]
    data = answer_to_json(follow)
    assert data["context"]["lean"] == "pronoun"
    assert data["context"]["topic"] == "when did the withdrawal start?"
    assert data["context"]["articles"] and "withdraw" in data["context"]["terms"]
    json.dumps(data)


def test_greetings_and_thanks_leave_the_conversation_alone(seed_index: SentenceIndex) -> None:
    conversation = Conversation()
    _, conversation = answer_in_conversation(seed_index, "How many ethnic Armenians left?",
                                             conversation)
    for chatter in ("thanks!", "hi"):
        _, after = answer_in_conversation(seed_index, chatter, conversation)
        assert after == conversation
    answer, _ = answer_in_conversation(seed_index, "and why?", conversation)
    assert "fearing reprisals" in answer.quotes[0].text


def test_conversation_round_trip_and_bad_data() -> None:
    conversation = Conversation().add(Turn("q1", "q1", (("a", 3),))).add(
        Turn("why?", "q1", (("a", 3), ("b", 0)), followup=True))
    assert Conversation.loads(conversation.dumps()) == conversation
    assert Conversation.loads("not json") == Conversation()
    assert Conversation.loads('[{"no": 1}]') == Conversation()
    for number in range(10):
        conversation = conversation.add(Turn(f"q{number}", f"q{number}"))
    assert len(conversation.turns) == 4 and conversation.turns[-1].question == "q9"


def test_a_quote_gone_from_the_corpus_is_skipped(seed_index: SentenceIndex) -> None:
    conversation = Conversation().add(Turn("How many ethnic Armenians left?",
                                           "How many ethnic Armenians left?",
                                           (("no-such-article", 4),)))
    context = resolve(seed_index, "why?", conversation)
    assert context is not None and context.articles == ()  # the question's words still count
    assert "armenian" in context.terms


def test_a_short_question_about_another_story_starts_its_own_topic(
        mini_corpus: Path) -> None:
    import shutil

    for article in SEED.glob("*.md"):
        shutil.copy(article, mini_corpus / article.name)
    index = load_index(mini_corpus, cache=False)[1]
    first, strike, why = play(index, "How many ethnic Armenians left?",
                              "when did the strike end?", "and why?")
    assert first.answered and strike.answered
    assert "strike" in strike.quotes[0].text  # answered as alone, from the other story
    assert strike.context is None  # the conversation chose nothing: no "(about: ...)"
    assert strike.quotes == answer_question(index, "when did the strike end?").quotes
    assert why.context is not None and why.context.topic == "when did the strike end?"


def test_an_implicit_follow_up_is_answered_from_the_article_just_quoted(
        seed_index: SentenceIndex) -> None:
    _, took = play(seed_index, "How many ethnic Armenians left?", "who took over the territory?")
    assert took.context is not None and took.context.lean is Lean.IMPLICIT
    assert took.answered and "Baku took over the territory" in took.quotes[0].text
    assert all(q.sources[0].article_id in took.context.articles for q in took.quotes)


def test_the_note_follows_the_reply_language(seed_index: SentenceIndex) -> None:
    from bot.common.i18n import language

    _, follow = play(seed_index, "when did the withdrawal start?", "who confirmed it?")
    with language("ru"):
        assert answer_to_text(follow).startswith("(о чём: Russian peacekeepers started")
    assert answer_to_text(follow).startswith("(about: Russian peacekeepers started")
