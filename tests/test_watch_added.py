"""A watcher that saw files only added has the sync compare just those files."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Article, write_article
from bot.search import compact
from bot.search.index import load_index
from bot.search.library import Library
from bot.search.watch import CorpusWatcher


def pier(number: int, body: str = "") -> Article:
    return Article(f"2030-03-{number:02d}-harbour-pier-{number}", f"Pier {number} reopens",
                   f"https://harbour.example/pier/{number}", "Harbour News", "2030-03-01",
                   body or f"Pier {number} reopened in the harbour after repairs.")


def count_comparisons(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the listings compared whole with the saved file stats, as they happen."""
    compared: list[int] = []
    real = compact.SavedFiles.against

    def counted(self: compact.SavedFiles, listing):  # noqa: ANN001, ANN202
        compared.append(len(listing))
        return real(self, listing)

    monkeypatch.setattr(compact.SavedFiles, "against", counted)
    return compared


def test_added_files_are_compared_alone_and_edits_still_seen(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_index(mini_corpus)  # saved: the library opens it from disk (saved file stats)
    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    compared = count_comparisons(monkeypatch)
    (mini_corpus / "broken.md").write_text("no front matter at all", encoding="utf-8")
    write_article(mini_corpus, pier(1))
    assert watcher.check() is not None
    assert compared == []  # only the two new names were looked at
    index = library.current.index
    assert pier(1).id in index.articles
    assert "broken.md" in index.stored.problems
    assert "broken.md" in library.current.corpus.problems[0].path.name
    write_article(mini_corpus, pier(2))
    assert watcher.check() is not None
    assert compared == []
    assert pier(2).id in library.current.index.articles
    assert "broken.md" in library.current.index.stored.problems  # kept, not read again
    # An edit in place changes no name: the next check stats every file and sees it.
    write_article(mini_corpus, pier(2, "Pier 2 closed again for a storm."), overwrite=True)
    assert watcher.check() is not None
    assert library.current.index.articles[pier(2).id].body == "Pier 2 closed again for a storm."
    assert watcher.check() is None


def test_a_listing_not_last_synced_is_compared_whole(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    load_index(mini_corpus)
    library = Library(mini_corpus)
    watcher = CorpusWatcher(library)
    compared = count_comparisons(monkeypatch)
    write_article(mini_corpus, pier(3))
    seen = dict(watcher._seen)  # equal, but not the listing the index was synced with
    library.reload({**seen, **{pier(3).id + ".md": (1, 1)}}, base=seen)
    assert compared  # compared whole
    assert pier(3).id in library.current.index.articles
