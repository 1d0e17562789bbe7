"""Words of a text per language: letters with their combining marks, and segmenters where
words are not spaced (jieba for Chinese, PyThaiNLP for Thai, character pairs for Japanese).

Every token is lower case and NFKC-folded; numbers lose their digit grouping ("2.000",
"2,000" -> "2000"), so they meet the same number written another way.
"""

from __future__ import annotations

import logging
import threading
import unicodedata
from collections.abc import Callable, Iterator
from functools import cache, lru_cache

import regex

from bot.common.textnorm import fold

Tokenizer = Callable[[str], list[str]]

# A run of letters, marks (Devanagari vowel signs, Arabic harakat) and digits, with inner
# apostrophes and dots/commas between digits kept ("l'homme" is split by the stemmer's
# language rules instead: here it stays one token only when the language joins it).
_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*(?:[.,]\p{N}+)*", regex.V1)
_GROUPED = regex.compile(r"\p{N}{1,3}(?:([.,])\p{N}{3})(?:\1\p{N}{3})*")
_HAN = regex.compile(r"[\p{Han}]+")
_THAI = regex.compile(r"[\p{Thai}]+")
_KANA_HAN = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}ー]+")
_JIEBA_LOCK = threading.Lock()


# Digits of every script as ASCII ("१९९१", "๒๕๓๔", "١٩٩١" -> "1991"): news sites of one language
# write numbers both ways, and questions are mostly typed with ASCII digits. NFKC already folds
# the full-width ones.
_DIGITS = {cp: str(unicodedata.decimal(chr(cp))) for cp in range(0x80, 0x10000)
           if chr(cp).isdecimal()}


def _folded(text: str) -> str:
    """The text as tokens are read from: NFKC, typographic variants folded, ASCII digits,
    lower case."""
    return fold(text).translate(_DIGITS).lower()


def _number(token: str) -> str:
    if _GROUPED.fullmatch(token):
        return token.replace(",", "").replace(".", "")
    return token.replace(",", ".")


def spaced_words(text: str) -> list[str]:
    """Tokens of a language written with spaces between words."""
    out = []
    for token in _WORD.findall(_folded(text)):
        if token[:1].isdigit():
            out.append(_number(token))
        elif "'" in token or "’" in token:
            head, _, tail = token.replace("’", "'").partition("'")
            # An elided article or preposition ("l'homme", "d'Italia"): the word is the tail.
            out.append(tail if len(head) <= 2 and tail else head + tail)
        else:
            out.append(token)
    return out


@lru_cache(maxsize=1)
def _jieba():  # noqa: ANN202 - jieba has no types
    import jieba

    jieba.setLogLevel(logging.WARNING)
    with _JIEBA_LOCK:
        jieba.initialize()
    return jieba


def _segmented(text: str, script: regex.Pattern[str],
               segment: Callable[[str], Iterator[str] | list[str]]) -> list[str]:
    """Runs of one script cut by `segment`; everything between them as spaced words."""
    out: list[str] = []
    at = 0
    folded = _folded(text)
    for match in script.finditer(folded):
        out.extend(spaced_words(folded[at:match.start()]))
        out.extend(w for w in segment(match.group()) if w.strip())
        at = match.end()
    out.extend(spaced_words(folded[at:]))
    return out


def chinese_words(text: str) -> list[str]:
    """Chinese text cut by jieba's search mode (long words and their parts), and the run's
    overlapping character pairs, which meet a word jieba cut otherwise in the question (on
    XQuAD's even half P@1 0.708 with pairs, 0.691 without, 0.699 with jieba's plain mode)."""
    jieba = _jieba()
    return _segmented(text, _HAN, lambda run: [*jieba.cut_for_search(run), *_pairs(run)])


def thai_words(text: str) -> list[str]:
    """Thai text cut by PyThaiNLP's dictionary segmenter (newmm, its dictionary in the wheel;
    its "longest" engine: P@1 0.647 on XQuAD's even half, "mm" 0.621, newmm 0.658)."""
    from pythainlp.tokenize import word_tokenize

    return _segmented(text, _THAI, lambda run: word_tokenize(sara_am(run), engine="newmm",
                                                             keep_whitespace=False))


def sara_am(run: str) -> str:
    """Thai with SARA AM whole again: NFKC (fold) splits "ำ" into NIKHAHIT and SARA AA, which
    the segmenter's dictionary does not spell that way ("ทำ" became "ท", "ํา")."""
    return run.replace("\u0e4d\u0e32", "\u0e33")


def _pairs(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i:i + 2] for i in range(len(run) - 1)]


def japanese_words(text: str) -> list[str]:
    """Japanese as overlapping character pairs (no segmenter's dictionary ships with newsbot)."""
    return _segmented(text, _KANA_HAN, _pairs)


def greek_words(text: str) -> list[str]:
    """Greek words without their accents and with one sigma: "Αθήνα", "ΑΘΗΝΑ" and "αθηνα" are
    one word (capitals drop the tonos, people type without it), and a word's final "ς" is the
    "σ" it becomes before a suffix. Snowball's Greek stemmer reads both forms the same."""
    return [greek_form(token) for token in spaced_words(text)]


def unaccented(word: str) -> str:
    """A word without its combining marks (tonos, dialytika)."""
    return unicodedata.normalize("NFC", "".join(
        ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch)))


def greek_form(text: str) -> str:
    """Lower-case Greek as its words are compared (tokens, stopwords, question rules): without
    accents, a final "ς" as "σ"."""
    return unaccented(text).replace("ς", "σ")


@cache
def _greek_lexicon() -> dict[str, str]:
    """simplemma's Greek forms -> lemmas (its dictionary ships in its wheel), both as Greek
    words are read here: without accents, with one sigma. The first entry wins where two
    accented forms meet (240,447 forms; about 1 s, 67 MB at the peak and 43 MB kept, built on
    the first Greek word stemmed)."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    table: dict[str, str] = {}
    lemmas: dict[str, str] = {}  # one string object per lemma, shared by its forms
    # A factory that caches nothing: simplemma's accented dictionary (24 MB) is freed as soon as
    # the table is built. A caching factory holds it in a reference cycle (its lru_cache holds
    # its own bound method), so it stayed until the garbage collector's next full pass.
    factory = DefaultDictionaryFactory(cache_max_size=0)
    for form, lemma in factory.get_dictionary("el").items():
        plain = greek_form(lemma.lower())
        table.setdefault(greek_form(form.lower()), lemmas.setdefault(plain, plain))
    return table


def greek_lemma(word: str) -> str | None:
    """A Greek word's dictionary form, as words are read here ("γειτονιασ" -> "γειτονια"), or
    None for a word the lexicon does not know. Snowball's Greek stemmer reads endings without
    knowing the word and gives one word's forms different stems ("γειτονιά" -> "γειτον",
    "γειτονιάς" -> "γειτονι"; "φρούριο" -> "φρουρι", "φρουρίου" -> "φρουρ")."""
    return _greek_lexicon().get(word)


# Turkish "I" lower-cases to dotless "ı" and "İ" to "i" (Python's lower() makes "İ" an "i" and
# a combining dot); a suffix after an apostrophe belongs to a name ("Türkiye'nin": of Turkey).
TURKISH_CASE = str.maketrans({"I": "ı", "İ": "i"})
_TURKISH_SUFFIX = regex.compile(r"(?<=\p{L})['’]\p{L}+")


def turkish_words(text: str) -> list[str]:
    """Turkish words, lower-cased the Turkish way, names without their suffixes."""
    return spaced_words(_TURKISH_SUFFIX.sub("", text.translate(TURKISH_CASE)))


# Vietnamese places the tone mark of an open "oa", "oe", "uy" on either vowel ("hoà" and "hòa",
# "thuỷ" and "thủy" are one word in two styles): written here on the first vowel, the style
# most text uses. Not after "q" ("quý": the u belongs to the consonant) nor before a final
# consonant ("hoàn", where both styles agree).
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_FIRST = {"o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_STYLE = regex.compile(r"(?<!q)([ou])([àáảãạèéẻẽẹỳýỷỹỵ])(?!\p{L})")


def _first_vowel_tone(match: regex.Match[str]) -> str:
    first, toned = match.group(1), match.group(2)
    for base, marks in _TONED.items():
        if toned in marks:
            if (first == "o") != (base in "ae"):
                return match.group()  # "uà", "oỳ": no such pair of styles
            return _FIRST[first][marks.index(toned)] + base
    return match.group()


def vietnamese_words(text: str) -> list[str]:
    """Vietnamese syllables (each a token, as written), composed (NFKC) and with the tone mark
    of "oa", "oe", "uy" placed one way."""
    return [_OLD_STYLE.sub(_first_vowel_tone, token) for token in spaced_words(text)]


def tokenizer(language: str) -> Tokenizer:
    """The word tokenizer for an ISO 639-1 code."""
    return {"zh": chinese_words, "th": thai_words, "ja": japanese_words, "el": greek_words,
            "tr": turkish_words, "vi": vietnamese_words}.get(language, spaced_words)
