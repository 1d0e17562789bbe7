"""What a large serving process does to keep its memory and its pauses down."""

from __future__ import annotations

import gc
import mmap
from pathlib import Path

import numpy as np
import pytest

from bot.common.columns import ByteReader
from bot.search import library as library_module
from bot.search.library import Library


def test_a_large_start_freezes_what_it_loaded(mini_corpus: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = gc.get_freeze_count()
    Library(mini_corpus).wait_warm()
    assert gc.get_freeze_count() == before  # a small corpus: the collector as it was
    monkeypatch.setattr(library_module, "FREEZE_MIN_SENTENCES", 1)
    try:
        library = Library(mini_corpus)
        assert gc.get_freeze_count() > before
        frozen = gc.get_freeze_count()
        library.wait_warm()  # and again once the warm-up made its long-lived tables
        assert gc.get_freeze_count() >= frozen
    finally:
        gc.unfreeze()


def test_counted_reads_release_after_the_readers_own_count(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "blob.npy"
    np.save(path, np.arange(1 << 20, dtype=np.int32))
    reader = ByteReader(np.load(path, mmap_mode="r"), every=3)
    released: list[int] = []
    monkeypatch.setattr(reader, "release", lambda: released.append(1))
    assert reader._mmap is not None and hasattr(mmap, "MADV_DONTNEED")
    reader.counted(2)
    assert released == []
    reader.counted(1)
    assert released == [1]


def test_a_replaced_snapshot_is_freed_though_frozen(mini_corpus: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """gc.freeze keeps frozen reference cycles for good: a snapshot must need no collector
    to go once the library serves another (reference counting frees it)."""
    import weakref

    from bot.corpus import Article, write_article
    from bot.search.watch import CorpusWatcher

    monkeypatch.setattr(library_module, "FREEZE_MIN_SENTENCES", 1)
    try:
        library = Library(mini_corpus)
        library.wait_warm()
        watcher = CorpusWatcher(library)
        from bot.search.answer import answer_question

        answer_question(library.current.index, "ferry terminal harbour")  # caches made
        old = weakref.ref(library.current.index)
        old_corpus = weakref.ref(library.current.corpus)
        write_article(mini_corpus, Article("2030-01-05-quay", "Quay", "https://q.example/1",
                                           "Harbour", "2030-01-05", "The quay reopened."))
        assert watcher.check() is not None
        library.wait_warm()
        library.wait_saved()
        answer_question(library.current.index, "quay reopened")
        gc.disable()  # freed without the collector, or not at all
        try:
            assert old() is None
            assert old_corpus() is None
        finally:
            gc.enable()
    finally:
        gc.unfreeze()


def test_garbage_waiting_for_the_collector_is_not_frozen(mini_corpus: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A cycle already unreachable when a snapshot is frozen must still be collected."""
    import weakref

    class Node:
        me: object = None

    monkeypatch.setattr(library_module, "FREEZE_MIN_SENTENCES", 1)
    try:
        gc.disable()  # the cycle stays uncollected until the freeze, as between full passes
        try:
            node = Node()
            node.me = node
            gone = weakref.ref(node)
            del node
            Library(mini_corpus).wait_warm()
        finally:
            gc.enable()
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
