"""The corpus and its index as currently served, replaced whole when the corpus changes.

Readers take `library.current` once per question and use that snapshot throughout, so a
reload (which builds the new index aside, then swaps one reference) never disturbs a question
in flight.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import Corpus
from bot.engines import DEFAULT_ENGINE
from bot.index import SentenceIndex, load_index

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """A loaded corpus and the index built from it."""

    corpus: Corpus
    index: SentenceIndex


class Library:
    """Holds the current Snapshot of a corpus directory; `reload()` swaps in a new one."""

    def __init__(self, corpus_dir: Path, engine: str = DEFAULT_ENGINE) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.engine = engine
        self._lock = threading.Lock()  # one reload at a time; readers never wait
        self.current = self._build()

    @classmethod
    def from_snapshot(cls, corpus_dir: Path, snapshot: Snapshot) -> Library:
        """A library serving an already built snapshot (no second load)."""
        library = cls.__new__(cls)
        library.corpus_dir = Path(corpus_dir)
        library.engine = snapshot.index.engine_name
        library._lock = threading.Lock()
        library.current = snapshot
        return library

    def _build(self) -> Snapshot:
        corpus, index = load_index(self.corpus_dir, engine=self.engine)
        for problem in corpus.problems:
            logger.warning("corpus problem: %s", problem)
        return Snapshot(corpus, index)

    def reload(self) -> Snapshot:
        """Load the corpus again and swap the new snapshot in; returns it."""
        with self._lock:
            snapshot = self._build()
            self.current = snapshot
            logger.info("corpus loaded: %d articles, %d sentences",
                        len(snapshot.corpus.articles), len(snapshot.index))
            return snapshot
