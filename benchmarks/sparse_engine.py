"""A fast BM25Okapi for tuning loops: postings lists in numpy, the same scores as rank-bm25.

Only for benchmark scripts (the `engine` branch builds the bot's fast engine); `register()`
adds it to bot.engines.ENGINES under the name "sparse" for this process.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np

from bot import engines
from bot.engines import DEFAULT_B, DEFAULT_EPSILON, DEFAULT_K1, top_k_from_scores


class SparseBM25Engine:
    """BM25Okapi over per-term postings; scores equal rank-bm25's to float rounding."""

    name = "sparse"

    def __init__(self, documents: Sequence[Sequence[str]], k1: float = DEFAULT_K1,
                 b: float = DEFAULT_B, epsilon: float = DEFAULT_EPSILON) -> None:
        self.n_docs = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float64)
        avgdl = lengths.mean() if self.n_docs else 0.0
        postings: dict[str, list[tuple[int, int]]] = {}
        for doc, terms in enumerate(documents):
            for term, tf in Counter(terms).items():
                postings.setdefault(term, []).append((doc, tf))
        self._df = {t: len(p) for t, p in postings.items()}
        # rank-bm25's idf: log((N - n + .5) / (n + .5)), negatives replaced by eps * mean idf.
        idf = {t: math.log(self.n_docs - n + 0.5) - math.log(n + 0.5) for t, n in self._df.items()}
        average = sum(idf.values()) / len(idf) if idf else 0.0
        self._idf = {t: (v if v >= 0 else epsilon * average) for t, v in idf.items()}
        norm = k1 * (1 - b + b * lengths / avgdl) if avgdl else lengths
        self._postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for term, pairs in postings.items():
            docs = np.array([d for d, _ in pairs], dtype=np.int64)
            tfs = np.array([f for _, f in pairs], dtype=np.float64)
            self._postings[term] = (docs, self._idf[term] * tfs * (k1 + 1) / (tfs + norm[docs]))

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Every document's score for the query terms (repeated terms count again)."""
        scores = np.zeros(self.n_docs)
        for term in terms:
            posting = self._postings.get(term)
            if posting is not None:
                scores[posting[0]] += posting[1]
        return scores

    def top_k(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a score above zero, best first."""
        return top_k_from_scores(self.scores(terms), k)

    def doc_freq(self, term: str) -> int:
        """How many documents contain the term."""
        return self._df.get(term, 0)


def register() -> None:
    """Make the engine available to SentenceIndex as engine="sparse" in this process."""
    engines.ENGINES.setdefault("sparse", SparseBM25Engine)
