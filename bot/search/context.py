"""What reranking reads around a candidate sentence, computed once per index and cached.

A sentence's terms and word set, its paragraph and window (the sentence and its neighbours),
its article's vocabulary and title, and each article's sentence document frequencies (for idf
within the article). Every cache is a bounded one (bot.common.cache): an index may hold
millions of sentences, and only the candidates of recent questions are worth keeping.
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

import numpy as np

from bot.common.cache import BoundedCache
from bot.search.index import Sentence, SentenceIndex
from bot.search.qtypes import Expect
from bot.search.query import Query
from bot.search.spans import Span, typed_spans
from bot.search.text import fold

SENTENCE_CACHE = 50_000  # sentences (and spans, paragraphs) whose analysis is kept per index
ARTICLE_CACHE = 10_000  # articles whose vocabulary and title are kept
ARTICLE_DF_CACHE = 1_000  # articles whose per-sentence document frequencies are kept
TEXT_CACHE = 20_000  # texts (titles, sentences) whose analysis is kept by text
TERM_CACHE = 4_096  # question terms whose capitalisation in the articles is kept
WORD = re.compile(r"[a-z]+")


def same_paragraph(a: Sentence, b: Sentence) -> bool:
    """True if two sentences stand in the same paragraph of the same article."""
    return a.article_id == b.article_id and a.paragraph == b.paragraph


class Context:
    """Per-index caches: sentence terms, paragraph extents, article vocabularies, mean lengths."""

    def __init__(self, index: SentenceIndex) -> None:
        # Weakly: the contexts are values of a dict weakly keyed by their index, and a value
        # holding its key would keep every index ever answered from alive (each replaced
        # snapshot, with its caches).
        self._index = weakref.ref(index)
        self._terms: BoundedCache[int, tuple[str, ...]] = BoundedCache(SENTENCE_CACHE)
        self._counts: BoundedCache[int, Counter[str]] = BoundedCache(SENTENCE_CACHE)
        self._paragraph: BoundedCache[int, range] = BoundedCache(SENTENCE_CACHE)
        self._raw: BoundedCache[int, frozenset[str]] = BoundedCache(SENTENCE_CACHE)
        self._typed: BoundedCache[tuple[int, Expect], list[Span]] = BoundedCache(SENTENCE_CACHE)
        self._spans: BoundedCache[tuple[int, int], Counter[str]] = BoundedCache(SENTENCE_CACHE)
        self._article_terms: BoundedCache[str, frozenset[str]] = BoundedCache(ARTICLE_CACHE)
        self._title_terms: BoundedCache[str, frozenset[str]] = BoundedCache(ARTICLE_CACHE)
        self._article_df: BoundedCache[str, tuple[int, Counter[str]]] = \
            BoundedCache(ARTICLE_DF_CACHE)
        # The same text in several articles (a wire story in several outlets) is analysed
        # once: titles' terms, sentences' typed phrases and words, by text.
        self._by_text: BoundedCache[tuple[object, str], Any] = BoundedCache(TEXT_CACHE)
        self._extra: BoundedCache[str, tuple[frozenset[str], frozenset[str] | None]] = \
            BoundedCache(ARTICLE_CACHE)
        self._article_of: BoundedCache[int, str] = BoundedCache(SENTENCE_CACHE)
        # Whether the sentences with a term write it with a capital (the answer decision's
        # names typed in lower case: bot.search.decision.cased_names), by search term.
        self.written_cased: BoundedCache[str, bool] = BoundedCache(TERM_CACHE)
        # Per prefix size: each term id's prefix as a small number (-2: not worked out yet,
        # -1: a term shorter than the prefix), and the numbers of the prefixes met so far.
        self._prefixes: dict[int, tuple[np.ndarray, dict[str, int]]] = {}
        # The last question's feature matrix (bot.search.features.feature_matrix), which the
        # answer decision reads again for its best few candidates.
        self.recent: Any = None
        self._lock = threading.Lock()
        sentences = index.sentences
        step = max(1, len(sentences) // 2000)
        sample = [index.sentence_length(doc) for doc in range(0, len(sentences), step)]
        self.mean_length = max(1.0, sum(sample) / len(sample)) if sample else 1.0
        # Sentences per paragraph, from a sample of articles (an index may hold millions).
        articles = list(index.articles)
        counted = sentence_count = 0
        for article_id in articles[::max(1, len(articles) // 200)]:
            docs = index.article_docs(article_id)
            if len(docs):
                counted += len({sentences[d].paragraph for d in docs})
                sentence_count += len(docs)
        self.mean_paragraph = sentence_count / counted if counted else 1.0

    @property
    def index(self) -> SentenceIndex:
        """The index these caches are of."""
        found = self._index()
        if found is None:
            raise RuntimeError("the index of this context is gone")
        return found

    def terms(self, doc: int) -> tuple[str, ...]:
        """The sentence's search terms, in order."""
        return self._terms.get(doc, lambda: tuple(self.index.sentence_terms(doc)))

    def counts(self, doc: int) -> Counter[str]:
        """The sentence's term counts."""
        return self._counts.get(doc, lambda: Counter(self.terms(doc)))

    def raw(self, doc: int) -> frozenset[str]:
        """The sentence's lower-case word tokens, stopwords included."""
        found = self._raw.find(doc)
        if found is None:
            text = self.index.sentences[doc].text
            found = self._by_text.get(("raw", text), lambda: frozenset(
                WORD.findall(fold(text).lower())))
            self._raw.put(doc, found)
        return found

    def article_of(self, doc: int) -> str:
        """The id of a sentence's article (noted by the retriever for its candidates, so a
        reranked sentence is not decoded for it)."""
        found = self._article_of.find(doc)
        if found is None:
            found = self.index.sentences[doc].article_id
            self._article_of.put(doc, found)
        return found

    def note_article(self, docs: range | list[int], article_id: str) -> None:
        """Remember the article of sentences whose article is known."""
        for doc in docs:
            self._article_of.put(doc, article_id)

    def article_extra(self, article_id: str) -> tuple[frozenset[str], frozenset[str] | None]:
        """The terms of an article's title, and those of its body outside its sentences (a
        dateline; None when not known: SentenceIndex.article_vocabulary then reads the
        article)."""
        found = self._extra.find(article_id)
        if found is None:
            outside = self.index.outside_terms_of(article_id)
            found = (self.title_terms(article_id),
                     None if outside is None else frozenset(outside.split()))
            self._extra.put(article_id, found)
        return found

    def prefix_codes(self, size: int, ids: np.ndarray,
                     vocabulary: Sequence[str]) -> tuple[np.ndarray, dict[str, int]]:
        """For term ids of the index's vocabulary, the number of each one's first `size`
        letters (-1 for a shorter term), and the numbers by prefix: equal numbers, equal
        prefixes. Worked out once per term id, when first met."""
        with self._lock:  # answers run in threads: one number per prefix
            codes, table = self._prefixes.get(size, (np.zeros(0, dtype=np.int32), {}))
            if len(codes) < len(vocabulary):  # the vocabulary only grows
                codes = np.concatenate([codes, np.full(len(vocabulary) - len(codes), -2,
                                                       dtype=np.int32)])
                self._prefixes[size] = (codes, table)
            found = codes[ids]
            new = np.unique(ids[found == -2])
            if len(new):
                for term_id in new.tolist():
                    term = vocabulary[term_id]
                    codes[term_id] = (table.setdefault(term[:size], len(table))
                                      if len(term) >= size else -1)
                found = codes[ids]
            return found, table

    def first_word(self, doc: int) -> str:
        """The sentence's first word, lower case."""
        match = WORD.search(self.index.sentences[doc].text[:40].lower())
        return match.group() if match else ""

    def typed_spans(self, doc: int, expect: Expect) -> list[Span]:
        """Phrases of a kind (dates, numbers ...) in the sentence, new to a question or not."""
        found = self._typed.find((doc, expect))
        if found is None:
            text = self.index.sentences[doc].text
            found = self._by_text.get((expect, text), lambda: typed_spans(
                text, expect, self.index.analyzer.language))
            self._typed.put((doc, expect), found)
        return found

    def paragraph(self, doc: int) -> range:
        """The documents of the sentence's paragraph."""
        if doc in self._paragraph:
            return self._paragraph.get(doc, lambda: range(0))
        found = self.index.paragraph_docs(doc)
        for member in found:
            self._paragraph.put(member, found)
        return found

    def window(self, doc: int) -> range:
        """The sentence and its neighbours in the same article."""
        return self.index.window_docs(doc)

    def span_counts(self, docs: range) -> Counter[str]:
        """The term counts of a run of consecutive sentences (a paragraph, a window)."""
        def make() -> Counter[str]:
            # Counting the terms end to end gives the sum of the members' counts (in the same
            # key order), at C speed.
            return Counter(chain.from_iterable(self.terms(member) for member in docs))
        return self._spans.get((docs.start, docs.stop), make)

    def title_terms(self, article_id: str) -> frozenset[str]:
        """The terms of an article's title."""
        found = self._title_terms.find(article_id)
        if found is None:  # as saved with the index (SentenceIndex.title_terms_of)
            found = self.index.title_terms_of(article_id)
            self._title_terms.put(article_id, found)
        return found

    def article_df(self, article_id: str) -> tuple[int, Counter[str]]:
        """How many sentences an article has, and in how many of them each term occurs."""
        return self._article_df.get(article_id, lambda: self.index.article_df(article_id))

    def local_idf(self, article_id: str, query: Query) -> dict[str, float]:
        """Idf of the question's terms among the sentences of one article."""
        # Only the question's terms: cheaper than the article's whole table on a large index,
        # where most candidates' articles are new to the caches (the same figures).
        n, df = self.index.article_doc_freqs(article_id, query.counts)
        return {t: local_idf(n, df[t]) for t in query.counts}

    def article_terms(self, article_id: str) -> frozenset[str]:
        """Every term of an article, its title included."""
        return self._article_terms.get(article_id,
                                       lambda: self.index.article_vocabulary(article_id))


@lru_cache(maxsize=65_536)
def local_idf(n: int, df: int) -> float:
    """Idf of a term within an article of n sentences, df of which hold it (the reranker's
    per-candidate and array features both read it: one expression, equal figures)."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


_CONTEXTS: weakref.WeakKeyDictionary[SentenceIndex, Context] = weakref.WeakKeyDictionary()


def context(index: SentenceIndex) -> Context:
    """The caches of an index (made on first use, dropped with the index)."""
    found = _CONTEXTS.get(index)
    if found is None:
        found = Context(index)
        _CONTEXTS[index] = found
    return found


def bm25(query: Query, counts: Counter[str] | dict[str, int], length: int, mean: float,
         k1: float, b: float, idf: dict[str, float] | None = None) -> float:
    """BM25 of a bag of terms for the question, with the question's idf or the one given."""
    norm = k1 * (1.0 - b + b * length / mean)
    idf = query.idf if idf is None else idf
    score = 0.0
    for term, weight in query.counts.items():
        tf = counts.get(term)
        if tf:
            score += weight * idf[term] * tf * (k1 + 1.0) / (tf + norm)
    return score
