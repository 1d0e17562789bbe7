"""The reranker's features: one table of named entries, each a function of a candidate.

A candidate is a sentence found for a question; `Candidate` holds what several features read
(its terms, its paragraph's and window's term counts, its article). Each `Feature` turns a
candidate into one number; RELATIVE ones are then divided by their best value among the
question's candidates, so weights mean the same for short and long questions. The weights live
by name in weights.json (written by benchmarks/tune_rerank.py); a feature without a weight
there counts 0. An index with the semantic stage (bot.search.semantic) has two more features,
SEMANTIC, and its own weights ("rerank_semantic", tuned with them): `table_for` and
`weights_for` give an index's.

The table is the definition (`reference_rows`). A question's rows are computed for all its
candidates at once (`Rows`: bot.search.batch's arrays, bot.search.feature_arrays' array form of
each feature, equal bit for bit), the DEFERRED text features only for the rows asked for.
"""

from __future__ import annotations

import json
import weakref
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from bot.search.batch import gather
from bot.search.context import Context, bm25, same_paragraph
from bot.search.feature_arrays import (
    CONTEXT_B,
    CONTEXT_K1,
    K1,
    PRONOUNS,
    SYNONYM_KINDS,
    VECTORISED,
    WORDNET_KINDS,
    B,
    Extra,
    quoted,
    relations,
)
from bot.search.index import Sentence, SentenceIndex
from bot.search.lang import weights as lang_weights
from bot.search.lang.grams import ARTICLE_NAME as ARTICLE_GRAMS
from bot.search.lang.grams import NAME as GRAMS
from bot.search.lang.grams import paragraph_grams
from bot.search.lang.grams import used_for as grams_used_for
from bot.search.qtypes import Expect
from bot.search.query import Query
from bot.search.semantic import stage_for
from bot.search.semantic import weights as semantic_weights
from bot.search.spans import Span, novel

WEIGHTS_FILE = "weights.json"


class Candidate:
    """One candidate sentence of one question, with what the features share (each piece
    worked out when first read: the answer decision reads a few of them only)."""

    __slots__ = ("doc", "number", "from_engine", "query", "context", "total_idf", "top_idf",
                 "_locals", "_sentence", "_terms", "_counts", "_paragraph", "_window",
                 "_answer_spans")

    def __init__(self, doc: int, number: int, from_engine: bool, query: Query, context: Context,
                 locals_: dict[str, dict[str, float]], total_idf: float, top_idf: float) -> None:
        self.doc = doc
        self.number = number  # place among the candidates (the engine's come first)
        self.from_engine = from_engine
        self.query = query
        self.context = context
        self.total_idf = total_idf
        self.top_idf = top_idf
        self._locals = locals_  # idf within an article, by article, shared by the question's
        self._sentence: Sentence | None = None
        self._terms: tuple[str, ...] | None = None
        self._counts: Counter[str] | None = None
        self._paragraph: Counter[str] | None = None
        self._window: Counter[str] | None = None
        self._answer_spans: list[Span] | None = None

    @property
    def sentence(self) -> Sentence:
        if self._sentence is None:
            self._sentence = self.context.index.sentences[self.doc]
        return self._sentence

    @property
    def terms(self) -> tuple[str, ...]:
        if self._terms is None:
            self._terms = self.context.terms(self.doc)
        return self._terms

    @property
    def counts(self) -> Counter[str]:
        if self._counts is None:
            self._counts = self.context.counts(self.doc)
        return self._counts

    @property
    def paragraph(self) -> Counter[str]:
        if self._paragraph is None:
            self._paragraph = self.context.span_counts(self.context.paragraph(self.doc))
        return self._paragraph

    @property
    def window(self) -> Counter[str]:
        if self._window is None:
            self._window = self.context.span_counts(self.context.window(self.doc))
        return self._window

    @property
    def local_idf(self) -> dict[str, float]:
        """Idf of the question's terms among the sentences of the candidate's article."""
        article_id = self.sentence.article_id
        found = self._locals.get(article_id)
        if found is None:
            found = self._locals[article_id] = self.context.local_idf(article_id, self.query)
        return found

    def cover(self, present: Counter[str] | frozenset[str]) -> float:
        """The idf-weighted share of the question's terms in a bag of terms."""
        idf = self.query.idf
        return sum(w for t, w in idf.items() if t in present) / self.total_idf

    def answer_spans(self) -> list[Span]:
        """The sentence's phrases of the kind asked for (dates for "when"), new to the
        question; worked out once (the decision's layout features read them too)."""
        if self._answer_spans is None:
            self._answer_spans = answer_spans_of(self.context, self.query, self.doc)
        return self._answer_spans

    def answer_type(self) -> float:
        """1 if the sentence holds a phrase of the kind asked for, new to the question."""
        return 1.0 if self.answer_spans() else 0.0

    def sentence_bm25(self, k1: float, b: float, idf: dict[str, float] | None = None) -> float:
        """BM25 of the sentence."""
        return bm25(self.query, self.counts, len(self.terms), self.context.mean_length, k1, b, idf)

    def paragraph_bm25(self, idf: dict[str, float] | None = None) -> float:
        """BM25 of the sentence's paragraph."""
        c = self.context
        return bm25(self.query, self.paragraph, self.paragraph.total(),
                    c.mean_length * c.mean_paragraph, CONTEXT_K1, CONTEXT_B, idf)


def answer_spans_of(context: Context, query: Query, doc: int) -> list[Span]:
    """A sentence's phrases of the kind a question asks for, new to the question."""
    if query.expect is Expect.NONE:
        return []
    text = context.index.sentences[doc].text
    return [s for s in context.typed_spans(doc, query.expect) if novel(text, s, query.known)]


@dataclass(frozen=True)
class Feature:
    """One named feature of a candidate."""

    name: str
    compute: Callable[[Candidate], float]
    relative: bool = False  # divided by its best value among the question's candidates
    doc: str = ""


def typed_answer(expect: Expect) -> Callable[[Candidate], float]:
    """answer_type, for a question asking for `expect` (0 for any other)."""
    return lambda c: c.answer_type() if c.query.expect is expect else 0.0


def _pairs(c: Candidate) -> float:
    pairs = c.query.pairs
    if not pairs:
        return 0.0
    return len(pairs.intersection(zip(c.terms, c.terms[1:]))) / len(pairs)


def novelty(c: Candidate) -> float:
    """The share of the sentence's terms that are not the question's."""
    terms = c.terms
    return sum(1 for t in terms if t not in c.query.counts) / len(terms) if terms else 0.0


def _rarest(c: Candidate) -> float:
    idf = c.query.idf
    return max((idf[t] for t in c.counts if t in idf), default=0.0) / c.top_idf


def _proximity(c: Candidate) -> float:
    """Distinct question terms matched, over the length of the stretch of terms holding them."""
    terms = c.terms
    places = [i for i, t in enumerate(terms) if t in c.query.counts]
    if len(places) < 2:
        return 0.0
    return len({terms[i] for i in places}) / (places[-1] - places[0] + 1)


def prefix_share(query: Query, counts: Counter[str], total_idf: float, size: int = 5) -> float:
    """Idf share of question terms absent from the sentence but sharing a prefix of `size`."""
    missing = [t for t in query.counts if t not in counts and len(t) >= size]
    if not missing:
        return 0.0
    prefixes = {t[:size] for t in counts if len(t) >= size}
    return sum(query.idf[t] for t in missing if t[:size] in prefixes) / total_idf


def _function_words(c: Candidate) -> float:
    words = c.query.function_words
    if not words:
        return 0.0
    return len(words & c.context.raw(c.doc)) / len(words)


def _cue(c: Candidate) -> float:
    return 1.0 if c.query.cue and c.context.raw(c.doc) & c.query.cue else 0.0


def _paragraph_first(c: Candidate) -> float:
    sentences = c.context.index.sentences
    return 1.0 if c.doc == 0 or not same_paragraph(sentences[c.doc - 1], c.sentence) else 0.0


def _pronoun_context(c: Candidate) -> float:
    """BM25 of the previous sentence when this one opens with a pronoun ("It was ...")."""
    sentences = c.context.index.sentences
    doc = c.doc
    if doc == 0 or sentences[doc - 1].article_id != c.sentence.article_id:
        return 0.0
    if c.context.first_word(doc) not in PRONOUNS:
        return 0.0
    previous = c.context.counts(doc - 1)
    return bm25(c.query, previous, previous.total(), c.context.mean_length, K1, B)


def related_share(c: Candidate, kinds: str) -> float:
    """Idf share of the question's terms absent from the sentence whose WordNet relations
    of `kinds` it holds ("jobless" asked, "unemployment" said)."""
    query = c.query
    found = relations(c.context.index, query, kinds)
    if not found:
        return 0.0
    counts = c.counts
    return sum(query.idf[t] for t, related in found
               if t not in counts and not related.isdisjoint(counts)) / c.total_idf


def _window_bm25(c: Candidate) -> float:
    return bm25(c.query, c.window, c.window.total(), c.context.mean_length * 3, CONTEXT_K1,
                CONTEXT_B)


def _title(c: Candidate) -> float:
    return c.cover(c.context.title_terms(c.sentence.article_id))


FEATURES: list[Feature] = [
    Feature("sentence", lambda c: c.sentence_bm25(K1, B), True, "BM25 of the sentence"),
    Feature("paragraph", lambda c: c.paragraph_bm25(), True, "BM25 of its paragraph"),
    Feature("window", _window_bm25, True, "BM25 of it and its neighbours"),
    Feature("sentence_cover", lambda c: c.cover(c.counts), False,
            "idf-weighted share of the question's terms in the sentence"),
    Feature("window_cover", lambda c: c.cover(c.window), False, "the same in the window"),
    Feature("article", lambda c: c.cover(c.context.article_terms(c.sentence.article_id)), False,
            "the same in the whole article"),
    Feature("title", _title, False, "the same in the article's title"),
    Feature("answer_type", lambda c: c.answer_type(), False,
            "1 if it holds a phrase of the kind asked for (a date for 'when'), new to the question"),
    Feature("pairs", _pairs, False, "share of the question's word pairs it holds in order"),
    Feature("novelty", novelty, False, "share of its terms not in the question"),
    Feature("lede", lambda c: 1.0 if c.sentence.position == 0 else 0.0, False,
            "1 for an article's first sentence"),
    Feature("sentence_soft", lambda c: c.sentence_bm25(0.6, 0.5), True,
            "BM25 of the sentence with low saturation, k1=0.6, b=0.5"),
    Feature("sentence_hard", lambda c: c.sentence_bm25(2.0, 0.9), True,
            "BM25 of the sentence with k1=2.0, b=0.9"),
    Feature("rarest", _rarest, False,
            "idf of its rarest question term over that of the question's rarest"),
    Feature("proximity", _proximity, False,
            "matched distinct terms over the span of terms they occupy"),
    Feature("sentence_local", lambda c: c.sentence_bm25(K1, B, c.local_idf), True,
            "BM25 of the sentence with idf from its article's sentences"),
    Feature("paragraph_local", lambda c: c.paragraph_bm25(c.local_idf), True,
            "the same for its paragraph"),
    Feature("type_date", typed_answer(Expect.DATE), False, "answer_type, for a date asked"),
    Feature("type_number", typed_answer(Expect.NUMBER), False, "answer_type, for a number asked"),
    Feature("type_name", typed_answer(Expect.NAME), False, "answer_type, for a name asked"),
    Feature("type_place", typed_answer(Expect.PLACE), False, "answer_type, for a place asked"),
    Feature("prefix", lambda c: prefix_share(c.query, c.counts, c.total_idf), False,
            "idf share of question terms matched only by a 5-letter prefix (France/French)"),
    Feature("function_words", _function_words, False,
            "share of the question's telling function words (most, first, not ...)"),
    Feature("cue", _cue, False, "1 for a why/how question and a sentence with because/by ..."),
    Feature("paragraph_first", _paragraph_first, False, "1 for a paragraph's first sentence"),
    Feature("pronoun_context", _pronoun_context, True,
            "BM25 of the previous sentence if this one opens with a pronoun"),
    Feature("prefix4", lambda c: prefix_share(c.query, c.counts, c.total_idf, 4), False,
            "as prefix, with 4 letters"),
    Feature("engine", lambda c: 1.0 if c.from_engine else 0.0, False,
            "1 if the engine returned it (not only found as a paragraph neighbour)"),
    Feature("paragraph_cover", lambda c: c.cover(c.paragraph), False,
            "idf-weighted share of the question's terms in its paragraph"),
    Feature("paragraph_prefix", lambda c: prefix_share(c.query, c.paragraph, c.total_idf), False,
            "prefix (5 letters) matches of the rest of the question in its paragraph"),
    Feature("synonym", lambda c: related_share(c, SYNONYM_KINDS), False,
            "idf share of question terms absent but with a WordNet synonym in the sentence"),
    Feature("wordnet", lambda c: related_share(c, WORDNET_KINDS), False,
            "the same with WordNet derivations, hypernyms and hyponyms"),
    Feature("early", lambda c: 1.0 / (1.0 + c.sentence.position), False,
            "1 / (1 + its place in its article): news tells its main facts first"),
    Feature("quoted", lambda c: quoted(c.sentence.text), False,
            "1 if it holds a quotation mark (someone's words, more often a view than a fact)"),
]


def _semantic(c: Candidate) -> float:
    stage = stage_for(c.context.index)
    return 0.0 if stage is None else stage.similarity(c.query.text, c.doc)


def _semantic_window(c: Candidate) -> float:
    stage = stage_for(c.context.index)
    if stage is None:
        return 0.0
    return max(stage.similarity(c.query.text, doc) for doc in c.context.window(c.doc))


# In the table only for an index with the semantic stage: a question put in other words than
# the article's ("the size of the contingent" for "a 2,000-strong force") still comes close.
SEMANTIC: list[Feature] = [
    Feature("semantic", _semantic, False,
            "cosine of the question's and the sentence's vectors (semantic stage)"),
    Feature("semantic_window", _semantic_window, False,
            "the best such cosine of the sentence and its neighbours in the article"),
]


def _paragraph_grams(c: Candidate) -> float:
    found = paragraph_grams(c.context.index)
    return 0.0 if found is None else found.score(c.query.text, c.doc)


def _article_grams(c: Candidate) -> float:
    found = paragraph_grams(c.context.index, whole=True)
    return 0.0 if found is None else found.score(c.query.text, c.doc)


# In the table only for questions in another language than English (bot.search.lang.grams):
# the paragraph's character n-grams against the question's.
LANGUAGE: list[Feature] = [
    Feature(GRAMS, _paragraph_grams, True,
            "BM25 of its paragraph's character 3-5-grams (languages other than English)"),
    Feature(ARTICLE_GRAMS, _article_grams, True, "the same for its whole article"),
]


def table_for(index: SentenceIndex) -> list[Feature]:
    """The features an index's candidates are scored with: the semantic ones when it has the
    stage (absent otherwise, not zero); for a question in another language than English, the
    LANGUAGE ones (with the stage, only in a language with weights of its own for them:
    bot.search.semantic.weights)."""
    grams = grams_used_for(index.analyzer.language)
    if stage_for(index) is not None:
        if grams and semantic_weights.for_language(index.analyzer.language) is not None:
            return FEATURES + LANGUAGE + SEMANTIC
        return FEATURES + SEMANTIC
    return FEATURES + LANGUAGE if grams else FEATURES


def load_weights() -> dict[str, Any]:
    """weights.json: {"rerank": {feature: weight}, "decision": {...}}."""
    text = resources.files("bot.search").joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))


WEIGHTS_DATA = load_weights()
RERANK_WEIGHTS: dict[str, float] = {k: float(v) for k, v in WEIGHTS_DATA["rerank"].items()}
# Tuned with the semantic features (benchmarks/tune_rerank.py --semantic); until then, the
# plain weights and the semantic features count 0.
SEMANTIC_WEIGHTS: dict[str, float] = {
    k: float(v) for k, v in WEIGHTS_DATA.get("rerank_semantic", RERANK_WEIGHTS).items()}


def weight_vector(weights: dict[str, float] | None = None,
                  table: Sequence[Feature] | None = None) -> list[float]:
    """The weights in table order (a feature without a weight counts 0)."""
    weights = RERANK_WEIGHTS if weights is None else weights
    return [weights.get(f.name, 0.0) for f in (FEATURES if table is None else table)]


def weights_for(index: SentenceIndex) -> list[float]:
    """The weights of `table_for(index)`, in its order."""
    if stage_for(index) is None:
        # Another language: its own table (bot.search.lang.weights); English: weights.json.
        return weight_vector(lang_weights.for_language(index.analyzer.language),
                             table_for(index))
    own = semantic_weights.for_language(index.analyzer.language)
    return weight_vector(SEMANTIC_WEIGHTS if own is None else own, table_for(index))


def make_candidates(index: SentenceIndex, context: Context, query: Query, docs: Sequence[int],
                    from_engine: int) -> list[Candidate]:
    """Candidates of a question, sharing the question-wide pieces."""
    total_idf = sum(query.idf.values()) or 1.0
    top_idf = max(query.idf.values(), default=0.0) or 1.0
    locals_: dict[str, dict[str, float]] = {}
    return [Candidate(doc, number, number < from_engine, query, context, locals_, total_idf,
                      top_idf) for number, doc in enumerate(docs)]


def reference_rows(candidates: Sequence[Candidate],
                   table: Sequence[Feature] | None = None) -> list[list[float]]:
    """The feature vector of each candidate (table order), relative ones normalised, worked
    out candidate by candidate from the table's definitions."""
    table = FEATURES if table is None else table
    rows = [[f.compute(c) for f in table] for c in candidates]
    for column, feature in enumerate(table):
        if feature.relative:
            best = max((row[column] for row in rows), default=0.0)
            if best > 0:
                for row in rows:
                    row[column] /= best
    return rows


def rows_of(candidates: Sequence[Candidate],
            table: Sequence[Feature] | None = None) -> list[list[float]]:
    """The feature vector of each candidate (table order), relative ones normalised: from
    the last question's rows when they hold them, else all at once (bot.search.batch), else
    candidate by candidate."""
    table = FEATURES if table is None else table
    if not candidates:
        return []
    first = candidates[0]
    if all(c.query is first.query and c.context is first.context for c in candidates):
        flags = [c.from_engine for c in candidates]
        docs = [c.doc for c in candidates]
        found = _recent_rows(first.context, first.query, docs, table)
        if found is None:
            rows = Rows.compute(first.context, first.query, docs, flags, table, candidates)
            if rows is not None:
                rows.fill(range(len(docs)))
                found = rows.raw
        elif "engine" in (names := [f.name for f in table]):
            found[:, names.index("engine")] = flags
        if found is not None:
            return normalised(found, table).tolist()
    return reference_rows(candidates, table)


def feature_matrix(index: SentenceIndex, context: Context, query: Query, docs: Sequence[int],
                   from_engine: int, table: Sequence[Feature] | None = None) -> np.ndarray:
    """The feature rows of a question's candidates as a matrix (table order), relative ones
    normalised; `from_engine` of them (the first ones) came from the engine."""
    rows = candidate_rows(index, context, query, docs, from_engine, table)
    rows.fill(range(len(docs)))
    return rows.matrix


def candidate_rows(index: SentenceIndex, context: Context, query: Query, docs: Sequence[int],
                   from_engine: int, table: Sequence[Feature] | None = None) -> Rows:
    """The feature rows of a question's candidates, the DEFERRED columns not yet worked out
    (Rows.fill); `from_engine` of them (the first ones) came from the engine."""
    table = FEATURES if table is None else table
    flags = [number < from_engine for number in range(len(docs))]
    found = Rows.compute(context, query, docs, flags, table)
    if found is None:
        candidates = make_candidates(index, context, query, docs, from_engine)
        raw = np.array(reference_rows(candidates, table), dtype=np.float64).reshape(
            len(docs), len(table))
        return Rows(context, query, docs, table, raw, raw, {})
    return found


# Below this many candidates the arrays' fixed cost (a few hundred numpy calls) is more than
# working the rows out one by one (the same figures either way).
FEW_CANDIDATES = 16

# Features read from the sentence's text (not its terms), each between 0 and 1 and not
# relative: a ranking works them out only for the candidates that may reach its top (see
# retrieve.rank_query), the rest of the row bounding the score of the others.
DEFERRED = ("answer_type", "type_date", "type_number", "type_name", "type_place",
            "function_words", "cue", "quoted")
_TYPED = {"type_date": Expect.DATE, "type_number": Expect.NUMBER, "type_name": Expect.NAME,
          "type_place": Expect.PLACE}


class Rows:
    """A question's feature rows: `raw` as computed, `matrix` with the relative columns
    normalised; the columns in `deferred` are NaN until `fill` works them out."""

    def __init__(self, context: Context, query: Query, docs: Sequence[int],
                 table: Sequence[Feature], raw: np.ndarray, matrix: np.ndarray,
                 deferred: dict[int, str]) -> None:
        # Weakly: the context keeps its last question's rows (Context.recent), and a cycle
        # would keep a replaced snapshot's caches until a full garbage collection.
        self._context = weakref.ref(context)
        self.query = query
        self.docs = list(docs)
        self.table = tuple(table)
        self.raw = raw
        self.matrix = matrix
        self.deferred = deferred  # column -> feature name, not worked out yet
        self._filled = np.zeros(len(self.docs), dtype=bool) if deferred else None

    @classmethod
    def compute(cls, context: Context, query: Query, docs: Sequence[int],
                flags: Sequence[bool], table: Sequence[Feature],
                candidates: Sequence[Candidate] | None = None) -> Rows | None:
        """The rows worked out all at once, or None when the forward index cannot serve. A
        feature without an array form (the semantic ones) is computed per candidate."""
        if len(docs) < FEW_CANDIDATES:
            return None
        found = gather(context, query, docs)
        if found is None:
            return None
        extra = Extra(total_idf=sum(query.idf.values()) or 1.0,
                      top_idf=max(query.idf.values(), default=0.0) or 1.0,
                      flags=np.asarray(flags, dtype=bool))
        raw = np.empty((len(docs), len(table)), dtype=np.float64)
        deferred: dict[int, str] = {}
        for column, feature in enumerate(table):
            if feature.name in DEFERRED and not feature.relative:
                if feature.name in _TYPED and query.expect is not _TYPED[feature.name]:
                    raw[:, column] = 0.0  # a date asked: the number column is 0
                else:
                    raw[:, column] = np.nan
                    deferred[column] = feature.name
                continue
            compute = VECTORISED.get(feature.name)
            if compute is not None:
                raw[:, column] = compute(found, extra)
                continue
            if candidates is None:
                candidates = make_candidates(context.index, context, query, docs, 0)
                for candidate, flag in zip(candidates, flags):
                    candidate.from_engine = flag
            raw[:, column] = [feature.compute(c) for c in candidates]
        rows = cls(context, query, docs, table, raw, normalised(raw, table), deferred)
        context.recent = rows
        return rows

    def fill(self, rows: Sequence[int] | np.ndarray) -> None:
        """Work out the deferred columns of these rows."""
        if self._filled is None:
            return
        query, ctx = self.query, self._context()
        if ctx is None:
            raise RuntimeError("the index of these rows is gone")
        words, cue = query.function_words, query.cue
        for row in rows:
            if self._filled[row]:
                continue
            doc = self.docs[row]
            answer: float | None = None
            for column, name in self.deferred.items():
                if name == "function_words":
                    value = len(words & ctx.raw(doc)) / len(words) if words else 0.0
                elif name == "cue":
                    value = 1.0 if cue and ctx.raw(doc) & cue else 0.0
                elif name == "quoted":
                    value = quoted(ctx.index.sentences[doc].text)
                else:  # answer_type, or the type asked for
                    if answer is None:
                        answer = 1.0 if answer_spans_of(ctx, query, doc) else 0.0
                    value = answer
                self.raw[row, column] = self.matrix[row, column] = value
            self._filled[row] = True

    def bounds(self, weights: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """The lowest and highest scores each row's deferred columns allow (to a rounding)."""
        base = np.zeros(len(self.docs), dtype=np.float64)
        low = high = 0.0
        for column, weight in enumerate(weights[:len(self.table)]):
            if column in self.deferred:
                low += min(0.0, weight)
                high += max(0.0, weight)
            else:
                base += weight * self.matrix[:, column]
        return base + low, base + high

    def raw_rows(self, docs: Sequence[int]) -> np.ndarray | None:
        """Raw rows of these candidates (worked out), or None if one is not among them."""
        at = {doc: row for row, doc in enumerate(self.docs)}
        try:
            rows = [at[doc] for doc in docs]
        except KeyError:
            return None
        if self._filled is not None and not self._filled[rows].all():
            return None
        return self.raw[rows]


def normalised(matrix: np.ndarray, table: Sequence[Feature]) -> np.ndarray:
    """A copy of raw feature rows with each relative column divided by its best value."""
    out = matrix.copy()
    for column, feature in enumerate(table):
        if feature.relative and len(out):
            best = out[:, column].max()
            if best > 0:
                out[:, column] /= best
    return out


def _recent_rows(context: Context, query: Query, docs: Sequence[int],
                 table: Sequence[Feature]) -> np.ndarray | None:
    """Raw rows of these candidates from the last question's rows, if it was this one."""
    recent = context.recent  # read once: another thread may replace it
    if not isinstance(recent, Rows) or recent.query is not query or recent.table != tuple(table):
        return None
    return recent.raw_rows(docs)
