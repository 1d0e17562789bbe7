"""Where in a sentence the kind of phrase a question asks for stands: dates, numbers, names.

Used twice: to prefer sentences that hold such a phrase (bot.search.retrieve) and to bold it in the
rendered quote (bot.search.render). A phrase the question already contains is not an answer to it
("when did the 2020 war end?" is not answered by "2020").
"""

from __future__ import annotations

import re

from bot.search.lang import kinds
from bot.search.qtypes import Expect, Unit
from bot.search.stopwords import ENGLISH_STOPWORDS
from bot.search.text import fold, raw_tokens

Span = tuple[int, int]

_MONTHS = (r"January|February|March|April|May|June|July|August|September|October|November|"
           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_WEEKDAYS = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUMBER_WORDS = (r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                 r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
                 r"fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|"
                 r"million|millions|billion|billions|trillion|dozen|dozens|half|twice|"
                 r"single|double|triple")
# A numeral with an ordinal or a unit written onto it: "15th", "1990s", "$412bn", "50m",
# "300p", "22kg".
_NUMERAL = (r"\d+(?:[.,:]\d+)*(?:st|nd|rd|th|s|bn|mn|m|k|tn|trn|p|kg|km|g|mph|cm|mm|ft|lbs?|"
            r"mw|gw|gb|mb|ghz|mhz)?")

# Date and time expressions, longest forms first so a whole date is one span.
_DATE = re.compile(
    rf"""\b(?:
        (?:(?:last|this|next)\s+)?(?:(?:early|mid|late)[- ])?(?:{_MONTHS})\.?
            (?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+\d{{3,4}})?
      | \d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\.?(?:,?\s+\d{{3,4}})?
      | (?:last|this|next|on|since)?\s*(?:{_WEEKDAYS})
      | (?:the\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)|{_NUMBER_WORDS}|first|second|third|fourth|fifth|
           sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|
           sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty-first)[- ]century
      | (?:1\d|20)\d{{2}}s?(?:\s*(?:BC|BCE|AD|CE))?
      | \d{{2,4}}\s*(?:BC|BCE|AD|CE)
      | \d{{1,2}}(?::\d{{2}})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)
      | (?:yesterday|today|tonight|tomorrow)
      | (?:last|this|next|past)\s+(?:week|month|year|decade|century|weekend|spring|summer|
           autumn|fall|winter)
      | (?:\d+|{_NUMBER_WORDS}|a|several|many)\s+(?:years?|months?|weeks?|days?|decades?|
           centuries|hours?)\s+(?:ago|later|earlier|before|after)
      | (?:spring|summer|autumn|winter)\s+of\s+\d{{4}}
    )\b""",
    re.VERBOSE | re.IGNORECASE,
)
_NUMBER = re.compile(
    rf"""(?:[$£€¥]\s?)?\b(?:{_NUMERAL}|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))*)
         (?:\s*%|(?:\s*(?:percent|per\s+cent|million|billion|trillion|thousand|hundred))?\b)""",
    re.VERBOSE | re.IGNORECASE,
)
# A run of capitalised words (with "of", "the", "de" ... inside), e.g. "University of Chicago".
_NAME = re.compile(
    r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|the|de|van|von|da|del|la|le|du|al|bin|ibn)\s+)*"
    r"[A-Z][\w'’.-]*)*"
)
# What stands before a place name: a preposition, or another name and a comma ("Paris, Texas");
# between the preposition and the name, a determiner and a word that places it ("in her native
# Dartford", "in northwestern Ontario", "in the Gulf").
_PLACE_CUE = re.compile(
    r"(?:\b(?i:in|at|from|near|to|into|across|outside|inside|of)\s+"
    r"(?:(?i:the|his|her|their|its|our)\s+)?"
    r"(?:(?i:native|home|neighbouring|neighboring|nearby|northern|southern|eastern|western|"
    r"central|north|south|east|west|north-?eastern|north-?western|south-?eastern|"
    r"south-?western|coastal|rural|remote)\s+)?"
    r"|\b[A-Z][\w'’.-]*,\s+)$"
)
# A place in a ranking: "ended up in 15th place", "came second place".
_RANKING_PLACE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|"
    r"tenth|last|bottom|top)\s+(?:place|position|spot)\b", re.IGNORECASE)
# Amounts without a digit or a number word: "a quarter point", "some months".
_VAGUE_NUMBER = re.compile(
    r"\b(?:(?:a\s+)?(?:quarter|half)(?:\s+of)?\s+(?:a\s+)?(?:percentage\s+)?point"
    r"|(?:a\s+few|several|some|many|a\s+couple\s+of)\s+(?:years|months|weeks|days|hours|"
    r"minutes|decades))\b", re.IGNORECASE)
_LEADING_WORD = re.compile(r"^(?:on|since|in|the|last|this|next)\s+(?=\S)", re.IGNORECASE)
_CALENDAR = re.compile(rf"^(?:{_MONTHS}|{_WEEKDAYS})$", re.IGNORECASE)
_NOT_NAMES = {
    "i", "a", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "his",
    "her", "its", "their", "our", "in", "on", "at", "after", "before", "but", "and", "as",
    "when", "while", "during", "although", "however", "for", "if", "since", "by", "with",
    "from", "there", "some", "many", "most", "one", "both", "each", "an", "also", "yes", "no",
}


def novel(text: str, span: Span, known: set[str] | frozenset[str]) -> bool:
    """True if the span holds a word that is not a question word (nor a stopword)."""
    tokens = raw_tokens(text[span[0]:span[1]])
    if tokens and all(len(t) == 1 and not t.isascii() for t in tokens):
        # Devanagari and other scripts with vowel signs come apart into single letters here
        # ("चार" -> "च", "र"), which any question holds: a number word asked for is rarely
        # the question's own, so such a span counts as new.
        return True
    words = [w for w in tokens if w not in ENGLISH_STOPWORDS]
    return any(w not in known for w in words)


def _strip(text: str, span: Span) -> Span:
    """The span without surrounding spaces and punctuation."""
    begin, end = span
    while begin < end and not text[begin].isalnum() and text[begin] not in "$£€¥":
        begin += 1
    while end > begin and not (text[end - 1].isalnum() or text[end - 1] in "%."):
        end -= 1
    if end > begin and text[end - 1] == "." and not re.search(r"[ap]\.m\.$", text[begin:end]):
        end -= 1
    return begin, end


def _names(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in _NAME.finditer(text):
        begin, end = _strip(text, match.span())
        words = text[begin:end].split()
        # A capital at the start of a sentence says nothing: drop a leading common word.
        while words and words[0].lower().strip("'’.") in _NOT_NAMES:
            begin += len(words[0]) + 1
            words = words[1:]
        if not words or (len(words) == 1 and (len(words[0]) < 2 or _CALENDAR.match(words[0]))):
            continue
        # A single capitalised word opening the sentence is most often just a capital.
        if len(words) == 1 and not text[:begin].strip(" \"“‘'(") and words[0].lower().endswith(
                ("ed", "ing", "ly")):
            continue
        spans.append((begin, begin + len(" ".join(words))))
    return spans


def answer_spans(text: str, expect: Expect, question: str, unit: Unit | None = None) -> list[Span]:
    """The spans of `text` that are phrases of the expected kind and new to the question; for
    a number of a stated unit (an age, a duration ...), those of that unit when there are
    any."""
    known = set(raw_tokens(question))
    found = [s for s in typed_spans(text, expect) if novel(text, s, known)]
    if unit is not None and expect is Expect.NUMBER and found:
        return unit_spans(text, unit, found) or found
    return found


# What stands around a number of each unit: before it (up to its start) and after it (from its
# end). "aged 37", "74-year-old", "Stallone, 71,"; "25 minutes", "a five-year suspension";
# "$22m", "6.10 billion dlrs"; "73%", "20 pct", "three out of four".
_DURATION_WORDS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?|centuries)"
_UNIT_BEFORE: dict[Unit, re.Pattern[str]] = {
    Unit.AGE: re.compile(r"\b(?:aged|ages?\s+of|age)\s+$", re.IGNORECASE),
    Unit.DURATION: re.compile(r"(?!)"),
    Unit.MONEY: re.compile(r"[$£€¥]\s?$"),
    Unit.SHARE: re.compile(r"(?!)"),
}
_UNIT_AFTER: dict[Unit, re.Pattern[str]] = {
    Unit.AGE: re.compile(r"^(?:-years?-olds?\b|\s+years?\s+old\b)", re.IGNORECASE),
    Unit.DURATION: re.compile(rf"^[- ]?{_DURATION_WORDS}\b(?!\s+(?:old|ago))(?!-old)",
                              re.IGNORECASE),
    Unit.MONEY: re.compile(r"^\s*(?:[A-Z][a-z]+\s+)?(?:dlrs|dollars?|pounds?|sterling|stg|euros?|"
                           r"yen|pence|cents?|marks|francs|rupees|roubles|rubles|yuan|crowns|"
                           r"pesos|lire)\b"),
    Unit.SHARE: re.compile(r"^\s*(?:%|pct\b|percent\b|per\s+cent\b|out\s+of\b|in\s+(?:every\s+)?"
                           r"(?:two|three|four|five|ten|\d+)\b)", re.IGNORECASE),
}
# An age in apposition: "Jackie Stallone, 71, said ..."
_AGE_APPOSITION = (re.compile(r"[A-Z][\w'’.-]+,\s+$"), re.compile(r"^\s*,"))
_SHARE_WORDS = re.compile(r"\b(?:half|a\s+third|two\s+thirds|a\s+quarter|three\s+quarters|"
                          r"majority|minority)\b", re.IGNORECASE)


def unit_spans(text: str, unit: Unit, spans: list[Span] | None = None) -> list[Span]:
    """The number spans of `text` (or the given ones) that are of `unit`: an age, a duration,
    an amount of money, a share."""
    folded = fold(text)
    if len(folded) != len(text):
        folded = text
    if spans is None:
        spans = typed_spans(text, Expect.NUMBER)
    before, after = _UNIT_BEFORE[unit], _UNIT_AFTER[unit]
    found = []
    for begin, end in spans:
        piece = folded[begin:end]
        if unit is Unit.MONEY and piece[:1] in "$£€¥" or unit is Unit.SHARE and (
                piece.endswith("%") or re.search(r"(?:percent|per\s+cent)$", piece, re.I)) \
                or unit is Unit.DURATION and re.search(rf"\s{_DURATION_WORDS}$", piece, re.I):
            found.append((begin, end))
        elif before.search(folded[max(0, begin - 40):begin]) \
                or after.search(folded[end:end + 40]) or unit is Unit.AGE and all(
                    p.search(part) for p, part in zip(_AGE_APPOSITION, (
                        folded[max(0, begin - 40):begin], folded[end:end + 5]))):
            found.append((begin, end))
    if unit is Unit.SHARE:
        found += [m.span() for m in _SHARE_WORDS.finditer(folded)]
    return _merge(found)


def typed_spans(text: str, expect: Expect, language: str = "en") -> list[Span]:
    """The spans of `text` that are phrases of the expected kind (dates, numbers ...); in a
    sentence of another language (ISO 639-1), its own dates and numbers too
    (bot.search.lang.kinds)."""
    if expect is Expect.NONE or not text:
        return []
    folded = fold(text)  # same length as text for the characters matched here
    if len(folded) != len(text):
        folded = text
    other = language in kinds.languages() and expect in (Expect.DATE, Expect.NUMBER)
    if other:
        folded = kinds.ascii_digits(folded)  # "١٩٩١" is a year
    if expect is Expect.DATE:
        found = [_strip(folded, m.span()) for m in _DATE.finditer(folded)]
        found = [_drop_leading_word(folded, s) for s in found]
    elif expect is Expect.NUMBER:
        found = [_strip(folded, m.span()) for m in _NUMBER.finditer(folded)]
        found += [m.span() for m in _VAGUE_NUMBER.finditer(folded)]
    elif expect is Expect.NAME:
        # A language with joining words of its own (bot.search.lang.kinds._JOINERS: Spanish,
        # Romanian, Russian, Greek, Turkish, Vietnamese): its own rule (capitals of any
        # script, those words); elsewhere the English one.
        own = kinds.name_spans(folded, language)
        found = _names(folded) if own is None else own
    else:  # PLACE: a name after a place preposition
        own = kinds.place_spans(folded, language)
        found = own if own is not None else [
            s for s in _names(folded) if _PLACE_CUE.search(folded[max(0, s[0] - 40):s[0]])
        ] + [m.span() for m in _RANKING_PLACE.finditer(folded)]
    if not found and expect in (Expect.DATE, Expect.NUMBER) and _UNSPACED.search(folded):
        # Chinese, Japanese, Thai: "于2027年" has no word boundary around the digits.
        pattern = _BARE_YEAR if expect is Expect.DATE else _BARE_NUMBER
        found = [m.span() for m in pattern.finditer(folded)]
    if other:
        found += (kinds.date_spans if expect is Expect.DATE else kinds.number_spans)(
            folded, language)
    return _merge([s for s in found if s[1] > s[0]])


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")
_BARE_YEAR = re.compile(r"(?<!\d)(?:1\d|20)\d{2}(?!\d)")
_BARE_NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*%?")


def _drop_leading_word(text: str, span: Span) -> Span:
    """'on Wednesday' -> 'Wednesday': a preposition before a date is not part of it."""
    match = _LEADING_WORD.match(text[span[0]:span[1]])
    if match and not re.match(r"(?:last|this|next)\s+(?:week|month|year|decade|century|weekend|"
                              r"spring|summer|autumn|fall|winter|monday|tuesday|wednesday|"
                              r"thursday|friday|saturday|sunday|" + _MONTHS + ")",
                              text[span[0]:span[1]], re.I):
        return span[0] + match.end(), span[1]
    return span


def _merge(spans: list[Span]) -> list[Span]:
    """Sorted spans with overlapping ones joined."""
    merged: list[Span] = []
    for begin, end in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((begin, end))
    return merged
