"""The saved index is the serving state: starts read only new files, snapshots grow by parts."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest

from bot import corpus as corpus_module
from bot.corpus import Article, load_corpus, write_article
from bot.search import index as index_module
from bot.search.index import INDEX_DIR_NAME, ArticleMap, load_index
from bot.search.library import Library
from bot.search.saved_index import read_meta
from tests.helpers.checks import matches_rank_bm25

QUESTIONS = ["How many fans watched the cup final?", "strike pay rise port union", "comet",
             "ferry terminal harbour", "budget vote"]


def ferry(number: int) -> Article:
    return Article(f"2030-01-{number:02d}-harbour-ferry-{number}", f"Ferry terminal {number}",
                   f"https://harbour.example/ferry/{number}", "Harbour News", "2030-01-01",
                   f"The new ferry terminal number {number} opened in the harbour. "
                   f"Officials expect {number} thousand passengers.")


class Reads:
    """Counts the article files read (every reader goes through bot.corpus.read_article)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = corpus_module.read_article

        def counted(path: Path) -> Article:
            self.names.append(path.name)
            return real(path)

        monkeypatch.setattr(corpus_module, "read_article", counted)
        monkeypatch.setattr(index_module, "read_article", counted)


def test_a_start_reads_no_unchanged_file(mini_corpus: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    built_corpus, built = load_index(mini_corpus)
    reads = Reads(monkeypatch)
    corpus, opened = load_index(mini_corpus)
    assert reads.names == []
    assert isinstance(opened.articles, ArticleMap)
    assert [a.id for a in corpus.articles] == [a.id for a in built_corpus.articles]
    assert list(corpus.articles) == list(built_corpus.articles)  # metadata and bodies
    assert corpus.fingerprint == built_corpus.fingerprint  # button tags survive a restart
    assert list(opened.sentences) == list(built.sentences)
    matches_rank_bm25(opened, QUESTIONS)


def test_a_start_reads_only_the_new_file(mini_corpus: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    load_index(mini_corpus)
    write_article(mini_corpus, ferry(1))
    reads = Reads(monkeypatch)
    corpus, index = load_index(mini_corpus)
    assert reads.names == [f"{ferry(1).id}.md"]
    assert index.articles[ferry(1).id] == ferry(1)
    matches_rank_bm25(index, QUESTIONS)
    meta = read_meta(mini_corpus / INDEX_DIR_NAME)
    assert meta is not None and len(meta["parts"]) == 2  # the base was not rewritten
    reads.names.clear()
    corpus, again = load_index(mini_corpus)
    assert reads.names == []
    assert list(again.sentences) == list(index.sentences)
    assert corpus.fingerprint == load_corpus(mini_corpus).fingerprint
    matches_rank_bm25(again, QUESTIONS)


def test_problem_files_are_remembered(mini_corpus: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (mini_corpus / "broken.md").write_text("no front matter\n")
    first, _ = load_index(mini_corpus)
    reads = Reads(monkeypatch)
    corpus, _ = load_index(mini_corpus)
    assert reads.names == []
    assert [str(p) for p in corpus.problems] == [str(p) for p in first.problems]
    (mini_corpus / "broken.md").write_text(
        "---\ntitle: Fixed\nurl: https://e.com/fixed\nsource: E\npublished: 2024-01-01\n---\n"
        "The broken file was fixed by the editor.\n")
    corpus, index = load_index(mini_corpus)
    assert reads.names == ["broken.md"] and corpus.problems == ()
    assert "broken" in index.articles


def test_a_file_with_an_older_files_url_is_skipped(mini_corpus: Path) -> None:
    corpus, _ = load_index(mini_corpus)
    twin = corpus.articles[0]
    copy = Article("zzz-copy", "Copy", twin.url, "Copy", "2024-01-01", "A copy of it.")
    write_article(mini_corpus, copy)
    corpus, index = load_index(mini_corpus)
    assert "zzz-copy" not in index.articles
    assert [str(p) for p in corpus.problems] == [str(p) for p in load_corpus(mini_corpus).problems]


def test_a_touched_file_is_not_a_change(mini_corpus: Path,
                                        caplog: pytest.LogCaptureFixture) -> None:
    load_index(mini_corpus)
    path = sorted(mini_corpus.glob("*.md"))[0]
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    caplog.set_level(logging.INFO)
    load_index(mini_corpus)
    assert "rebuilding" not in caplog.text
    caplog.clear()
    _, index = load_index(mini_corpus)
    assert "rebuilding" not in caplog.text
    matches_rank_bm25(index, QUESTIONS)


def test_library_add_swaps_a_new_snapshot(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    old = library.current
    before = len(old.index)
    snapshot = library.add([ferry(1)])
    assert snapshot.index is not old.index
    assert len(old.index) == before and ferry(1).id not in old.index.articles  # untouched
    assert old.index.search(old.index.analyzer.query_terms("ferry terminal"), 5) == [
        h for h in old.index.search(old.index.analyzer.query_terms("ferry terminal"), 5)
        if h.doc < before]
    matches_rank_bm25(snapshot.index, QUESTIONS)
    assert snapshot.corpus.fingerprint != old.corpus.fingerprint
    # Its file, written by the ingest, is then seen by the watcher: nothing to rebuild.
    write_article(mini_corpus, ferry(1))
    assert library.reload().index is snapshot.index


def test_parts_merge_and_a_base_is_rewritten_when_they_grow(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "MAX_PARTS", 2)
    library = Library(mini_corpus)
    saved = mini_corpus / INDEX_DIR_NAME
    counts = []
    for number in range(1, 7):
        write_article(mini_corpus, ferry(number))
        library.reload()
        library.wait_saved()
        meta = read_meta(saved)
        assert meta is not None
        counts.append(len(meta["parts"]))
        assert sorted(p.name for p in saved.iterdir() if p.is_dir()) == sorted(meta["parts"])
    assert max(counts) <= 3  # the base and at most MAX_PARTS parts
    matches_rank_bm25(library.current.index, QUESTIONS)
    _, reopened = load_index(mini_corpus)
    assert list(reopened.sentences) == list(library.current.index.sentences)
    matches_rank_bm25(reopened, QUESTIONS)
    monkeypatch.setattr(index_module, "BASE_SHARE", 0.0)  # every addition rewrites the base
    write_article(mini_corpus, ferry(9))
    library.reload()
    library.wait_saved()
    assert len(json.loads((saved / "meta.json").read_text())["parts"]) == 1
    matches_rank_bm25(load_index(mini_corpus)[1], QUESTIONS)


def test_context_buttons_work_for_a_new_article(mini_corpus: Path) -> None:
    from bot.chat.pages import article_key, find_context, sentence_hash

    library = Library(mini_corpus)
    assert find_context(library.current.index, "x", 0, "y") is None  # fills the key cache
    write_article(mini_corpus, ferry(2))
    snapshot = library.reload()
    sentence = snapshot.index.sentences[len(snapshot.index) - 1]
    assert sentence.article_id == ferry(2).id
    found = find_context(snapshot.index, article_key(sentence.article_id), sentence.position,
                         sentence_hash(sentence))
    assert found is not None and found.focus == sentence


def test_a_build_streams_in_chunks_with_exact_scores(mini_corpus: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "BUILD_CHUNK", 3)  # many engine segments, merged
    corpus, index = load_index(mini_corpus)
    _, reference = load_index(mini_corpus, cache=False)
    assert list(index.sentences) == list(reference.sentences)
    assert list(corpus.articles) == list(load_corpus(mini_corpus).articles)
    matches_rank_bm25(index, QUESTIONS)


def test_the_not_found_summary_is_the_same_from_saved_headers(mini_corpus: Path) -> None:
    from bot.search.answer import coverage_summary, index_coverage

    load_index(mini_corpus)
    _, opened = load_index(mini_corpus)
    assert isinstance(opened.articles, ArticleMap)
    assert index_coverage(opened) == coverage_summary(list(load_corpus(mini_corpus).articles))
