"""Words read through a lexicon before a stemmer: simplemma's lemma (its dictionaries ship in its
wheel) where the lexicon knows the word, Snowball's stem where it does not.

Snowball's Turkish and Greek stemmers read endings without knowing the word, and often cut
into its root, so one word's forms get different stems: Turkish "sistem" -> "siste" but
"sistemini" -> "sistem", "cümle" (sentence) -> "c" ("-üm-le" read as endings), "kasaba" ->
"kasap" but "kasabası" -> "kasaba", "oyunu" -> "oy" but "oyununda" -> "oyun"; Greek
"γειτονιά" -> "γειτον" but "γειτονιάς" -> "γειτονι", "φρούριο" -> "φρουρι" but "φρουρίου" ->
"φρουρ". A question and its answer written apart often hold two such forms (XQuAD's even
halves: of the misses whose gold sentence has a question word in another form, most were
these). The lexicon maps each form to its dictionary word.

Greek words are compared without accents (bot.search.lang.words.greek_form), and simplemma's
Greek lexicon is accented, so its entries are read once into a table without accents (the first
entry wins where two accented forms meet: 240,447 forms; 1.4 s and about 90 MB, built on the
first Greek word stemmed). Turkish words are looked up in simplemma as they are (1.2 s to load
its Turkish lexicon on the first Turkish word).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from bot.search.lang.words import greek_form

# Languages whose words take the lexicon's lemma where it knows them (XQuAD's even halves, P@1:
# Turkish 0.686 -> 0.725, Greek 0.686 -> 0.703; lemmas first and Snowball on them: Turkish
# 0.722, Greek 0.703). Tried on the even halves and not taken (under 3 questions' gain, or a
# loss): Arabic 0.711 -> 0.701 (it keeps lemmas before Snowball), German 0.701 -> 0.691,
# Spanish 0.714 -> 0.711, Russian 0.739 -> 0.717, Romanian 0.748 -> 0.745, Hindi 0.708 -> 0.711.
LEXICON_FIRST = frozenset({"el"})


@cache
def _greek_table() -> dict[str, str]:
    """simplemma's Greek forms -> lemmas, both without accents and with one sigma."""
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    table: dict[str, str] = {}
    lemmas: dict[str, str] = {}  # one string object per lemma: about 250,000 forms share them
    for form, lemma in DefaultDictionaryFactory().get_dictionary("el").items():
        plain = greek_form(lemma.lower())
        table.setdefault(greek_form(form.lower()), lemmas.setdefault(plain, plain))
    return table


def _greek(word: str) -> str | None:
    return _greek_table().get(word)


def _turkish(word: str) -> str | None:
    from simplemma import is_known, lemmatize

    lemma = lemmatize(word, lang="tr").lower()
    return lemma if lemma != word or is_known(word, lang="tr") else None


def lexicon(language: str) -> Callable[[str], str | None] | None:
    """The language's word -> lemma lookup (None where the lexicon does not know the word), or
    None for a language whose words are stemmed only."""
    if language not in LEXICON_FIRST:
        return None
    return {"el": _greek, "tr": _turkish}[language]
