"""Hot reload: changed corpus files are noticed cheaply and swapped in, readers undisturbed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.corpus import corpus_signature
from bot.errors import CorpusError
from bot.search.answer import answer_question
from bot.search.library import Library
from bot.search.watch import CorpusWatcher
from tests.helpers.paths import MINI_CORPUS

FERRY = (Path(__file__).parent / "data" / "ferry_article.md").read_text(encoding="utf-8")
QUESTION = "When will the night ferry between Riverside and Harbour City start?"


def test_signature_sees_added_changed_and_removed_files(mini_corpus: Path) -> None:
    before = corpus_signature(mini_corpus)
    assert len(before) == len(list(MINI_CORPUS.glob("*.md")))
    (mini_corpus / "notes.txt").write_text("not an article", encoding="utf-8")
    (mini_corpus / ".hidden.md").write_text("editor swap file", encoding="utf-8")
    assert corpus_signature(mini_corpus) == before
    new = mini_corpus / "2024-05-20-valley-courier-ferry.md"
    new.write_text(FERRY, encoding="utf-8")
    added = corpus_signature(mini_corpus)
    assert added != before
    # The same size, a later modification time: still a change.
    stat = new.stat()
    new.write_text(FERRY.replace("3 June", "4 June"), encoding="utf-8")
    os.utime(new, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert corpus_signature(mini_corpus) != added
    new.unlink()
    assert corpus_signature(mini_corpus) == before
    assert corpus_signature(mini_corpus / "missing") == frozenset()


def test_check_reloads_only_when_files_change(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    old = library.current
    assert watcher.check() is None
    assert library.current is old
    assert not answer_question(old.index, QUESTION).answered

    (mini_corpus / "2024-05-20-valley-courier-ferry.md").write_text(FERRY, encoding="utf-8")
    assert watcher.changed()
    new = watcher.check()
    assert new is not None and library.current is new
    answer = answer_question(library.current.index, QUESTION)
    assert answer.quotes[0].sources[0].source == "Valley Courier"
    # A question that took the old snapshot before the swap finishes on it, unchanged.
    assert not answer_question(old.index, QUESTION).answered
    assert len(old.corpus.articles) == len(new.corpus.articles) - 1
    assert watcher.check() is None


def test_changed_and_removed_articles_are_picked_up(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    path = mini_corpus / "2024-03-05-tech-daily-chip.md"
    text = path.read_text(encoding="utf-8")
    count = len(library.current.corpus.articles)
    path.write_text(text + "\nThe plant will also build a training centre for 400 engineers.\n",
                    encoding="utf-8")
    assert watcher.check() is not None
    assert answer_question(library.current.index,
                           "how many engineers will the training centre take?").answered
    path.unlink()
    assert watcher.check() is not None
    assert len(library.current.corpus.articles) == count - 1


def test_a_bad_new_file_is_reported_and_the_rest_still_served(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    (mini_corpus / "broken.md").write_text("no front matter", encoding="utf-8")
    snapshot = watcher.check()
    assert snapshot is not None
    assert [p.path.name for p in snapshot.corpus.problems] == ["broken.md"]
    assert len(snapshot.corpus.articles) == len(list(MINI_CORPUS.glob("*.md")))


def test_reload_now_remembers_the_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    library = Library(corpus)
    watcher = CorpusWatcher(library)
    (corpus / "2024-05-20-valley-courier-ferry.md").write_text(FERRY, encoding="utf-8")
    watcher.reload()
    assert answer_question(library.current.index, QUESTION).answered
    assert watcher.check() is None  # already loaded


def test_a_corpus_directory_gone_keeps_the_saved_index_served(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI_CORPUS, corpus)
    library = Library(corpus, index_dir=tmp_path / "index")
    watcher = CorpusWatcher(library)
    count = len(library.current.corpus.articles)
    shutil.rmtree(corpus)
    with pytest.raises(CorpusError):  # the bot's watch job logs it and keeps serving
        watcher.check()
    assert len(library.current.corpus.articles) == count
    shutil.copytree(MINI_CORPUS, corpus)  # back as it was: served from the saved index
    assert Library(corpus, index_dir=tmp_path / "index").current.index.stored is not None
    assert len(Library(corpus, index_dir=tmp_path / "index").current.corpus.articles) == count
