"""BM25 scoring engines behind one small interface.

rank-bm25's BM25Okapi is the reference: every engine returns the same scores for the same
documents and query, and the same top-k order (higher score first, ties by lower document
number).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
from rank_bm25 import BM25Okapi

from bot.common.limits import DEFAULT_ENGINE
from bot.search.bm25.engine import DEFAULT_B, DEFAULT_EPSILON, DEFAULT_K1, NewsbotEngine


class Engine(Protocol):
    """What the sentence index needs from a BM25 engine."""

    @property
    def n_docs(self) -> int:
        """How many documents the engine holds."""
        ...

    def top_k(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a score above zero, best first."""
        ...

    def doc_freq(self, term: str) -> int:
        """How many documents contain the term."""
        ...

    def add(self, documents: Sequence[Sequence[str]]) -> None:
        """Index more documents, numbered after the existing ones; queries see them at once."""
        ...

    def added(self, documents: Sequence[Sequence[str]]) -> Engine:
        """A new engine with more documents; this one stays as it is."""
        ...


def top_k_from_scores(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k highest positive scores as (document, score), ties broken by lower document."""
    if k <= 0 or scores.size == 0:
        return []
    positive = np.flatnonzero(scores > 0)
    if positive.size == 0:
        return []
    if positive.size > k:
        # Take every document scoring at least the k-th best, so ties at the cut stay complete.
        kth = np.partition(scores[positive], positive.size - k)[positive.size - k]
        positive = positive[scores[positive] >= kth]
    order = sorted(positive.tolist(), key=lambda d: (-scores[d], d))[:k]
    return [(d, float(scores[d])) for d in order]


class RankBM25Engine:
    """rank-bm25's BM25Okapi, as is: the reference and the fallback engine."""

    name = "rank-bm25"

    def __init__(
        self,
        documents: Sequence[Sequence[str]],
        k1: float = DEFAULT_K1,
        b: float = DEFAULT_B,
        epsilon: float = DEFAULT_EPSILON,
    ) -> None:
        self.k1, self.b, self.epsilon = k1, b, epsilon
        self._documents: list[list[str]] = []
        self._df: dict[str, int] = {}
        self._bm25: BM25Okapi | None = None
        self.add(documents)

    @property
    def n_docs(self) -> int:
        """How many documents the engine holds."""
        return len(self._documents)

    def add(self, documents: Sequence[Sequence[str]]) -> None:
        """Index more documents: BM25Okapi cannot grow, so it is built again over all of them."""
        if not len(documents) and self._documents:
            return
        self._documents.extend(list(d) for d in documents)
        for doc in documents:
            for term in set(doc):
                self._df[term] = self._df.get(term, 0) + 1
        # BM25Okapi divides by the average length: it cannot index nothing, or only empty docs.
        self._bm25 = (
            BM25Okapi(self._documents, k1=self.k1, b=self.b, epsilon=self.epsilon)
            if any(self._documents) else None
        )

    def added(self, documents: Sequence[Sequence[str]]) -> RankBM25Engine:
        """A new engine over these documents and more."""
        return RankBM25Engine([*self._documents, *documents], self.k1, self.b, self.epsilon)

    def top_k(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a score above zero, best first."""
        if self._bm25 is None or not terms:
            return []
        return top_k_from_scores(self._bm25.get_scores(list(terms)), k)

    def doc_freq(self, term: str) -> int:
        """How many documents contain the term."""
        return self._df.get(term, 0)


def _newsbot_engine(documents: Sequence[Sequence[str]]) -> Engine:
    return NewsbotEngine(documents)


EngineFactory = Callable[[Sequence[Sequence[str]]], Engine]
# "newsbot" (bot/search/bm25/) gives rank-bm25's scores exactly, much faster; "rank-bm25" stays as
# the reference and the fallback.
ENGINES: dict[str, EngineFactory] = {"newsbot": _newsbot_engine, "rank-bm25": RankBM25Engine}


def make_engine(name: str, documents: Sequence[Sequence[str]]) -> Engine:
    """Build the named engine over tokenised documents."""
    try:
        factory = ENGINES[name]
    except KeyError:
        raise ValueError(f"unknown engine {name!r}; choose one of {', '.join(ENGINES)}") from None
    return factory(documents)


def smooth_idf(doc_freq: int, n_docs: int) -> float:
    """A never-negative idf (Lucene's), used to weigh how much of a question a sentence covers."""
    return math.log(1.0 + (n_docs - doc_freq + 0.5) / (doc_freq + 0.5))


__all__ = ["ENGINES", "DEFAULT_ENGINE", "Engine", "RankBM25Engine", "make_engine", "smooth_idf",
           "top_k_from_scores"]
