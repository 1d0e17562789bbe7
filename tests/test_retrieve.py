"""The retrieval pipeline shared by answers and evaluation: candidates, features, ranking."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Article
from bot.search import features, retrieve
from bot.search.answer import answer_question
from bot.search.decision import DECIDE_TOP
from bot.search.index import SentenceIndex, load_index


def article(number: int, title: str, body: str) -> Article:
    return Article(f"a{number}", title, f"https://example.com/{number}", "Desk", "2024-01-0"
                   f"{number}", body)


@pytest.fixture
def index() -> SentenceIndex:
    return SentenceIndex([
        article(1, "Harbour Bridge", "The Harbour Bridge is a steel arch over the bay. "
                "It opened in 1932 after eight years of work.\n\nTolls pay for its upkeep."),
        article(2, "City tunnel", "The city tunnel runs under the river. The tunnel opened "
                "in 1992.\n\nIt carries two lanes."),
        article(3, "Comet", "A comet passed the Sun in December. Its tail glowed green."),
        article(4, "Farm", "Farmers harvested wheat early because of the drought."),
        article(5, "Port", "Dock workers went on strike over pay at the port."),
        article(6, "Chips", "A new chip factory opened in the valley."),
    ])


def test_context_lifts_the_sentence_after_the_one_naming_the_subject(index: SentenceIndex) -> None:
    # Alone, "It opened in 1932 ..." only shares "open" with the question, as the shorter
    # "The tunnel opened in 1992." does (which BM25 alone ranks higher); its paragraph names the
    # bridge, so it comes first of the two, among the top two.
    texts = [h.sentence.text for h in retrieve.rank(index, "When did the Harbour Bridge open?", 5)]
    bridge = texts.index("It opened in 1932 after eight years of work.")
    assert bridge <= 1
    assert bridge < texts.index("The tunnel opened in 1992.")
    alone = [h.sentence.text for h in index.search(["open"], 5)]
    assert alone.index("The tunnel opened in 1992.") < alone.index(
        "It opened in 1932 after eight years of work.")


def test_answer_type_prefers_a_sentence_with_a_date(index: SentenceIndex) -> None:
    hits = retrieve.rank(index, "when did the city tunnel open", 2)
    assert hits[0].sentence.text == "The tunnel opened in 1992."


def test_rank_is_best_first_and_honours_k(index: SentenceIndex) -> None:
    hits = retrieve.rank(index, "tunnel bridge comet opened", 4)
    assert 0 < len(hits) <= 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert retrieve.rank(index, "tunnel", 0) == []


def test_empty_and_unknown_questions_rank_nothing(index: SentenceIndex) -> None:
    assert retrieve.rank(index, "what is the", 5) == []
    assert retrieve.rank(index, "zzzqqq", 5) == []


def test_only_candidates_are_rescored(index: SentenceIndex) -> None:
    query = retrieve.analyse(index, "When did the Harbour Bridge open?")
    docs, from_engine = retrieve.candidates(index, query)
    assert from_engine <= retrieve.RERANK_HITS
    # The engine's hits first, then the rest of their paragraphs: never the whole index.
    assert set(docs) == {0, 1, 3, 4, 10}
    rows = retrieve.features(index, query, docs, from_engine)
    names = retrieve.feature_names()
    assert len(rows) == len(docs) and all(len(r) == len(names) for r in rows)
    # Every feature of the table has its weight, by name, in weights.json.
    assert set(names) <= set(features.RERANK_WEIGHTS)


def test_typo_is_corrected_before_search(index: SentenceIndex) -> None:
    query = retrieve.analyse(index, "when did the brigde open")
    assert [(c.word, c.replacement) for c in query.corrections] == [("brigde", "bridge")]
    assert "bridg" in query.terms


def test_answers_use_the_same_ranking(seed_corpus: Path) -> None:
    _, index = load_index(seed_corpus)
    question = "when did the withdrawal start?"
    answer = answer_question(index, question)
    ranked = retrieve.rank(index, question, 20)
    # First: one of the two sentences tests/data/abstention.jsonl accepts for it, the lede
    # or Peskov's "Asked on Wednesday about the reports that Russian peacekeepers had started
    # a withdrawal ..." (the one that says when).
    assert ranked[0].sentence.text.startswith(("Russian peacekeepers have begun withdrawing",
                                               "Asked on Wednesday about the reports"))
    # The answer decision quotes one of the ranking's best distinct sentences (its choice
    # need not be the first).
    best = list(dict.fromkeys(h.sentence.text for h in ranked))[:DECIDE_TOP]
    assert answer.quotes[0].text in best
