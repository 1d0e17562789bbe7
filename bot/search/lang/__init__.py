"""Text analysis per language: which analyzer and which sentence splitter an article gets.

English keeps bot.search.text (its tuned analyzer and splitter); every other language gets
a LanguageAnalyzer (bot.search.lang.analyzer) and a splitter (bot.search.lang.sentences).
Codes are ISO 639-1 ("ru"); a regional tag ("pt-BR") is read as its language.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Protocol

from bot.common.language import DEFAULT_LANGUAGE, normalize_language

if TYPE_CHECKING:
    from collections.abc import Callable


class TextAnalyzer(Protocol):
    """What the index and retrieval need from an analyzer."""

    @property
    def language(self) -> str: ...

    @property
    def stem(self) -> Callable[[str], str]: ...

    def terms(self, text: str) -> list[str]: ...

    def query_terms(self, question: str) -> list[str]: ...


def language_of(code: str | None) -> str:
    """The analysis language for an article's or question's code ('en' when unknown)."""
    return normalize_language(code) or DEFAULT_LANGUAGE


@cache
def analyzer_for(code: str | None) -> TextAnalyzer:
    """The analyzer for a language (one shared instance per language)."""
    language = language_of(code)
    if language in ("en", "english"):
        from bot.search.text import Analyzer

        return Analyzer()
    from bot.search.lang.analyzer import LanguageAnalyzer

    return LanguageAnalyzer(language)


def analyzer_name(code: str | None) -> str:
    """How a language's text is analysed, as recorded in a saved index's metadata."""
    analyzer = analyzer_for(code)
    stemmer = getattr(analyzer, "stemmer_name", "nltk snowball english")
    return f"{type(analyzer).__name__}, stemmer {stemmer}"


def split_sentences_for(paragraph: str, code: str | None) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph written in the given language."""
    language = language_of(code)
    if language == "en":
        from bot.search.text import split_sentences

        return split_sentences(paragraph)
    from bot.search.lang.sentences import splitter

    return splitter(language)(paragraph)
