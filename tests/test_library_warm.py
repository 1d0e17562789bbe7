"""A new snapshot is warmed in the background after a short delay, and only while served."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Article, write_article
from bot.search import answer as answer_module
from bot.search import library as library_module
from bot.search.library import Library


def harbour(number: int) -> Article:
    return Article(f"2030-02-{number:02d}-harbour-pier-{number}", f"Pier {number} reopens",
                   f"https://harbour.example/pier/{number}", "Harbour News", "2030-02-01",
                   f"Pier {number} reopened in the harbour after repairs.")


def test_the_served_snapshot_is_warmed_and_a_replaced_one_is_not(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(library_module, "WARM_DELAY_S", 0.5)
    library = Library(mini_corpus)
    first, first_warm = library.current, library._warming
    assert first_warm is not None
    write_article(mini_corpus, harbour(1))
    library.reload()  # within the delay: the first snapshot is replaced before its warm-up
    second = library.current
    assert second is not first
    first_warm.join()
    library.wait_warm()
    library.wait_saved()
    assert first.index not in answer_module._COVERAGE
    assert answer_module._COVERAGE[second.index][1] == answer_module.index_coverage(second.index)
    assert answer_module._COVERAGE[second.index][0] == len(second.index.articles)
