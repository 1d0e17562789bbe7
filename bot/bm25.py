"""The newsbot BM25 engine: rank-bm25's BM25Okapi scores, bit for bit, without scoring every document.

Postings are compressed sparse rows by term id (document ids as int32, term frequencies in the
smallest unsigned type that holds them), plus each document's length. A query scores only the
documents it has to:

* The idf of each query term is worked out at query time from its document frequency, with
  rank-bm25's formula `log(N - df + 0.5) - log(df + 0.5)` and its floor: a negative idf (a
  term in more than half of the documents) becomes `epsilon * average idf`, the average being
  over every term of the index. Nothing that depends on N or the average length is stored, so
  adding documents keeps the scores exact.
* Each term has an upper bound on what it can add to a score (from its largest term frequency
  and shortest document). Terms are taken rarest-bound-first; once the bounds of the terms not
  yet taken add up to less than the k-th best score found, no other document can enter the top
  k, and the rest of the postings are never read (MaxScore pruning; the result stays exact).
* Each candidate's score is summed over the query terms in query order, repeats included,
  with rank-bm25's own expression, so it equals `BM25Okapi.get_scores` exactly (not only to
  1e-9), and ties stay ties.

Ties are broken by the lower document number: among equal scores the earlier document comes
first, as in `engines.top_k_from_scores`.

An index is saved as plain files (numpy .npy arrays and JSON, no pickle) and loaded memory-
mapped. `add()` appends documents as a small new segment that queries see at once.
"""

from __future__ import annotations

import json
import logging
import math
import os
import shutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np

from bot.engines import DEFAULT_B, DEFAULT_EPSILON, DEFAULT_K1

logger = logging.getLogger(__name__)

FORMAT = "newsbot-bm25"
FORMAT_VERSION = 1
# Documents per build chunk: bounds the temporary arrays of a build and paces progress reports.
CHUNK_DOCS = 65_536
# Delta segments beyond this many are merged, so a query never walks a long list of them.
MAX_SEGMENTS = 8
_ARRAYS = ("offsets", "docs", "tfs", "max_tf", "min_dl", "doc_len")

Progress = Callable[[int], None]  # called with how many more documents were indexed


class IndexFormatError(ValueError):
    """A saved index is missing, truncated, inconsistent or of another format version."""


@dataclass(frozen=True)
class Segment:
    """Postings of a run of consecutive documents, as compressed sparse rows by term id."""

    offsets: np.ndarray  # int64, one more than the terms known when it was built
    docs: np.ndarray  # int32 global document ids, ascending within each term
    tfs: np.ndarray  # unsigned ints, the term's count in that document
    max_tf: np.ndarray  # per term: the largest tf in this segment (0 if absent)
    min_dl: np.ndarray  # per term: the shortest document containing it in this segment

    @property
    def n_terms(self) -> int:
        """How many term ids this segment has rows for."""
        return len(self.offsets) - 1

    def doc_freqs(self, n_terms: int) -> np.ndarray:
        """Document frequency of every term id below n_terms (int64)."""
        df = np.zeros(n_terms, dtype=np.int64)
        df[: self.n_terms] = np.diff(self.offsets)
        return df

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

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)


class NewsbotEngine:
    """BM25Okapi over token lists with rank-bm25's exact scores, pruned top-k and a saved form."""

    name = "newsbot"

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
        self._state = self._new_state((), np.zeros(0, dtype=np.int32), 0)
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
            scores[docs] += self._contributions(state, tid, docs, tfs)
        return scores

    def top_k(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a score above zero, best first.

        Ties are broken by the lower document number.
        """
        state = self._state
        if k <= 0 or not terms or state.total_len == 0:
            return []
        sequence: list[int] = []  # known query terms in query order, repeats kept
        for term in terms:
            tid = self._term_ids.get(term)
            if tid is not None and tid < len(state.df):
                sequence.append(tid)
        if not sequence:
            return []
        counts: dict[int, int] = {}
        for tid in sequence:
            counts[tid] = counts.get(tid, 0) + 1
        bounds = {tid: m * self._bound(state, tid) for tid, m in counts.items()}
        # Biggest bound first: rare terms give few candidates with high scores, which lets the
        # common terms' long postings be skipped.
        order = sorted(counts, key=lambda t: (-bounds[t], int(state.df[t]), t))
        scratch = self._scratch_for(state.n_docs)
        seen = scratch.seen
        found_docs: list[np.ndarray] = []
        found_scores: list[np.ndarray] = []
        best = np.zeros(0)  # the k best positive scores so far
        theta = 0.0  # the k-th best score so far (0 until k positive scores are known)
        taken: set[int] = set()
        try:
            for i, tid in enumerate(order):
                # Documents not yet scored contain only terms from order[i:], so this bounds
                # their score; slack covers rounding in the sums.
                rest = math.fsum(bounds[t] for t in order[i:]) * (1 + 1e-9)
                if rest <= 0 or rest < theta:
                    break
                docs, tfs = self._postings(state, tid)
                if taken:
                    fresh = ~seen[docs]
                    docs, tfs = docs[fresh], tfs[fresh]
                taken.add(tid)
                if docs.size == 0:
                    continue
                seen[docs] = True
                found_docs.append(docs)
                scores = self._score(state, docs, tid, tfs, sequence, taken, scratch)
                found_scores.append(scores)
                positive = scores[scores > 0]
                if positive.size:
                    best = np.concatenate((best, positive))
                    if best.size > k:
                        best = np.partition(best, best.size - k)[best.size - k :]
                    if best.size >= k:
                        theta = float(best.min())
        finally:
            for docs in found_docs:
                seen[docs] = False
        if not found_docs:
            return []
        docs = np.concatenate(found_docs)
        scores = np.concatenate(found_scores)
        keep = (scores > 0) & (scores >= theta)
        docs, scores = docs[keep], scores[keep]
        ranked = np.lexsort((docs, -scores))[:k]
        return [(int(docs[j]), float(scores[j])) for j in ranked]

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

    def _bound(self, state: _State, tid: int) -> float:
        """The most one occurrence of the term in the query can add to any document's score."""
        idf = self._idf(state, int(state.df[tid]))
        if idf <= 0:
            return 0.0
        max_tf, min_dl = 0, None
        for segment in state.segments:
            if tid < segment.n_terms and segment.max_tf[tid] > 0:
                max_tf = max(max_tf, int(segment.max_tf[tid]))
                dl = int(segment.min_dl[tid])
                min_dl = dl if min_dl is None else min(min_dl, dl)
        if not max_tf:
            return 0.0
        avgdl = state.total_len / state.n_docs
        # Term frequency up and length down only raise the term's weight, so this bounds it.
        norm = self.k1 * (1 - self.b + self.b * min_dl / avgdl)
        return idf * (max_tf * (self.k1 + 1) / (max_tf + norm))

    def _contributions(
        self, state: _State, tid: int, docs: np.ndarray, tfs: np.ndarray
    ) -> np.ndarray:
        """What the term adds to these documents' scores, in rank-bm25's exact arithmetic."""
        idf = self._idf(state, int(state.df[tid]))
        return idf * (tfs * (self.k1 + 1) / (tfs + state.norm[docs]))

    def _score(
        self,
        state: _State,
        docs: np.ndarray,
        tid: int,
        tfs: np.ndarray,
        sequence: list[int],
        taken: set[int],
        scratch: threading.local,
    ) -> np.ndarray:
        """Full scores of documents that contain `tid` and no term taken before it."""
        parts: dict[int, np.ndarray] = {tid: self._contributions(state, tid, docs, tfs)}
        for other in dict.fromkeys(sequence):
            if other in taken:
                continue  # earlier terms: these documents do not contain them
            hit, other_tfs = self._lookup(state, other, docs, scratch)
            if hit.size:
                part = np.zeros(docs.size)
                part[hit] = self._contributions(state, other, docs[hit], other_tfs)
                parts[other] = part
        # Summed in query order, repeats included: the same additions rank-bm25 makes (adding
        # zero for an absent term changes nothing), so the scores are equal bit for bit.
        scores = np.zeros(docs.size)
        for other in sequence:
            part = parts.get(other)
            if part is not None:
                scores += part
        return scores

    def _lookup(
        self, state: _State, tid: int, docs: np.ndarray, scratch: threading.local
    ) -> tuple[np.ndarray, np.ndarray]:
        """Which of `docs` (positions) contain the term, and its tf there."""
        posting_docs, posting_tfs = self._postings(state, tid)
        if posting_docs.size == 0:
            return np.zeros(0, dtype=np.intp), posting_tfs
        if docs.size * 16 < posting_docs.size:
            # Few documents, long postings: binary search beats reading the postings.
            at = np.searchsorted(posting_docs, docs)
            np.minimum(at, posting_docs.size - 1, out=at)
            hit = np.flatnonzero(posting_docs[at] == docs)
            return hit, posting_tfs[at[hit]]
        slot = scratch.slot  # document -> 1 + position in the postings, zero elsewhere
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

    def _scratch_for(self, n_docs: int) -> threading.local:
        scratch = self._scratch
        if getattr(scratch, "size", -1) < n_docs:
            scratch.seen = np.zeros(n_docs, dtype=bool)
            scratch.slot = np.zeros(n_docs, dtype=np.int32)
            scratch.size = n_docs
        return scratch

    # -- building and adding -------------------------------------------------------------------

    def _new_state(
        self, segments: tuple[Segment, ...], doc_len: np.ndarray, total_len: int,
        df: np.ndarray | None = None,
    ) -> _State:
        if df is None:
            df = np.zeros(len(self._terms), dtype=np.int64)
            for segment in segments:
                df += segment.doc_freqs(len(self._terms))
        if total_len and len(doc_len):
            avgdl = total_len / len(doc_len)
            norm = self.k1 * (1 - self.b + self.b * doc_len / avgdl)
        else:
            norm = np.zeros(len(doc_len))
        return _State(tuple(segments), doc_len, df, total_len, norm)

    def add(self, documents: Sequence[Sequence[str]], progress: Progress | None = None) -> None:
        """Index more documents (numbered after the existing ones); queries see them at once."""
        with self._lock:
            state = self._state
            segment, lengths = build_segment(
                documents, state.n_docs, self._term_ids, self._terms, progress
            )
            segments = (*state.segments, segment)
            doc_len = np.concatenate((state.doc_len, lengths)).astype(np.int32, copy=False)
            total_len = state.total_len + int(lengths.sum(dtype=np.int64))
            df = np.zeros(len(self._terms), dtype=np.int64)
            df[: len(state.df)] = state.df
            df += segment.doc_freqs(len(self._terms))
            if len(segments) > MAX_SEGMENTS:
                # Keep the first (usually the big, memory-mapped one); merge the small ones.
                segments = (segments[0], merge_segments(segments[1:], len(self._terms)))
            self._state = self._new_state(segments, doc_len, total_len, df)

    # -- saving and loading --------------------------------------------------------------------

    def save(self, directory: Path | str) -> None:
        """Write the index as plain files into a new directory, atomically (temp dir + rename)."""
        directory = Path(directory)
        state = self._state
        n_terms = len(self._terms)
        segment = (state.segments[0] if len(state.segments) == 1
                   else merge_segments(state.segments, n_terms))
        arrays = {
            "offsets": _widen(segment.offsets, n_terms + 1, segment.offsets[-1]
                              if len(segment.offsets) else 0),
            "docs": segment.docs,
            "tfs": segment.tfs,
            "max_tf": _widen(segment.max_tf, n_terms, 0),
            "min_dl": _widen(segment.min_dl, n_terms, 0),
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
            "n_postings": int(len(segment.docs)),
            "total_len": state.total_len,
            "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                       for name, a in arrays.items()},
        }

        def write(tmp: Path) -> None:
            for name, array in arrays.items():
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
            (tmp / "vocab.json").write_text(json.dumps(self._terms, ensure_ascii=False),
                                            encoding="utf-8")
            (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")

        write_atomically(directory, write)

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
            (len(docs) != len(arrays["tfs"]) or len(docs) != meta["n_postings"], "postings size"),
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
        segment = Segment(offsets, docs, arrays["tfs"], arrays["max_tf"], arrays["min_dl"])
        doc_len = np.asarray(arrays["doc_len"], dtype=np.int32)
        engine._state = engine._new_state(
            (segment,) if n_docs else (), doc_len, int(meta["total_len"]),
            df=np.diff(np.asarray(offsets)).astype(np.int64),
        )
        return engine


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


def build_segment(
    documents: Sequence[Sequence[str]],
    first_doc: int,
    term_ids: dict[str, int],
    terms: list[str],
    progress: Progress | None = None,
) -> tuple[Segment, np.ndarray]:
    """Postings of documents numbered from first_doc; new terms get ids in first-seen order.

    `term_ids` and `terms` are extended in place. Returns the segment and the document lengths.
    """
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    lengths: list[np.ndarray] = []
    for start in range(0, len(documents), CHUNK_DOCS):
        batch = documents[start : start + CHUNK_DOCS]
        lens = np.fromiter(map(len, batch), dtype=np.int64, count=len(batch))
        flat = list(chain.from_iterable(batch))
        # First-seen order, as rank-bm25 fills its idf dict: its average idf sums in that order.
        new = [t for t in dict.fromkeys(flat) if t not in term_ids]
        term_ids.update(zip(new, range(len(terms), len(terms) + len(new))))
        terms.extend(new)
        ids = np.fromiter(map(term_ids.__getitem__, flat), dtype=np.int64, count=len(flat))
        del flat
        n = len(batch)
        keys = ids * n + np.repeat(np.arange(n, dtype=np.int64), lens)
        del ids
        keys.sort()
        starts = np.flatnonzero(np.diff(keys, prepend=-1))
        tf = np.diff(np.append(starts, len(keys)))
        unique = keys[starts]
        chunks.append(((unique // n).astype(np.int32),
                       (unique % n + first_doc + start).astype(np.int32), tf))
        lengths.append(lens)
        if progress is not None:
            progress(n)
    doc_len = (np.concatenate(lengths) if lengths else np.zeros(0, np.int64)).astype(np.int32)
    return _segment_of(chunks, len(terms), doc_len, first_doc), doc_len


def _assemble(
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]], n_terms: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """CSR rows (offsets, docs, tfs) and per-term counts from (term, doc, tf) runs.

    Each run is sorted by term then document, and every run's documents come after the
    previous run's, so rows come out in rising document order.
    """
    counts = np.zeros(n_terms, dtype=np.int64)
    for term, _, _ in chunks:
        counts += np.bincount(term, minlength=n_terms)
    offsets = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    max_tf = max((int(tf.max()) for _, _, tf in chunks if len(tf)), default=0)
    docs = np.empty(int(offsets[-1]), dtype=np.int32)
    tfs = np.empty(int(offsets[-1]), dtype=_tf_dtype(max_tf))
    cursor = offsets[:-1].copy()
    for term, doc, tf in chunks:
        if not len(term):
            continue
        chunk_counts = np.bincount(term, minlength=n_terms)
        chunk_first = np.zeros(n_terms, dtype=np.int64)
        np.cumsum(chunk_counts[:-1], out=chunk_first[1:])
        # Each posting lands after what earlier runs put in its term's row, in run order.
        dest = cursor[term] + (np.arange(len(term)) - chunk_first[term])
        docs[dest] = doc
        tfs[dest] = tf
        cursor += chunk_counts
    return offsets, docs, tfs, counts


def _segment_of(
    chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    n_terms: int,
    doc_len: np.ndarray,
    first_doc: int,
) -> Segment:
    """A segment from (term, doc, tf) runs of the documents numbered from first_doc."""
    offsets, docs, tfs, counts = _assemble(chunks, n_terms)
    max_tf = np.zeros(n_terms, dtype=tfs.dtype)
    min_dl = np.zeros(n_terms, dtype=np.int32)
    present = np.flatnonzero(counts)
    if len(docs):
        # Rows of absent terms are empty, so reducing at the present rows' starts is exact.
        max_tf[present] = np.maximum.reduceat(tfs, offsets[present])
        min_dl[present] = np.minimum.reduceat(doc_len[docs - first_doc], offsets[present])
    return Segment(offsets, docs, tfs, max_tf, min_dl)


def merge_segments(segments: Sequence[Segment], n_terms: int) -> Segment:
    """One segment holding the postings of several, given in document order."""
    chunks = []
    for segment in segments:
        term = np.repeat(np.arange(segment.n_terms, dtype=np.int32), np.diff(segment.offsets))
        chunks.append((term, np.asarray(segment.docs), np.asarray(segment.tfs)))
    offsets, docs, tfs, counts = _assemble(chunks, n_terms)
    # Per-term bounds combine without the document lengths: max of maxima, min of minima.
    max_tf = np.zeros(n_terms, dtype=tfs.dtype)
    min_dl = np.full(n_terms, np.iinfo(np.int32).max, dtype=np.int64)
    for segment in segments:
        has = np.flatnonzero(np.diff(segment.offsets))
        max_tf[has] = np.maximum(max_tf[has], segment.max_tf[has])
        min_dl[has] = np.minimum(min_dl[has], segment.min_dl[has])
    min_dl[counts == 0] = 0
    return Segment(offsets, docs, tfs, max_tf, min_dl.astype(np.int32))


def write_atomically(directory: Path, write: Callable[[Path], None]) -> None:
    """Fill a temporary sibling directory with `write`, then swap it in by renames.

    A crash before the swap leaves the old directory (or none) and a temporary one that the
    next write removes, never a half-written directory under the final name.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    tmp = directory.with_name(f".{directory.name}.tmp-{os.getpid()}-{threading.get_ident()}")
    old = directory.with_name(f".{directory.name}.old-{os.getpid()}-{threading.get_ident()}")
    for leftover in directory.parent.glob(f".{directory.name}.tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    tmp.mkdir()
    try:
        write(tmp)
        for path in tmp.iterdir():
            with open(path, "rb+") as handle:
                os.fsync(handle.fileno())
        if directory.exists():
            os.replace(directory, old)
        os.replace(tmp, directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
