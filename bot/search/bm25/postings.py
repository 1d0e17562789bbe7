"""BM25 postings, built with numpy alone: compressed sparse rows by term id.

A segment holds the postings of a run of consecutive documents: per term a row of document
ids (int32, rising), term frequencies (the smallest unsigned type that holds them) and, for
pruning only, a float32 weight tf * (k1 + 1) / (tf + norm) per posting. Nothing here knows
queries, files or numba (see engine.py, store.py and kernel.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, count

import numpy as np

# Documents per build chunk: bounds the temporary arrays of a build and paces progress reports.
CHUNK_DOCS = 65_536  # at most 2**16: a run keeps its documents as uint16

Progress = Callable[[int], None]  # called with how many more documents were indexed


@dataclass(frozen=True)
class Segment:
    """Postings of a run of consecutive documents, as compressed sparse rows by term id."""

    offsets: np.ndarray  # int64, one more than the terms known when it was built
    docs: np.ndarray  # int32 global document ids, ascending within each term
    tfs: np.ndarray  # unsigned ints, the term's count in that document
    weights: np.ndarray  # float32 per posting: tf * (k1 + 1) / (tf + norm), for pruning only
    max_weight: np.ndarray  # per term: the largest of its weights (float64)
    avgdl: float  # the average document length the weights were worked out with

    @property
    def n_terms(self) -> int:
        """How many term ids this segment has rows for."""
        return len(self.offsets) - 1

    def row(self, term: int) -> tuple[int, int]:
        """Start and end of a term's postings (empty if the segment has no row for it)."""
        if term >= self.n_terms:
            return 0, 0
        return int(self.offsets[term]), int(self.offsets[term + 1])



# No postings at all: the kernel's second segment when there is only one.
EMPTY_SEGMENT = Segment(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32),
                        np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.float32),
                        np.zeros(0), 1.0)


def widen(array: np.ndarray, size: int, fill: int) -> np.ndarray:
    """The array padded with `fill` to `size` entries (rows for terms the segment lacks)."""
    if len(array) >= size:
        return array
    out = np.full(size, fill, dtype=array.dtype)
    out[: len(array)] = array
    return out


def tf_dtype(max_tf: int) -> np.dtype:
    for dtype in (np.uint8, np.uint16, np.uint32):
        if max_tf <= np.iinfo(dtype).max:
            return np.dtype(dtype)
    return np.dtype(np.uint64)


def build_postings(
    documents: Sequence[Sequence[str]],
    first_doc: int,
    term_ids: dict[str, int],
    terms: list[str],
    progress: Progress | None = None,
    ids_out: list[np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings (offsets, docs, tfs) of documents numbered from first_doc, and their lengths.

    With `ids_out`, the documents' term ids, end to end (int32), are appended to it (the
    forward index, bot/search/forward.py, keeps them).

    New terms get ids in first-seen order (`term_ids` and `terms` are extended in place), the
    order in which rank-bm25 fills its idf dict: its average idf sums in that order.
    """
    builder = PostingsBuilder(first_doc, term_ids, terms)
    builder.add(documents, progress, ids_out)
    return builder.finish()


class PostingsBuilder:
    """Postings of documents given a batch at a time, assembled once at the end (a build of
    a million sentences never holds their terms as strings at once, nor merges segments)."""

    def __init__(self, first_doc: int, term_ids: dict[str, int], terms: list[str]) -> None:
        self.first_doc = first_doc
        self.n_docs = 0
        self._term_ids, self._terms = term_ids, terms
        # A missing term takes the next id as it is first met: first-seen order in one C-level
        # pass.
        self._ids_of = defaultdict(count(len(terms)).__next__, term_ids)
        self._chunks: list[Run] = []
        self._lengths: list[np.ndarray] = []

    def add(self, documents: Sequence[Sequence[str]], progress: Progress | None = None,
            ids_out: list[np.ndarray] | None = None) -> None:
        """Index the next documents; with `ids_out`, their term ids are appended to it."""
        ids_of = self._ids_of
        for start in range(0, len(documents), CHUNK_DOCS):
            batch = documents[start : start + CHUNK_DOCS]
            lens = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
            ids = np.fromiter(map(ids_of.__getitem__, chain.from_iterable(batch)),
                              dtype=np.int64, count=int(lens.sum()))
            if ids_out is not None:
                ids_out.append(ids.astype(np.int32))
            self._add_run(ids, lens, progress)

    def ids(self, terms: Iterable[str]) -> np.ndarray:
        """The term ids of terms (int64); a term not known yet takes the next id as it is
        met, as in `add` (documents given as term ids keep the first-seen order so)."""
        return np.fromiter(map(self._ids_of.__getitem__, terms), dtype=np.int64)

    def add_ids(self, ids: np.ndarray, lengths: np.ndarray,
                progress: Progress | None = None) -> None:
        """Index the next documents given as term ids (from `ids`), end to end, with each
        document's number of terms: the same postings as `add` of their terms."""
        ends = np.cumsum(lengths)
        for start in range(0, len(lengths), CHUNK_DOCS):
            stop = min(start + CHUNK_DOCS, len(lengths))
            lo = int(ends[start - 1]) if start else 0
            self._add_run(np.asarray(ids[lo : int(ends[stop - 1]) if stop else 0],
                                     dtype=np.int64),
                          np.asarray(lengths[start:stop], dtype=np.int64), progress)

    def _add_run(self, ids: np.ndarray, lens: np.ndarray, progress: Progress | None) -> None:
        """One run of at most CHUNK_DOCS documents: their term ids end to end, lengths."""
        n = len(lens)
        # One sort of term * n + document gives the postings in row order, repeats adjacent.
        keys = ids * n + np.repeat(np.arange(n, dtype=np.int64), lens)
        del ids
        keys.sort()
        starts = np.flatnonzero(np.diff(keys, prepend=-1))
        tf = np.diff(np.append(starts, len(keys)))
        unique = keys[starts]
        del keys, starts
        # Kept compact until assembly (a run's documents fit 16 bits): this bounds the peak
        # memory of a large build.
        counts = np.bincount(unique // n, minlength=len(self._ids_of)).astype(np.int32)
        self._chunks.append((counts, (unique % n).astype(np.uint16),
                             self.first_doc + self.n_docs,
                             tf.astype(tf_dtype(int(tf.max()) if len(tf) else 0))))
        del unique, tf
        self._lengths.append(lens)
        self.n_docs += n
        if progress is not None:
            progress(n)

    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(offsets, docs, tfs, doc lengths); the new terms join `term_ids` and `terms`."""
        terms, ids_of = self._terms, self._ids_of
        if len(ids_of) > len(terms):
            new_terms = list(ids_of)[len(terms) :]  # dicts keep insertion order: id order
            self._term_ids.update(zip(new_terms, range(len(terms), len(ids_of))))
            terms.extend(new_terms)
        lengths = self._lengths
        doc_len = (np.concatenate(lengths) if lengths else np.zeros(0, np.int64)).astype(np.int32)
        offsets, docs, tfs, _ = assemble(self._chunks, len(terms))
        self._chunks, self._lengths = [], []
        return offsets, docs, tfs, doc_len


# A run of postings: per-term counts (rows in term order), documents (relative to the base),
# the base, and term frequencies.
Run = tuple[np.ndarray, np.ndarray, int, np.ndarray]


def assemble(
    chunks: list[Run], n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR rows (offsets, docs, tfs) and per-term counts from runs of postings.

    Each run is sorted by term then document, and every run's documents come after the
    previous run's, so rows come out in rising document order.
    """
    counts = np.zeros(n_terms, dtype=np.int64)
    for run_counts, _, _, _ in chunks:
        counts[: len(run_counts)] += run_counts
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    max_tf = max((int(tf.max()) for _, _, _, tf in chunks if len(tf)), default=0)
    docs = np.empty(int(offsets[-1]), dtype=np.int32)
    tfs = np.empty(int(offsets[-1]), dtype=tf_dtype(max_tf))
    if len(chunks) == 1:
        _, run_docs, base, tf = chunks[0]
        docs[:] = run_docs
        docs += base
        tfs[:] = tf
        return offsets, docs, tfs, counts
    cursor = offsets[:-1].copy()
    for run_counts, run_docs, base, tf in chunks:
        if not len(run_docs):
            continue
        m = len(run_counts)
        term = np.repeat(np.arange(m, dtype=np.int32), run_counts)
        run_first = np.zeros(m, dtype=np.int64)
        np.cumsum(run_counts[:-1], out=run_first[1:])
        # Each posting lands after what earlier runs put in its term's row, in run order.
        dest = cursor[term] + (np.arange(len(term)) - run_first[term])
        docs[dest] = run_docs.astype(np.int32) + base
        tfs[dest] = tf
        cursor[:m] += run_counts
    return offsets, docs, tfs, counts


def posting_weights(
    offsets: np.ndarray, docs: np.ndarray, tfs: np.ndarray, norm: np.ndarray, k1: float,
    block: int = 1 << 21,
) -> tuple[np.ndarray, np.ndarray]:
    """Per posting tf * (k1 + 1) / (tf + norm[doc]) as float32, and per term the largest.

    The per-term maximum is taken from the float64 weights, so it bounds the exact ones.
    """
    n_terms = len(offsets) - 1
    weights = np.empty(len(docs), dtype=np.float32)
    largest = np.zeros(n_terms)
    present = np.flatnonzero(np.diff(offsets))
    starts = offsets[present]
    # Blocks of whole rows keep the float64 temporaries small on a big index.
    first = 0
    while first < len(present):
        last = max(first + 1, int(np.searchsorted(starts, starts[first] + block, side="right")))
        lo, hi = int(starts[first]), int(offsets[present[last - 1] + 1])
        tf = tfs[lo:hi]
        weight = tf * (k1 + 1) / (tf + norm[docs[lo:hi]])
        weights[lo:hi] = weight
        largest[present[first:last]] = np.maximum.reduceat(weight, starts[first:last] - lo)
        first = last
    return weights, largest


def merge_postings(
    segments: Sequence[Segment], n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings holding those of several segments, given in document order."""
    chunks = [(np.diff(s.offsets), np.asarray(s.docs), 0, np.asarray(s.tfs)) for s in segments]
    offsets, docs, tfs, _ = assemble(chunks, n_terms)
    return offsets, docs, tfs


