"""Search terms of a text in a language other than English: words, stopwords, Snowball stems.

Terms carry their language as a suffix ("дом|ru", "casa|es"), so one index can hold articles
in several languages and a question only ever meets terms of its own language (Spanish and
English share many spellings). English terms have no suffix: an English index is unchanged.
"""

from __future__ import annotations

from functools import lru_cache

from bot.search.lang.stopwords import stopwords
from bot.search.lang.words import tokenizer

TAG = "|"

# ISO 639-1 -> the Snowball algorithm of the `snowballstemmer` package (pure Python).
SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "eo": "esperanto", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hi": "hindi", "hu": "hungarian",
    "id": "indonesian", "ga": "irish", "it": "italian", "lt": "lithuanian", "ne": "nepali",
    "no": "norwegian", "fa": "persian", "pl": "polish", "pt": "portuguese", "ro": "romanian",
    "ru": "russian", "sr": "serbian", "es": "spanish", "sv": "swedish", "ta": "tamil",
    "tr": "turkish", "yi": "yiddish",
}


class LanguageAnalyzer:
    """The Analyzer interface (terms, query_terms, stem, language) for one non-English language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._tokens = tokenizer(language)
        self._stopwords = stopwords(language)
        self._suffix = TAG + language
        algorithm = SNOWBALL.get(language)
        if algorithm is not None:
            import snowballstemmer

            self._stemmer = snowballstemmer.stemmer(algorithm)
        else:
            self._stemmer = None
        self.stem = lru_cache(maxsize=200_000)(self._stem_uncached)

    @property
    def stemmer_name(self) -> str:
        """The Snowball algorithm used, or 'none'."""
        return SNOWBALL.get(self.language, "none")

    def _stem_uncached(self, token: str) -> str:
        stem = self._stemmer.stemWord(token) if self._stemmer is not None else token
        return (stem or token) + self._suffix

    def _keep(self, token: str) -> bool:
        return token not in self._stopwords and (len(token) > 1 or token.isdigit()
                                                 or not token.isascii())

    def terms(self, text: str) -> list[str]:
        """Search terms of a text, in order (repeats kept: BM25 counts them)."""
        stem = self.stem
        return [stem(token) for token in self._tokens(text) if self._keep(token)]

    def query_terms(self, question: str) -> list[str]:
        """Search terms of a question (its question words are stopwords already)."""
        return self.terms(question)

    def raw_tokens(self, text: str) -> list[str]:
        """The text's words, lower case, stopwords kept."""
        return self._tokens(text)
