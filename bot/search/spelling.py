"""Spelling correction of question words that are not words ("withdrawl" -> "withdrawal").

Only non-words are corrected: a word the index has, one of the 73,000 English words of
english_words.txt.gz (from wordfreq, see benchmarks/make_wordlist.py), or an inflection of one
("bookies", "glazers'", "withdrawing") is kept as typed, since turning a real word into another
makes a different question ("price of gold" is not "prime hold", "truce" is not "true", "Skye"
is not "saye"). A part of a hyphenated word ("how-manyth") is the user's own coinage and is
kept too. A non-word becomes a word one edit away (a letter deleted, inserted, changed, or two
swapped) whose search term the index holds: an English word before a name the articles use,
the first letter kept before changed (it is rarely the mistyped one), a letter the user typed
once doubled ("seatle" -> "seattle") before other edits, then the most frequent term
(shown as a listed word of that term, "spokesman" rather than "spokesmans").

A name typed without its possessive apostrophe ("bmws", "belgiums") is read with it ("bmw's"):
with_possessives, before any correction, and not shown as one.
Candidates are generated from the word, not looked up in a vocabulary, so the cost is the same
for ten sentences or a million: a few hundred stem and document-frequency look-ups.
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
from bot.search.text import fold, raw_tokens

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
# Longer ones are no slip of a word (the list's longest has 22 letters), and their edits
# cost: a 1,000-letter "word" made 54,000 candidates of 1,000 letters each to stem.
MAX_LENGTH = 30
_LETTERS = string.ascii_lowercase
_FUNCTION = ENGLISH_STOPWORDS | QUESTION_FRAMING
_COMPOUND = re.compile(r"\w+(?:[-‐‑]\w+)+")  # "how-manyth", "x-ray"


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


def is_word(word: str) -> bool:
    """True for an English word of the list or an inflection of one: a plural or third person
    (-s, -es, -ies), a past (-ed, -d, -ied, a doubled consonant) or -ing (a possessive's
    "'s" is gone with the token)."""
    words = english_words()
    if word in words:
        return True
    return any(base in words for base in _bases(word))


# Rarer forms (-er, -est, -ly) are left to the list: "finchly" is no adverb of "finch".
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("xes", "x"), ("zes", "z"),
             ("ches", "ch"), ("shes", "sh"), ("s", ""), ("ed", ""), ("ed", "e"), ("d", ""),
             ("ing", ""), ("ing", "e"))


def _bases(word: str) -> set[str]:
    """The words `word` could be an inflection of ("stopped" -> "stop", "bookies" -> "bookie",
    "booky"); unchecked guesses, looked up in the list by the caller."""
    bases = set()
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[:-len(suffix)]
            if suffix == "s" and stem.endswith("s"):
                continue  # "surpluss" is no plural: "surpluses" is
            bases.add(stem + ending)
            if ending == "" and len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] in "bdgmnprt":
                bases.add(stem[:-1])  # "stopped" -> "stop" (but "passing" is not "pas")
    return bases


def correct_word(word: str, stem: Callable[[str], str],
                 doc_freq: Callable[[str], int]) -> str | None:
    """The best known word one edit from an unknown `word`, or None (see the module's
    docstring for what "best" is)."""
    if not MIN_LENGTH <= len(word) <= MAX_LENGTH or not word.isalpha() or not word.isascii():
        return None
    if is_word(word) or doc_freq(stem(word)) > 0:
        return None  # a word is never corrected, only a non-word
    neighbours = edits1(word)
    little = sorted(w for w in neighbours & _FUNCTION if len(w) > 2 and w in english_words())
    if little:
        # "wiht", "thier": a mistyped little word, read as it (search ignores it) rather than
        # left as a word no article has, which would make the question look off-topic.
        return next((w for w in little if w[0] == word[0]), little[0])
    ranked: list[tuple[tuple[bool, bool, bool, int, int], str, str]] = []
    for candidate in sorted(neighbours):
        term = stem(candidate)
        freq = doc_freq(term)
        if freq <= 0:
            continue
        english = is_word(candidate)
        rank = (english, candidate[0] == word[0], _doubled(word, candidate), freq,
                len(candidate))  # then longer: users leave letters out more than they add
        ranked.append((rank, term, candidate))
    if not ranked:
        return None
    rank, term, best = max(ranked, key=lambda r: r[0])
    if best in english_words():
        return best
    # An inflection guessed by is_word ("spokesmans" for "spokesmann") searches the same term
    # as a listed word ranked alike ("spokesman"), which is what the reply should show.
    return next((c for r, t, c in ranked if t == term and r[:4] == rank[:4]
                 and c in english_words()), best)


def possessive(word: str, stem: Callable[[str], str], doc_freq: Callable[[str], int],
               written: Callable[[str], bool] | None = None) -> str | None:
    """A name typed without its possessive apostrophe, with it: "bmws" -> "bmw's",
    "belgiums" -> "belgium's", "cmes" -> "cme's"; None for any other word.

    Chat leaves the apostrophe out, and "bmws" is then a term no article has (or a word no
    question has), which makes the question look off-topic. It is read so when the word
    without its "s" is a term the articles use, and the word itself is no term of theirs, or
    is neither in the English word list (a plural such as "sales" or "years" is) nor written
    so in the articles (`written`: "Tods Murray" is a firm's name, not Tod's)."""
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or not word.isalpha():
        return None
    base = word[:-1]
    if doc_freq(stem(base)) <= 0:
        return None
    if doc_freq(stem(word)) <= 0:
        return f"{base}'s"
    words = english_words()
    if base in words and word not in words and written is not None and not written(word):
        return f"{base}'s"
    return None


def _doubled(word: str, candidate: str) -> bool:
    """True if `candidate` is `word` with one of its letters doubled ("apeal" -> "appeal")."""
    if len(candidate) != len(word) + 1:
        return False
    return any(candidate[:i] + candidate[i + 1:] == word and candidate[i] == candidate[i - 1]
               for i in range(1, len(candidate)))


def with_possessives(question: str, stem: Callable[[str], str], doc_freq: Callable[[str], int],
                     written: Callable[[str], bool] | None = None) -> str:
    """The question with names typed without their possessive apostrophe written with it
    (see possessive): the question as meant, not a correction of it (the answer reads it
    exactly as the question typed with the apostrophe)."""
    for word in dict.fromkeys(raw_tokens(question)):
        if word in ENGLISH_STOPWORDS or word in QUESTION_FRAMING:
            continue
        meant = possessive(word, stem, doc_freq, written)
        if meant is not None:
            question = re.sub(rf"(?<![\w'’]){re.escape(word)}(?![\w'’])", meant, question,
                              flags=re.IGNORECASE)
    return question


def corrections(question: str, stem: Callable[[str], str],
                doc_freq: Callable[[str], int]) -> list[Correction]:
    """The corrections to make in a question, in order, each word once."""
    found: dict[str, Correction] = {}
    hyphenated = {part for compound in _COMPOUND.findall(fold(question).lower())
                  for part in re.split(r"[-‐‑]", compound)}
    seen: set[str] = set()  # a word typed twice is looked at once, corrected or not
    for word in raw_tokens(question):
        if word in seen or word in ENGLISH_STOPWORDS or word in QUESTION_FRAMING \
                or word in hyphenated:
            continue
        seen.add(word)
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
