"""Question words of other languages: what a question asks for (a date for "когда").

The same two answers as bot.search.qtypes gives for English: the question's type (figures are
broken down by it) and the sort of phrase that answers it. Names and places are only expected
where names stand out by their capitals (not in German, where every noun has one, nor in
scripts without case).
"""

from __future__ import annotations

import re
from functools import cache

from bot.common.textnorm import fold
from bot.search import qtypes
from bot.search.lang.stopwords import QUESTION_WORDS_BY_KIND
from bot.search.lang.words import TURKISH_CASE, greek_form, sara_am
from bot.search.qtypes import Expect, QType

# A word start and end, for scripts with spaces.
_W = r"(?<![\w])"
_E = r"(?![\w])"
# Thai and Chinese are read without word edges (no spaces); a Thai word never starts right after
# a leading vowel, which is written before the consonant it follows ("เกี่ยวกับ", about, holds
# no "กี่", how many).
_THAI_START = r"(?<![เแโใไ])"


def _alt(language: str, kind: str) -> str:
    """The language's question words of one kind (stopwords.QUESTION_WORDS_BY_KIND) as a regex
    alternation, longest first."""
    words = sorted(QUESTION_WORDS_BY_KIND[language].get(kind, ()), key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


# Devanagari's vowel signs are marks, which Python's \w leaves out: a word edge there is no edge
# ("कबूलनामे", confession, begins with "कब", when, before the sign "ू"; "लेकिन", but, holds
# "किन", which, after the sign "े").
_W_HI = r"(?<![\w\u0900-\u0963\u0966-\u097f])"
_E_HI = r"(?![\w\u0900-\u0963\u0966-\u097f])"


def _words(language: str, kind: str) -> str:
    """Those words as whole words."""
    if language == "hi":
        return rf"{_W_HI}(?:{_alt(language, kind)}){_E_HI}"
    return rf"{_W}(?:{_alt(language, kind)}){_E}"


def _spanish(kind: str) -> str:
    """Spanish question words: with their accent anywhere, without it ("cuando", "donde",
    conjunctions too) only at the question's start."""
    words = QUESTION_WORDS_BY_KIND["es"][kind]
    marked = "|".join(w for w in words if not w.isascii())
    plain = "|".join(w for w in words if w.isascii())
    return rf"{_W}(?:{marked}){_E}|^¿?\s*(?:{plain}){_E}"


def _thai(kind: str, *more: str) -> str:
    return _THAI_START + "(?:" + "|".join([_alt("th", kind), *more]) + ")"


def _chinese(kind: str, *more: str) -> str:
    return "|".join([_alt("zh", kind), *more])


# Per language, in the order tried: (pattern, question type, expected answer). The first
# pattern found anywhere in the question decides, as for English. Question words come from the
# list shared with the stopwords; the patterns add only phrases ("in welchem Jahr", "ne zaman")
# and spellings typed without a language's letters ("cand" for "când").
_RULES: dict[str, list[tuple[str, QType, Expect]]] = {
    "ru": [
        (rf"{_W}(?:в|с|до|к)\s+как(?:ом|ого|ой|ие|их)\s+(?:году|года|годах|век[аеу]?|месяц[ае]?|дату|день|числа)",
         QType.WHEN, Expect.DATE),
        (_words("ru", "when"), QType.WHEN, Expect.DATE),
        (rf"{_W}(?:в|с|до|к)\s+как(?:ом|ого|ой|ие|их)\s+(?:десятилети|столети)\w*", QType.WHEN,
         Expect.DATE),
        (rf"{_words('ru', 'how_many')}|{_W}скольк\w*", QType.HOW_MANY, Expect.NUMBER),
        (_words("ru", "who"), QType.WHO, Expect.NAME),
        (_words("ru", "where"), QType.WHERE, Expect.PLACE),
        (_words("ru", "why"), QType.WHY_HOW, Expect.NONE),
        (_words("ru", "what"), QType.WHAT, Expect.NONE),
        (rf"{_words('ru', 'how')}|{_W}каким\s+образом{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "de": [
        (rf"{_W}(?:in|im|seit|bis)\s+welche[mnrs]?\s+(?:jahr|jahrhundert|monat|jahrzehnt)\w*",
         QType.WHEN, Expect.DATE),
        (rf"{_W}welche[mnrs]?\s+(?:jahr|datum|jahrhundert)\w*", QType.WHEN, Expect.DATE),
        (_words("de", "when"), QType.WHEN, Expect.DATE),
        (rf"{_W}wie\s*viel\w*", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}wie\s+(?:alt|hoch|lange?|oft|weit|groß|gross|schnell|schwer|tief|breit){_E}|"
         rf"{_W}(?:welche[mnrs]?|wie)\s+(?:prozentsatz|prozent|anteil){_E}", QType.HOW_MANY,
         Expect.NUMBER),
        (_words("de", "who"), QType.WHO, Expect.NONE),
        (_words("de", "where"), QType.WHERE, Expect.NONE),
        (_words("de", "why"), QType.WHY_HOW, Expect.NONE),
        (_words("de", "what"), QType.WHAT, Expect.NONE),
        (_words("de", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    "es": [
        (rf"{_W}(?:en|desde|hasta)\s+qu[eé]\s+(?:año|siglo|fecha|mes|década)", QType.WHEN,
         Expect.DATE),
        (rf"{_W}qu[eé]\s+(?:año|fecha|siglo){_E}", QType.WHEN, Expect.DATE),
        (_spanish("when"), QType.WHEN, Expect.DATE),
        (_spanish("how_many"), QType.HOW_MANY, Expect.NUMBER),
        (_spanish("who"), QType.WHO, Expect.NAME),
        (_spanish("where"), QType.WHERE, Expect.PLACE),
        (rf"{_W}por\s*qu[eé]{_E}", QType.WHY_HOW, Expect.NONE),
        (_spanish("what"), QType.WHAT, Expect.NONE),
        (_spanish("how"), QType.WHY_HOW, Expect.NONE),
    ],
    "ro": [
        (rf"{_W}(?:în|din|până\s+în)\s+ce\s+(?:an|secol|lună|dată|deceniu)", QType.WHEN,
         Expect.DATE),
        (rf"{_words('ro', 'when')}|{_W}cand{_E}", QType.WHEN, Expect.DATE),
        (rf"{_words('ro', 'how_many')}|{_W}c[âa]\w*ț[ia]{_E}|{_W}cate{_E}|{_W}cat{_E}",
         QType.HOW_MANY, Expect.NUMBER),
        (_words("ro", "who"), QType.WHO, Expect.NAME),
        (_words("ro", "where"), QType.WHERE, Expect.PLACE),
        (rf"{_W}de\s+ce{_E}", QType.WHY_HOW, Expect.NONE),
        (_words("ro", "what"), QType.WHAT, Expect.NONE),
        (_words("ro", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    "ar": [
        (r"(?:في|فى)\s+(?:أي|اي|أيّ)\s+(?:عام|سنة|عامٍ|قرن|شهر|تاريخ)", QType.WHEN, Expect.DATE),
        (r"(?:أي|اي)\s+(?:عام|سنة|قرن|تاريخ)", QType.WHEN, Expect.DATE),
        (_alt("ar", "when"), QType.WHEN, Expect.DATE),  # also behind a clitic ("ومتى")
        (r"(?<![\w])(?:في\s+)?(?:أي|اي)\s+عقد", QType.WHEN, Expect.DATE),
        (_words("ar", "how_many"), QType.HOW_MANY, Expect.NUMBER),
        (r"(?<![\w])(?:ما|ماذا)\s+(?:(?:هي|هو|كانت|كان)\s+)?(?:عدد|نسبة|النسبة|مقدار|كمية)"
         r"(?![\w])", QType.HOW_MANY, Expect.NUMBER),
        # "من" is also "from": "who" only where it opens the question, or written "مَن".
        (rf"^\s*(?:{_alt('ar', 'who')}){_E}|{_W}مَن{_E}", QType.WHO, Expect.NONE),
        (_words("ar", "where"), QType.WHERE, Expect.NONE),
        (_words("ar", "why"), QType.WHY_HOW, Expect.NONE),
        (_words("ar", "what"), QType.WHAT, Expect.NONE),
        (_words("ar", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    "hi": [
        (r"किस\s+(?:वर्ष|साल|सन|सदी|शताब्दी|तारीख|महीने|दशक)", QType.WHEN, Expect.DATE),
        (_words("hi", "when"), QType.WHEN, Expect.DATE),
        (_alt("hi", "how_many"), QType.HOW_MANY, Expect.NUMBER),
        (_words("hi", "who"), QType.WHO, Expect.NONE),
        (_alt("hi", "where"), QType.WHERE, Expect.NONE),
        (_alt("hi", "why"), QType.WHY_HOW, Expect.NONE),
        (rf"{_words('hi', 'what')}|{_W_HI}कौन\s+स[ाी]{_E_HI}", QType.WHAT, Expect.NONE),
        (_alt("hi", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    "zh": [
        (_chinese("when", "几年", "什么时间", "哪个世纪", "哪一天", "哪个月", "何年", "哪些年"),
         QType.WHEN, Expect.DATE),
        (_chinese("how_many", "几[个名位次场座所岁种项条]", "多长", "多大", "多高", "多远", "多久"),
         QType.HOW_MANY, Expect.NUMBER),
        (_chinese("who"), QType.WHO, Expect.NONE),
        (_chinese("where", "在哪", "何处", "何地", "哪个国家", "哪个城市", "哪座城市"), QType.WHERE,
         Expect.NONE),
        (_chinese("why", "为何", "为啥"), QType.WHY_HOW, Expect.NONE),
        (_chinese("what", "哪一", "哪种", "何种"), QType.WHAT, Expect.NONE),
        (_chinese("how", "怎样"), QType.WHY_HOW, Expect.NONE),
    ],
    # Japanese questions are read as character pairs (no word list to share).
    "ja": [
        (r"いつ|何年|何月|何日|何世紀", QType.WHEN, Expect.DATE),
        (r"いくつ|いくら|何人|何回|何個|何本|どれくらい|どのくらい", QType.HOW_MANY, Expect.NUMBER),
        (r"誰|だれ", QType.WHO, Expect.NONE),
        (r"どこ", QType.WHERE, Expect.NONE),
        (r"なぜ|どうして", QType.WHY_HOW, Expect.NONE),
        (r"何|どの|どれ", QType.WHAT, Expect.NONE),
        (r"どう|どのように", QType.WHY_HOW, Expect.NONE),
    ],
    # Greek, Turkish and Vietnamese (XQuAD's unseen languages, never tuned on): "who" expects a
    # name, as in Spanish, Romanian and Russian, whose capitals mark names too (names lowered
    # none of those three on XQuAD's even halves); "where" expects no place (places lowered
    # Spanish's). Greek is read without accents and with one sigma (words.greek_words).
    "el": [
        (rf"{_W}(?:ποιο|ποια|ποιον|ποιου|τι)\s+(?:ετοσ|χρονο|χρονια|αιωνα|μηνα|ημερομηνια|"
         rf"δεκαετια)", QType.WHEN, Expect.DATE),
        (_words("el", "when"), QType.WHEN, Expect.DATE),
        (rf"{_words('el', 'how_many')}|{_W}(?:ποιο|τι)\s+(?:ποσοστο|ποσοτητα)",
         QType.HOW_MANY, Expect.NUMBER),
        (_words("el", "who"), QType.WHO, Expect.NAME),
        (rf"{_words('el', 'where')}|{_W}απο\s+που{_E}", QType.WHERE, Expect.NONE),
        (rf"{_words('el', 'why')}|{_W}για\s+ποιο\s+λογο{_E}", QType.WHY_HOW, Expect.NONE),
        (_words("el", "what"), QType.WHAT, Expect.NONE),
        (_words("el", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    # Turkish, lower-cased the Turkish way ("I" -> "ı"); its question words take endings, so
    # their stems are matched too ("kaç\w*", "hangi\w*").
    "tr": [
        (rf"{_W}(?:hangi|kaç)\s+(?:yıl|tarih|yüzyıl|ay|gün|on\s+yıl)\w*", QType.WHEN, Expect.DATE),
        (rf"{_W}ne\s+zaman\w*", QType.WHEN, Expect.DATE),
        (rf"{_words('tr', 'how_many')}|{_W}kaç\w*|{_W}ne\s+kadar\w*|{_W}ne\s+sıklıkta{_E}",
         QType.HOW_MANY, Expect.NUMBER),
        (rf"{_words('tr', 'who')}|{_W}kimler\w*", QType.WHO, Expect.NAME),
        (rf"{_words('tr', 'where')}|{_W}neresi\w*|{_W}hangi\s+(?:şehir|ülke|yer)\w*{_E}",
         QType.WHERE, Expect.NONE),
        (_words("tr", "why"), QType.WHY_HOW, Expect.NONE),
        (rf"{_words('tr', 'what')}|{_W}hangi\w*", QType.WHAT, Expect.NONE),
        (_words("tr", "how"), QType.WHY_HOW, Expect.NONE),
    ],
    "vi": [
        (rf"{_W}(?:khi\s+nào|bao\s+giờ|lúc\s+nào|năm\s+nào|ngày\s+nào|tháng\s+nào|"
         rf"thế\s+kỷ\s+nào|thập\s+kỷ\s+nào|năm\s+bao\s+nhiêu){_E}", QType.WHEN, Expect.DATE),
        (rf"{_words('vi', 'how_many')}|{_W}bao\s+(?:nhiêu|lâu|xa){_E}", QType.HOW_MANY,
         Expect.NUMBER),
        (_words("vi", "who"), QType.WHO, Expect.NAME),
        (rf"{_words('vi', 'where')}|{_W}(?:nơi\s+nào|nước\s+nào|thành\s+phố\s+nào){_E}",
         QType.WHERE, Expect.NONE),
        (rf"{_words('vi', 'why')}|{_W}(?:tại|vì)\s+sao{_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_words('vi', 'what')}|{_W}cái\s+gì{_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}(?:như\s+thế\s+nào|thế\s+nào|làm\s+sao|bằng\s+cách\s+nào){_E}",
         QType.WHY_HOW, Expect.NONE),
    ],
    "th": [
        (_thai("when", "ปีใด", "ปีไหน", "ปีอะไร", "ปีที่เท่าไร", "ปีที่เท่าไหร่", "ช่วงใด", "ศตวรรษใด",
               "ศตวรรษที่เท่าไร", "วันที่เท่าไร"), QType.WHEN, Expect.DATE),
        (r"ทศวรรษใด", QType.WHEN, Expect.DATE),
        (_thai("how_many"), QType.HOW_MANY, Expect.NUMBER),
        (_thai("who"), QType.WHO, Expect.NONE),
        (_thai("where", "ประเทศใด", "เมืองใด", "ประเทศอะไร", "เมืองอะไร"), QType.WHERE,
         Expect.NONE),
        (_thai("why", "เพราะเหตุใด"), QType.WHY_HOW, Expect.NONE),
        (_thai("what", "อันไหน"), QType.WHAT, Expect.NONE),
        (_thai("how"), QType.WHY_HOW, Expect.NONE),
    ],
}


@cache
def _rules(language: str) -> list[tuple[re.Pattern[str], QType, Expect]]:
    return [(re.compile(p, re.IGNORECASE), t, e) for p, t, e in _RULES.get(language, [])]


def _first(question: str, language: str) -> tuple[QType, Expect] | None:
    """The rule whose match starts first in the question (ties: the earlier rule)."""
    if language == "tr":
        question = question.translate(TURKISH_CASE)
    text = sara_am(fold(question).lower())  # Thai "ทำไม" as the rules spell it
    if language == "el":
        text = greek_form(text)
    best: tuple[int, int, QType, Expect] | None = None
    for order, (pattern, qtype, expect) in enumerate(_rules(language)):
        match = pattern.search(text)
        if match is not None and (best is None or (match.start(), order) < best[:2]):
            best = (match.start(), order, qtype, expect)
    return None if best is None else (best[2], best[3])


def known_language(language: str) -> bool:
    """True if question words of the language are known here."""
    return language in _RULES


def question_type_in(question: str, language: str) -> QType:
    """The question's type, from the language's question words (OTHER if none is found)."""
    if language in ("en", "english"):
        return qtypes.question_type(question)
    found = _first(question, language)
    return QType.OTHER if found is None else found[0]


def expected_answer_in(question: str, language: str) -> Expect:
    """What sort of phrase answers the question in that language."""
    if language in ("en", "english"):
        return qtypes.expected_answer(question)
    found = _first(question, language)
    return Expect.NONE if found is None else found[1]
