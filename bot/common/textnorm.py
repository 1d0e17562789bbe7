"""Text normalisation shared by ingestion and search: cheap, pure, and free of NLTK."""

from __future__ import annotations

import re
import unicodedata

# Typographic variants folded before comparing two sentences or tokenising.
_FOLD = str.maketrans({
    "’": "'", "‘": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
    "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
})
# A word or number, with inner dots, commas and apostrophes kept: "U.S", "2,000", "Baku's".
WORD_TOKEN = re.compile(r"[^\W_]+(?:[.,'][^\W_]+)*")
# Lone surrogates: how Python keeps bytes of argv, the environment or stdin that are not UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate made U+FFFD, so encoding it as UTF-8 cannot fail.

    For text typed by the user (a question, a --title): a byte that was not UTF-8 becomes the
    replacement character instead of a UnicodeEncodeError deep in the answer path.
    """
    return _SURROGATE.sub("\ufffd", text)


def fold(text: str) -> str:
    """Fold typographic variants (curly quotes, dashes, odd spaces) to plain ASCII forms."""
    return unicodedata.normalize("NFKC", text).translate(_FOLD)


def sentence_key(sentence: str) -> str:
    """A key equal for the same sentence typeset differently (quotes, dashes, case, spacing)."""
    folded = fold(sentence).casefold()
    return " ".join(WORD_TOKEN.findall(folded))
