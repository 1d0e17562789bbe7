"""The corpus and its index as currently served, replaced whole when the corpus changes.

Readers take `library.current` once per question and use that snapshot throughout, so a
reload (which builds the new index aside, then swaps one reference) never disturbs a question
in flight.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.corpus import Article, Corpus
from bot.search.engines import DEFAULT_ENGINE
from bot.search.index import (
    INDEX_DIR_NAME,
    ArticleList,
    SentenceIndex,
    corpus_of,
    load_index,
    prepare_growth,
    save_added,
    sync,
)

if TYPE_CHECKING:
    from bot.search.semantic.model import Embedder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """A loaded corpus and the index built from it."""

    corpus: Corpus
    index: SentenceIndex


class Library:
    """Holds the current Snapshot of a corpus directory; `reload()` swaps in a new one."""

    def __init__(self, corpus_dir: Path, engine: str = DEFAULT_ENGINE,
                 index_dir: Path | None = None, semantic: bool = False) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.engine = engine
        self.index_dir = index_dir  # None: <corpus_dir>/.newsbot-index
        self.semantic = semantic  # give each index the semantic stage (bot/search/semantic)
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self._saving: list[threading.Thread] = []  # background writes of new parts
        self._saving_lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self.current = self._build()
        _freeze_loaded(self.current)
        _warm_up(engine)
        self._start_warm(self.current)

    @classmethod
    def from_snapshot(cls, corpus_dir: Path, snapshot: Snapshot,
                      index_dir: Path | None = None) -> Library:
        """A library serving an already built snapshot (no second load)."""
        library = cls.__new__(cls)
        library.corpus_dir = Path(corpus_dir)
        library.engine = snapshot.index.engine_name
        library.index_dir = index_dir
        # The stage goes with the index: a reload gives the new index one if this one had it.
        from bot.search.semantic import stage_for

        library.semantic = stage_for(snapshot.index) is not None
        library._lock = threading.Lock()
        library._saving = []
        library._saving_lock = threading.Lock()
        library._warming = None
        library.current = snapshot
        _warm_up(library.engine)
        library._start_warm(snapshot)
        return library

    def _build(self) -> Snapshot:
        # The saved index is reopened: only new articles are indexed, in place of all of them.
        corpus, index = load_index(self.corpus_dir, engine=self.engine, index_dir=self.index_dir)
        for problem in corpus.problems:
            logger.warning("corpus problem: %s", problem)
        snapshot = Snapshot(corpus, index)
        if self.semantic:
            enable_semantic(snapshot, self.corpus_dir, self.index_dir)
        return snapshot

    def add(self, articles: Sequence[Article]) -> Snapshot:
        """Index new articles and serve them: a new snapshot, no corpus reload, no rebuild.

        For an article just written to the corpus (ingest): about as long as splitting it,
        whatever the size of the index. The snapshot in use stays whole (questions in flight
        finish on it); articles already indexed are left as they are (a changed article
        needs `reload()`). The saved index gets a new part with them.
        """
        with self._lock:
            current = self.current
            fresh = [a for a in articles if a.id not in current.index.articles]
            if not fresh:
                return current
            index = current.index.with_articles(fresh)
            corpus = (corpus_of(index, self.corpus_dir) if index.stored is not None
                      else Corpus(current.corpus.directory, ArticleList(index.articles),
                                  current.corpus.problems))
            snapshot = Snapshot(corpus, index)
            self._carry_semantic(current, snapshot)
            self.current = snapshot
            logger.info("%d article(s) added: %d sentences", len(fresh), len(snapshot.index))
        self._start_warm(snapshot)
        self._save_later(index)
        return snapshot

    def listing(self) -> Mapping[str, tuple[int, int]] | None:
        """The corpus directory as the served snapshot last saw it (None: not known)."""
        stored = self.current.index.stored
        return stored.listing if stored is not None else None

    def reload(self, listing: Mapping[str, tuple[int, int]] | None = None,
               base: Mapping[str, tuple[int, int]] | None = None) -> Snapshot:
        """Bring the served snapshot up to date with the corpus directory; returns it.

        With a saved index only new or changed files are read (new articles are added to a
        new snapshot, an edited or removed one rebuilds); otherwise the corpus is loaded again.
        The new snapshot is swapped in whole. `listing`: the directory as just listed
        (bot.corpus.corpus_listing), so that it is not listed again; `base`: the listing it
        only adds names to (see sync).
        """
        with self._lock:
            current = self.current
            if current.index.stored is None:
                snapshot = self._build()
            else:
                corpus, index = sync(current.index, self.corpus_dir, listing=listing,
                                     base=base)
                same = index is current.index and corpus.problems == current.corpus.problems
                snapshot = current if same else Snapshot(corpus, index)
                if index is not current.index:
                    self._carry_semantic(current, snapshot)
            self.current = snapshot
            logger.info("corpus loaded: %d articles, %d sentences",
                        len(snapshot.corpus.articles), len(snapshot.index))
        if snapshot is not current:
            self._start_warm(snapshot)
        self._save_later(snapshot.index)
        return snapshot

    def _save_later(self, index: SentenceIndex) -> None:
        """Write what was added as a new saved part, in the background: the new snapshot
        serves at once (parts are written under locks, one at a time, in snapshot order)."""
        thread = threading.Thread(target=save_added, args=(index,), name="newsbot-save",
                                  daemon=True)
        with self._saving_lock:
            # Finished writes are dropped: a bot adding articles for months keeps no list of them.
            self._saving = [t for t in self._saving if t.is_alive()]
            thread.start()
            self._saving.append(thread)

    def _start_warm(self, snapshot: Snapshot) -> None:
        self._warming = _warm(snapshot, self)

    def wait_warm(self) -> None:
        """Wait until the served snapshot's background warm-up is done (benchmarks)."""
        thread = self._warming
        if thread is not None:
            thread.join()

    def wait_saved(self) -> None:
        """Wait until what was added so far is saved (tests, and a clean shutdown)."""
        while True:
            with self._saving_lock:
                if not self._saving:
                    return
                thread = self._saving.pop(0)
            thread.join()

    def _carry_semantic(self, old: Snapshot, new: Snapshot) -> None:
        """A new snapshot's index gets the semantic stage if the old one had it (the vectors
        saved beside the index; only new sentences are embedded)."""
        from bot.search.semantic import stage_for

        stage = stage_for(old.index)
        if stage is not None:
            enable_semantic(new, self.corpus_dir, self.index_dir, stage.embedder)


def enable_semantic(snapshot: Snapshot, corpus_dir: Path, index_dir: Path | None,
                    embedder: Embedder | None = None) -> int:
    """Give the snapshot's index the semantic stage, its vectors kept beside the saved index;
    returns how many sentences have a vector. ConfigError (a message for the user) when the
    extra is not installed."""
    from bot.search.semantic import enable, store_dir

    where = Path(index_dir) if index_dir is not None else Path(corpus_dir) / INDEX_DIR_NAME
    return len(enable(snapshot.index, store_dir(where), embedder=embedder,
                      digests=snapshot.corpus.article_digests))


# The "not found" summary of a new snapshot is worked out this long after the swap, so that
# the first answers on it (most often the question about the file just added) do not share
# the interpreter with it: at a million sentences it holds the GIL for about half a second,
# which made the first answer 0.3 to 0.7 s instead of 0.05 s.
WARM_DELAY_S = 1.0


def _warm(snapshot: Snapshot, library: Library | None = None,
          delay: float | None = None) -> threading.Thread:
    """Work out, in the background, what the first answers of a new snapshot and its first
    new file would otherwise pay for: the url keys a new file is checked against, and the
    corpus summary of "not found" replies (seconds at a million sentences). With the
    `library`, a snapshot already replaced when the delay is over is not warmed."""
    from bot.search.answer import index_coverage

    wait = WARM_DELAY_S if delay is None else delay

    def warm() -> None:
        # The url keys first, at once: a tenth of a second after a start, nothing after a
        # swap (a sync keeps them), and the next new file needs them.
        try:
            prepare_growth(snapshot.index)
        except RuntimeError:  # articles added in place meanwhile: a sync works them out
            pass
        if wait > 0:
            time.sleep(wait)
        if library is not None and library.current is not snapshot:
            return  # superseded (a file came in meanwhile): its successor is warmed instead
        index_coverage(snapshot.index)
        _freeze_loaded(snapshot)  # the url keys and the summary are long-lived too

    thread = threading.Thread(target=warm, name="newsbot-warm", daemon=True)
    thread.start()
    return thread


# Sentences from which a start freezes what it loaded (gc.freeze).
FREEZE_MIN_SENTENCES = 100_000


def _freeze_loaded(snapshot: Snapshot) -> None:
    """Leave what a large start loaded out of the garbage collector's full passes.

    A start at a million sentences leaves some millions of long-lived objects (the article
    ids, the listing of the corpus, the vocabulary, imported modules): every full collection
    walked them all, a 0.2 s pause in the middle of an answer now and then. gc.freeze moves
    them to a generation no collection looks at; they are still freed by reference counting
    when a new snapshot replaces them. Small corpora (tests) are left as they are.
    Garbage reference cycles not yet collected are collected first: frozen, they would be
    kept for good (one lot at each new snapshot of a long-running bot). That collection
    took 50 ms at a start at 1M sentences (3 runs, machine shared) and walks only what is
    not frozen after the first freeze.
    """
    if len(snapshot.index) >= FREEZE_MIN_SENTENCES:
        gc.collect()
        gc.freeze()


def _warm_up(engine: str) -> None:
    """A long-running server gets the newsbot engine's compiled kernel (in the background)."""
    if engine == "newsbot":
        from bot.search.bm25 import start_kernel

        start_kernel()
