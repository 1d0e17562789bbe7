"""The reranker's features in array form: each feature of bot.search.features.FEATURES (but
the DEFERRED ones, read from text) for all of a question's candidates at once, from the arrays
of bot.search.batch. Each does the floating-point operations of its per-candidate definition
in the same order, so the two agree bit for bit (tests/test_feature_rows.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bot.search import synonyms
from bot.search.batch import Batch
from bot.search.index import SentenceIndex
from bot.search.lang import language_of
from bot.search.query import Query
from bot.search.stopwords import ENGLISH_STOPWORDS

K1 = 1.2  # BM25 saturation and length normalisation used when rescoring
B = 0.75
CONTEXT_K1 = 1.2
CONTEXT_B = 0.75
PRONOUNS = frozenset("he she it they this these his her its their that such there".split())
# WordNet's relations (bot.search.synonyms) of the two "related words" features: synonyms of
# every sense; derivations, hypernyms and hyponyms.
SYNONYM_KINDS = "S"
WORDNET_KINDS = "DHO"
QUOTE_MARKS = ('"', "\u201c", "\u201d")


def quoted(text: str) -> float:
    """1 if a sentence holds a quotation mark: someone's words, more often a view than a fact."""
    return 1.0 if any(mark in text for mark in QUOTE_MARKS) else 0.0


@lru_cache(maxsize=256)
def related_terms(known: frozenset[str], terms: frozenset[str], kinds: str,
                  stem: Callable[[str], str]) -> tuple[tuple[str, frozenset[str]], ...]:
    """For each question term a question word stems to, the search terms of that word's
    WordNet relations of `kinds` (bot.search.synonyms), the question's own terms left out;
    in term order."""
    found: dict[str, set[str]] = {}
    for word in sorted(known):
        term = stem(word)
        if term not in terms or word in ENGLISH_STOPWORDS:
            continue
        for other in synonyms.related(word, kinds):
            if other.isalpha() and other not in ENGLISH_STOPWORDS:
                related = stem(other)
                if related not in terms:
                    found.setdefault(term, set()).add(related)
    return tuple((term, frozenset(related)) for term, related in sorted(found.items()))


def relations(index: SentenceIndex, query: Query, kinds: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """related_terms of a question (none in another language than English: WordNet's words
    are English ones)."""
    if language_of(index.analyzer.language) != "en":
        return ()
    return related_terms(query.known, frozenset(query.counts), kinds, index.analyzer.stem)


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


def _related(b_: Batch, e: Extra, kinds: str) -> np.ndarray:
    """features.related_share: the idf of each question term the candidate lacks but holds a
    WordNet relation of, added in the reference's order."""
    query = b_.query
    found = relations(b_.ctx.index, query, kinds)
    share = np.zeros(len(b_.docs), dtype=np.float64)
    if not found:
        return share
    for term, related in found:
        holds = b_.holding(related)
        lacks = b_.tf[:, b_.terms.index(term)] == 0
        share = share + np.where(lacks & holds, query.idf[term], 0.0)
    return share / e.total_idf


def _early(b_: Batch, e: Extra) -> np.ndarray:
    """1 / (1 + the sentence's place in its article)."""
    index = b_.ctx.index
    first = np.array([index.article_docs(a).start for a in b_.articles], dtype=np.int64)
    position = np.asarray(b_.docs, dtype=np.int64) - first[np.asarray(b_.article_of)]
    return 1.0 / (1.0 + position.astype(np.float64))


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
    "synonym": lambda b_, e: _related(b_, e, SYNONYM_KINDS),
    "wordnet": lambda b_, e: _related(b_, e, WORDNET_KINDS),
    "early": _early,
}
