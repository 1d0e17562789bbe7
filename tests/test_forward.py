"""The forward index (each sentence's term ids) and what the reranker reads from it: exactly
what analysing the text again gives, in memory, saved, grown and read from the files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np

from bot.common.columns import RELEASE_READS, ByteReader
from bot.corpus import Article, corpus_listing, load_corpus, write_article
from bot.search.context import same_paragraph
from bot.search.forward import ForwardIndex, doc_freqs
from bot.search.index import (
    Sentence,
    SentenceIndex,
    article_sentences,
    load_index,
    outside_terms,
)
from bot.search.library import Library
from bot.search.text import Analyzer
from bot.search.watch import CorpusWatcher

DATELINE = Article("2024-02-01-wire-storm", "Storm closes the port", "https://wire.example/storm",
                   "Wire", "2024-02-01",
                   "LONDON (Reuters) - A storm closed the port of Dover on Monday. Ferries "
                   "waited offshore.\n\nThe harbour master said it would reopen soon.")
GLUED = Article("2024-02-02-wire-glued", "Glued", "https://wire.example/glued", "Wire",
                "2024-02-02", "PARIS--The minister resigned. Nobody expected it.")


def _old_paragraph(index: SentenceIndex, doc: int) -> range:
    sentences = index.sentences
    here = sentences[doc]
    begin, end = doc, doc + 1
    while begin > 0 and same_paragraph(sentences[begin - 1], here):
        begin -= 1
    while end < len(sentences) and same_paragraph(sentences[end], here):
        end += 1
    return range(begin, end)


def _check(index: SentenceIndex) -> int:
    """Everything read from the forward index equals analysing the text; returns how many
    sentences were checked."""
    analyzer = index.analyzer
    checked = 0
    for article_id in index.articles:
        article = index.articles[article_id]
        assert index.article_vocabulary(article_id) == frozenset(
            analyzer.terms(article.title + "\n" + article.body))
        assert index.article_title(article_id) == article.title
        df: Counter[str] = Counter()
        for doc in index.article_docs(article_id):
            terms = analyzer.terms(index.sentences[doc].text)
            assert list(index.sentence_terms(doc)) == terms
            assert index.sentence_length(doc) == len(terms)
            assert index.paragraph_docs(doc) == _old_paragraph(index, doc)
            df.update(set(terms))
            checked += 1
        wanted = [*df, "neverseen"]
        n, got = index.article_doc_freqs(article_id, wanted)
        assert n == len(index.article_docs(article_id))
        assert got == {t: df[t] for t in wanted}
        assert index.article_df(article_id) == (n, df)
    return checked


def test_outside_terms_of_a_dateline_and_of_a_glued_sentence() -> None:
    analyzer = Analyzer()
    assert outside_terms(DATELINE, article_sentences(DATELINE), analyzer) == "london reuter"
    assert outside_terms(GLUED, article_sentences(GLUED), analyzer) == ""
    # A sentence that does not stand between whitespace: the article's text must be analysed.
    glued = [Sentence(GLUED.id, 0, 0, "--The minister resigned.")]
    assert outside_terms(GLUED, glued, analyzer) is None


def test_forward_index_equals_analysis_in_memory(mini_corpus: Path) -> None:
    corpus = load_corpus(mini_corpus)
    index = SentenceIndex([*corpus.articles, DATELINE, GLUED])
    assert index.forward is not None
    assert _check(index) == len(index)
    grown = index.with_articles([Article("2024-03-01-x", "Later", "https://e.example/later",
                                         "E", "2024-03-01", "The port reopened on Friday.")])
    assert _check(grown) == len(grown)


def test_forward_index_equals_analysis_saved_and_grown(mini_corpus: Path) -> None:
    write_article(mini_corpus, DATELINE)
    write_article(mini_corpus, GLUED)
    _, index = load_index(mini_corpus)
    assert _check(index) == len(index)
    write_article(mini_corpus, Article("2024-03-01-x", "Later", "https://e.example/later", "E",
                                       "2024-03-01", "The port reopened on Friday."))
    library = Library(mini_corpus)
    library.wait_saved()
    assert _check(library.current.index) == len(library.current.index)
    # Opened again: the base and the part written for the new article.
    _, reopened = load_index(mini_corpus)
    assert _check(reopened) == len(reopened)


def test_doc_freqs_counts_sentences_not_occurrences() -> None:
    ids = np.array([1, 1, 2, 3, 1, 2], dtype=np.int32)
    offsets = np.array([0, 3, 3, 5, 6])  # sentences [1 1 2] [] [3 1] [2]
    assert doc_freqs(ids, offsets, [1, 2, 3, 4]) == [2, 2, 1, 0]


def test_forward_index_refuses_another_analyzer() -> None:
    forward = ForwardIndex(["a", "b"])
    forward.append(0, np.array([0, 1, 1], dtype=np.int32), np.array([1, 2]), ("Analyzer", "en"))
    assert forward.terms(1, ("Analyzer", "en")) == ("b", "b")
    assert forward.terms(1, ("LanguageAnalyzer", "de")) is None
    assert forward.terms(2, ("Analyzer", "en")) is None


def test_byte_reader_reads_a_memory_mapped_file_like_its_array(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    for dtype in (np.uint8, np.int32):
        data = rng.integers(0, 100, size=(1 << 20) + 7).astype(dtype)
        np.save(tmp_path / "a.npy", data)
        mapped = np.load(tmp_path / "a.npy", mmap_mode="r")
        reader = ByteReader(mapped)
        assert reader._mmap is not None  # a large mapped blob: its pages are given back
        raw = data.tobytes()
        for start, end in ((0, 10), (1000, 5000), (len(raw) - 9, len(raw)), (5, 5)):
            assert reader.get(start, end) == raw[start:end]
        reader.release()  # the pages are read again after a release
        for _ in range(RELEASE_READS + 1):
            assert reader.get(4096, 4100) == raw[4096:4100]


def test_a_watcher_starts_from_the_listing_of_the_load(mini_corpus: Path, monkeypatch) -> None:
    import bot.search.watch as watch

    library = Library(mini_corpus)
    listed: list[Path] = []
    monkeypatch.setattr(watch, "corpus_listing", lambda d: listed.append(d) or corpus_listing(d))
    watcher = CorpusWatcher(library)
    assert listed == []  # the load's listing serves
    assert watcher.check() is None
    assert len(listed) == 1


def test_a_new_file_is_taken_in_without_statting_every_file(mini_corpus: Path,
                                                           monkeypatch) -> None:
    import bot.search.watch as watch

    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    listed: list[Path] = []
    monkeypatch.setattr(watch, "corpus_listing", lambda d: listed.append(d) or corpus_listing(d))
    write_article(mini_corpus, DATELINE)
    assert watcher.check() is not None
    assert listed == []  # the names showed the new file; only it was statted
    assert DATELINE.id in library.current.index.articles
    assert watcher.check() is None  # nothing more: a full listing, equal to what was seen
    assert len(listed) == 1
    library.wait_saved()


def test_damaged_term_ids_on_disk_fall_back_to_analysis(mini_corpus: Path, tmp_path: Path) -> None:
    load_index(mini_corpus, index_dir=tmp_path / "index")
    saved = next((tmp_path / "index").glob("p*/terms.npy"))
    ids = np.load(saved, mmap_mode="r+")  # the right length, ids no vocabulary holds
    ids[: len(ids) // 2] = 1 << 30
    ids[len(ids) // 2 :] = -3
    ids.flush()
    del ids
    _, index = load_index(mini_corpus, index_dir=tmp_path / "index")
    assert index.stored is not None and index.forward is not None
    assert _check(index) == len(index)


def test_byte_reader_reads_on_where_releasing_pages_fails(tmp_path: Path) -> None:
    data = np.arange(1 << 20, dtype=np.int32)
    np.save(tmp_path / "a.npy", data)
    reader = ByteReader(np.load(tmp_path / "a.npy", mmap_mode="r"))

    class Refuses:
        calls = 0

        def madvise(self, advice: int) -> None:
            Refuses.calls += 1
            raise OSError(22, "Invalid argument")  # a filesystem that does not take it

    reader._mmap = Refuses()  # type: ignore[assignment]
    raw = data.tobytes()
    for _ in range(2 * RELEASE_READS + 1):
        assert reader.get(400, 440) == raw[400:440]
    assert Refuses.calls == 1 and reader._mmap is None  # tried once, then not again
    reader.release()


def test_url_keys_kept_between_syncs_see_a_url_taken_by_a_later_file(tmp_path: Path) -> None:
    from bot.search.index import prepare_growth
    from tests.helpers.paths import MINI_CORPUS

    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    library = Library(corpus, index_dir=tmp_path / "index")
    watcher = CorpusWatcher(library)
    prepare_growth(library.current.index)
    stored = library.current.index.stored
    assert stored is not None and stored.url_keys is not None
    assert stored.url_keys[0] == len(library.current.index.articles)
    write_article(corpus, DATELINE)
    assert watcher.check() is not None
    # A later file with the url of the one just added: the kept keys must hold it.
    write_article(corpus, Article("2024-02-03-wire-storm-again", "Storm", DATELINE.url, "Wire",
                                  "2024-02-03", "The port of Dover reopened on Tuesday."))
    watcher.check()
    fresh = Library(corpus, index_dir=tmp_path / "fresh")
    assert set(library.current.index.articles) == set(fresh.current.index.articles)
    assert ([p.path.name for p in library.current.corpus.problems]
            == [p.path.name for p in fresh.current.corpus.problems])
    library.wait_saved()
