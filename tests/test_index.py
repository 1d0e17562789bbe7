"""The sentence index: sentences know their article and position; BM25 order."""

from __future__ import annotations

from pathlib import Path

from bot.corpus import Article, load_corpus
from bot.search.engines import RankBM25Engine
from bot.search.index import SentenceIndex, article_sentences, load_index


def test_sentences_know_article_position_and_paragraph() -> None:
    article = Article("a", "T", "https://e.com", "S", "2024-01-01",
                      "One. Two words here.\n\nThree is in a new paragraph.")
    got = [(s.position, s.paragraph, s.text) for s in article_sentences(article)]
    assert got == [(0, 0, "One."), (1, 0, "Two words here."), (2, 1, "Three is in a new paragraph.")]


def test_search_order_on_mini_corpus(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    terms = index.analyzer.query_terms("How many fans watched the cup final?")
    hits = index.search(terms, k=3)
    assert hits[0].sentence.text == "About 18,000 fans watched the match at the Old Mill stadium."
    assert hits[0].sentence.article_id == "2024-01-20-sports-desk-final"
    assert hits[0].sentence.position == 2
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.score > 0 for h in hits)


def test_search_matches_rank_bm25_scores(mini_corpus: Path) -> None:
    """The index scores every sentence exactly as rank-bm25 would."""
    from rank_bm25 import BM25Okapi

    corpus = load_corpus(mini_corpus)
    index = SentenceIndex(corpus.articles)
    docs = [index.analyzer.terms(s.text) for s in index.sentences]
    reference = BM25Okapi(docs)
    terms = index.analyzer.query_terms("strike pay rise port union")
    scores = reference.get_scores(terms)
    for hit in index.search(terms, k=5):
        assert abs(hit.score - scores[hit.doc]) < 1e-9


def test_unknown_and_empty_queries_find_nothing(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    assert index.search([], k=3) == []
    assert index.search(["zzzzunknown"], k=3) == []


def test_ties_go_to_the_earlier_sentence() -> None:
    docs = [["a", "x"], ["b", "y"], ["a", "x"], ["c", "z"], ["d", "w"], ["e", "v"]]
    hits = RankBM25Engine(docs).top_k(["a"], k=2)
    assert [doc for doc, _ in hits] == [0, 2]
    assert hits[0][1] == hits[1][1] > 0


def test_empty_index_finds_nothing() -> None:
    index = SentenceIndex([])
    assert len(index) == 0
    assert index.search(["anything"], k=3) == []


def test_neighbours_stay_inside_the_article(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    first = next(s for s in index.sentences if s.article_id == "2024-03-06-farm-gazette-drought")
    around = index.neighbours(first, before=2, after=1)
    assert [s.position for s in around] == [0, 1]
    assert {s.article_id for s in around} == {first.article_id}


def test_coverage_weights_rare_terms(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    sentence = next(s for s in index.sentences if "comet" in s.text)
    assert index.coverage(["comet"], sentence) == 1.0
    assert 0 < index.coverage(["comet", "zzzunknown"], sentence) < 0.5
    assert index.coverage([], sentence) == 0.0
