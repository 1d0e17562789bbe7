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
