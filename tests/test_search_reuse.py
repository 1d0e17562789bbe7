"""align's first search is retrieval's (issue 10, latency): one engine search per question where
there were two, with the same hits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.search import retrieve
from bot.search.index import SentenceIndex, load_index
from bot.search.paraphrase import ALIGN_HITS, FirstSearch, align_search

SEED = Path(__file__).parent.parent / "corpus"
QUESTIONS = ["when did the withdrawal start?", "who speaks for the kremlin?",
             "what's the size of the russian contingent?", "what vehicles were seen leaving?",
             "how many peacekeepers were deployed", "who confirmed it"]


@pytest.fixture(scope="module")
def index() -> SentenceIndex:
    return load_index(SEED)[1]


def counting(index: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, ...]]:
    searched: list[tuple[str, ...]] = []
    search = index.search

    def counted(terms, k):
        searched.append(tuple(terms))
        return search(terms, k)

    monkeypatch.setattr(index, "search", counted)
    return searched


@pytest.mark.parametrize("question", QUESTIONS)
def test_the_same_hits_with_one_search(index: SentenceIndex, question: str,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    query = retrieve.analyse(index, question)
    alone = retrieve.rank_query(index, replace(query, searched=None), 20)
    searched = counting(index, monkeypatch)
    reused = retrieve.rank_query(index, query, 20)
    assert [(h.doc, h.score) for h in reused] == [(h.doc, h.score) for h in alone]
    if query.searched is not None and query.searched.terms == query.terms:
        assert searched == []  # retrieval took align's hits
    else:
        assert len(searched) == 1


def test_most_of_these_questions_search_once(index: SentenceIndex,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    searched = counting(index, monkeypatch)
    once = 0
    for question in QUESTIONS:
        searched.clear()
        retrieve.rank(index, question, 20)
        once += len(searched) == 1
    assert once >= len(QUESTIONS) - 1


def test_align_reads_only_its_first_hits(index: SentenceIndex) -> None:
    terms = tuple(index.analyzer.query_terms("when did the withdrawal start"))
    short = align_search("when did the withdrawal start", terms, index)
    long = align_search("when did the withdrawal start", terms, index, keep=100)
    assert short[0] == long[0]
    assert short[1] is not None and long[1] is not None
    assert long[1].hits[:ALIGN_HITS] == short[1].hits[:ALIGN_HITS]


def test_reuse_only_for_the_same_search(index: SentenceIndex) -> None:
    other = load_index(SEED)[1]
    hits = tuple(index.search(["withdraw"], 2))
    first = FirstSearch(("withdraw",), 2, hits, index)
    assert first.reuse(index, ["withdraw"], 1) == list(hits[:1])
    assert first.reuse(index, ["withdraw"], 2) == list(hits)
    assert first.reuse(other, ["withdraw"], 2) is None  # another index
    assert first.reuse(index, ["start"], 2) is None  # other terms
    if len(hits) == 2:
        assert first.reuse(index, ["withdraw"], 3) is None  # it may have stopped short
    assert FirstSearch(("zzz",), 5, (), index).reuse(index, ["zzz"], 100) == []  # found all
