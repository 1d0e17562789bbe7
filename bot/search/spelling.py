"""Spelling correction of question words that are not words ("withdrawl" -> "withdrawal").

Only non-words are corrected: a word the index has, or one of the 28,000 English words of
english_words.txt.gz (from wordfreq, see benchmarks/make_wordlist.py), is kept as typed, since
turning a real word into another makes a different question ("price of gold" is not "prime
hold", "truce" is not "true", "Skye" is not "saye"). A non-word becomes the word one edit away
(a letter deleted, inserted, changed, or two swapped) whose search term the index holds; the
most frequent such term wins. Candidates are generated from the word, not looked up in a
vocabulary, so the cost is the same for ten sentences or a million: a few hundred stem and
document-frequency look-ups.
"""

from __future__ import annotations

import gzip
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from bot.search.stopwords import ENGLISH_STOPWORDS, QUESTION_FRAMING
from bot.search.text import raw_tokens

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
_LETTERS = string.ascii_lowercase
_FUNCTION = ENGLISH_STOPWORDS | QUESTION_FRAMING


@dataclass(frozen=True)
class Correction:
    """One question word replaced by a word the articles use."""

    word: str
    replacement: str


@cache
def english_words() -> frozenset[str]:
    """The English words never corrected (lower case), read once from the package."""
    raw = resources.files("bot.search").joinpath("english_words.txt.gz").read_bytes()
    lines = gzip.decompress(raw).decode("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    swaps = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS if c != b[0]]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + swaps + replaces + inserts) - {word}


def correct_word(word: str, stem: Callable[[str], str],
                 doc_freq: Callable[[str], int]) -> str | None:
    """The most frequent known word one edit from an unknown `word`, or None."""
    if len(word) < MIN_LENGTH or not word.isalpha() or not word.isascii():
        return None
    if word in english_words() or doc_freq(stem(word)) > 0:
        return None  # a word is never corrected, only a non-word
    best: tuple[int, int, str] | None = None
    neighbours = edits1(word)
    if neighbours & _FUNCTION:
        return None  # "whic", "thier": a mistyped little word, which search ignores anyway
    for candidate in sorted(neighbours):
        freq = doc_freq(stem(candidate))
        # Ties go to the longer word: users leave letters out more often than they add them.
        if freq > 0 and (best is None or (freq, len(candidate)) > best[:2]):
            best = (freq, len(candidate), candidate)
    return best[2] if best else None


def corrections(question: str, stem: Callable[[str], str],
                doc_freq: Callable[[str], int]) -> list[Correction]:
    """The corrections to make in a question, in order, each word once."""
    found: dict[str, Correction] = {}
    for word in raw_tokens(question):
        if word in found or word in ENGLISH_STOPWORDS or word in QUESTION_FRAMING:
            continue
        replacement = correct_word(word, stem, doc_freq)
        if replacement is not None:
            found[word] = Correction(word, replacement)
    return list(found.values())


def apply(question: str, fixes: list[Correction]) -> str:
    """The question with corrected words, for analysis (the user's text is kept elsewhere)."""
    for fix in fixes:
        question = re.sub(rf"(?<!\w){re.escape(fix.word)}(?!\w)", fix.replacement, question,
                          flags=re.IGNORECASE)
    return question
