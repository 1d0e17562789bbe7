"""From a question to ranked sentences: the one retrieval pipeline of the bot and of `eval`.

Two stages. The engine's BM25 over sentences finds candidates (the best RERANK_HITS sentences,
plus every sentence in the paragraphs of the best EXPAND_HITS, since the sentence that answers
often names its subject only as "it" or "he"). Then each candidate is scored again from a few
features, weighted by WEIGHTS (tuned on the even-numbered SQuAD dev articles, see README):
its own BM25, the BM25 of its paragraph and of the window of its neighbours (context), how much
of the question its article covers, whether it holds the sort of phrase the question asks for
(a date for "when"), and question word pairs it holds in the same order. Only the candidates
are touched, so the cost does not grow with the corpus beyond the engine's own search.
"""

from __future__ import annotations

import logging
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from bot.index import Hit, SentenceIndex
from bot.questions import Expect, expected_answer
from bot.spans import answer_spans

logger = logging.getLogger(__name__)

RERANK_HITS = 50  # sentences taken from the engine
EXPAND_HITS = 10  # the paragraphs of this many best hits join the candidates
K1 = 1.2  # BM25 saturation and length normalisation used when rescoring
B = 0.75
CONTEXT_K1 = 1.2
CONTEXT_B = 0.75
# Features of a candidate; those in RELATIVE are divided by their best value among the
# candidates, so weights mean the same for short and long questions.
FEATURES = (
    "sentence",  # BM25 of the sentence (relative)
    "paragraph",  # BM25 of its paragraph (relative)
    "window",  # BM25 of it and its neighbours (relative)
    "sentence_cover",  # idf-weighted share of the question's terms in the sentence
    "window_cover",  # the same in the window
    "article",  # the same in the whole article
    "title",  # the same in the article's title
    "answer_type",  # 1 if it holds a phrase of the kind asked for (a date for "when")
    "pairs",  # share of the question's word pairs it holds in order
    "novelty",  # share of its terms that are not in the question (the answer must be new)
    "lede",  # 1 for an article's first sentence
    "sentence_soft",  # BM25 of the sentence with low saturation, k1=0.6, b=0.5 (relative)
    "sentence_hard",  # BM25 of the sentence with k1=2.0, b=0.9 (relative)
    "rarest",  # idf of its rarest question term over that of the question's rarest
    "proximity",  # matched distinct terms over the span of terms they occupy
)
RELATIVE = frozenset({"sentence", "paragraph", "window", "sentence_soft", "sentence_hard"})
WEIGHTS = (1.0, 2.003, 0.368, 1.94, 1.472, 1.683, 2.854, 0.766, 1.303, 0.43, 0.404, 0.0, 0.0, 0.0, 0.0)
_CACHE_LIMIT = 200_000  # sentences whose terms are kept per index


@dataclass(frozen=True)
class Query:
    """A question analysed once: its terms, their weights, and the answer it expects."""

    text: str
    terms: tuple[str, ...]
    counts: dict[str, int]
    idf: dict[str, float]
    expect: Expect
    pairs: frozenset[tuple[str, str]]


def analyse(index: SentenceIndex, question: str) -> Query:
    """Terms, idf and expected answer of a question."""
    terms = tuple(index.analyzer.query_terms(question))
    counts = dict(Counter(terms))
    return Query(
        text=question,
        terms=terms,
        counts=counts,
        idf={t: index.idf(t) for t in counts},
        expect=expected_answer(question),
        pairs=frozenset(zip(terms, terms[1:])),
    )


class _Context:
    """Per-index caches: sentence terms, paragraph extents, article vocabularies, mean lengths."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        self._terms: dict[int, tuple[str, ...]] = {}
        self._counts: dict[int, Counter[str]] = {}
        self._paragraph: dict[int, range] = {}
        self._article_terms: dict[str, frozenset[str]] = {}
        self._title_terms: dict[str, frozenset[str]] = {}
        self._spans: dict[tuple[int, int], Counter[str]] = {}
        sentences = index.sentences
        step = max(1, len(sentences) // 2000)
        sample = [len(index.analyzer.terms(s.text)) for s in sentences[::step]]
        self.mean_length = max(1.0, sum(sample) / len(sample)) if sample else 1.0
        paragraphs = sum(
            1 for i, s in enumerate(sentences)
            if i == 0 or (s.article_id, s.paragraph) != (sentences[i - 1].article_id,
                                                         sentences[i - 1].paragraph)
        )
        self.mean_paragraph = len(sentences) / max(1, paragraphs)

    def terms(self, doc: int) -> tuple[str, ...]:
        """The sentence's search terms, in order."""
        found = self._terms.get(doc)
        if found is None:
            if len(self._terms) >= _CACHE_LIMIT:
                self._terms.clear()
                self._counts.clear()
            found = tuple(self.index.analyzer.terms(self.index.sentences[doc].text))
            self._terms[doc] = found
        return found

    def counts(self, doc: int) -> Counter[str]:
        """The sentence's term counts."""
        found = self._counts.get(doc)
        if found is None:
            found = Counter(self.terms(doc))
            self._counts[doc] = found
        return found

    def paragraph(self, doc: int) -> range:
        """The documents of the sentence's paragraph."""
        found = self._paragraph.get(doc)
        if found is None:
            sentences = self.index.sentences
            here = sentences[doc]
            begin = doc
            while begin > 0 and _same_paragraph(sentences[begin - 1], here):
                begin -= 1
            end = doc + 1
            while end < len(sentences) and _same_paragraph(sentences[end], here):
                end += 1
            found = range(begin, end)
            if len(self._paragraph) >= _CACHE_LIMIT:
                self._paragraph.clear()
            for member in found:
                self._paragraph[member] = found
        return found

    def window(self, doc: int) -> range:
        """The sentence and its neighbours in the same article."""
        sentences = self.index.sentences
        article = sentences[doc].article_id
        begin = doc - 1 if doc > 0 and sentences[doc - 1].article_id == article else doc
        end = doc + 2 if doc + 1 < len(sentences) and sentences[doc + 1].article_id == article \
            else doc + 1
        return range(begin, end)

    def span_counts(self, docs: range) -> Counter[str]:
        """The term counts of a run of consecutive sentences (a paragraph, a window)."""
        key = (docs.start, docs.stop)
        found = self._spans.get(key)
        if found is None:
            found = Counter()
            for member in docs:
                found.update(self.counts(member))
            if len(self._spans) >= _CACHE_LIMIT:
                self._spans.clear()
            self._spans[key] = found
        return found

    def title_terms(self, article_id: str) -> frozenset[str]:
        """The terms of an article's title."""
        found = self._title_terms.get(article_id)
        if found is None:
            if len(self._title_terms) >= 10_000:
                self._title_terms.clear()
            found = frozenset(self.index.analyzer.terms(self.index.articles[article_id].title))
            self._title_terms[article_id] = found
        return found

    def article_terms(self, article_id: str) -> frozenset[str]:
        """Every term of an article, its title included."""
        found = self._article_terms.get(article_id)
        if found is None:
            article = self.index.articles[article_id]
            if len(self._article_terms) >= 10_000:
                self._article_terms.clear()
            found = frozenset(self.index.analyzer.terms(article.title + "\n" + article.body))
            self._article_terms[article_id] = found
        return found


def _same_paragraph(a, b) -> bool:  # noqa: ANN001 - two Sentences
    return a.article_id == b.article_id and a.paragraph == b.paragraph


_CONTEXTS: weakref.WeakKeyDictionary[SentenceIndex, _Context] = weakref.WeakKeyDictionary()


def _context(index: SentenceIndex) -> _Context:
    found = _CONTEXTS.get(index)
    if found is None:
        found = _Context(index)
        _CONTEXTS[index] = found
    return found


def _bm25(query: Query, counts: Counter[str] | dict[str, int], length: int, mean: float,
          k1: float, b: float) -> float:
    norm = k1 * (1.0 - b + b * length / mean)
    score = 0.0
    for term, weight in query.counts.items():
        tf = counts.get(term)
        if tf:
            score += weight * query.idf[term] * tf * (k1 + 1.0) / (tf + norm)
    return score


def candidates(index: SentenceIndex, query: Query) -> list[int]:
    """The engine's best sentences and the rest of the best ones' paragraphs, by document."""
    hits = index.search(list(query.terms), RERANK_HITS)
    docs = dict.fromkeys(h.doc for h in hits)
    context = _context(index)
    for hit in hits[:EXPAND_HITS]:
        docs.update(dict.fromkeys(context.paragraph(hit.doc)))
    return list(docs)


def features(index: SentenceIndex, query: Query, docs: Sequence[int]) -> list[list[float]]:
    """The feature vector (in FEATURES order) of each candidate, RELATIVE ones normalised."""
    context = _context(index)
    total_idf = sum(query.idf.values()) or 1.0
    mean = context.mean_length

    def cover(present: Counter[str] | frozenset[str]) -> float:
        return sum(idf for t, idf in query.idf.items() if t in present) / total_idf

    top_idf = max(query.idf.values(), default=0.0) or 1.0
    rows = []
    for doc in docs:
        counts = context.counts(doc)
        terms = context.terms(doc)
        paragraph = context.span_counts(context.paragraph(doc))
        window = context.span_counts(context.window(doc))
        sentence = index.sentences[doc]
        article = index.articles[sentence.article_id]
        answer_type = 0.0
        if query.expect is not Expect.NONE:
            answer_type = 1.0 if answer_spans(sentence.text, query.expect, query.text) else 0.0
        pairs = 0.0
        if query.pairs:
            pairs = len(query.pairs.intersection(zip(terms, terms[1:]))) / len(query.pairs)
        rows.append([
            _bm25(query, counts, len(terms), mean, K1, B),
            _bm25(query, paragraph, paragraph.total(), mean * context.mean_paragraph,
                  CONTEXT_K1, CONTEXT_B),
            _bm25(query, window, window.total(), mean * 3, CONTEXT_K1, CONTEXT_B),
            cover(counts),
            cover(window),
            cover(context.article_terms(sentence.article_id)),
            cover(context.title_terms(article.id)),
            answer_type,
            pairs,
            sum(1 for t in terms if t not in query.counts) / len(terms) if terms else 0.0,
            1.0 if sentence.position == 0 else 0.0,
            _bm25(query, counts, len(terms), mean, 0.6, 0.5),
            _bm25(query, counts, len(terms), mean, 2.0, 0.9),
            max((query.idf[t] for t in counts if t in query.idf), default=0.0) / top_idf,
            _proximity(query, terms),
        ])
    for column, name in enumerate(FEATURES):
        if name in RELATIVE:
            best = max((row[column] for row in rows), default=0.0)
            if best > 0:
                for row in rows:
                    row[column] /= best
    return rows


def _proximity(query: Query, terms: Sequence[str]) -> float:
    """Distinct question terms matched, over the length of the stretch of terms holding them."""
    places = [i for i, t in enumerate(terms) if t in query.counts]
    if len(places) < 2:
        return 0.0
    return len({terms[i] for i in places}) / (places[-1] - places[0] + 1)


def combine(row: Sequence[float], weights: Sequence[float] | None = None) -> float:
    """The reranking score of one feature vector."""
    return sum(w * f for w, f in zip(WEIGHTS if weights is None else weights, row))


def rank(index: SentenceIndex, question: str, k: int) -> list[Hit]:
    """The k best sentences for a question, best first."""
    query = analyse(index, question)
    if not query.terms or k <= 0:
        return []
    docs = candidates(index, query)
    scored = [(combine(row), doc) for doc, row in zip(docs, features(index, query, docs))]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Hit(doc, index.sentences[doc], score) for score, doc in scored[:k] if score > 0]

