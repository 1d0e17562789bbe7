"""Each article's title terms are kept with the index: answering never analyses a title again
(German compound heads would load simplemma's lexicon for the first question after a start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Article, write_article
from bot.search.context import context
from bot.search.index import SentenceIndex, load_index
from bot.search.lang import analyzer_for

GERMAN = Article("2024-05-02-bibel", "Die Bibelübersetzung erscheint im Frühjahr",
                 "https://verlag.example/bibel", "Verlagsblatt", "2024-05-02",
                 "Der Verlag kündigte an, dass die neue Übersetzung im März erscheint.\n\n"
                 "Die Arbeiten dauerten mehr als zehn Jahre.", language="de")
ENGLISH = Article("2024-05-03-ferry", "Harbour ferries return", "https://harbour.example/f",
                  "Harbour News", "2024-05-03", "The ferry sailed again at dawn.")


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in (GERMAN, ENGLISH):
        write_article(corpus, article)
    return corpus


def _terms(article: Article) -> frozenset[str]:
    return frozenset(analyzer_for(article.language).terms(article.title))


def test_title_terms_are_saved_and_read_back_without_analysing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _corpus(tmp_path)
    load_index(corpus)  # builds and saves the index
    _, index = load_index(corpus)  # opened from disk
    assert index.stored is not None
    german = index.for_language("de")
    want = _terms(GERMAN)
    assert "ubersetz|de" in want  # the compound's head: what needed the lexicon

    calls: list[str] = []
    analyzer = analyzer_for("de")
    original = analyzer.terms
    monkeypatch.setattr(analyzer, "terms", lambda text: calls.append(text) or original(text))
    assert german.title_terms_of(GERMAN.id) == want
    assert context(german).title_terms(GERMAN.id) == want
    vocabulary = german.article_vocabulary(GERMAN.id)
    assert want <= vocabulary and "verlag|de" in vocabulary
    assert GERMAN.title not in calls  # nothing analysed the title again
    assert index.title_terms_of(ENGLISH.id) == _terms(ENGLISH)


def test_title_terms_in_memory_and_of_an_index_saved_whole(tmp_path: Path) -> None:
    in_memory = SentenceIndex([GERMAN, ENGLISH])
    assert in_memory.for_language("de").title_terms_of(GERMAN.id) == _terms(GERMAN)
    assert in_memory.title_terms_of(ENGLISH.id) == _terms(ENGLISH)
    in_memory.save(tmp_path / "index")
    _, reopened = load_index(_corpus(tmp_path), index_dir=tmp_path / "index")
    assert reopened.for_language("de").title_terms_of(GERMAN.id) == _terms(GERMAN)


def test_a_question_of_another_language_reads_the_title_with_its_own_analyzer() -> None:
    index = SentenceIndex([GERMAN, ENGLISH])
    # The English article's title as a Russian question's analyzer sees it: not the English
    # terms kept for it (terms of one language never meet another's).
    russian = index.for_language("ru")
    assert russian.title_terms_of(ENGLISH.id) == frozenset(
        analyzer_for("ru").terms(ENGLISH.title))
    assert russian.title_terms_of(ENGLISH.id) != _terms(ENGLISH)
