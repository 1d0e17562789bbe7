"""Each sentence's search terms, kept as the engine's term ids (a forward index).

The reranker reads the terms of a few hundred sentences a question, and of every sentence of
their articles (idf within an article, an article's vocabulary). Analysing their text again
costs tens of microseconds a sentence; the ids the engine was built from are already known,
so a sentence's terms are a slice of an int32 array and a lookup in the vocabulary.

The ids are valid only for the analyzer the sentences were analysed with: a run of sentences
records it (`AnalyzerKey`), and a reader asking with another analyzer (a question in another
language, a run of articles in several languages) gets None and analyses the text itself.
"""

from __future__ import annotations

import bisect
import copy
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.common.columns import ByteReader

# Runs of term ids read between two releases of their mapped pages (bot.common.columns):
# a few per candidate article, and each maps the page-cache folio around it.
TERMS_RELEASE_READS = 256

AnalyzerKey = tuple[str, str]  # the analyzer's class name and language


def analyzer_key(analyzer: object) -> AnalyzerKey:
    """What identifies how an analyzer turns text into terms."""
    return type(analyzer).__name__, str(getattr(analyzer, "language", ""))


@dataclass(frozen=True)
class Run:
    """The term ids of a run of consecutive sentences, and the analyzer that made them."""

    first: int  # the run's first sentence number
    ids: np.ndarray | None  # int32, the sentences' terms end to end (None: not kept)
    offsets: np.ndarray  # int64, n + 1: where each sentence's terms start in `ids`
    key: AnalyzerKey | None  # None: its sentences were analysed by several analyzers
    reader: ByteReader | None = None  # reads `ids` from its file when memory-mapped

    @property
    def end(self) -> int:
        return self.first + len(self.offsets) - 1

    def slice(self, lo: int, hi: int) -> np.ndarray:
        """ids[lo:hi] (int32)."""
        if self.reader is not None:
            return np.frombuffer(self.reader.get(4 * lo, 4 * hi), dtype=np.int32)
        assert self.ids is not None
        return self.ids[lo:hi]


class ForwardIndex:
    """Term ids per sentence over runs of sentences (saved parts, then added batches)."""

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.vocabulary = vocabulary  # the engine's term list (it only grows)
        self._runs: list[Run] = []
        self._starts: list[int] = []
        self._end = 0

    def copy(self) -> ForwardIndex:
        """Another index sharing these runs, to which more may be appended."""
        other = copy.copy(self)
        other._runs, other._starts = list(self._runs), list(self._starts)
        return other

    def append(self, first: int, ids: np.ndarray | None, lengths: np.ndarray,
               key: AnalyzerKey | None) -> None:
        """The runs' next sentences (numbered from `first`), `lengths` terms each."""
        if self._runs and first != self._runs[-1].end:
            raise ValueError(f"sentence {first} does not follow {self._runs[-1].end}")
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if ids is not None and len(ids) != offsets[-1]:
            raise ValueError("term ids do not match the sentence lengths")
        # Each read maps the page-cache folio around it: released after TERMS_RELEASE_READS.
        reader = ByteReader(ids, TERMS_RELEASE_READS) if isinstance(ids, np.memmap) else None
        self._runs.append(Run(first, None if ids is None else np.asarray(ids).view(np.ndarray),
                              offsets, key, reader))
        self._starts.append(first)
        self._end = first + len(lengths)

    @property
    def end(self) -> int:
        """One past the last sentence covered."""
        return self._end

    def _run(self, doc: int, key: AnalyzerKey) -> Run | None:
        if not 0 <= doc < self._end:
            return None
        runs = self._runs
        run = runs[bisect.bisect_right(self._starts, doc) - 1] if len(runs) > 1 else runs[0]
        return run if run.key == key and run.ids is not None else None

    def ids(self, first: int, count: int, key: AnalyzerKey) -> tuple[np.ndarray, np.ndarray] | None:
        """The term ids of sentences first .. first + count - 1 (within one run) and their
        offsets (from 0), or None when they are not kept for this analyzer."""
        run = self._run(first, key)
        if run is None or first + count > run.end:
            return None
        lo, hi = first - run.first, first - run.first + count
        offsets = run.offsets[lo : hi + 1]
        ids = run.slice(int(offsets[0]), int(offsets[-1]))
        if ids.size and (int(ids.max()) >= len(self.vocabulary) or int(ids.min()) < 0):
            return None  # a damaged terms.npy: the text is analysed instead
        return ids, offsets - offsets[0]

    def spans(self, spans: Sequence[range],
              key: AnalyzerKey) -> tuple[np.ndarray, np.ndarray] | None:
        """The term ids of several runs of sentences end to end, and each sentence's number
        of terms; None when some are not kept for this analyzer."""
        if not spans:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
        run = self._run(spans[0].start, key)
        if run is None or run.ids is None:
            return None
        if not all(run.first <= span.start and span.stop <= run.end for span in spans):
            return self._spans_one_by_one(spans, key)
        # All in one run (the common case): the sentences' and the terms' positions at once.
        first = np.array([span.start for span in spans], dtype=np.int64) - run.first
        count = np.array([len(span) for span in spans], dtype=np.int64)
        sentences = _ranges(first, count)
        begin, end = run.offsets[sentences], run.offsets[sentences + 1]
        lengths = end - begin
        ids = run.ids[_ranges(begin, lengths)]
        if run.reader is not None:
            run.reader.counted(len(spans))
        if ids.size and (int(ids.max()) >= len(self.vocabulary) or int(ids.min()) < 0):
            return None  # a damaged terms.npy: the text is analysed instead
        return ids, lengths

    def _spans_one_by_one(self, spans: Sequence[range],
                          key: AnalyzerKey) -> tuple[np.ndarray, np.ndarray] | None:
        pieces, lengths = [], []
        for span in spans:
            run = self._run(span.start, key)
            if run is None or span.stop > run.end:
                return None
            offsets = run.offsets[span.start - run.first : span.stop - run.first + 1]
            lengths.append(offsets[1:] - offsets[:-1])
            pieces.append(run.slice(int(offsets[0]), int(offsets[-1])))
        ids = np.concatenate(pieces) if len(pieces) > 1 else pieces[0]
        if ids.size and (int(ids.max()) >= len(self.vocabulary) or int(ids.min()) < 0):
            return None
        return ids, (np.concatenate(lengths) if len(lengths) > 1 else lengths[0])

    def terms(self, doc: int, key: AnalyzerKey) -> tuple[str, ...] | None:
        """A sentence's terms in order, or None when they are not kept for this analyzer."""
        run = self._run(doc, key)
        if run is None:
            return None
        lo, hi = run.offsets[doc - run.first : doc - run.first + 2].tolist()
        vocabulary = self.vocabulary
        ids = run.slice(lo, hi).tolist()
        try:
            if ids and min(ids) < 0:
                return None
            return tuple([vocabulary[i] for i in ids])
        except IndexError:  # a damaged terms.npy: the text is analysed instead
            return None

    def length(self, doc: int, key: AnalyzerKey) -> int | None:
        """How many terms a sentence has, or None when not kept for this analyzer."""
        run = self._run(doc, key)
        if run is None:
            return None
        at = doc - run.first
        return int(run.offsets[at + 1] - run.offsets[at])

    def ids_since(self, first: int) -> np.ndarray | None:
        """The term ids of every sentence from `first` on (to save them), or None if some
        run has none."""
        pieces = []
        for run in self._runs:
            if run.end <= first:
                continue
            if run.ids is None:
                return None
            lo = int(run.offsets[max(0, first - run.first)])
            pieces.append(run.ids[lo:])
        return (np.concatenate(pieces).astype(np.int32, copy=False) if pieces
                else np.zeros(0, dtype=np.int32))

    def key_since(self, first: int) -> AnalyzerKey | None:
        """The analyzer of every sentence from `first` on, if they share one."""
        keys = {run.key for run in self._runs if run.end > first}
        return keys.pop() if len(keys) == 1 else None


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """starts[i], starts[i] + 1 ... for counts[i] numbers each, end to end (int64)."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    return (np.arange(total, dtype=np.int64)
            + np.repeat(starts.astype(np.int64) - (ends - counts), counts))


def doc_freqs(ids: np.ndarray, offsets: np.ndarray, wanted: Sequence[int]) -> list[int]:
    """For each wanted term id, in how many of the sentences (ids, offsets) it occurs."""
    found = []
    for term in wanted:
        at = np.flatnonzero(ids == term)
        if not at.size:
            found.append(0)
            continue
        # The sentence of each occurrence; a sentence holding the term twice counts once.
        sentences = np.searchsorted(offsets, at, side="right")
        found.append(1 + int(np.count_nonzero(np.diff(sentences))))
    return found
