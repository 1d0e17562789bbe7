"""Question typing: which wh-word a question asks, and what sort of phrase would answer it.

Pure and small. The type is used to report evaluation figures per type, to prefer sentences
that hold the kind of answer asked for (a date for "when"), and to bold the answering part.
What is asked for is read from the wh-word and the head noun of the phrase after it ("what was
germany's growth rate": a number; "which of glazer's sons": a name); a number's unit, where
the question says it (an age for "how old", money for "how much did it cost"), is `Unit`.
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
    r"when|whom|whose|who|where|whic|which|what|wha|why|how|"
    r"whats|whos|wheres|whens|hows)\b"  # chat's "whats the rate" is "what's"
)
_CHAT_WH = {"whats": "what", "whos": "who", "wheres": "where", "whens": "when", "hows": "how"}
_TYPE_OF_WH = {
    "when": QType.WHEN, "who": QType.WHO, "whom": QType.WHO, "whose": QType.WHO,
    "where": QType.WHERE, "what": QType.WHAT, "which": QType.WHAT, "whic": QType.WHAT,
    "wha": QType.WHAT, "why": QType.WHY_HOW, "how": QType.WHY_HOW, "how many": QType.HOW_MANY,
    "how much": QType.HOW_MANY,
}
# Nouns after what/which (or "in what ...") that ask for a date, a number, a name or a place;
# the phrase's last typed noun decides ("what income tax rate": a number).
_DATE_NOUNS = {
    "year", "years", "date", "dates", "day", "days", "month", "months", "century", "decade",
    "time", "era", "period", "season", "week", "hour", "weekday", "deadline",
}
_NUMBER_NOUNS = {
    "percentage", "percent", "number", "amount", "size", "population", "cost", "costs", "price",
    "prices", "length", "height", "distance", "speed", "rate", "rates", "temperature", "value",
    "total", "proportion", "share", "fraction", "figure", "sum", "salary", "fee", "fees", "fine",
    "score", "margin", "budget", "revenue", "revenues", "profit", "profits", "sales", "turnover",
    "age", "tax", "duty", "tariff", "debt", "debts", "deficit", "surplus", "weight", "capacity",
    "attendance", "stake", "dividend", "wage", "wages", "income", "earnings", "loss", "losses",
    "valuation", "worth", "majority", "odds", "quantity", "volume", "count", "ratio", "toll",
    "growth", "inflation", "unemployment", "forecast", "output", "production", "target",
    "targets",
}
_NAME_NOUNS = {
    "person", "man", "woman", "president", "king", "queen", "emperor", "leader", "company",
    "team", "author", "scientist", "player", "coach", "name", "group", "organization",
    "organisation", "party", "band", "minister", "spokesman", "spokeswoman", "official",
    "son", "sons", "daughter", "daughters", "brother", "brothers", "sister", "sisters", "wife",
    "husband", "father", "mother", "actor", "actress", "singer", "artist", "director",
    "manager", "chairman", "boss", "candidate", "candidates", "winner", "winners", "keeper",
    "goalkeeper", "striker", "referee", "presenter", "firm", "firms", "bank", "film", "films",
    "movie", "movies", "song", "songs", "album", "novel", "series", "programme", "program",
    "festival", "newspaper", "magazine", "channel", "website", "brand", "drug", "club",
    "airline", "carmaker", "manufacturer", "musician", "writer", "comedian", "politician",
    "senator", "governor", "mayor", "chancellor", "executive", "founder", "owner", "companies",
    "players", "teams", "clubs", "bands", "shows", "show", "book", "play", "side", "star",
    "host", "network", "paper", "head", "committee", "economist", "economists", "judge",
    "analyst", "analysts", "subsidiary", "banks", "officials", "lawyer", "doctor",
    "ship", "plane",
}
# Nouns that are verbs as often ("what did the videos show?"): typed only right after the
# wh-word ("what show won ...") or inside a longer phrase, not as the word before the end.
_VERB_LIKE = {"show", "shows", "book", "play", "side", "star", "host", "head", "paper",
              "network", "cost", "costs", "share", "score", "count", "fine", "figure", "toll",
              "total", "sum", "value", "stake", "worth", "time", "date", "name", "target",
              "ship"}
_PLACE_NOUNS = {
    "city", "country", "state", "place", "region", "town", "continent", "island", "river",
    "location", "nation", "province", "county", "area", "village", "capital", "territory",
    "venue", "stadium", "ground", "street", "district", "port", "airport", "cities",
    "countries", "regions", "towns",
}
# Verbs whose object is an amount: "what does the console cost?".
_NUMBER_VERBS = {"cost", "costs", "weigh", "weighs", "earn", "earns", "fetch", "measure",
                 "total", "raise", "raised"}

# Words between "what" and the noun that says what is asked: "what was the only year ...".
_FILLERS = {
    "was", "is", "are", "were", "the", "a", "an", "only", "first", "last", "exact", "main",
    "specific", "approximate", "approximately", "did", "does", "do", "has", "had", "its", "his",
    "her", "their", "of", "kind", "type", "sort", "s", "this", "that", "these", "those", "new",
    "current", "total", "overall", "average", "exactly", "will", "would", "can", "could",
    "have", "be", "been", "going", "expected", "likely", "max", "maximum", "minimum", "min",
    "highest", "lowest", "latest", "biggest", "largest", "smallest", "top", "annual",
}
_DO = {"did", "does", "do", "will", "would", "can", "could", "has", "have", "had"}
# Words that end the phrase a wh-word asks about: prepositions, verbs of the question.
_BREAK = {
    "of", "for", "in", "on", "at", "to", "by", "with", "from", "about", "after", "before",
    "since", "during", "per", "between", "under", "over", "into", "than", "as", "and", "or",
    "is", "was", "are", "were", "be", "been", "does", "did", "do", "has", "have", "had", "will",
    "would", "can", "could", "should", "that", "which", "who", "when", "where", "if", "so",
    "like", "according", "now", "there", "here", "going", "get", "got", "without", "within",
    "against", "across", "through", "behind", "near", "among", "including", "until", "upon",
    "versus", "v", "vs",
}
_PHRASE = 4  # words of the asked-about phrase looked at


def _wh(question: str) -> tuple[str, str] | None:
    """The question's first wh-word (lower case, single-spaced) and the noun it asks about
    ('' if none of the typed ones)."""
    lowered = fold(question).lower()
    match = _WH.search(lowered)
    if match is None:
        return None
    wh = " ".join(match.group(1).split())
    wh = _CHAT_WH.get(wh, wh)
    following = re.findall(r"[a-z]+", lowered[match.end():match.end() + 80])[:12]
    return wh, _asked_noun(following)


def _asked_noun(words: list[str]) -> str:
    """The typed noun of the phrase after a wh-word: "what was germany's growth rate" -> rate,
    "which of glazer's sons" -> sons, "what did the videos show" -> '' (show is its verb)."""
    do_support = bool(words) and words[0] in _DO
    at = _skip_fillers(words, 0)
    owner = _possessive_end(words, at)
    if owner is not None:  # "the bank of japan's discount rate": the owned noun is asked
        at = _skip_fillers(words, owner)
    phrase: list[str] = []
    ended = True  # the phrase ran to a break or the question's end (not the word cap)
    stop = ""  # the word that ended the phrase
    for place, word in enumerate(words[at:]):
        if word in _BREAK or (place and word in ("last", "next", "this", "the", "a", "an")):
            stop = word  # "what was the highest oil price last year": "last year" says when
            break
        if word == "s":
            continue
        if len(phrase) == _PHRASE:
            ended = False
            break
        phrase.append(word)
    # "what will the debt service ratio be": a phrase "be" follows is the subject, no verb.
    if do_support and ended and len(phrase) > 1 and stop not in ("be", "been"):
        verb = phrase.pop()  # "what did the average price drop": the last word is the verb
        if verb in _NUMBER_VERBS:
            return "amount"
    if any(a in ("jail", "prison") and b in ("term", "terms", "sentence", "sentences")
           for a, b in zip(phrase, phrase[1:])):
        return "amount"  # "max jail term": a length of time
    # The head noun ends the phrase ("growth rate"). After "did/does ..." the phrase is the
    # subject and only its head says anything ("what did azerbaijani state media report": no
    # place asked); otherwise the phrase may run into the question's verb, and the first or
    # second word can be the head ("which magazine drew up ...", "which ubs economist thinks").
    places = [len(phrase) - 1] if do_support else [len(phrase) - 1, *range(len(phrase))]
    for place in dict.fromkeys(p for p in places if 0 <= p < len(phrase)):
        word = phrase[place]
        if word in _VERB_LIKE and do_support and ended:
            continue
        if word in _DATE_NOUNS or word in _NUMBER_NOUNS or word in _NAME_NOUNS \
                or word in _PLACE_NOUNS:
            return word
    return ""


def _skip_fillers(words: list[str], at: int) -> int:
    """The first place from `at` that is not a filler word ("the", "only", "was" ...)."""
    while at < len(words) and words[at] in _FILLERS:
        at += 1
    return at


_OWNER_WORDS = 5  # words of an owner's name looked through: "the bank of japan's"
# What an owner's name "of" somewhere begins with: an organisation or a place ("the bank of
# japan's", "the university of chicago's"), not "the date of", "the main idea of".
_OWNERS = (_NAME_NOUNS | _PLACE_NOUNS | {
    "university", "government", "ministry", "department", "council", "church", "republic",
    "kingdom", "house", "college", "institute", "museum", "society", "association", "board",
    "court", "office", "union", "federation", "league", "people", "duke", "prince", "princess",
    "archbishop", "bishop"}) - {"name", "show", "shows", "side", "head", "paper", "play"}


def _possessive_end(words: list[str], at: int) -> int | None:
    """The place after an owner's possessive "'s" that opens the phrase ("bank of japan s
    discount rate" -> the place of "discount"), or None. The owner is a name with "of" in it
    ("the bank of japan's"); what is owned must be a typed noun ("discount rate"), and a date
    or an amount before "of" is asked itself ("the date of tesla's death")."""
    for place in range(at, min(len(words), at + _OWNER_WORDS + 1)):
        word = words[place]
        if word == "s" and place > at:
            owner = words[at:place]
            if "of" not in owner or not (owner[0] == "of" or owner[0] in _OWNERS):
                return None
            owned = words[place + 1:place + 1 + _PHRASE]
            typed = _DATE_NOUNS | _NUMBER_NOUNS | _NAME_NOUNS | _PLACE_NOUNS
            return place + 1 if any(w in typed for w in owned) else None
        if word in _BREAK and word not in ("of", "and"):
            return None
    return None


# "what is the trade in pirated goods worth (according to the eu)": an amount is asked (not
# "worth it", "worth a look"); the type and the unit read it alike.
_WORTH_AMOUNT = r"\bworth\b(?!\s+(?:of|it|while|a\s+(?:look|try)))"
_WORTH = re.compile(_WORTH_AMOUNT)


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
        return _without_wh(question)
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
        if noun in _NUMBER_NOUNS:  # "amount" too: what _asked_noun says for "cost", "weigh" ...
            return Expect.NUMBER
        if noun in _NAME_NOUNS:
            return Expect.NAME
        if noun in _PLACE_NOUNS:
            return Expect.PLACE
        if _WORTH.search(fold(question).lower()):
            return Expect.NUMBER
    return Expect.NONE


# A question without a wh-word that still asks for an amount: "max jail term for pirates?",
# "price of gold now?".
_AMOUNT_OPENERS = {"max", "maximum", "min", "minimum", "total", "average", "number", "amount",
                   "price", "cost", "size", "population"}


def _without_wh(question: str) -> Expect:
    """What a question without a wh-word asks for: a number if it opens with an amount's
    noun ("max jail term ...", "price of gold?"), else anything."""
    words = re.findall(r"[a-z]+", fold(question).lower())[:12]
    if not words or words[0] not in _AMOUNT_OPENERS:
        return Expect.NONE
    noun = words[0] if words[0] in _NUMBER_NOUNS else _asked_noun(words)
    return Expect.NUMBER if noun in _NUMBER_NOUNS else Expect.NONE


class Unit(str, Enum):
    """A finer kind of the number a NUMBER question asks for, where the question says it."""

    AGE = "age"  # "how old is X": "aged 37", "a 74-year-old", "Jackie Stallone, 71,"
    DURATION = "duration"  # "how long does it last", "max jail term": "25 minutes", "seven years"
    MONEY = "money"  # "how much did it take/cost": "$22m", "£99", "6.10 billion dlrs"
    SHARE = "share"  # "what proportion": "73%", "20 pct", "three out of four", "half"


_UNIT_RULES: list[tuple[re.Pattern[str], Unit]] = [
    (re.compile(r"\bhow\s+old\b|\b(?:what|which)\s+age\b|\bage\s+of\b|\bhow\s+young\b"),
     Unit.AGE),
    (re.compile(r"\bhow\s+long\b(?!\s+ago)|\bhow\s+many\s+(?:years|months|weeks|days|hours|"
                r"minutes)\b|\b(?:jail|prison)\s+(?:term|sentence)s?\b|\bduration\b"),
     Unit.DURATION),
    (re.compile(r"\b(?:what|which)\s+(?:\w+\s+){0,3}?(?:proportion|percentage|percent|share|"
                r"fraction)\b|\bhow\s+many\s+percent|\bwhat\s+(?:\w+\s+){0,3}?rate\b"),
     Unit.SHARE),
    (re.compile(r"\bhow\s+much\s+(?:money|cash|\w+\s+)?(?:\w+\s+){0,6}?(?:cost|costs|take|took|"
                r"taken|make|made|pay|paid|earn|earned|spend|spent|worth|raise|raised|sell|sold|"
                r"charge|charged|fetch|fetched|owe|owed|lose|lost|invest|invested|donate|"
                r"donated|bid|offer|offered|gross|grossed|want|wanted|get|got|receive|received)\b"
                r"|\bhow\s+much\s+(?:money|cash)\b"
                r"|\b(?:what|which)\s+(?:\w+\s+){0,3}?(?:price|cost|fee|salary|budget|"
                r"revenue|profit|debt|fine|wage|prize)s?\b|\bhow\s+much\s+is\b"
                rf"|\b(?:what|which)\b.*{_WORTH_AMOUNT}"),
     Unit.MONEY),
]


def answer_unit(question: str) -> Unit | None:
    """The finer kind of number a question asks for (an age, a duration, money, a share), or
    None when it does not say ("how many people ...": any count)."""
    lowered = " ".join(fold(question).lower().replace("'s ", " ").split())
    for pattern, unit in _UNIT_RULES:
        if pattern.search(lowered):
            if unit is Unit.MONEY and _QUANTITY.search(lowered):
                return None  # "how much sugar do they want to sell": tonnes, not money
            return unit
    return None


# "how much" and a noun that is no sum of money: an amount of that ("how much sugar", "how
# much land"), whatever the verb after it.
_AUXILIARIES = "is|was|are|were|does|did|do|has|have|had|will|would|could|can|should|might|must"
_MONEY_NOUNS = ("money|cash|debt|debts|profit|profits|revenue|revenues|tax|taxes|funding|funds|"
                "aid|compensation|damages|interest|capital|credit|investment|income|salary|pay|"
                "loan|loans|budget|spending|subsidy|subsidies|dividend|fee|fees|fine|rent|"
                f"ransom|bail|tuition|dollars|pounds|euros|yen|more|less|of|{_AUXILIARIES}|"
                "it|they|he|she|we|you|the|a|an|this|that|these|those")
_QUANTITY = re.compile(rf"\bhow\s+much\s+(?!(?:{_MONEY_NOUNS})\b)[a-z]+\s+(?:{_AUXILIARIES})\b")


_MEASURE = re.compile(
    r"\bhow\s+(big|large|long|old|far|tall|high|wide|deep|heavy|fast|often|soon|strong|small)\b"
)


def measure_word(question: str) -> str | None:
    """The adjective of "how big", "how long" ...: it asks for a measure, and the answer
    rarely repeats it ("how big was the force?" - "a 2,000-strong force")."""
    match = _MEASURE.search(fold(question).lower())
    return match.group(1) if match else None

