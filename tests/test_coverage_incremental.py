"""The "not found" summary of a grown snapshot: its new articles taken in, the same text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.corpus import Article, load_corpus, write_article
from bot.search import answer as answer_module
from bot.search.answer import (
    _coverage_added,
    _coverage_state,
    _render_coverage,
    coverage_summary,
    index_coverage,
)
from bot.search.library import Library
from bot.search.watch import CorpusWatcher


def story(number: int, title: int, day: int, source: str = "Wire") -> Article:
    return Article(f"2024-03-{day:02d}-story-{number}", f"Story number {title} today",
                   f"https://news.example/{number}", source, f"2024-03-{day:02d}",
                   f"Body of story {number}.")


@pytest.mark.parametrize("seed", range(12))
def test_added_articles_give_the_summary_of_all(seed: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answer_module, "COVERAGE_KEPT", 4)  # stories not kept come soon
    rng = random.Random(seed)
    articles = [story(n, rng.randrange(12), rng.randrange(1, 29), rng.choice("ABC"))
                for n in range(40)]
    first = rng.randrange(0, 30)
    state = _coverage_state(articles[:first])
    while state.count < len(articles):
        step = rng.randrange(1, 6)
        grown = _coverage_added(state, articles[state.count : state.count + step])
        whole = _coverage_state(articles[: state.count + step])
        if grown is not None:  # None: it could not tell, the caller reads everything
            assert _render_coverage(grown) == _render_coverage(whole)
            assert grown.n_stories == whole.n_stories
            assert [k for k, _ in grown.stories] == [k for k, _ in whole.stories]
        state = whole
    assert _render_coverage(state) == coverage_summary(articles)


def test_an_old_story_lifted_by_a_new_article_is_worked_out_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(answer_module, "COVERAGE_KEPT", 2)
    articles = [story(1, 1, 1), story(2, 2, 2), story(3, 3, 3)]
    state = _coverage_state(articles)  # stories 3 and 2 kept; story 1 not
    assert _coverage_added(state, [story(4, 1, 9)]) is None  # story 1 becomes the newest
    older = _coverage_added(state, [story(5, 1, 1)])  # story 1, still the oldest
    assert older is not None
    assert _render_coverage(older) == coverage_summary([*articles, story(5, 1, 1)])


def test_a_grown_snapshot_takes_in_only_its_new_articles(mini_corpus: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    library = Library(mini_corpus)
    library.wait_warm()
    first = library.current
    assert index_coverage(first.index) == coverage_summary(list(first.corpus.articles))
    read_all: list[int] = []
    real = answer_module._coverage_state
    monkeypatch.setattr(answer_module, "_coverage_state",
                        lambda articles: read_all.append(len(articles)) or real(articles))
    watcher = CorpusWatcher(library)
    write_article(mini_corpus, Article("2031-02-01-harbour-news", "A brand new story",
                                       "https://harbour.example/new", "Harbour News",
                                       "2031-02-01", "The harbour got a new crane."))
    assert watcher.check() is not None
    second = library.current
    summary = index_coverage(second.index)
    assert read_all == []  # the new article alone was taken in
    assert summary == coverage_summary(list(load_corpus(mini_corpus).articles))
    assert "A brand new story" in summary
