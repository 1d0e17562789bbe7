"""Text analysis: sentence splitting and search terms, with NLTK parts that need no downloads.

Pure functions and small classes, no I/O. Sentences are character spans into the paragraph
they come from, so a quote is always the article's exact text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nltk.stem.snowball import SnowballStemmer
from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from bot.common.textnorm import WORD_TOKEN, fold
from bot.search.stopwords import (
    ABBREVIATIONS,
    ENGLISH_STOPWORDS,
    IRREGULAR_FORMS,
    QUESTION_FRAMING,
    SENTENCE_STARTERS,
    SYNONYM_STEMS,
)

Span = tuple[int, int]

# A dateline in front of the first sentence: "Moscow, (APP - UrduPoint ... 2024) Russian ..."
# or "MOSCOW (AFP) - ..." or "LONDON — ...". It is not part of the sentence, so quotes start
# after it.
_DATELINE = re.compile(
    r"""^(?:
        [A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3},?\s*\([^()]{2,90}\)\s*(?:[-–—:]\s*)?
      | [A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}(?:,\s[A-Z][\w.]+)?\s*(?:\([^()]{2,40}\))?\s*[-–—]\s+
    )(?=["“‘']?[A-Z0-9])""",
    re.VERBOSE,
)
_TOKEN = WORD_TOKEN
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DOTTED_ACRONYMS = {"u.s": "usa", "u.s.a": "usa", "u.k": "uk", "u.n": "un", "e.u": "eu"}


def _punkt() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    params.sent_starters = set(SENTENCE_STARTERS)
    return PunktSentenceTokenizer(params)


_SENTENCE_TOKENIZER = _punkt()
# Closing brackets: a sentence never starts with one (nor with a comma), it continues the one
# before ("(D-Mich.), chairman of ...").
_CLOSING = ")]}"


def split_sentences(paragraph: str) -> list[Span]:
    """Split a paragraph into sentence spans; a leading dateline is left out of the first.

    A paragraph without a full stop (a headline, a subheading) is one sentence.
    """
    start = 0
    dateline = _DATELINE.match(paragraph)
    if dateline and dateline.end() < len(paragraph):
        start = dateline.end()
    spans: list[Span] = []
    for begin, end in _SENTENCE_TOKENIZER.span_tokenize(paragraph[start:]):
        begin, end = begin + start, end + start
        # Trim whitespace that Punkt may leave at either edge.
        while begin < end and paragraph[begin].isspace():
            begin += 1
        while end > begin and paragraph[end - 1].isspace():
            end -= 1
        if end > begin:
            spans.append((begin, end))
    return _merge_fragments(paragraph, spans)


def _merge_fragments(paragraph: str, spans: list[Span]) -> list[Span]:
    """Join a span that cannot stand alone to the one before it.

    That is a span with no letter or digit (a lone quote), one that starts in lower case
    (Punkt splits '“Is it over?” she asked.' after the question mark; 'iPhone' still starts
    one), or one that starts with a closing bracket or a comma (Punkt cuts 'Rep. John Dingell
    (D-Mich.), chairman of ...' after 'Mich.': no sentence starts with '),').
    """
    merged: list[Span] = []
    for begin, end in spans:
        if merged:
            span = paragraph[begin:end]
            closing = len(span) - len(span.lstrip(_CLOSING))
            rest = span[closing:].lstrip()
            if closing and rest[:1].isupper():
                # "... (and for how long?)They were ...": the bracket ends the sentence before.
                merged[-1] = (merged[-1][0], begin + closing)
                begin = end - len(rest)
        text = paragraph[begin:end]
        starts_lower = text[:1].islower() and not text[1:2].isupper()
        continues = text[:1] in _CLOSING + ","
        if merged and (starts_lower or continues or not any(ch.isalnum() for ch in text)):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def raw_tokens(text: str) -> list[str]:
    """Lower-case word and number tokens: '2,000' -> '2000', "Baku's" -> 'baku', 'U.S.' -> 'usa'."""
    tokens: list[str] = []
    for token in _TOKEN.findall(fold(text).lower()):
        if _NUMBER.fullmatch(token):
            tokens.append(token.replace(",", ""))
            continue
        if "," in token:
            tokens.extend(part for part in token.split(",") if part)
            continue
        if "." in token:
            tokens.append(_DOTTED_ACRONYMS.get(token, token.replace(".", "")))
            continue
        if "'" in token:
            head, _, tail = token.partition("'")
            if tail in ("s", ""):
                token = head
            elif tail == "t" and head.endswith("n"):
                tokens.append(head[:-1])  # "didn't" -> "did" + "not"
                token = "not"
            else:
                token = head + tail
        tokens.append(token)
    return tokens


class Analyzer:
    """Turns text into search terms: tokens, minus stopwords, irregular forms, Snowball stems."""

    def __init__(self, language: str = "english") -> None:
        if language not in SnowballStemmer.languages:
            raise ValueError(
                f"unknown language {language!r}; choose one of {', '.join(SnowballStemmer.languages)}"
            )
        self.language = language
        self._stemmer = SnowballStemmer(language)
        self.stem = lru_cache(maxsize=200_000)(self._stem_uncached)

    def _stem_uncached(self, token: str) -> str:
        stem = self._stemmer.stem(IRREGULAR_FORMS.get(token, token))
        return SYNONYM_STEMS.get(stem, stem)

    def terms(self, text: str) -> list[str]:
        """Search terms of a text, in order (repeats kept: BM25 counts them)."""
        stem = self.stem
        return [
            stem(token) for token in raw_tokens(text)
            if token not in ENGLISH_STOPWORDS and (len(token) > 1 or token.isdigit())
        ]

    def query_terms(self, question: str) -> list[str]:
        """Search terms of a question: as terms(), and words that only frame a question go."""
        stem = self.stem
        return [
            stem(token) for token in raw_tokens(question)
            if token not in ENGLISH_STOPWORDS and token not in QUESTION_FRAMING
            and (len(token) > 1 or token.isdigit())
        ]
