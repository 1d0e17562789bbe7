"""From a question to ranked sentences: the one retrieval pipeline of the bot and of `eval`.

Two stages. The engine's BM25 over sentences finds candidates (the best RERANK_HITS sentences,
plus every sentence in the paragraphs of the best EXPAND_HITS, since the sentence that answers
often names its subject only as "it" or "he"). Then each candidate is scored again from the
feature table of bot.search.features, weighted by name from weights.json (tuned on the
even-numbered SQuAD dev articles, see README): its own BM25, the BM25 of its paragraph and of
its neighbours (context), how much of the question its article and title cover, BM25 with idf
taken within its article, whether it holds the sort of phrase the question asks for (a date for
"when"), question word pairs in order, prefix matches, telling function words and the news
lede. Only the candidates are touched, so the cost does not grow with the corpus beyond the
engine's own search.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np

from bot.search.context import context
from bot.search.features import (
    FEATURES,
    candidate_rows,
    feature_matrix,
    table_for,
    weight_vector,
    weights_for,
)
from bot.search.index import Hit, SentenceIndex
from bot.search.lang.route import LanguageHint, route
from bot.search.query import RERANK_HITS, Query, analyse

__all__ = ["Query", "analyse", "candidates", "features", "combine", "rank", "rank_query",
           "feature_names"]

logger = logging.getLogger(__name__)

# RERANK_HITS (bot.search.query): sentences taken from the engine
EXPAND_HITS = 15  # the paragraphs of this many best hits join the candidates
# On a corpus this small, every sentence sharing a term with the question is a candidate: BM25's
# idf is 0 or below for a term in half the sentences, so the engine may find nothing at all in
# a one-article corpus ("bridge toll" in the story of a bridge toll).
SMALL_CORPUS = 2_000


def feature_names(index: SentenceIndex | None = None) -> tuple[str, ...]:
    """The names of the reranking features, in table order (an index's: with the semantic
    stage's when it has it)."""
    return tuple(f.name for f in (FEATURES if index is None else table_for(index)))


def candidates(index: SentenceIndex, query: Query) -> tuple[list[int], int]:
    """The engine's best sentences, then the rest of the best ones' paragraphs; and how many
    came from the engine."""
    terms = _search_terms(query)
    # align (bot.search.paraphrase) may have searched these very terms: its hits are these.
    hits = query.searched.reuse(index, terms, RERANK_HITS) if query.searched else None
    if hits is None:
        hits = index.search(terms, RERANK_HITS)
    docs = dict.fromkeys(h.doc for h in hits)
    ctx = context(index)
    for hit in hits:
        ctx.note_article([hit.doc], hit.sentence.article_id)
    if len(hits) < EXPAND_HITS and len(index.sentences) <= SMALL_CORPUS:
        wanted = query.counts
        docs.update(dict.fromkeys(
            d for d in range(len(index.sentences)) if any(t in wanted for t in ctx.counts(d))))
    from_engine = len(docs)
    for doc in list(docs)[:EXPAND_HITS]:
        paragraph = ctx.paragraph(doc)
        ctx.note_article(paragraph, ctx.article_of(doc))
        docs.update(dict.fromkeys(paragraph))
    if query.context is not None:  # a follow-up: every sentence of the articles just quoted
        for article_id in query.context.articles:
            if article_id in index.articles:
                taken = index.article_docs(article_id)[:MAX_ARTICLE_DOCS]
                ctx.note_article(taken, article_id)
                docs.update(dict.fromkeys(taken))
    return list(docs), from_engine


# A follow-up's candidates include at most this many sentences of each article just quoted.
MAX_ARTICLE_DOCS = 300


def _search_terms(query: Query) -> list[str]:
    """What the engine searches: the question's terms, and a follow-up's context terms."""
    if query.context is None:
        return list(query.terms)
    return list(query.terms) + [t for t in query.context.terms if t not in query.terms]


def features(index: SentenceIndex, query: Query, docs: Sequence[int],
             from_engine: int | None = None) -> list[list[float]]:
    """The feature vector (in table order) of each candidate, relative ones normalised."""
    return feature_matrix(index, context(index), query, docs,
                          len(docs) if from_engine is None else from_engine,
                          table_for(index)).tolist()


def combine(row: Sequence[float], weights: Sequence[float] | None = None) -> float:
    """The reranking score of one feature vector."""
    return sum(w * f for w, f in zip(weight_vector() if weights is None else weights, row))


def rank(index: SentenceIndex, question: str, k: int,
         hint: LanguageHint | None = None) -> list[Hit]:
    """The k best sentences for a question, best first, among articles in its language."""
    index = route(index, question, hint)
    return rank_query(index, analyse(index, question), k)


def rank_query(index: SentenceIndex, query: Query, k: int) -> list[Hit]:
    """The k best sentences for an analysed question, best first."""
    if not query.counts or k <= 0:
        return []
    docs, from_engine = candidates(index, query)
    rows = candidate_rows(index, context(index), query, docs, from_engine, table_for(index))
    weights = weights_for(index)
    take = np.arange(len(docs))
    if rows.deferred and len(docs) > k and query.context is None:
        # The text features are worked out only for candidates that may reach the top k:
        # those whose best possible score reaches the k-th best of the lowest possible ones.
        low, high = rows.bounds(weights)
        kth = float(np.partition(low, len(low) - k)[len(low) - k])
        take = np.flatnonzero(high >= kth - 1e-9 * (1.0 + abs(kth)))
    rows.fill(take)
    matrix = rows.matrix[take]
    # combine() over the rows at once: the same products added in the same order.
    total = np.zeros(len(take), dtype=np.float64)
    for column, weight in enumerate(weights[:matrix.shape[1]]):
        total = total + weight * matrix[:, column]
    scored = list(zip(total.tolist(), [docs[i] for i in take.tolist()]))
    if query.context is not None:  # a follow-up prefers the articles just quoted
        scored = [(score + query.context.bonus(index.sentences[doc]), doc)
                  for score, doc in scored]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Hit(doc, index.sentences[doc], score) for score, doc in scored[:k] if score > 0]
