"""The labelled question set on the bundled corpus: answer what it holds, abstain on the rest.

tests/data/abstention.jsonl has answerable questions (with a piece of the sentence that answers
them) and questions the articles cannot answer: off-topic ones and ones about the clutter of the
seed pages (the other headlines: "Rupee sheds 10 paisa", "Babar Azam", "Nawaz Sharif" ...).
The rates asserted are the ones measured when the set was written (README, "Answer quality").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.search.answer import answer_question
from bot.search.index import SentenceIndex, load_index

QUESTIONS = [json.loads(line) for line in
             (Path(__file__).parent / "data" / "abstention.jsonl").read_text("utf-8").splitlines()
             if line.strip()]
ANSWERABLE = [q for q in QUESTIONS if q["answerable"]]
OFF_TOPIC = [q for q in QUESTIONS if not q["answerable"]]
# Measured: every answerable question answered has the expected sentence first. The bot
# abstains on one that uses words the articles never use ("come from"; "confirmed" is read as
# the articles' "true", bot.search.paraphrase), and, since
# the answer decision is learned (issue 10), on one yes/no question whose verb the lede does not
# use ("leaving" for "withdrawing"): the learned decision's held-out figures are far better
# (README), and it is less sure of yes/no questions, which neither tuning set has many of.
# Refitted on the larger news tune half (8 options, listwise select), it also withholds "When
# did the Russian peacekeepers begin to withdraw?": it prefers "... reported this week that
# Russian troops had begun leaving" (a date for "when"), at probability 0.27. With the unit
# features it answers it again, quoting Peskov's "Asked on Wednesday ... 'Yes, that's true.'"
# first: a date for "when" too, so an item may name other sentences that answer it ("or").
# With the features of the question's head word, the order of its terms and the options
# compared with each other, the yes/no question "are russian peacekeepers leaving
# nagorno-karabakh" is answered with the lede (probability 0.45, threshold 0.45).
# Refitted with the question's names and the options' standardised scores and passages (issue
# 10, third round; threshold 0.45 from the tuning halves' curve, not from this set), it
# withholds that yes/no question again (0.425) and "Who said the process has already started?"
# (0.418: it prefers the quote "The process has already started." itself, whose speaker the
# next sentence names), and it quotes Peskov's "Asked on Wednesday about the reports that
# Russian peacekeepers had started a withdrawal ..." for "when did the withdrawal start?", the
# sentence the set already accepts for "When did the Russian peacekeepers begin to withdraw?"
# (so those two items accept it too). Answered: 33 of 36, each with a right first quote.
# With the paraphrase covers (soft_cover, soft_window_cover: WordNet's related words of the
# question's) and refitted on main's news-tuned ranking, it answers "Who said
# the process has already started?" (0.54: the quote "The process has already started." is
# completed to the end of its quotation, which names Hikmet Hajiyev) and the yes/no question
# "are russian peacekeepers leaving nagorno-karabakh" (0.52, with the lede). For "when did the
# withdrawal start?" the select model can hardly tell Peskov's "Asked on Wednesday ..." (0.3683,
# answer probability 0.60) from "Azerbaijani state media reported this week ..." (0.3676,
# 0.47): of such near equals (bot.search.decision.TIE) the answer model's choice comes first.
# Answered: 35 of 36, each with a right first quote.
KNOWN_ABSTENTIONS = {"Where did the ceasefire come from?"}


@pytest.fixture(scope="module")
def index() -> SentenceIndex:
    return load_index(Path(__file__).parent.parent / "corpus")[1]


def test_the_set_is_big_enough() -> None:
    assert len(ANSWERABLE) >= 30 and len(OFF_TOPIC) >= 15


@pytest.mark.parametrize("item", OFF_TOPIC, ids=lambda q: q["question"])
def test_off_topic_questions_get_not_in_the_articles(index: SentenceIndex, item: dict) -> None:
    answer = answer_question(index, item["question"])
    assert not answer.answered
    assert answer.message.startswith("That's not in the articles")


@pytest.mark.parametrize("item", ANSWERABLE, ids=lambda q: q["question"])
def test_answerable_questions_are_answered_with_the_right_sentence(index: SentenceIndex,
                                                                   item: dict) -> None:
    answer = answer_question(index, item["question"])
    if item["question"] in KNOWN_ABSTENTIONS:
        assert not answer.answered
        return
    assert answer.answered
    assert any(e in answer.quotes[0].text for e in [item["expect"], *item.get("or", [])])


def test_rates(index: SentenceIndex) -> None:
    answered = [answer_question(index, q["question"]) for q in ANSWERABLE]
    first = sum(a.answered and any(e in a.quotes[0].text for e in [q["expect"], *q.get("or", [])])
                for a, q in zip(answered, ANSWERABLE))
    false = sum(answer_question(index, q["question"]).answered for q in OFF_TOPIC)
    assert sum(a.answered for a in answered) / len(ANSWERABLE) >= 35 / 36
    assert first / len(ANSWERABLE) >= 35 / 36
    assert false == 0


def test_a_one_word_question_naming_its_thing_is_answered(index: SentenceIndex) -> None:
    # "ceasefire" is in 2 of the 24 sentences, as rare as "true": only "the" tells "when was
    # the ceasefire" (a thing named) from "is that true?" (a pointer to the chat).
    answer = answer_question(index, "when was the ceasefire")
    assert answer.answered and "ceasefire" in answer.quotes[0].text
    for pointer in ("is that true?", "who confirmed it?", "who said that?"):
        assert not answer_question(index, pointer).answered
