"""The corpus and its index as currently served, replaced whole when the corpus changes.

Readers take `library.current` once per question and use that snapshot throughout, so a
reload (which builds the new index aside, then swaps one reference) never disturbs a question
in flight.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bot.corpus import Article, Corpus
from bot.search.engines import DEFAULT_ENGINE
from bot.search.index import INDEX_DIR_NAME, SentenceIndex, load_index

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
        self.current = self._build()
        _warm_up(engine)

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
        library.current = snapshot
        _warm_up(library.engine)
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
        """Index new articles in place and serve them: no corpus reload, no rebuild.

        For an article just written to the corpus (ingest): about as long as splitting it,
        whatever the size of the index. Articles already indexed are left as they are (a
        changed article needs `reload()`). The saved index catches up at the next load.
        """
        with self._lock:
            current = self.current
            known = {a.id for a in current.corpus.articles}
            fresh = [a for a in articles if a.id not in known]
            current.index.add_articles(fresh)
            from bot.search.semantic import stage_for

            stage = stage_for(current.index)
            if stage is not None:  # the new sentences' vectors, saved beside the index
                stage.sync(current.index)
            corpus = replace(current.corpus, articles=current.corpus.articles + tuple(fresh))
            snapshot = Snapshot(corpus, current.index)
            self.current = snapshot
            logger.info("%d article(s) added: %d sentences", len(fresh), len(snapshot.index))
            return snapshot

    def reload(self) -> Snapshot:
        """Load the corpus again and swap the new snapshot in; returns it."""
        with self._lock:
            snapshot = self._build()
            self.current = snapshot
            logger.info("corpus loaded: %d articles, %d sentences",
                        len(snapshot.corpus.articles), len(snapshot.index))
            return snapshot


def enable_semantic(snapshot: Snapshot, corpus_dir: Path, index_dir: Path | None) -> int:
    """Give the snapshot's index the semantic stage, its vectors kept beside the saved index;
    returns how many sentences have a vector. ConfigError (a message for the user) when the
    extra is not installed."""
    from bot.search.semantic import enable, store_dir

    where = Path(index_dir) if index_dir is not None else Path(corpus_dir) / INDEX_DIR_NAME
    return len(enable(snapshot.index, store_dir(where),
                      digests=snapshot.corpus.article_digests))


def _warm_up(engine: str) -> None:
    """A long-running server gets the newsbot engine's compiled kernel (in the background)."""
    if engine == "newsbot":
        from bot.search.bm25 import start_kernel

        start_kernel()
