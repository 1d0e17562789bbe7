"""The reranker's features in array form: each feature of bot.search.features.FEATURES (but
the DEFERRED ones, read from text) for all of a question's candidates at once, from the arrays
of bot.search.batch. Each does the floating-point operations of its per-candidate definition
in the same order, so the two agree bit for bit (tests/test_feature_rows.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from bot.search.batch import Batch

K1 = 1.2  # BM25 saturation and length normalisation used when rescoring
B = 0.75
CONTEXT_K1 = 1.2
CONTEXT_B = 0.75
PRONOUNS = frozenset("he she it they this these his her its their that such there".split())


@dataclass(frozen=True)
class Extra:
    """Question-wide values the array features read."""

    total_idf: float
    top_idf: float
    flags: np.ndarray  # came from the engine


def _bm25(b_: Batch, tf: np.ndarray, length: np.ndarray, mean: float, k1: float, b: float,
          idf: np.ndarray | None = None) -> np.ndarray:
    """context.bm25 for rows of counts: the same operations in the same order."""
    norm = k1 * (1.0 - b + b * length / mean)
    score = np.zeros(len(length), dtype=np.float64)
    for j, weight in enumerate(b_.weights):
        counts = tf[:, j]
        scale = weight * (b_.idf[j] if idf is None else idf[:, j])
        score = score + np.where(counts > 0, scale * counts * (k1 + 1.0) / (counts + norm), 0.0)
    return score


def _cover(b_: Batch, e: Extra, present: np.ndarray) -> np.ndarray:
    """Candidate.cover for rows of present question terms."""
    share = np.zeros(len(present), dtype=np.float64)
    for term, weight in b_.query.idf.items():
        share = share + np.where(present[:, b_.terms.index(term)], weight, 0.0)
    return share / e.total_idf


def _prefix_columns(b_: Batch, e: Extra, size: int, paragraph: bool) -> np.ndarray:
    """prefix_share for each candidate's sentence or paragraph."""
    key = ("prefix", size)
    if key not in b_.memo:
        b_.memo[key] = b_.prefixes(size)
    in_sentence, in_paragraph = b_.memo[key]
    has, tf = (in_paragraph, b_.paragraph_tf) if paragraph else (in_sentence, b_.tf)
    share = np.zeros(len(tf), dtype=np.float64)
    for j, term in enumerate(b_.terms):
        if len(term) >= size:
            share = share + np.where((tf[:, j] == 0) & has[:, j], b_.idf[j], 0.0)
    return share / e.total_idf


def _pairs_places(b_: Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if "pairs" not in b_.memo:
        b_.memo["pairs"] = b_.pairs_and_places()
    return b_.memo["pairs"]


def _v_pairs(b_: Batch, e: Extra) -> np.ndarray:
    pairs = b_.query.pairs
    if not pairs:
        return np.zeros(len(b_.docs))
    return _pairs_places(b_)[0] / len(pairs)


def _v_proximity(b_: Batch, e: Extra) -> np.ndarray:
    _, places, first, last = _pairs_places(b_)
    distinct = np.count_nonzero(b_.tf > 0, axis=1)
    return np.where(places >= 2, distinct / np.maximum(last - first + 1, 1), 0.0)


def _v_novelty(b_: Batch, e: Extra) -> np.ndarray:
    length = b_.length
    return np.where(length > 0, (length - b_.tf.sum(axis=1)) / np.maximum(length, 1), 0.0)


def _v_rarest(b_: Batch, e: Extra) -> np.ndarray:
    idf = np.array(b_.idf, dtype=np.float64)
    present = b_.tf > 0
    best = np.where(present, idf[None, :], -np.inf).max(axis=1)
    return np.where(present.any(axis=1), best, 0.0) / e.top_idf


def _v_pronoun(b_: Batch, e: Extra) -> np.ndarray:
    ctx = b_.ctx
    # Only a previous sentence holding a question term scores: the others' first words are
    # not read (the text of each candidate would be).
    scoring = (b_.has_previous & (b_.previous_tf.sum(axis=1) > 0)).tolist()
    opens = np.array([has and ctx.first_word(doc) in PRONOUNS
                      for doc, has in zip(b_.docs, scoring)], dtype=bool)
    if not opens.any():
        return np.zeros(len(b_.docs))
    score = _bm25(b_, b_.previous_tf, b_.previous_length, ctx.mean_length, K1, B)
    return np.where(opens, score, 0.0)


def _mean_paragraph(b_: Batch) -> float:
    return b_.ctx.mean_length * b_.ctx.mean_paragraph


# The array form of each feature of FEATURES but the DEFERRED ones (Rows.fill works those
# out per candidate); tests check they agree with the reference on every candidate.
VECTORISED: dict[str, Callable[[Batch, Extra], np.ndarray]] = {
    "sentence": lambda b_, e: _bm25(b_, b_.tf, b_.length, b_.ctx.mean_length, K1, B),
    "paragraph": lambda b_, e: _bm25(b_, b_.paragraph_tf, b_.paragraph_length,
                                     _mean_paragraph(b_), CONTEXT_K1, CONTEXT_B),
    "window": lambda b_, e: _bm25(b_, b_.window_tf, b_.window_length, b_.ctx.mean_length * 3,
                                  CONTEXT_K1, CONTEXT_B),
    "sentence_cover": lambda b_, e: _cover(b_, e, b_.tf > 0),
    "window_cover": lambda b_, e: _cover(b_, e, b_.window_tf > 0),
    "article": lambda b_, e: _cover(b_, e, b_.article_present),
    "title": lambda b_, e: _cover(b_, e, b_.title_present),
    "pairs": _v_pairs,
    "novelty": _v_novelty,
    "lede": lambda b_, e: b_.lede.astype(np.float64),
    "sentence_soft": lambda b_, e: _bm25(b_, b_.tf, b_.length, b_.ctx.mean_length, 0.6, 0.5),
    "sentence_hard": lambda b_, e: _bm25(b_, b_.tf, b_.length, b_.ctx.mean_length, 2.0, 0.9),
    "rarest": _v_rarest,
    "proximity": _v_proximity,
    "sentence_local": lambda b_, e: _bm25(b_, b_.tf, b_.length, b_.ctx.mean_length, K1, B,
                                          b_.local_idf),
    "paragraph_local": lambda b_, e: _bm25(b_, b_.paragraph_tf, b_.paragraph_length,
                                           _mean_paragraph(b_), CONTEXT_K1, CONTEXT_B,
                                           b_.local_idf),
    "prefix": lambda b_, e: _prefix_columns(b_, e, 5, False),
    "paragraph_first": lambda b_, e: b_.paragraph_first.astype(np.float64),
    "pronoun_context": _v_pronoun,
    "prefix4": lambda b_, e: _prefix_columns(b_, e, 4, False),
    "engine": lambda b_, e: e.flags.astype(np.float64),
    "paragraph_cover": lambda b_, e: _cover(b_, e, b_.paragraph_tf > 0),
    "paragraph_prefix": lambda b_, e: _prefix_columns(b_, e, 5, True),
}
