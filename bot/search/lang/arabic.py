"""Arabic stems unified for search: a derived verb and its verbal noun are one term, and a
two-letter noun is one term with its article.

Snowball's Arabic stemmer strips prefixes and suffixes but keeps a word's pattern, so the verbs
of the derived forms VII, VIII and X and their verbal nouns stay apart: "استخدم" (he used) /
"استخدام" (the use), "اعترض" / "اعتراض", "انتشر" / "انتشار", "اتصل" / "اتصال". A question and
its answer, translated apart, often take one each ("ما الذي تستعمله..." / "...باستعمال...").
A stem that opens with alif and has an alif before its last letter (the verbal noun's) loses
that alif; a doubled last letter left by it is written once, as the verb writes it
("استقلال" -> "استقل", "احتلال" -> "احتل"). Stems of four letters or fewer are left alone
("امام", in front of, is no verbal noun). XQuAD Arabic, P@1 even / odd: 0.701 / 0.760 ->
0.704 / 0.765. The verbal noun of form II, "تفعيل", where Snowball leaves it whole, becomes its
three root letters, as the verb is stemmed ("تطوير" -> "طور", "تحديد" -> "حدد"): 0.709 / 0.765
-> 0.711 / 0.772.

Snowball leaves the article on a word of four letters ("الطب", medicine, stays "الطب"; "طب" is
"طب"), so that the stem keeps two letters, and simplemma's lemma, tried first, reads some of
them as other words ("البث", the broadcast, as "لبث", he stayed): a two-letter noun behind the
article (and a clitic: "بالطب", "للطب") is stemmed without it ("الله" excepted). XQuAD Arabic,
P@1 even / odd: 0.706 / 0.765 -> 0.709 / 0.765.

A number behind a clitic ("و2005", and 2005; "ب2015") is the number's term: XQuAD Arabic writes
about 25 numbers so in its paragraphs and 6 in its questions; its figures did not move.
"""

from __future__ import annotations

import regex

_VERBAL_NOUN = regex.compile(r"^(ا\p{L}{2,})ا(\p{L})$")
# The verbal noun of form II, "تفعيل" ("تطوير", "تحديد"), where Snowball leaves it whole.
_FORM_TWO = regex.compile(r"^ت(\p{L}{2})ي(\p{L})$")
_SHORT_NOUN = regex.compile(r"^(?:[وفبك]?ال|لل)(\p{L}{2})$")
_GOD = "الله"
# A number behind a clitic ("و9", and 9; "و2005", "ب2015"): Arabic joins "and", "by", "for" to
# the word after, a number too; the number is the term.
_CLITIC_NUMBER = regex.compile(r"^[وفبل](\d[\d.]*)$")


def without_article(word: str) -> str:
    """A two-letter noun without its article and clitic ("الطب" -> "طب"); "الله" without its
    clitic only ("بالله" -> "الله": "له" is no noun); other words as they are."""
    number = _CLITIC_NUMBER.match(word)
    if number is not None:
        return number.group(1)
    found = _SHORT_NOUN.match(word)
    if found is None:
        return word
    return _GOD if found.group(1) == _GOD[2:] else found.group(1)


def normalise(stem: str) -> str:
    """One stem for a derived verb and its verbal noun (see the module's docstring)."""
    found = _FORM_TWO.match(stem)
    if found is not None:  # "تطوير" (developing) -> "طور", as the verb "طوّر" is stemmed
        return found.group(1) + found.group(2)
    found = _VERBAL_NOUN.match(stem)
    if found is None:
        return stem
    verb = found.group(1) + found.group(2)
    if len(verb) >= 5 and verb[-1] == verb[-2]:
        verb = verb[:-1]
    return verb
