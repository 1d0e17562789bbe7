"""The saved index's locks are taken in one order (the corpus file lock, then this process's
lock of the index directory), so a background save and a rebuild cannot wait on each other."""

from __future__ import annotations

import threading
from pathlib import Path

from bot.corpus import corpus_lock
from bot.search import index as index_module
from bot.search.library import Library


def test_a_background_save_waits_for_the_corpus_lock_before_the_directory_lock(
        mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    library.wait_saved()
    snapshot = library.current.index
    stored = snapshot.stored
    assert stored is not None
    directory_lock = index_module._directory_lock(stored.directory)
    # A rebuild holds the corpus lock and then wants the directory lock (index.build); a save
    # started meanwhile must not hold the directory lock while it waits for the corpus lock,
    # or each waits for the other until the file lock times out (120 s).
    with corpus_lock(stored.corpus_dir):
        saver = threading.Thread(target=index_module.save_added, args=(snapshot,), daemon=True)
        saver.start()
        saver.join(timeout=0.5)  # long enough for it to reach the locks
        assert saver.is_alive()  # waiting for the corpus lock held here
        got = directory_lock.acquire(timeout=5)
        if got:
            directory_lock.release()
    saver.join(timeout=30)
    assert got, "the save held the index directory's lock while waiting for the corpus lock"
    assert not saver.is_alive()
