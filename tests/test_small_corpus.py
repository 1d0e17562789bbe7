"""Answering does not depend on the corpus being large: a new bot starts with one article.

BM25Okapi gives a term found in half the sentences an idf of 0, so with two sentences the
engine alone finds nothing for "bridge toll" in an article about the bridge toll.
"""

from __future__ import annotations

from bot.corpus import Article
from bot.search.answer import answer_question
from bot.search.index import SentenceIndex

TOLL = Article(
    "toll", "Bridge toll to rise", "https://example.com/toll", "Local News", "2024-05-02",
    "The bridge toll will rise to $3 in June. Drivers can pay with a tag or by card.")


def test_one_short_article_answers() -> None:
    index = SentenceIndex([TOLL])
    for question in ("bridge toll", "how much will the bridge toll be?",
                     "when does the toll rise", "how can drivers pay?"):
        answer = answer_question(index, question)
        assert answer.answered, question
    assert "$3" in answer_question(index, "how much will the bridge toll be?").quotes[0].text
    assert "card" in answer_question(index, "how can drivers pay?").quotes[0].text


def test_one_short_article_still_abstains_off_topic() -> None:
    index = SentenceIndex([TOLL])
    assert not answer_question(index, "who won the football match?").answered
    assert not answer_question(index, "what is the price of gold").answered
