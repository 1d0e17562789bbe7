"""A question analysed once: spelling fixed, search terms, their idf, the answer it expects."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from bot.search.followup import QueryContext
from bot.search.index import SentenceIndex
from bot.search.lang import language_of
from bot.search.lang.questions import expected_answer_in
from bot.search.paraphrase import FirstSearch, align_search, reword
from bot.search.qtypes import (
    Expect,
    QType,
    Unit,
    answer_unit,
    measure_word,
    question_type,
)
from bot.search.spelling import Correction, corrections, with_possessives
from bot.search.spelling import apply as apply_corrections
from bot.search.text import raw_tokens

# Sentences retrieval takes from the engine (bot.search.retrieve); align's first search takes
# as many when it searches the same terms, so that retrieval need not search again.
RERANK_HITS = 100

# Function words that change what a question asks ("the first", "not", "most"), which the
# stopword list drops from the search terms.
FUNCTION_WORDS = frozenset(
    "most more only first last before after during not no few over under between against "
    "same other both each until".split()
)
CUES = {
    "why": frozenset("because since due reason reasons cause caused so order result thus "
                     "therefore".split()),
    "how": frozenset("by through using via with means method way".split()),
}

# "right now", "at the moment", "these days": when the asker is, not what is asked. Their words are
# news words elsewhere ("human rights", "the moment he scored"), so they are taken out of the
# search as phrases, not as words.
_TIME_FRAME = re.compile(r"\b(?:at\s+the\s+moment|right\s+now|at\s+present|these\s+days|"
                         r"as\s+of\s+(?:now|today)|as\s+we\s+speak|as\s+things\s+stand|"
                         r"at\s+this\s+point(?:\s+in\s+time)?)\b", re.IGNORECASE)

# Chat's auxiliaries before a verb: "is the ds going to cost", "is dome trying to restructure",
# "when are the talks supposed to end", "what is statil meant to treat". They frame the verb
# (future, attempt, plan) and a report rarely repeats them ("will retail for £99", "a proposal
# to restructure debt"), so they go as phrases, and only before a verb: "going to the cup
# final" keeps its words.
_NOT_A_VERB = r"(?!(?:the|a|an|his|her|their|its|my|our|your|this|that|these|those|\d)\b)"
_AUXILIARY = re.compile(
    r"\b(?:(?:going|trying|tried|try|tries|supposed|meant|about)\s+to\s+" + _NOT_A_VERB
    + r"|gonna\b)", re.IGNORECASE)


def _chat_frame_out(question: str) -> str:
    """The question without the asker's time frame and chat's auxiliaries (for its search
    terms only: its kind and wording stay as asked)."""
    question = _TIME_FRAME.sub(" ", question)
    return _AUXILIARY.sub(" ", question)


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
    # The finer kind of number asked for ("how old": an age), where the question says it.
    unit: Unit | None = None
    # The engine search align ran for the question (its hits, for retrieval to reuse).
    searched: FirstSearch | None = field(default=None, compare=False, repr=False)


def analyse(index: SentenceIndex, question: str, context: QueryContext | None = None) -> Query:
    """Terms, idf and expected answer of a question, its unknown words spelt as the index has
    them."""
    language = language_of(index.analyzer.language)
    # Spelling is corrected in English only: its edits and function words are English ones.
    if language == "en":  # "bmws sales" -> "bmw's sales", as meant
        question = with_possessives(question, index.analyzer.stem, index.engine.doc_freq,
                                    lambda word: _written(index, word))
    fixes = tuple(corrections(question, index.analyzer.stem, index.engine.doc_freq)
                  if language == "en" else ())
    question = apply_corrections(question, list(fixes))
    terms = tuple(index.analyzer.query_terms(_chat_frame_out(question))
                  if language == "en" else index.analyzer.query_terms(question))
    measure = measure_word(question)
    if measure is not None and len(terms) > 1:
        dropped = index.analyzer.stem(measure)
        terms = tuple(t for t in terms if t != dropped) or terms
    searched = None
    if language == "en":  # "speaks for" -> "spokesman", when no article says "speak"
        terms = reword(terms, index.analyzer.stem, index.engine.doc_freq)
        # "directed" -> "director", as its article says
        terms, searched = align_search(question, terms, index, RERANK_HITS)
    counts = dict(Counter(terms))
    return _with_context(index, Query(
        text=question,
        terms=terms,
        counts=counts,
        idf={t: index.idf(t) for t in counts},
        expect=expected_answer_in(question, language),
        pairs=frozenset(zip(terms, terms[1:])),
        function_words=frozenset(raw_tokens(question)) & FUNCTION_WORDS,
        cue=CUES.get(_first_wh(question), frozenset()),
        known=frozenset(raw_tokens(question)),
        corrections=fixes,
        unit=answer_unit(question) if language == "en" else None,
        searched=searched,
    ), context)


# Sentences of a word's term read to see whether the articles write the word as typed.
WRITTEN_HITS = 50


def _written(index: SentenceIndex, word: str) -> bool:
    """Whether the articles write a word as typed ("tods" in "Tods Murray"), among the best
    sentences holding its search term."""
    return any(word in raw_tokens(hit.sentence.text)
               for hit in index.search([index.analyzer.stem(word)], WRITTEN_HITS))


def _first_wh(question: str) -> str:
    """'why' or 'how' if the question asks why or how (not how many), else ''."""
    qtype = question_type(question)
    if qtype is QType.WHY_HOW:
        return "why" if "why" in raw_tokens(question) else "how"
    return ""


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
