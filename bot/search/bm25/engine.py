"""The newsbot BM25 engine: rank-bm25's BM25Okapi scores, bit for bit, scoring few documents.

It owns the parameters (k1, b, epsilon), answers queries and takes more documents (`add`);
postings come from postings.py, files from store.py, the compiled query loop from kernel.py
through loader.py. A query:

* works out each query term's idf from its document frequency with rank-bm25's formula,
  `log(N - df + 0.5) - log(df + 0.5)`, and its floor: a negative idf (a term in more than half
  of the documents) becomes `epsilon * average idf`, averaged over every term of the index
  (summed in rank-bm25's order, so bit for bit). Nothing that depends on N or the average
  length is fixed at build time, so adding documents keeps the scores exact;
* takes the terms biggest-upper-bound first (rare terms: short postings), summing partial
  scores from the stored weights; once what the remaining terms could add is below the k-th
  best partial score, no document not yet met can enter the top k, their long postings are
  only used to complete the candidates, and candidates that cannot reach the k-th best are
  dropped (MaxScore). Stored weights are scaled by how far the average length moved since
  they were computed, so the bounds hold after `add()`;
* scores the few remaining candidates exactly: the sum over the query terms in query order,
  repeats included, of rank-bm25's own expression, so the score equals
  `BM25Okapi.get_scores` to the last bit, and ties stay ties.

Ties are broken by the lower document number: among equal scores the earlier document comes
first (as `engines.top_k_from_scores` does for rank-bm25).

`add()` puts new documents in a small delta segment that queries see at once.
"""

from __future__ import annotations

import copy
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.search.bm25.loader import loaded, start
from bot.search.bm25.postings import (
    EMPTY_SEGMENT,
    PostingsBuilder,
    Progress,
    Segment,
    build_postings,
    merge_postings,
    posting_weights,
)
from bot.search.bm25.store import (
    StoredEngine,
    load_engine,
    release_mapped,
    save_engine,
    write_engine_files,
)

# Added documents live in one delta segment beside the big one, merged into it when the delta
# grows past this share of the whole (a merge copies every posting, so it should be rare).
MERGE_SHARE = 0.2

# BM25Okapi's defaults in rank-bm25.
DEFAULT_K1 = 1.5
DEFAULT_B = 0.75
DEFAULT_EPSILON = 0.25


@dataclass(frozen=True)
class _State:
    """Everything a query reads, replaced whole by add() so readers never see half an update."""

    segments: tuple[Segment, ...]
    doc_len: np.ndarray  # int32 per document
    df: np.ndarray  # int64 per term id
    total_len: int
    norm: np.ndarray  # per document: k1 * (1 - b + b * dl / avgdl), as rank-bm25 computes it
    starts: tuple[int, ...] = ()  # each segment's first document (segments are runs of them)
    _average_idf: list[float] = field(default_factory=list)  # computed on first need
    _kernel_args: list = field(default_factory=list)  # likewise

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)


# Queries between two releases of the mapped postings' pages (see release_pages). A question
# at a million sentences maps 5 to 10 MB of them (its common terms' postings), and a kernel
# that maps whole page-cache folios around each fault maps more: after a fresh build (the
# index wholly in the page cache) four questions left 54 MB of postings resident at 1M.
# Released before every question they are a few MB; mapping them again cost 0.2 ms a query
# (measured at 1M on a loaded machine), within the noise of the answer's p50.
RELEASE_QUERIES = 1


def release_pages(state: _State) -> None:
    """Give back the pages of memory-mapped postings that queries have read.

    Each query maps the pages of its terms' postings into the process (and the kernel maps
    their neighbours): after a few hundred questions about 100 MB of a million-sentence
    index's postings count in the process's resident memory, though a query reads only its
    terms'. madvise(MADV_DONTNEED) drops them from the process, not from the page cache
    (shared, reclaimable): a later query maps them again with minor faults.
    """
    for segment in state.segments:
        release_mapped(segment.docs, segment.tfs, segment.weights)


class NewsbotEngine:
    """BM25Okapi over token lists with rank-bm25's exact scores, pruned top-k and a saved form."""

    name = "newsbot"
    use_kernel = True  # the compiled kernel when numba is installed; False forces numpy

    def __init__(
        self,
        documents: Sequence[Sequence[str]] = (),
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        epsilon: float = DEFAULT_EPSILON,
        progress: Progress | None = None,
    ) -> None:
        self.k1, self.b, self.epsilon = float(k1), float(b), float(epsilon)
        self._terms: list[str] = []
        self._term_ids: dict[str, int] = {}
        self._lock = threading.Lock()  # one writer at a time; readers never wait
        self._scratch = threading.local()
        self._queries = 0
        self._state = _State((), np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), 0,
                             np.zeros(0))
        if len(documents):
            self.add(documents, progress=progress)

    # -- reading -------------------------------------------------------------------------------

    @property
    def n_docs(self) -> int:
        """How many documents are indexed."""
        return self._state.n_docs

    @property
    def vocabulary_size(self) -> int:
        """How many distinct terms are indexed."""
        return len(self._state.df)

    def doc_freq(self, term: str) -> int:
        """How many documents contain the term."""
        state = self._state
        tid = self._term_ids.get(term)
        return int(state.df[tid]) if tid is not None and tid < len(state.df) else 0

    def idf(self, term: str) -> float:
        """The term's idf as BM25Okapi has it (0 for a term that is not indexed)."""
        state = self._state
        tid = self._term_ids.get(term)
        if tid is None or tid >= len(state.df):
            return 0.0
        return self._idf(state, int(state.df[tid]))

    def get_scores(self, terms: Sequence[str]) -> np.ndarray:
        """Every document's score, like BM25Okapi.get_scores (for tests and small corpora)."""
        state = self._state
        scores = np.zeros(state.n_docs)
        for term in terms:
            tid = self._term_ids.get(term)
            if tid is None or tid >= len(state.df):
                continue
            docs, tfs = self._postings(state, tid)
            scores[docs] += self._contributions(state, self._idf(state, int(state.df[tid])),
                                                docs, tfs)
        return scores

    def top_k(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a score above zero, best first.

        Ties are broken by the lower document number.
        """
        state = self._state
        if k <= 0 or not terms or state.total_len == 0:
            return []
        get, limit = self._term_ids.get, len(state.df)
        # Known query terms in query order, repeats kept (unknown terms score 0 in rank-bm25).
        sequence = [t for t in map(get, terms) if t is not None and t < limit]
        if not sequence:
            return []
        self._queries += 1  # a count lost between threads only delays a release
        if self._queries % RELEASE_QUERIES == 0:
            release_pages(state)
        if self.use_kernel and (kernel := loaded()) is not None:
            hits = self._kernel_top_k(kernel, state, sequence, k)
            if hits is not None:
                return hits
        counts: dict[int, int] = {}
        for tid in sequence:
            counts[tid] = counts.get(tid, 0) + 1
        df = state.df
        idfs = {tid: self._idf(state, int(df[tid])) for tid in counts}
        if min(idfs.values()) < 0:
            # A negative floor (average idf below zero: tiny, repetitive corpora) breaks the
            # bounds' premise that a term never lowers a score: score every candidate.
            candidates = np.unique(np.concatenate([self._postings(state, t)[0] for t in counts]))
        else:
            candidates = self._candidates(state, counts, idfs, k)
        if candidates.size == 0:
            return []
        scores = self._exact_scores(state, candidates, sequence, idfs)
        keep = scores > 0
        docs, scores = candidates[keep], scores[keep]
        ranked = np.lexsort((docs, -scores))[:k]
        return [(int(docs[j]), float(scores[j])) for j in ranked]

    def _kernel_top_k(
        self, kernel, state: _State, sequence: list[int], k: int
    ) -> list[tuple[int, float]] | None:
        """The whole query in compiled code (bot.search.bm25.kernel); None if it cannot apply."""
        position: dict[int, int] = {}
        places = [position.setdefault(t, len(position)) for t in sequence]
        df = state.df
        idfs = [self._idf(state, int(df[t])) for t in position]
        if min(idfs) < 0:
            return None  # a negative floor: the bounds' premise fails (see top_k)
        arrays, scalars = self._kernel_args(state)
        docs, scores = kernel.top_k(
            *arrays, *scalars, self._scratch_for(state.n_docs, kernel_path=True).acc32,
            np.fromiter(position, dtype=np.int64, count=len(position)),
            np.array(idfs), np.array(places, dtype=np.int64), k, self.k1,
        )
        return list(zip(docs.tolist(), scores.tolist()))

    def _kernel_args(self, state: _State) -> tuple[tuple, tuple]:
        """Per-state kernel inputs, worked out on the first query after a change."""
        if not state._kernel_args:
            base = state.segments[0]
            delta = state.segments[1] if len(state.segments) > 1 else EMPTY_SEGMENT
            avgdl = state.total_len / state.n_docs
            # Stored weights were worked out at each segment's own average length; now they
            # are within a factor r = avgdl / segment avgdl of the true ones (see _bound).
            ratios = [avgdl / s.avgdl for s in (base, delta)] if len(state.segments) > 1 else [
                avgdl / base.avgdl, 1.0]
            spread = max(max(1.0, r) / min(1.0, r) for r in ratios)
            arrays = tuple(map(_frozen, (
                base.offsets, base.docs, base.tfs, base.weights,
                delta.offsets, delta.docs, delta.tfs, delta.weights, state.norm,
                base.max_weight, delta.max_weight)))
            scalars = (max(1.0, ratios[0]), max(1.0, ratios[1]),
                       min(1.0, ratios[0]), min(1.0, ratios[1]), spread, _frozen(state.df))
            state._kernel_args.append((arrays, scalars))
        return state._kernel_args[0]

    def _candidates(
        self, state: _State, counts: dict[int, int], idfs: dict[int, float], k: int
    ) -> np.ndarray:
        """Documents that may be in the top k; every other document scores below all k of them.

        Term at a time, biggest bound first (rare terms: short postings), a dense accumulator
        sums each document's partial score. Partial scores only grow (no idf is negative), so
        the k-th best partial score bounds the final k-th best from below; a document whose
        partial score plus the bounds of the terms still to come stays under it is dropped, and
        once those bounds alone stay under it, documents seen only in later terms cannot enter,
        and the later terms' postings are never read.
        """
        bounds = {t: m * self._bound(state, t, idfs[t]) for t, m in counts.items()}
        order = sorted(counts, key=lambda t: (-bounds[t], int(state.df[t]), t))
        rests = [math.fsum(bounds[t] for t in order[i + 1 :]) for i in range(len(order))]
        scratch = self._scratch_for(state.n_docs, numpy_path=True)
        acc, seen = scratch.acc, scratch.seen
        touched: list[np.ndarray] = []
        live = np.zeros(0, dtype=np.int32)
        theta = 0.0
        try:
            for tid, rest in zip(order, rests):
                if bounds[tid] <= 0:
                    break  # this and later terms add nothing anywhere
                docs, tfs = self._postings(state, tid)
                acc[docs] += counts[tid] * self._contributions(state, idfs[tid], docs, tfs)
                fresh = docs[~seen[docs]]
                seen[fresh] = True
                touched.append(fresh)
                live = np.concatenate((live, fresh)) if live.size else fresh
                partial = acc[live]
                if partial.size >= k:
                    kth = float(np.partition(partial, partial.size - k)[partial.size - k])
                    theta = max(theta, kth * (1 - 1e-9))  # slack for summation order
                rest_up = rest * (1 + 1e-9) + 1e-12
                if theta > 0:
                    keep = partial + rest_up >= theta
                    live = live[keep]
                if rest_up < theta:
                    break
        finally:
            for docs in touched:
                acc[docs] = 0.0
                seen[docs] = False
        return live

    def _exact_scores(
        self, state: _State, docs: np.ndarray, sequence: list[int], idfs: dict[int, float]
    ) -> np.ndarray:
        """rank-bm25's scores of these documents, bit for bit.

        Summed over the query terms in query order, repeats included, with its own expression:
        the same additions it makes (adding zero for an absent term changes nothing).
        """
        parts: dict[int, np.ndarray] = {}
        for tid in dict.fromkeys(sequence):
            hit, tfs = self._lookup(state, tid, docs)
            if hit.size:
                part = np.zeros(docs.size)
                part[hit] = self._contributions(state, idfs[tid], docs[hit], tfs)
                parts[tid] = part
        scores = np.zeros(docs.size)
        for tid in sequence:
            found = parts.get(tid)
            if found is not None:
                scores += found
        return scores

    # -- scoring internals ---------------------------------------------------------------------

    def _idf(self, state: _State, df: int) -> float:
        n = state.n_docs
        idf = math.log(n - df + 0.5) - math.log(df + 0.5)
        if idf < 0:
            return self.epsilon * self._average_idf(state)
        return idf

    def _average_idf(self, state: _State) -> float:
        """rank-bm25's average idf: the sequential sum over terms in first-seen order, / count."""
        if not state._average_idf:
            n = state.n_docs
            values, inverse = np.unique(state.df, return_inverse=True)
            # math.log per distinct df keeps each idf bit-identical to rank-bm25's; a cumulative
            # sum adds them one by one in term order, as its loop does.
            table = np.array([math.log(n - d + 0.5) - math.log(d + 0.5) for d in values.tolist()])
            total = float(np.cumsum(table[inverse])[-1]) if len(inverse) else 0.0
            state._average_idf.append(total / len(state.df) if len(state.df) else 0.0)
        return state._average_idf[0]

    def _bound(self, state: _State, tid: int, idf: float) -> float:
        """The most one occurrence of the term in the query can add to any document's score."""
        if idf <= 0:
            return 0.0
        avgdl = state.total_len / state.n_docs
        weight = 0.0
        for segment in state.segments:
            if tid < segment.n_terms:
                # A longer average length only lowers norm: a weight grows at most in proportion
                # (tf + norm / r >= (tf + norm) / r for r >= 1), and never grows otherwise.
                weight = max(weight, float(segment.max_weight[tid])
                             * max(1.0, avgdl / segment.avgdl))
        return idf * weight

    def _contributions(
        self, state: _State, idf: float, docs: np.ndarray, tfs: np.ndarray
    ) -> np.ndarray:
        """What a term adds to these documents' scores, in rank-bm25's exact arithmetic."""
        return idf * (tfs * (self.k1 + 1) / (tfs + state.norm[docs]))

    def _lookup(self, state: _State, tid: int, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of `docs` (as positions in it) contain the term, and its tf there."""
        posting_docs, posting_tfs = self._postings(state, tid)
        if posting_docs.size == 0 or docs.size == 0:
            return np.zeros(0, dtype=np.intp), posting_tfs[:0]
        if docs.size * 16 < posting_docs.size:
            # Few documents, long postings: binary search beats reading the postings.
            at = np.searchsorted(posting_docs, docs)
            np.minimum(at, posting_docs.size - 1, out=at)
            hit = np.flatnonzero(posting_docs[at] == docs)
            return hit, posting_tfs[at[hit]]
        slot = self._scratch_for(state.n_docs, numpy_path=True).slot  # doc -> 1 + position
        slot[posting_docs] = np.arange(1, posting_docs.size + 1, dtype=np.int32)
        at = slot[docs]
        slot[posting_docs] = 0
        hit = np.flatnonzero(at)
        return hit, posting_tfs[at[hit] - 1]

    @staticmethod
    def _postings(state: _State, tid: int) -> tuple[np.ndarray, np.ndarray]:
        parts = [(s, *s.row(tid)) for s in state.segments]
        parts = [(s, lo, hi) for s, lo, hi in parts if hi > lo]
        if len(parts) == 1:
            s, lo, hi = parts[0]
            return s.docs[lo:hi], s.tfs[lo:hi]
        if not parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint8)
        return (np.concatenate([s.docs[lo:hi] for s, lo, hi in parts]),
                np.concatenate([s.tfs[lo:hi] for s, lo, hi in parts]))

    def _scratch_for(self, n_docs: int, numpy_path: bool = False,
                     kernel_path: bool = False) -> threading.local:
        """This thread's per-document work arrays (all zero between queries)."""
        scratch = self._scratch
        if kernel_path and getattr(scratch, "numpy_size", -1) >= 0:
            # The numpy path's arrays (13 bytes a document) served the queries made before
            # the kernel was loaded: it is not taken again (but for rare queries: see top_k).
            del scratch.seen, scratch.acc, scratch.slot
            scratch.numpy_size = -1
        if getattr(scratch, "size", -1) < n_docs:
            # Written once now, so no query pays the page faults of first use.
            scratch.acc32 = np.empty(n_docs, dtype=np.float32)
            scratch.acc32.fill(0)
            scratch.size = n_docs
            scratch.numpy_size = -1
        if numpy_path and scratch.numpy_size < n_docs:
            scratch.seen = np.zeros(n_docs, dtype=bool)
            scratch.acc = np.zeros(n_docs)
            scratch.slot = np.zeros(n_docs, dtype=np.int32)
            scratch.numpy_size = n_docs
        return scratch

    # -- building and adding -------------------------------------------------------------------

    def add(self, documents: Sequence[Sequence[str]], progress: Progress | None = None,
            ids_out: list[np.ndarray] | None = None) -> None:
        """Index more documents (numbered after the existing ones); queries see them at once.

        With `ids_out`, their term ids, end to end, are appended to it (int32 arrays).
        """
        if not len(documents):
            return
        with self._lock:
            self._state = self._grown(self._state, documents, progress, ids_out)

    @property
    def vocabulary(self) -> list[str]:
        """The terms in id order (shared with engines grown from this one; only grows)."""
        return self._terms

    def term_id(self, term: str) -> int | None:
        """A term's id, or None if no document has it."""
        return self._term_ids.get(term)

    def added(self, documents: Sequence[Sequence[str]],
              ids_out: list[np.ndarray] | None = None) -> NewsbotEngine:
        """A new engine with more documents; this one stays as it is (snapshots swapped whole).

        The two share the term list, which only grows: a term id this engine never gave out
        is past its rows, so it still reads as unknown here. Grow one line of engines only
        (each from the newest), or the two lines would hand out the same ids.
        """
        with self._lock:
            clone = copy.copy(self)
            clone._scratch = threading.local()
            clone._lock = threading.Lock()
            if len(documents):
                clone._state = self._grown(self._state, documents, None, ids_out)
            return clone

    def builder(self) -> PostingsBuilder:
        """Postings of documents numbered after the existing ones, given a batch at a time;
        `add_built` then indexes them as one segment (how a large index is built: no merges,
        no terms held as strings). Nothing else may add documents meanwhile."""
        return PostingsBuilder(self.n_docs, self._term_ids, self._terms)

    def add_built(self, builder: PostingsBuilder) -> None:
        """Index the documents of a `builder()`; queries see them at once."""
        with self._lock:
            if builder.first_doc != self._state.n_docs:
                raise ValueError("documents were added since the builder was made")
            self._state = self._grown(self._state, (), None, built=builder.finish())

    def _grown(self, state: _State, documents: Sequence[Sequence[str]],
               progress: Progress | None, ids_out: list[np.ndarray] | None = None,
               built: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None,
               ) -> _State:
        """The state with more documents: a new small segment, merged with the last one."""
        offsets, docs, tfs, lengths = built if built is not None else build_postings(
            documents, state.n_docs, self._term_ids, self._terms, progress, ids_out
        )
        n_terms = len(self._terms)
        doc_len = np.concatenate((state.doc_len, lengths)).astype(np.int32, copy=False)
        total_len = state.total_len + int(lengths.sum(dtype=np.int64))
        df = np.zeros(n_terms, dtype=np.int64)
        df[: len(state.df)] = state.df
        df[: len(offsets) - 1] += np.diff(offsets)
        norm = self._norm(doc_len, total_len)
        avgdl = total_len / len(doc_len) if len(doc_len) else 1.0
        segment = Segment(offsets, docs, tfs,
                          *posting_weights(offsets, docs, tfs, norm, self.k1), avgdl)
        starts = state.starts or (0,)
        if not state.segments:
            segments: tuple[Segment, ...] = (segment,)
            starts = (0,)
        elif len(state.segments) == 1:
            segments = (state.segments[0], segment)
            starts = (0, state.n_docs)
        else:
            # Keep the big (usually memory-mapped) segment as is; merge the small ones.
            delta = self._merge((state.segments[1], segment), n_terms, norm, avgdl)
            segments = (state.segments[0], delta)
            if len(delta.docs) > MERGE_SHARE * (len(delta.docs) + len(segments[0].docs)):
                segments = (self._merge(segments, n_terms, norm, avgdl),)
                starts = (0,)
        return _State(segments, doc_len, df, total_len, norm, starts[: len(segments)])

    def _merge(
        self, segments: Sequence[Segment], n_terms: int, norm: np.ndarray, avgdl: float
    ) -> Segment:
        offsets, docs, tfs = merge_postings(segments, n_terms)
        return Segment(offsets, docs, tfs, *posting_weights(offsets, docs, tfs, norm, self.k1),
                       avgdl)

    def _norm(self, doc_len: np.ndarray, total_len: int) -> np.ndarray:
        """k1 * (1 - b + b * dl / avgdl) per document, the very expression rank-bm25 uses."""
        if not total_len:
            return np.zeros(len(doc_len))
        avgdl = total_len / len(doc_len)
        return self.k1 * (1 - self.b + self.b * doc_len / avgdl)

    # -- saving and loading --------------------------------------------------------------------

    # -- saving and loading --------------------------------------------------------------------

    def stored(self) -> StoredEngine:
        """The engine as the store saves it: one segment (a delta is merged into a copy)."""
        state = self._state
        n_terms = len(state.df)
        terms = self._terms[:n_terms]  # a concurrent add() may be extending the list
        avgdl = state.total_len / state.n_docs if state.n_docs else 1.0
        if not state.segments:
            segment = EMPTY_SEGMENT
        elif len(state.segments) == 1:
            segment = state.segments[0]
        else:
            segment = self._merge(state.segments, n_terms, state.norm, avgdl)
        return StoredEngine(self.k1, self.b, self.epsilon, terms, segment, state.doc_len,
                            state.total_len)

    @classmethod
    def from_stored(cls, stored: StoredEngine | Sequence[StoredEngine]) -> NewsbotEngine:
        """An engine serving saved parts as they are (memory-mapped arrays stay mapped).

        Parts follow each other (documents and terms numbered on from the previous one's);
        the first is the base segment, the others are merged into one delta.
        """
        parts = [stored] if isinstance(stored, StoredEngine) else list(stored)
        first = parts[0]
        engine = cls(k1=first.k1, b=first.b, epsilon=first.epsilon)
        terms = [t for part in parts for t in part.terms]
        engine._terms = terms
        engine._term_ids = {t: i for i, t in enumerate(terms)}
        doc_len = (np.concatenate([part.doc_len for part in parts]).astype(np.int32, copy=False)
                   if len(parts) > 1 else first.doc_len)
        total_len = sum(part.total_len for part in parts)
        df = np.zeros(len(terms), dtype=np.int64)
        for part in parts:
            counts = np.diff(np.asarray(part.segment.offsets))
            df[: len(counts)] += counts
        norm = engine._norm(doc_len, total_len)
        segments: tuple[Segment, ...] = (first.segment,) if len(doc_len) else ()
        starts: tuple[int, ...] = (0,) if segments else ()
        if len(parts) > 1:
            avgdl = total_len / len(doc_len) if len(doc_len) else 1.0
            rest = [part.segment for part in parts[1:] if len(part.doc_len)]
            if rest:
                delta = rest[0] if len(rest) == 1 else engine._merge(rest, len(terms), norm,
                                                                      avgdl)
                segments = (first.segment, delta)
                starts = (0, len(first.doc_len))
        engine._state = _State(segments, doc_len, df, total_len, norm, starts)
        return engine

    def stored_tail(self, first_doc: int, first_term: int) -> StoredEngine:
        """The documents from `first_doc` on and the terms from `first_term` on, for a part
        saved after the ones holding the earlier documents."""
        state = self._state
        if first_doc == 0 and first_term == 0 and len(state.segments) == 1:
            return self.stored()  # the one segment as it is (no copy of every posting)
        n_terms = len(state.df)
        avgdl = state.total_len / state.n_docs if state.n_docs else 1.0
        ends = (*state.starts[1:], state.n_docs)
        pieces = []
        for segment, begin, end in zip(state.segments, state.starts, ends):
            if end <= first_doc:
                continue
            if begin < first_doc:
                segment = _docs_from(segment, first_doc)
            pieces.append(segment)
        offsets, docs, tfs = merge_postings(pieces, n_terms) if pieces else (
            np.zeros(n_terms + 1, dtype=np.int64), np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.uint8))
        weights, largest = posting_weights(offsets, docs, tfs, state.norm, self.k1)
        doc_len = state.doc_len[first_doc:]
        return StoredEngine(self.k1, self.b, self.epsilon, self._terms[first_term:n_terms],
                            Segment(offsets, docs, tfs, weights, largest, avgdl), doc_len,
                            int(doc_len.sum(dtype=np.int64)), first_doc, first_term)

    def save(self, directory: Path | str) -> None:
        """Write the index as plain files into a new directory, atomically (store.py)."""
        save_engine(self.stored(), Path(directory))

    def write_files(self, directory: Path) -> None:
        """Write the index's files into an existing directory (see save for the atomic way)."""
        write_engine_files(self.stored(), directory)

    @classmethod
    def load(cls, directory: Path | str, mmap: bool = True) -> NewsbotEngine:
        """Open a saved index (memory-mapped); raise IndexFormatError if it is not sound."""
        return cls.from_stored(load_engine(directory, mmap=mmap))


def _docs_from(segment: Segment, first_doc: int) -> Segment:
    """The segment's postings of documents from `first_doc` on (weights left for the caller)."""
    docs = np.asarray(segment.docs)
    keep = docs >= first_doc
    term = np.repeat(np.arange(segment.n_terms, dtype=np.int64), np.diff(segment.offsets))
    offsets = np.zeros(segment.n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(term[keep], minlength=segment.n_terms), out=offsets[1:])
    return Segment(offsets, docs[keep], np.asarray(segment.tfs)[keep],
                   np.asarray(segment.weights)[keep], segment.max_weight, segment.avgdl)


def start_kernel(wait: bool = False) -> threading.Thread | None:
    """Load the compiled kernel (see loader.py): now with `wait`, else in the background."""
    return start(_warm_up, wait)


def _warm_up(kernel) -> None:  # noqa: ANN001 - the kernel module
    """One query on a tiny index loads (or compiles) the code for the usual argument types."""
    tiny = NewsbotEngine([["a", "b"], ["b", "c"], ["c"], ["d"], ["e"]])
    tiny._kernel_top_k(kernel, tiny._state, [0, 1, 1], 2)


def _frozen(array: np.ndarray) -> np.ndarray:
    """A read-only view: memory-mapped and in-memory arrays then share one compiled kernel."""
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


# -- building blocks ---------------------------------------------------------------------------
