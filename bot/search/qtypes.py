"""Question typing: which wh-word a question asks, and what sort of phrase would answer it.

Pure and small. The type is used to report evaluation figures per type, to prefer sentences
that hold the kind of answer asked for (a date for "when"), and to bold the answering part.
"""

from __future__ import annotations

import re
from enum import Enum

from bot.search.text import fold


class QType(str, Enum):
    """The question types that evaluation figures are reported by."""

    WHEN = "when"
    WHO = "who"
    WHERE = "where"
    HOW_MANY = "how_many"  # how many / how much
    WHAT = "what_which"
    WHY_HOW = "why_how"
    OTHER = "other"


class Expect(str, Enum):
    """The sort of phrase an answer is: what a sentence must hold to answer the question."""

    DATE = "date"  # a year, a date, a weekday, a time
    NUMBER = "number"  # a count or an amount
    NAME = "name"  # a person or an organisation: a capitalised name
    PLACE = "place"  # a capitalised place name
    NONE = "none"  # anything: no preference


# The first wh-word decides, wherever it stands ("The Broncos beat which team?"). "whic" and
# "wha" are frequent typos in real questions.
_WH = re.compile(
    r"\b(how\s+many|how\s+much|how\s+long|how\s+old|how\s+far|how\s+big|how\s+large|"
    r"how\s+high|how\s+tall|how\s+fast|how\s+heavy|how\s+deep|how\s+wide|how\s+often|"
    r"when|whom|whose|who|where|whic|which|what|wha|why|how)\b"
)
_TYPE_OF_WH = {
    "when": QType.WHEN, "who": QType.WHO, "whom": QType.WHO, "whose": QType.WHO,
    "where": QType.WHERE, "what": QType.WHAT, "which": QType.WHAT, "whic": QType.WHAT,
    "wha": QType.WHAT, "why": QType.WHY_HOW, "how": QType.WHY_HOW, "how many": QType.HOW_MANY,
    "how much": QType.HOW_MANY,
}
# Nouns after what/which (or "in what ...") that ask for a date or a number.
_DATE_NOUNS = {
    "year", "years", "date", "day", "month", "century", "decade", "time", "era", "period",
    "season", "week", "hour", "age",
}
_NUMBER_NOUNS = {
    "percentage", "percent", "number", "amount", "size", "population", "cost", "price",
    "length", "height", "distance", "speed", "rate", "temperature", "value", "total",
    "proportion", "share", "fraction", "figure", "sum", "salary", "fee", "fine", "score",
    "margin", "budget", "revenue", "profit", "profits", "sales", "turnover",
}
_NAME_NOUNS = {
    "person", "man", "woman", "president", "king", "queen", "emperor", "leader", "company",
    "team", "author", "scientist", "player", "coach", "name", "group", "organization",
    "organisation", "party", "band", "minister", "spokesman", "spokeswoman", "official",
}
_PLACE_NOUNS = {
    "city", "country", "state", "place", "region", "town", "continent", "island", "river",
    "location", "nation", "province", "county", "area", "village", "capital", "territory",
}


# Words between "what" and the noun that says what is asked: "what was the only year ...".
_FILLERS = {
    "was", "is", "are", "were", "the", "a", "an", "only", "first", "last", "exact", "main",
    "specific", "approximate", "approximately", "did", "does", "do", "has", "had", "its", "his",
    "her", "their", "of", "kind", "type", "sort",
}


def _wh(question: str) -> tuple[str, str] | None:
    """The question's first wh-word (lower case, single-spaced) and the noun it asks about."""
    lowered = fold(question).lower()
    match = _WH.search(lowered)
    if match is None:
        return None
    wh = " ".join(match.group(1).split())
    following = re.findall(r"[a-z]+", lowered[match.end():match.end() + 60])[:5]
    noun = next((w for w in following if w not in _FILLERS), "")
    return wh, noun


def question_type(question: str) -> QType:
    """The wh-type of a question, as evaluation figures are broken down."""
    found = _wh(question)
    if found is None:
        return QType.OTHER
    wh, _ = found
    if wh.startswith("how "):
        return QType.HOW_MANY if wh in ("how many", "how much") else QType.WHY_HOW
    return _TYPE_OF_WH[wh]


def expected_answer(question: str) -> Expect:
    """What sort of phrase answers the question ("what year" wants a date, like "when")."""
    found = _wh(question)
    if found is None:
        return Expect.NONE
    wh, noun = found
    if wh == "when":
        return Expect.DATE
    if wh in ("how many", "how much", "how long", "how old", "how far", "how big", "how large",
              "how high", "how tall", "how fast", "how heavy", "how deep", "how wide",
              "how often"):
        return Expect.NUMBER
    if wh in ("who", "whom", "whose"):
        return Expect.NAME
    if wh == "where":
        return Expect.PLACE
    if wh in ("what", "which", "whic", "wha"):
        if noun in _DATE_NOUNS:
            return Expect.DATE
        if noun in _NUMBER_NOUNS:
            return Expect.NUMBER
        if noun in _NAME_NOUNS:
            return Expect.NAME
        if noun in _PLACE_NOUNS:
            return Expect.PLACE
    return Expect.NONE


_MEASURE = re.compile(
    r"\bhow\s+(big|large|long|old|far|tall|high|wide|deep|heavy|fast|often|soon|strong|small)\b"
)


def measure_word(question: str) -> str | None:
    """The adjective of "how big", "how long" ...: it asks for a measure, and the answer
    rarely repeats it ("how big was the force?" - "a 2,000-strong force")."""
    match = _MEASURE.search(fold(question).lower())
    return match.group(1) if match else None
