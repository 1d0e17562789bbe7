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
from bot.search.lang.words import TURKISH_CASE, greek_form, sara_am
from bot.search.qtypes import Expect, QType

# Per language, in the order tried: (pattern, question type, expected answer). The first
# pattern found anywhere in the question decides, as for English.
_W = r"(?<![\w])"  # a word start (for scripts with spaces)
_E = r"(?![\w])"
# Devanagari's vowel signs are marks, which Python's \w leaves out: a word edge there is no edge
# ("कबूलनामे", confession, begins with "कब", when, before the sign "ू").
_W_HI = r"(?<![\w\u0900-\u0963\u0966-\u097f])"
_E_HI = r"(?![\w\u0900-\u0963\u0966-\u097f])"
_RULES: dict[str, list[tuple[str, QType, Expect]]] = {
    "ru": [
        (rf"{_W}(?:в|с|до|к)\s+как(?:ом|ого|ой|ие|их)\s+(?:году|года|годах|век[аеу]?|месяц[ае]?|дату|день|числа)",
         QType.WHEN, Expect.DATE),
        (rf"{_W}когда{_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}(?:в|с|до|к)\s+как(?:ом|ого|ой|ие|их)\s+(?:десятилети|столети)\w*", QType.WHEN,
         Expect.DATE),
        (rf"{_W}скольк\w*", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}(?:кто|кого|кому|кем|чей|чья|чьё|чьи){_E}", QType.WHO, Expect.NAME),
        (rf"{_W}(?:где|куда|откуда){_E}", QType.WHERE, Expect.PLACE),
        (rf"{_W}(?:почему|зачем|отчего){_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:что|какой|какая|какое|какие|каком|какого|какой|каких|каким|которы\w*){_E}",
         QType.WHAT, Expect.NONE),
        (rf"{_W}(?:как|каким\s+образом){_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "de": [
        (rf"{_W}(?:in|im|seit|bis)\s+welche[mnrs]?\s+(?:jahr|jahrhundert|monat|jahrzehnt)\w*",
         QType.WHEN, Expect.DATE),
        (rf"{_W}welche[mnrs]?\s+(?:jahr|datum|jahrhundert)\w*", QType.WHEN, Expect.DATE),
        (rf"{_W}wann{_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}wie\s*viel\w*", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}wie\s+(?:alt|hoch|lange?|oft|weit|groß|gross|schnell|schwer|tief|breit){_E}|"
         rf"{_W}(?:welche[mnrs]?|wie)\s+(?:prozentsatz|prozent|anteil){_E}", QType.HOW_MANY,
         Expect.NUMBER),
        (rf"{_W}(?:wer|wen|wem|wessen){_E}", QType.WHO, Expect.NONE),
        (rf"{_W}(?:wo|wohin|woher){_E}", QType.WHERE, Expect.NONE),
        (rf"{_W}(?:warum|weshalb|wieso|weswegen){_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:was|welche[mnrs]?){_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}wie{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "es": [
        (rf"{_W}(?:en|desde|hasta)\s+qu[eé]\s+(?:año|siglo|fecha|mes|década)", QType.WHEN,
         Expect.DATE),
        (rf"{_W}qu[eé]\s+(?:año|fecha|siglo){_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}cuándo{_E}|^¿?\s*cuando{_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}cuánt[oa]s?{_E}|^¿?\s*cuant[oa]s?{_E}", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}quién(?:es)?{_E}|^¿?\s*quien(?:es)?{_E}", QType.WHO, Expect.NAME),
        (rf"{_W}(?:dónde|adónde){_E}|^¿?\s*(?:donde|adonde){_E}", QType.WHERE, Expect.PLACE),
        (rf"{_W}por\s*qu[eé]{_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:qué|cuál|cuáles){_E}|^¿?\s*(?:que|cual|cuales){_E}", QType.WHAT,
         Expect.NONE),
        (rf"{_W}cómo{_E}|^¿?\s*como{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "ro": [
        (rf"{_W}(?:în|din|până\s+în)\s+ce\s+(?:an|secol|lună|dată|deceniu)", QType.WHEN,
         Expect.DATE),
        (rf"{_W}c[âa]nd{_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}c[âa]\w*ț[ia]{_E}|{_W}c[âa]te{_E}|{_W}c[âa]t{_E}|{_W}câţi{_E}", QType.HOW_MANY,
         Expect.NUMBER),
        (rf"{_W}(?:cine|cui|cărui|cărei){_E}", QType.WHO, Expect.NAME),
        (rf"{_W}unde{_E}", QType.WHERE, Expect.PLACE),
        (rf"{_W}de\s+ce{_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:ce|care){_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}cum{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "ar": [
        (r"(?:في|فى)\s+(?:أي|اي|أيّ)\s+(?:عام|سنة|عامٍ|قرن|شهر|تاريخ)", QType.WHEN, Expect.DATE),
        (r"(?:أي|اي)\s+(?:عام|سنة|قرن|تاريخ)", QType.WHEN, Expect.DATE),
        (r"متى|متي", QType.WHEN, Expect.DATE),
        (r"(?<![\w])(?:في\s+)?(?:أي|اي)\s+عقد", QType.WHEN, Expect.DATE),
        (r"(?<![\w])كم(?![\w])|(?<![\w])(?:بكم|لكم|بِكَم)(?![\w])", QType.HOW_MANY, Expect.NUMBER),
        (r"(?<![\w])(?:ما|ماذا)\s+(?:(?:هي|هو|كانت|كان)\s+)?(?:عدد|نسبة|النسبة|مقدار|كمية)"
         r"(?![\w])", QType.HOW_MANY, Expect.NUMBER),
        (r"^\s*(?:من|مَن|لمن)(?![\w])|(?<![\w])مَن(?![\w])", QType.WHO, Expect.NONE),
        (r"(?<![\w])(?:أين|اين|وأين)(?![\w])", QType.WHERE, Expect.NONE),
        (r"(?<![\w])(?:لماذا|لما|لِمَ)(?![\w])", QType.WHY_HOW, Expect.NONE),
        (r"(?<![\w])(?:ما|ماذا|ما هو|ما هي|أي|أيّ)(?![\w])", QType.WHAT, Expect.NONE),
        (r"(?<![\w])كيف(?![\w])", QType.WHY_HOW, Expect.NONE),
    ],
    "hi": [
        (r"किस\s+(?:वर्ष|साल|सन|सदी|शताब्दी|तारीख|महीने|दशक)", QType.WHEN, Expect.DATE),
        (rf"{_W_HI}कब{_E_HI}", QType.WHEN, Expect.DATE),
        (r"कितन[ाीे]", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W_HI}(?:कौन|किसने|किसको|किसे|किसका|किसकी|किसके){_E_HI}", QType.WHO, Expect.NONE),
        (r"कहा[ँं]", QType.WHERE, Expect.NONE),
        (r"क्यों|क्यूँ", QType.WHY_HOW, Expect.NONE),
        (rf"{_W_HI}(?:क्या|किस|कौनसा|कौनसी|कौन\s+सा|कौन\s+सी){_E_HI}", QType.WHAT, Expect.NONE),
        (r"कैसे", QType.WHY_HOW, Expect.NONE),
    ],
    "zh": [
        (r"什么时候|何时|哪一年|哪年|几年|什么时间|哪个世纪|哪一天|哪个月|何年|哪些年", QType.WHEN,
         Expect.DATE),
        (r"多少|几[个名位次场座所岁种项条]|多长|多大|多高|多远|多久", QType.HOW_MANY,
         Expect.NUMBER),
        (r"谁", QType.WHO, Expect.NONE),
        (r"哪里|哪儿|在哪|何处|何地|哪个国家|哪个城市|哪座城市", QType.WHERE, Expect.NONE),
        (r"为什么|为何|为啥", QType.WHY_HOW, Expect.NONE),
        (r"什么|哪个|哪些|哪一|哪种|何种", QType.WHAT, Expect.NONE),
        (r"怎么|如何|怎样", QType.WHY_HOW, Expect.NONE),
    ],
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
        (rf"{_W}ποτε{_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}ποσ(?:οσ|η|ο|οι|εσ|α|ων|ουσ|ον){_E}|{_W}(?:ποιο|τι)\s+(?:ποσοστο|ποσοτητα)",
         QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}(?:ποιοσ|ποια|ποιον|ποιοι|ποιου|ποιων|ποιουσ|ποιεσ){_E}", QType.WHO,
         Expect.NAME),
        (rf"{_W}(?:που|απο\s+που){_E}", QType.WHERE, Expect.NONE),
        (rf"{_W}(?:γιατι|για\s+ποιο\s+λογο){_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:τι|ποιο){_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}πωσ{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    # Turkish, lower-cased the Turkish way ("I" -> "ı").
    "tr": [
        (rf"{_W}(?:hangi|kaç)\s+(?:yıl|tarih|yüzyıl|ay|gün|on\s+yıl)\w*", QType.WHEN, Expect.DATE),
        (rf"{_W}ne\s+zaman\w*", QType.WHEN, Expect.DATE),
        (rf"{_W}kaç\w*|{_W}ne\s+kadar\w*|{_W}ne\s+sıklıkta{_E}", QType.HOW_MANY,
         Expect.NUMBER),
        (rf"{_W}(?:kim|kimi|kime|kimin|kimden|kiminle|kimler\w*){_E}", QType.WHO, Expect.NAME),
        (rf"{_W}(?:nerede|nereye|nereden|neresi\w*|hangi\s+(?:şehir|ülke|yer)\w*){_E}",
         QType.WHERE, Expect.NONE),
        (rf"{_W}(?:neden|niçin|niye){_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:ne|neyi|neyin|nedir|hangi\w*){_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}nasıl{_E}", QType.WHY_HOW, Expect.NONE),
    ],
    "vi": [
        (rf"{_W}(?:khi\s+nào|bao\s+giờ|lúc\s+nào|năm\s+nào|ngày\s+nào|tháng\s+nào|"
         rf"thế\s+kỷ\s+nào|thập\s+kỷ\s+nào|năm\s+bao\s+nhiêu){_E}", QType.WHEN, Expect.DATE),
        (rf"{_W}(?:bao\s+nhiêu|mấy|bao\s+lâu|bao\s+xa){_E}", QType.HOW_MANY, Expect.NUMBER),
        (rf"{_W}ai{_E}", QType.WHO, Expect.NAME),
        (rf"{_W}(?:ở\s+đâu|đâu|nơi\s+nào|nước\s+nào|thành\s+phố\s+nào){_E}", QType.WHERE,
         Expect.NONE),
        (rf"{_W}(?:tại\s+sao|vì\s+sao|sao){_E}", QType.WHY_HOW, Expect.NONE),
        (rf"{_W}(?:gì|nào|cái\s+gì){_E}", QType.WHAT, Expect.NONE),
        (rf"{_W}(?:như\s+thế\s+nào|thế\s+nào|làm\s+sao|bằng\s+cách\s+nào){_E}",
         QType.WHY_HOW, Expect.NONE),
    ],
    "th": [
        (r"เมื่อไร|เมื่อไหร่|เมื่อใด|ปีใด|ปีไหน|ปีอะไร|ปีที่เท่าไร|ปีที่เท่าไหร่|ช่วงใด|ศตวรรษใด|ศตวรรษที่เท่าไร|วันที่เท่าไร",
         QType.WHEN, Expect.DATE),
        (r"ทศวรรษใด", QType.WHEN, Expect.DATE),
        (r"เท่าไร|เท่าไหร่|เท่าใด|(?<!เ)กี่", QType.HOW_MANY, Expect.NUMBER),
        (r"ใคร", QType.WHO, Expect.NONE),
        (r"ที่ไหน|ที่ใด|แห่งใด|ประเทศใด|เมืองใด|ประเทศอะไร|เมืองอะไร", QType.WHERE, Expect.NONE),
        (r"ทำไม|เพราะเหตุใด|เหตุใด", QType.WHY_HOW, Expect.NONE),
        (r"อะไร|อันไหน|ใด|ไหน", QType.WHAT, Expect.NONE),
        (r"อย่างไร|ยังไง", QType.WHY_HOW, Expect.NONE),
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
