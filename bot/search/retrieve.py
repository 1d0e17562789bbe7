"""From a question to ranked sentences: the one retrieval pipeline of the bot and of `eval`.

Two stages. The engine's BM25 over sentences finds candidates (the best RERANK_HITS sentences,
plus every sentence in the paragraphs of the best EXPAND_HITS, since the sentence that answers
often names its subject only as "it" or "he"). Then each candidate is scored again from the
FEATURES below, weighted by WEIGHTS (tuned on the even-numbered SQuAD dev articles, see README):
its own BM25, the BM25 of its paragraph and of its neighbours (context), how much of the
question its article and title cover, BM25 with idf taken within its article, whether it holds
the sort of phrase the question asks for (a date for "when"), question word pairs in order,
prefix matches, telling function words and the news lede. Only the candidates
are touched, so the cost does not grow with the corpus beyond the engine's own search.
"""

from __future__ import annotations

import logging
import math
import re
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.search.followup import QueryContext
from bot.search.index import Hit, SentenceIndex
from bot.search.qtypes import Expect, QType, expected_answer, measure_word, question_type
from bot.search.spans import Span, novel, typed_spans
from bot.search.spelling import Correction, corrections
from bot.search.spelling import apply as apply_corrections
from bot.search.text import fold, raw_tokens

logger = logging.getLogger(__name__)

RERANK_HITS = 100  # sentences taken from the engine
EXPAND_HITS = 15  # the paragraphs of this many best hits join the candidates
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
    "sentence_local",  # BM25 of the sentence with idf from its article's sentences (relative)
    "paragraph_local",  # the same for its paragraph (relative)
    "type_date",  # answer_type, split by the kind asked for
    "type_number",
    "type_name",
    "type_place",
    "prefix",  # idf share of question terms matched only by a 5-letter prefix (France/French)
    "function_words",  # share of the question's telling function words (most, first, not ...)
    "cue",  # 1 for a why/how question and a sentence with because/by/through ... in it
    "paragraph_first",  # 1 for the first sentence of a paragraph
    "pronoun_context",  # BM25 of the previous sentence if this one opens with a pronoun (rel.)
    "prefix4",  # as prefix, with 4 letters
    "engine",  # 1 if the engine returned it (not only found as a paragraph neighbour)
    "paragraph_cover",  # idf-weighted share of the question's terms in its paragraph
    "paragraph_prefix",  # prefix (5 letters) matches of the rest of the question in it
)
RELATIVE = frozenset({"sentence", "paragraph", "window", "sentence_soft", "sentence_hard",
                      "sentence_local", "paragraph_local", "pronoun_context"})
# Tuned by benchmarks/tune_rerank.py on the even-numbered SQuAD dev articles, except "lede"
# (set by hand to 1.0; tuned: -0.268): Wikipedia articles open with a definition, news stories
# with their main fact, so SQuAD cannot tune it. Cost on SQuAD dev: P@1 -0.0007, MRR -0.0001.
WEIGHTS = (
    1.0, 2.662, -0.127, 1.584, 2.366, 3.344, 7.92, 1.113, 0.81, 0.933, 1.0, -0.372, -0.021, 2.176,
    0.199, 2.076, 0.633, 2.014, 0.967, -0.402, -0.609, 1.825, 1.185, 0.237, 0.065, 0.485, 3.267,
    -0.462, 0.1, 0.62,
)
_CACHE_LIMIT = 50_000  # sentences (and spans) whose terms are kept per index: bounded memory


@dataclass(frozen=True)
class Query:
    """A question analysed once: its terms, their weights, and the answer it expects."""

    text: str
    terms: tuple[str, ...]
    counts: dict[str, int]
    idf: dict[str, float]
    expect: Expect
    pairs: frozenset[tuple[str, str]]
    function_words: frozenset[str]
    cue: frozenset[str]
    known: frozenset[str] = frozenset()  # the question's words, lower case
    corrections: tuple[Correction, ...] = ()
    # A follow-up's context (bot.search.followup): its terms are in counts and idf (idf scaled
    # by their weight), not in terms; its articles are candidates and score a bonus.
    context: QueryContext | None = None


def _with_context(index: SentenceIndex, query: Query, context: QueryContext | None) -> Query:
    """The query with a follow-up's context terms added at their (lower) weights."""
    if context is None:
        return query
    counts = dict(query.counts)
    idf = dict(query.idf)
    for term, weight in context.terms.items():
        if term not in counts:
            counts[term] = 1
            idf[term] = weight * index.idf(term)
    return replace(query, counts=counts, idf=idf, context=context)


def analyse(index: SentenceIndex, question: str, context: QueryContext | None = None) -> Query:
    """Terms, idf and expected answer of a question, its unknown words spelt as the index has
    them; a follow-up's context terms added at their weights."""
    fixes = tuple(corrections(question, index.analyzer.stem, index.engine.doc_freq))
    question = apply_corrections(question, list(fixes))
    terms = tuple(index.analyzer.query_terms(question))
    measure = measure_word(question)
    if measure is not None and len(terms) > 1:
        dropped = index.analyzer.stem(measure)
        terms = tuple(t for t in terms if t != dropped) or terms
    counts = dict(Counter(terms))
    return _with_context(index, Query(
        text=question,
        terms=terms,
        counts=counts,
        idf={t: index.idf(t) for t in counts},
        expect=expected_answer(question),
        pairs=frozenset(zip(terms, terms[1:])),
        function_words=frozenset(raw_tokens(question)) & _FUNCTION_WORDS,
        cue=_CUES.get(_first_wh(question), frozenset()),
        known=frozenset(raw_tokens(question)),
        corrections=fixes,
    ), context)


def _first_wh(question: str) -> str:
    """'why' or 'how' if the question asks why or how (not how many), else ''."""
    qtype = question_type(question)
    if qtype is QType.WHY_HOW:
        return "why" if "why" in raw_tokens(question) else "how"
    return ""


class _Context:
    """Per-index caches: sentence terms, paragraph extents, article vocabularies, mean lengths."""

    def __init__(self, index: SentenceIndex) -> None:
        self.index = index
        self._terms: dict[int, tuple[str, ...]] = {}
        self._counts: dict[int, Counter[str]] = {}
        self._paragraph: dict[int, range] = {}
        self._raw: dict[int, frozenset[str]] = {}
        self._typed: dict[tuple[int, Expect], list[Span]] = {}
        self._article_terms: dict[str, frozenset[str]] = {}
        self._article_df: dict[str, tuple[int, Counter[str]]] = {}
        self._title_terms: dict[str, frozenset[str]] = {}
        self._spans: dict[tuple[int, int], Counter[str]] = {}
        sentences = index.sentences
        step = max(1, len(sentences) // 2000)
        sample = [len(index.analyzer.terms(s.text)) for s in sentences[::step]]
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

    def raw(self, doc: int) -> frozenset[str]:
        """The sentence's lower-case word tokens, stopwords included."""
        found = self._raw.get(doc)
        if found is None:
            if len(self._raw) >= _CACHE_LIMIT:
                self._raw.clear()
            found = frozenset(_WORD.findall(fold(self.index.sentences[doc].text).lower()))
            self._raw[doc] = found
        return found

    def first_word(self, doc: int) -> str:
        """The sentence's first word, lower case."""
        match = _WORD.search(self.index.sentences[doc].text[:40].lower())
        return match.group() if match else ""

    def typed_spans(self, doc: int, expect: Expect) -> list[Span]:
        """Phrases of a kind (dates, numbers ...) in the sentence, new to a question or not."""
        key = (doc, expect)
        found = self._typed.get(key)
        if found is None:
            if len(self._typed) >= _CACHE_LIMIT:
                self._typed.clear()
            found = typed_spans(self.index.sentences[doc].text, expect)
            self._typed[key] = found
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

    def article_df(self, article_id: str) -> tuple[int, Counter[str]]:
        """How many sentences an article has, and in how many of them each term occurs."""
        found = self._article_df.get(article_id)
        if found is None:
            docs = self.index.article_docs(article_id)
            df: Counter[str] = Counter()
            for doc in docs:
                df.update(set(self.terms(doc)))
            found = (len(docs), df)
            if len(self._article_df) >= 1_000:
                self._article_df.clear()
            self._article_df[article_id] = found
        return found

    def local_idf(self, article_id: str, query: Query) -> dict[str, float]:
        """Idf of the question's terms among the sentences of one article."""
        n, df = self.article_df(article_id)
        return {t: math.log(1.0 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in query.counts}

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
          k1: float, b: float, idf: dict[str, float] | None = None) -> float:
    norm = k1 * (1.0 - b + b * length / mean)
    idf = query.idf if idf is None else idf
    score = 0.0
    for term, weight in query.counts.items():
        tf = counts.get(term)
        if tf:
            score += weight * idf[term] * tf * (k1 + 1.0) / (tf + norm)
    return score


def candidates(index: SentenceIndex, query: Query) -> tuple[list[int], int]:
    """The engine's best sentences, then the rest of the best ones' paragraphs; and how many
    came from the engine."""
    hits = index.search(_search_terms(query), RERANK_HITS)
    docs = dict.fromkeys(h.doc for h in hits)
    context = _context(index)
    for hit in hits[:EXPAND_HITS]:
        docs.update(dict.fromkeys(context.paragraph(hit.doc)))
    if query.context is not None:  # a follow-up: every sentence of the articles just quoted
        for article_id in query.context.articles:
            if article_id in index.articles:
                docs.update(dict.fromkeys(index.article_docs(article_id)[:MAX_ARTICLE_DOCS]))
    return list(docs), len(hits)


# A follow-up's candidates include at most this many sentences of each article just quoted.
MAX_ARTICLE_DOCS = 300


def _search_terms(query: Query) -> list[str]:
    """What the engine searches: the question's terms, and a follow-up's context terms."""
    if query.context is None:
        return list(query.terms)
    return list(query.terms) + [t for t in query.context.terms if t not in query.terms]


def features(index: SentenceIndex, query: Query, docs: Sequence[int],
             from_engine: int | None = None) -> list[list[float]]:
    """The feature vector (in FEATURES order) of each candidate, RELATIVE ones normalised."""
    context = _context(index)
    total_idf = sum(query.idf.values()) or 1.0
    mean = context.mean_length

    def cover(present: Counter[str] | frozenset[str]) -> float:
        return sum(idf for t, idf in query.idf.items() if t in present) / total_idf

    top_idf = max(query.idf.values(), default=0.0) or 1.0
    from_engine = len(docs) if from_engine is None else from_engine
    local_idfs: dict[str, dict[str, float]] = {}
    rows = []
    for number, doc in enumerate(docs):
        counts = context.counts(doc)
        terms = context.terms(doc)
        paragraph = context.span_counts(context.paragraph(doc))
        window = context.span_counts(context.window(doc))
        sentence = index.sentences[doc]
        article = index.articles[sentence.article_id]
        local = local_idfs.get(sentence.article_id)
        if local is None:
            local = local_idfs[sentence.article_id] = context.local_idf(sentence.article_id, query)
        answer_type = 0.0
        if query.expect is not Expect.NONE:
            spans = context.typed_spans(doc, query.expect)
            answer_type = 1.0 if any(novel(sentence.text, span, query.known)
                                     for span in spans) else 0.0
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
            _bm25(query, counts, len(terms), mean, K1, B, local),
            _bm25(query, paragraph, paragraph.total(), mean * context.mean_paragraph,
                  CONTEXT_K1, CONTEXT_B, local),
            answer_type if query.expect is Expect.DATE else 0.0,
            answer_type if query.expect is Expect.NUMBER else 0.0,
            answer_type if query.expect is Expect.NAME else 0.0,
            answer_type if query.expect is Expect.PLACE else 0.0,
            _prefix_share(query, counts, total_idf),
            _function_share(query, context.raw(doc)),
            1.0 if query.cue and context.raw(doc) & query.cue else 0.0,
            1.0 if doc == 0 or not _same_paragraph(index.sentences[doc - 1], sentence) else 0.0,
            _pronoun_context(query, context, doc),
            _prefix_share(query, counts, total_idf, 4),
            1.0 if number < from_engine else 0.0,
            cover(paragraph),
            _prefix_share(query, paragraph, total_idf),
        ])
    for column, name in enumerate(FEATURES):
        if name in RELATIVE:
            best = max((row[column] for row in rows), default=0.0)
            if best > 0:
                for row in rows:
                    row[column] /= best
    return rows


# Function words that change what a question asks ("the first", "not", "most"), which the
# stopword list drops from the search terms.
_FUNCTION_WORDS = frozenset(
    "most more only first last before after during not no few over under between against "
    "same other both each until".split()
)
_CUES = {
    "why": frozenset("because since due reason reasons cause caused so order result thus "
                     "therefore".split()),
    "how": frozenset("by through using via with means method way".split()),
}
_WORD = re.compile(r"[a-z]+")
_PRONOUNS = frozenset("he she it they this these his her its their that such there".split())


def _prefix_share(query: Query, counts: Counter[str], total_idf: float, size: int = 5) -> float:
    """Idf share of question terms absent from the sentence but sharing a prefix of `size`."""
    missing = [t for t in query.counts if t not in counts and len(t) >= size]
    if not missing:
        return 0.0
    prefixes = {t[:size] for t in counts if len(t) >= size}
    return sum(query.idf[t] for t in missing if t[:size] in prefixes) / total_idf


def _function_share(query: Query, raw: frozenset[str]) -> float:
    """Share of the question's telling function words that the sentence has too."""
    if not query.function_words:
        return 0.0
    return len(query.function_words & raw) / len(query.function_words)


def _pronoun_context(query: Query, context: _Context, doc: int) -> float:
    """BM25 of the previous sentence when this one opens with a pronoun ("It was ...")."""
    sentences = context.index.sentences
    if doc == 0 or sentences[doc - 1].article_id != sentences[doc].article_id:
        return 0.0
    first = context.first_word(doc)
    if first not in _PRONOUNS:
        return 0.0
    previous = context.counts(doc - 1)
    return _bm25(query, previous, previous.total(), context.mean_length, K1, B)


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
    return rank_query(index, analyse(index, question), k)


def rank_query(index: SentenceIndex, query: Query, k: int) -> list[Hit]:
    """The k best sentences for an analysed question, best first."""
    if not query.counts or k <= 0:
        return []
    docs, from_engine = candidates(index, query)
    rows = features(index, query, docs, from_engine)
    scored = [(combine(row), doc) for doc, row in zip(docs, rows)]
    if query.context is not None:  # a follow-up prefers the articles just quoted
        scored = [(score + query.context.bonus(index.sentences[doc]), doc)
                  for score, doc in scored]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Hit(doc, index.sentences[doc], score) for score, doc in scored[:k] if score > 0]

