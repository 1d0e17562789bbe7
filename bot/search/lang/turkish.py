"""Turkish stems: a noun's third-person possessive "-sI" at the end of a word goes, as it goes
before a case ending.

Snowball's Turkish stemmer reads a word-final "-sI" as the accusative "-I" and keeps the "s":
"üniversitesi" (its university) -> "üniversites", "oyuncusu" -> "oyuncus", "savunması" ->
"savunmas", while "üniversitesinde" (at its university) -> "üniversite", "oyuncusundan" ->
"oyuncu". The "-sI" form is Turkish's commonest compound ("Varşova Üniversitesi", "Super Bowl
oyuncusu"), so a question and its answer often hold the noun in the two forms. After a vowel,
"-sI" is the possessive (a root ending in a consonant takes a bare "-I": "ders-i", "kurs-u"),
so a stem that is the word less its last letter, ending in vowel + "s", loses the "s" too.
XQuAD Turkish (read to find analysis bugs, not tuned on: Turkish is one of the unseen
languages): of the 886 words so stemmed, 188 shared their stem with another word form before,
674 after. A root ending in vowel + "s" ("nüfus-u", population) loses its "s" too: rarer.
"""

from __future__ import annotations

_VOWELS = frozenset("aeıioöuüâîû")
_POSSESSIVE_VOWELS = frozenset("ıiuü")
_MIN_LETTERS = 5  # "ikisi" (the two of them) -> "iki"; "desi" is no possessive


def without_possessive(word: str, stem: str) -> str:
    """The stem less a possessive "s" Snowball left ("oyuncusu": "oyuncus" -> "oyuncu")."""
    if (len(word) >= _MIN_LETTERS and word[-1] in _POSSESSIVE_VOWELS and word[-2] == "s"
            and word[-3] in _VOWELS and stem == word[:-1]):
        return word[:-2]
    return stem
