"""Each article's title terms are kept with the index: answering never analyses a title again
(German compound heads would load simplemma's lexicon for the first question after a start)."""

from __future__ import annotations

import json
import logging
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


def test_an_index_saved_without_title_terms_still_opens_and_is_extended(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # An index saved before the column existed (same pipeline): opened as it is, titles read
    # from their text; and saved again with a new article, still right.
    corpus = _corpus(tmp_path)
    load_index(corpus)
    for part in (corpus / ".newsbot-index").glob("p*/part.json"):
        meta = json.loads(part.read_text(encoding="utf-8"))
        for name in ("a_title_terms", "a_title_terms_offsets"):
            del meta["arrays"][name]
            (part.parent / f"{name}.npy").unlink()
        part.write_text(json.dumps(meta), encoding="utf-8")
    caplog.set_level(logging.INFO, logger="bot.search.index")
    _, index = load_index(corpus)
    assert index.stored is not None and "rebuild" not in caplog.text  # opened, not rebuilt
    assert index.for_language("de").title_terms_of(GERMAN.id) == _terms(GERMAN)
    assert index.title_terms_of(ENGLISH.id) == _terms(ENGLISH)

    later = Article("2024-05-04-kai", "Der Kai wird erneuert", "https://hafen.example/kai",
                    "Hafenblatt", "2024-05-04", "Die Arbeiten am Kai beginnen im Juni.",
                    language="de")
    write_article(corpus, later)
    load_index(corpus)  # adds the new article to the saved index
    _, extended = load_index(corpus)
    german = extended.for_language("de")
    assert german.title_terms_of(later.id) == _terms(later)
    assert german.title_terms_of(GERMAN.id) == _terms(GERMAN)
