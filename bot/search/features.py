"""The reranker's features: one table of named entries, each a function of a candidate.

A candidate is a sentence found for a question; `Candidate` holds what several features read
(its terms, its paragraph's and window's term counts, its article). Each `Feature` turns a
candidate into one number; RELATIVE ones are then divided by their best value among the
question's candidates, so weights mean the same for short and long questions. The weights live
by name in weights.json (written by benchmarks/tune_rerank.py); a feature without a weight
there counts 0. An index with the semantic stage (bot.search.semantic) has two more features,
SEMANTIC, and its own weights ("rerank_semantic", tuned with them): `table_for` and
`weights_for` give an index's.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from bot.search.context import Context, bm25, same_paragraph
from bot.search.index import Sentence, SentenceIndex
from bot.search.lang import weights as lang_weights
from bot.search.qtypes import Expect
from bot.search.query import Query
from bot.search.semantic import stage_for
from bot.search.spans import Span, novel

K1 = 1.2  # BM25 saturation and length normalisation used when rescoring
B = 0.75
CONTEXT_K1 = 1.2
CONTEXT_B = 0.75
WEIGHTS_FILE = "weights.json"
_PRONOUNS = frozenset("he she it they this these his her its their that such there".split())


class Candidate:
    """One candidate sentence of one question, with what the features share."""

    __slots__ = ("doc", "number", "from_engine", "query", "context", "sentence", "terms",
                 "counts", "paragraph", "window", "local_idf", "total_idf", "top_idf",
                 "_answer_spans")

    def __init__(self, doc: int, number: int, from_engine: bool, query: Query, context: Context,
                 local_idf: dict[str, float], total_idf: float, top_idf: float) -> None:
        self.doc = doc
        self.number = number  # place among the candidates (the engine's come first)
        self.from_engine = from_engine
        self.query = query
        self.context = context
        self.sentence: Sentence = context.index.sentences[doc]
        self.terms = context.terms(doc)
        self.counts = context.counts(doc)
        self.paragraph = context.span_counts(context.paragraph(doc))
        self.window = context.span_counts(context.window(doc))
        self.local_idf = local_idf
        self.total_idf = total_idf
        self.top_idf = top_idf
        self._answer_spans: list[Span] | None = None

    def cover(self, present: Counter[str] | frozenset[str]) -> float:
        """The idf-weighted share of the question's terms in a bag of terms."""
        idf = self.query.idf
        return sum(w for t, w in idf.items() if t in present) / self.total_idf

    def answer_spans(self) -> list[Span]:
        """The sentence's phrases of the kind asked for (dates for "when"), new to the
        question; worked out once (the decision's layout features read them too)."""
        if self._answer_spans is None:
            found: list[Span] = []
            if self.query.expect is not Expect.NONE:
                text = self.sentence.text
                found = [s for s in self.context.typed_spans(self.doc, self.query.expect)
                         if novel(text, s, self.query.known)]
            self._answer_spans = found
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
    if c.context.first_word(doc) not in _PRONOUNS:
        return 0.0
    previous = c.context.counts(doc - 1)
    return bm25(c.query, previous, previous.total(), c.context.mean_length, K1, B)


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


def table_for(index: SentenceIndex) -> list[Feature]:
    """The features an index's candidates are scored with: the semantic ones when it has the
    stage (absent otherwise, not zero)."""
    return FEATURES + SEMANTIC if stage_for(index) is not None else FEATURES


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
        return weight_vector(lang_weights.for_language(index.analyzer.language))
    return weight_vector(SEMANTIC_WEIGHTS, table_for(index))


def make_candidates(index: SentenceIndex, context: Context, query: Query, docs: Sequence[int],
                    from_engine: int) -> list[Candidate]:
    """Candidates of a question, sharing the question-wide pieces."""
    total_idf = sum(query.idf.values()) or 1.0
    top_idf = max(query.idf.values(), default=0.0) or 1.0
    local_idfs: dict[str, dict[str, float]] = {}
    found = []
    for number, doc in enumerate(docs):
        article_id = index.sentences[doc].article_id
        local = local_idfs.get(article_id)
        if local is None:
            local = local_idfs[article_id] = context.local_idf(article_id, query)
        found.append(Candidate(doc, number, number < from_engine, query, context, local,
                               total_idf, top_idf))
    return found


def rows_of(candidates: Sequence[Candidate],
            table: Sequence[Feature] | None = None) -> list[list[float]]:
    """The feature vector of each candidate (table order), relative ones normalised."""
    table = FEATURES if table is None else table
    rows = [[f.compute(c) for f in table] for c in candidates]
    for column, feature in enumerate(table):
        if feature.relative:
            best = max((row[column] for row in rows), default=0.0)
            if best > 0:
                for row in rows:
                    row[column] /= best
    return rows
