"""The newsbot BM25 engine: rank-bm25's BM25Okapi scores, bit for bit, scoring few documents.

Postings are compressed sparse rows by term id: document ids (int32, rising), term frequencies
(the smallest unsigned type that holds them) and, for pruning only, a float32 weight
tf * (k1 + 1) / (tf + norm) per posting; plus each document's length. A query:

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

The query loop is compiled with numba (bot/search/bm25_kernel.py) once `start_kernel()` has loaded
it; until then, or without numba, a numpy version of the same algorithm answers. An index is
saved as plain files (numpy .npy arrays and JSON, no pickle) and loaded memory-mapped;
`add()` puts new documents in a small delta segment that queries see at once.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

FORMAT = "newsbot-bm25"
FORMAT_VERSION = 1
# Documents per build chunk: bounds the temporary arrays of a build and paces progress reports.
CHUNK_DOCS = 65_536  # at most 2**16: a run keeps its documents as uint16
# Added documents live in one delta segment beside the big one, merged into it when the delta
# grows past this share of the whole (a merge copies every posting, so it should be rare).
MERGE_SHARE = 0.2
_ARRAYS = ("offsets", "docs", "tfs", "weights", "max_weight", "doc_len")

Progress = Callable[[int], None]  # called with how many more documents were indexed


# BM25Okapi's defaults in rank-bm25.
DEFAULT_K1 = 1.5
DEFAULT_B = 0.75
DEFAULT_EPSILON = 0.25


class IndexFormatError(ValueError):
    """A saved index is missing, truncated, inconsistent or of another format version."""


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


@dataclass(frozen=True)
class _State:
    """Everything a query reads, replaced whole by add() so readers never see half an update."""

    segments: tuple[Segment, ...]
    doc_len: np.ndarray  # int32 per document
    df: np.ndarray  # int64 per term id
    total_len: int
    norm: np.ndarray  # per document: k1 * (1 - b + b * dl / avgdl), as rank-bm25 computes it
    _average_idf: list[float] = field(default_factory=list)  # computed on first need
    _kernel_args: list = field(default_factory=list)  # likewise

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)


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
        if self.use_kernel and (kernel := _kernel()) is not None:
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
        """The whole query in compiled code (bot.search.bm25_kernel); None if it cannot apply."""
        position: dict[int, int] = {}
        places = [position.setdefault(t, len(position)) for t in sequence]
        df = state.df
        idfs = [self._idf(state, int(df[t])) for t in position]
        if min(idfs) < 0:
            return None  # a negative floor: the bounds' premise fails (see top_k)
        arrays, scalars = self._kernel_args(state)
        docs, scores = kernel.top_k(
            *arrays, *scalars, self._scratch_for(state.n_docs).acc32,
            np.fromiter(position, dtype=np.int64, count=len(position)),
            np.array(idfs), np.array(places, dtype=np.int64), k, self.k1,
        )
        return list(zip(docs.tolist(), scores.tolist()))

    def _kernel_args(self, state: _State) -> tuple[tuple, tuple]:
        """Per-state kernel inputs, worked out on the first query after a change."""
        if not state._kernel_args:
            base = state.segments[0]
            delta = state.segments[1] if len(state.segments) > 1 else _EMPTY_SEGMENT
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

    def _scratch_for(self, n_docs: int, numpy_path: bool = False) -> threading.local:
        """This thread's per-document work arrays (all zero between queries)."""
        scratch = self._scratch
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

    def add(self, documents: Sequence[Sequence[str]], progress: Progress | None = None) -> None:
        """Index more documents (numbered after the existing ones); queries see them at once."""
        if not len(documents):
            return
        with self._lock:
            state = self._state
            offsets, docs, tfs, lengths = build_postings(
                documents, state.n_docs, self._term_ids, self._terms, progress
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
            if not state.segments:
                segments: tuple[Segment, ...] = (segment,)
            elif len(state.segments) == 1:
                segments = (state.segments[0], segment)
            else:
                # Keep the big (usually memory-mapped) segment as is; merge the small ones.
                delta = self._merge((state.segments[1], segment), n_terms, norm, avgdl)
                segments = (state.segments[0], delta)
                if len(delta.docs) > MERGE_SHARE * (len(delta.docs) + len(segments[0].docs)):
                    segments = (self._merge(segments, n_terms, norm, avgdl),)
            self._state = _State(segments, doc_len, df, total_len, norm)

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

    def save(self, directory: Path | str) -> None:
        """Write the index as plain files into a new directory, atomically (temp dir + rename)."""
        write_atomically(Path(directory), self.write_files)

    def write_files(self, directory: Path) -> None:
        """Write the index's files into an existing directory (see save for the atomic way)."""
        state = self._state
        n_terms = len(state.df)
        terms = self._terms[:n_terms]  # a concurrent add() may be extending the list
        avgdl = state.total_len / state.n_docs if state.n_docs else 1.0
        segment = (state.segments[0] if len(state.segments) == 1
                   else self._merge(state.segments, n_terms, state.norm, avgdl))
        arrays = {
            "offsets": _widen(segment.offsets, n_terms + 1, segment.offsets[-1]
                              if len(segment.offsets) else 0),
            "docs": segment.docs,
            "tfs": segment.tfs,
            "weights": segment.weights,
            "max_weight": _widen(segment.max_weight, n_terms, 0),
            "doc_len": state.doc_len,
        }
        meta = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "n_docs": state.n_docs,
            "n_terms": n_terms,
            "n_postings": len(segment.docs),
            "total_len": state.total_len,
            "weight_avgdl": segment.avgdl,
            "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                       for name, a in arrays.items()},
        }

        for name, array in arrays.items():
            np.save(directory / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        (directory / "vocab.json").write_text(json.dumps(terms, ensure_ascii=False),
                                              encoding="utf-8")
        (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str, mmap: bool = True) -> NewsbotEngine:
        """Open a saved index (memory-mapped); raise IndexFormatError if it is not sound."""
        directory = Path(directory)
        try:
            meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
                raise IndexFormatError(
                    f"format {meta.get('format')!r} version {meta.get('version')!r}, "
                    f"expected {FORMAT!r} version {FORMAT_VERSION}"
                )
            arrays = {}
            for name in _ARRAYS:
                arrays[name] = np.load(directory / f"{name}.npy", allow_pickle=False,
                                       mmap_mode="r" if mmap and name != "doc_len" else None)
                expected = meta["arrays"][name]
                if (str(arrays[name].dtype) != expected["dtype"]
                        or list(arrays[name].shape) != expected["shape"]):
                    raise IndexFormatError(f"{name}.npy does not match meta.json")
            terms = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
        except IndexFormatError:
            raise
        except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
            raise IndexFormatError(f"cannot read saved index in {directory}: {exc}") from None
        n_docs, n_terms = int(meta["n_docs"]), int(meta["n_terms"])
        offsets, docs = arrays["offsets"], arrays["docs"]
        problems = [
            (len(terms) != n_terms or len(set(terms)) != n_terms, "vocabulary size"),
            (len(offsets) != n_terms + 1 or (n_terms + 1 and int(offsets[0]) != 0)
             or int(offsets[-1]) != len(docs), "term offsets"),
            (len(arrays["doc_len"]) != n_docs
             or int(arrays["doc_len"].sum(dtype=np.int64)) != meta["total_len"], "doc lengths"),
            (len(docs) != len(arrays["tfs"]) or len(docs) != len(arrays["weights"])
             or len(docs) != meta["n_postings"], "postings size"),
        ]
        if not problems[1][0] and n_terms and np.any(np.diff(offsets) < 0):
            problems.append((True, "term offsets"))
        if not problems[3][0] and len(docs) and (int(docs.min()) < 0
                                                 or int(docs.max()) >= n_docs):
            problems.append((True, "document ids"))
        bad = [what for failed, what in problems if failed]
        if bad:
            raise IndexFormatError(f"saved index in {directory} is inconsistent: {bad[0]}")
        engine = cls(k1=meta["k1"], b=meta["b"], epsilon=meta["epsilon"])
        engine._terms = list(terms)
        engine._term_ids = {t: i for i, t in enumerate(terms)}
        segment = Segment(offsets, docs, arrays["tfs"], arrays["weights"],
                          arrays["max_weight"], float(meta["weight_avgdl"]))
        doc_len = np.asarray(arrays["doc_len"], dtype=np.int32)
        total_len = int(meta["total_len"])
        engine._state = _State((segment,) if n_docs else (), doc_len,
                               np.diff(np.asarray(offsets)).astype(np.int64), total_len,
                               engine._norm(doc_len, total_len))
        return engine


_EMPTY_SEGMENT = Segment(np.zeros(1, dtype=np.int64), np.zeros(0, dtype=np.int32),
                         np.zeros(0, dtype=np.uint8), np.zeros(0, dtype=np.float32),
                         np.zeros(0), 1.0)
_KERNEL: list = []  # the loaded bot.search.bm25_kernel module (or None without numba), once ready
_KERNEL_LOCK = threading.Lock()


def start_kernel(wait: bool = False) -> threading.Thread | None:
    """Load the compiled kernel (importing numba and its cached code takes about a second).

    Until it is ready, queries take the numpy path, which gives the same results more slowly,
    so a one-off `newsbot ask` never pays for it; the bot starts it in the background.
    """
    if _KERNEL:
        return None
    if wait:
        _load_kernel()
        return None
    thread = threading.Thread(target=_load_kernel, name="bm25-kernel", daemon=True)
    thread.start()
    return thread


def _load_kernel() -> None:
    with _KERNEL_LOCK:
        if _KERNEL:
            return
        try:
            from bot.search import bm25_kernel
        except ImportError as exc:
            logger.info("numba not available (%s): queries use the numpy path", exc)
            _KERNEL.append(None)
            return
        started = time.perf_counter()
        # One call on a tiny index loads (or compiles) the code for the usual argument types.
        tiny = NewsbotEngine([["a", "b"], ["b", "c"], ["c"], ["d"], ["e"]])
        tiny._kernel_top_k(bm25_kernel, tiny._state, [0, 1, 1], 2)
        logger.debug("bm25 kernel ready in %.2f s", time.perf_counter() - started)
        _KERNEL.append(bm25_kernel)


def _kernel():
    """The compiled kernel if it is loaded, else None (the numpy path answers)."""
    return _KERNEL[0] if _KERNEL else None


def _frozen(array: np.ndarray) -> np.ndarray:
    """A read-only view: memory-mapped and in-memory arrays then share one compiled kernel."""
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


# -- building blocks ---------------------------------------------------------------------------


def _widen(array: np.ndarray, size: int, fill: int) -> np.ndarray:
    """The array padded with `fill` to `size` entries (rows for terms the segment lacks)."""
    if len(array) >= size:
        return array
    out = np.full(size, fill, dtype=array.dtype)
    out[: len(array)] = array
    return out


def _tf_dtype(max_tf: int) -> np.dtype:
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
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR postings (offsets, docs, tfs) of documents numbered from first_doc, and their lengths.

    New terms get ids in first-seen order (`term_ids` and `terms` are extended in place), the
    order in which rank-bm25 fills its idf dict: its average idf sums in that order.
    """
    chunks: list[Run] = []
    lengths: list[np.ndarray] = []
    # A missing term takes the next id as it is first met: first-seen order in one C-level pass.
    ids_of = defaultdict(count(len(terms)).__next__, term_ids)
    for start in range(0, len(documents), CHUNK_DOCS):
        batch = documents[start : start + CHUNK_DOCS]
        lens = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        ids = np.fromiter(map(ids_of.__getitem__, chain.from_iterable(batch)), dtype=np.int64,
                          count=int(lens.sum()))
        n = len(batch)
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
        counts = np.bincount(unique // n, minlength=len(ids_of)).astype(np.int32)
        chunks.append((counts, (unique % n).astype(np.uint16), first_doc + start,
                       tf.astype(_tf_dtype(int(tf.max()) if len(tf) else 0))))
        del unique, tf
        lengths.append(lens)
        if progress is not None:
            progress(n)
    if len(ids_of) > len(terms):
        new_terms = list(ids_of)[len(terms) :]  # dicts keep insertion order: id order
        term_ids.update(zip(new_terms, range(len(terms), len(ids_of))))
        terms.extend(new_terms)
    doc_len = (np.concatenate(lengths) if lengths else np.zeros(0, np.int64)).astype(np.int32)
    offsets, docs, tfs, _ = _assemble(chunks, len(terms))
    return offsets, docs, tfs, doc_len


# A run of postings: per-term counts (rows in term order), documents (relative to the base),
# the base, and term frequencies.
Run = tuple[np.ndarray, np.ndarray, int, np.ndarray]


def _assemble(
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
    tfs = np.empty(int(offsets[-1]), dtype=_tf_dtype(max_tf))
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
    offsets, docs, tfs, _ = _assemble(chunks, n_terms)
    return offsets, docs, tfs


def write_atomically(directory: Path, write: Callable[[Path], None]) -> None:
    """Fill a temporary sibling directory with `write`, then swap it in by renames.

    A crash before the swap leaves the old directory (or none) and a temporary one that the
    next write removes, never a half-written directory under the final name.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.with_name(f".{directory.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}-{threading.get_ident()}")
    for leftover in directory.parent.glob(f".{directory.name}.*-*-*"):
        if not _process_alive(leftover.name.split("-")[-2]):
            shutil.rmtree(leftover, ignore_errors=True)  # a crashed writer's
    tmp.mkdir()
    try:
        write(tmp)
        for path in tmp.rglob("*"):
            if path.is_file():
                with open(path, "rb+") as handle:
                    os.fsync(handle.fileno())
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


def _process_alive(pid: str) -> bool:
    """Whether a process with this id (as text) runs; True if unsure."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False  # our own leftover: a writer of ours that failed
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
