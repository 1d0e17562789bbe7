"""Sentence splitting per language: spans into the paragraph, so quotes stay the article's text.

- Languages written with spaces and a full stop (Latin, Cyrillic, Greek scripts): NLTK's Punkt
  with a short list of that language's abbreviations, then fragments joined as for English.
- Chinese and Japanese: after 。！？ (and their ASCII forms), with any closing quote or bracket.
- Arabic, Persian and Urdu: after . ! ? ؟ ۔ followed by a space (no capitals to look at).
- Hindi and the other Indic scripts: after । ॥ ? ! and a full stop followed by a space.
- Thai, which marks no sentence end at all: PyThaiNLP's CRF model (shipped in its wheel),
  whose sentences are mapped back onto the paragraph's offsets.
English keeps bot.search.text.split_sentences (datelines, its own abbreviations).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from bot.search.lang.stopwords import abbreviations

Span = tuple[int, int]
Splitter = Callable[[str], list[Span]]

CJK = frozenset({"zh", "ja", "ko"})
ARABIC_SCRIPT = frozenset({"ar", "fa", "ur", "ps", "ku", "sd", "ug"})
INDIC = frozenset({"hi", "mr", "ne", "bn", "pa", "gu", "or", "sa", "as"})
THAI = frozenset({"th"})

_CJK_END = re.compile(r"[。！？!?]+[”’」』）)\"'】]*|[.．](?=\s|$)")
_ARABIC_END = re.compile(r"[.!?؟۔]+[\"'”»)]*(?=\s)")
_INDIC_END = re.compile(r"[।॥?!]+[\"'”)]*|\.(?=\s)")
# German, Dutch and the Nordic languages write ordinals with a full stop: "am 3. Oktober",
# "im 19. Jahrhundert", "(5. Rang in Polen)". A one- or two-digit number and a stop never end
# a sentence there.
_ORDINAL_STOP = frozenset({"de", "da", "no", "fi", "is", "et", "cs", "sk", "hu", "sl", "hr", "sr",
                           "pl", "lv", "lt", "tr"})
# Greek's question mark is ";" (its semicolon is "·"): it ends a sentence before a capital.
_GREEK_QUESTION = re.compile(r";(?=\s+[\"'“«(]?[Α-ΩΆ-Ώ])")
# Thai sentences shorter than this are clauses to join (with the joins below; chosen on XQuAD's
# even half: 50 -> P@1 0.655, 55 -> 0.658, 60 -> 0.668, 65 -> ..., 1,136 sentences on its Thai
# paragraphs at 60, English's 1,182).
THAI_MIN_CHARS = 60
_ORDINAL = re.compile(r"(?:^|[\s(\[„“\"'])\d{1,2}\.$")

# A full stop after an initial or a short abbreviation does not end a sentence: "Michael E.
# Mann", "फ्रेडरिक डब्ल्यू. मोटे", "ميشيل إ. مان", "ตร.กม." (XQuAD's Hindi paragraphs had 35 such
# cuts, Thai 20, Arabic 15). An initial is one letter with its marks, in any script, or the
# name of a Latin letter as the language spells it.
_LETTER_NAMES: dict[str, frozenset[str]] = {
    "hi": frozenset("ए बी सी डी ई एफ जी एच आई जे के एल एम एन ओ पी क्यू आर एस टी यू वी "
                    "डब्ल्यू एक्स वाई ज़ेड जेड डॉ श्री सं स्व".split()),
    "ar": frozenset("إي اي بي سي دي إف جي إتش اتش آي جيه كيه إل ال إم ام إن أو كيو آر إس "
                    "تي يو في دبليو إكس واي زد د م ج".split()),
    "th": frozenset("เอ บี ซี ดี อี เอฟ จี เอช ไอ เจ เค แอล เอ็ม เอ็น โอ พี คิว อาร์ เอส ที ยู "
                    "วี ดับเบิลยู เอ็กซ์ วาย แซด ตร กม ม มม ซม ดร นาย พ.ศ ค.ศ พ.ต ศ".split()),
}
# A Thai piece that opens with one of these continues the sentence before it (a relative
# clause, "by", "so", "causing", a unit after its number; "including", "as well as", "namely",
# which open the rest of a list), and so does one after a piece ending in a word that needs
# what follows ("can", "such as", "that", "and", "of"). The list openers: XQuAD Thai's
# even half, P@1 0.673 -> 0.678 (odd 0.768, unchanged), 1,150 -> 1,142 sentences, sentence
# counts per paragraph nearer the English paragraphs' (145 -> 142 sentences apart in all).
_THAI_CONTINUES = ("ซึ่ง", "โดย", "จึง", "ทำให้", "ที่", "ของ", "ว่า", "หรือ", "กม.", "ตร.", "กับ",
                   "เพื่อ", "แต่", "รวมถึง", "รวมไปถึง", "เช่นเดียวกับ", "ได้แก่")
_THAI_OPEN_END = ("ได้", "เช่น", "ว่า", "และ", "หรือ", "ของ", "ที่", "กับ", "จึง", "ให้", "โดย",
                  "ซึ่ง", "คือ", "ใน", "จาก", "เป็น")


_LATIN_TAIL = re.compile(r"[A-Za-z.]*$")


def _ends_with_initial(text: str, language: str) -> bool:
    """True if the text ends in a full stop after an initial ("E.", "و.", "U.S.") or a letter's
    name or a short abbreviation of the language ("डब्ल्यू.", "ตร.")."""
    if not text.endswith(".") or text.endswith(".."):
        return False
    words = text[:-1].rsplit(None, 1)
    word = words[-1].lstrip("(\"'“«") if words else ""
    if len(word) == 1 and word.isalpha():
        return True
    tail = _LATIN_TAIL.search(word)  # "J.A" also in "他见到了J.A." (no spaces)
    latin = tail.group() if tail is not None else ""
    if latin and (latin == word or not word[-len(latin) - 1].isascii()) and all(
            len(part) == 1 and part.isupper() for part in latin.split(".")):
        return True
    return word in _LETTER_NAMES.get(language, frozenset())


def _join_initials(paragraph: str, spans: list[Span], language: str) -> list[Span]:
    """Join a span that ends after an initial ("डब्ल्यू.") to the span after it."""
    merged: list[Span] = []
    for begin, end in spans:
        if merged and _ends_with_initial(paragraph[merged[-1][0]:merged[-1][1]], language):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


def _trimmed(paragraph: str, spans: list[Span]) -> list[Span]:
    """Spans with white space trimmed from both ends; empty ones dropped."""
    out: list[Span] = []
    for begin, end in spans:
        while begin < end and (paragraph[begin].isspace() or paragraph[begin] == "\ufeff"):
            begin += 1
        while end > begin and paragraph[end - 1].isspace():
            end -= 1
        if end > begin:
            out.append((begin, end))
    return out


def _by_marks(pattern: re.Pattern[str], language: str) -> Splitter:
    def split(paragraph: str) -> list[Span]:
        spans: list[Span] = []
        start = 0
        for match in pattern.finditer(paragraph):
            spans.append((start, match.end()))
            start = match.end()
        spans.append((start, len(paragraph)))
        joined = _join_markless(paragraph, _trimmed(paragraph, spans))
        return _join_initials(paragraph, joined, language)
    return split


def _join_markless(paragraph: str, spans: list[Span]) -> list[Span]:
    """Join a span with no letter or digit (a lone quote or bracket) to the one before."""
    merged: list[Span] = []
    for begin, end in spans:
        if merged and not any(ch.isalnum() for ch in paragraph[begin:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    return merged


@cache
def _punkt(language: str) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations(language))
    return PunktSentenceTokenizer(params)


def _greek_questions(paragraph: str, spans: list[Span]) -> list[Span]:
    """Spans cut again after each Greek question mark."""
    out: list[Span] = []
    for begin, end in spans:
        for match in _GREEK_QUESTION.finditer(paragraph, begin, end):
            out.append((begin, match.end()))
            begin = match.end()
        out.append((begin, end))
    return out


def _punkt_splitter(language: str) -> Splitter:
    tokenizer = _punkt(language)
    ordinals = language in _ORDINAL_STOP

    def split(paragraph: str) -> list[Span]:
        spans = list(tokenizer.span_tokenize(paragraph))
        if language == "el":
            spans = _greek_questions(paragraph, spans)
        spans = _trimmed(paragraph, spans)
        merged: list[Span] = []
        for begin, end in spans:
            text = paragraph[begin:end]
            starts_lower = text[:1].islower() and not text[1:2].isupper()
            after_ordinal = bool(merged) and ordinals and bool(
                _ORDINAL.search(paragraph[merged[-1][0]:merged[-1][1]]))
            if merged and (starts_lower or after_ordinal or not any(ch.isalnum() for ch in text)):
                merged[-1] = (merged[-1][0], end)
            else:
                merged.append((begin, end))
        return merged
    return split


def _thai(paragraph: str) -> list[Span]:
    from pythainlp.tokenize import sent_tokenize

    spans: list[Span] = []
    at = 0
    for sentence in sent_tokenize(paragraph, engine="crfcut"):
        piece = str(sentence).strip()
        if not piece:
            continue
        found = paragraph.find(piece, at)
        if found < 0:  # the model changed the text (it should not): keep the rest whole
            break
        spans.append((found, found + len(piece)))
        at = found + len(piece)
    if at < len(paragraph) and paragraph[at:].strip():
        spans.append((at, len(paragraph)))
    # The model cuts at most spaces, clauses too: a piece shorter than THAI_MIN_CHARS is
    # joined to the next one, and so is a piece that the next one continues (_THAI_CONTINUES,
    # _THAI_OPEN_END, an initial); a short last piece is joined to the one before.
    merged: list[Span] = []
    for begin, end in _trimmed(paragraph, spans):
        previous = paragraph[merged[-1][0]:merged[-1][1]] if merged else ""
        if merged and (len(previous) < THAI_MIN_CHARS
                       or paragraph.startswith(_THAI_CONTINUES, begin)
                       or previous.endswith(_THAI_OPEN_END)
                       or _ends_with_initial(previous, "th")):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((begin, end))
    if len(merged) > 1 and merged[-1][1] - merged[-1][0] < THAI_MIN_CHARS // 2:
        merged[-2:] = [(merged[-2][0], merged[-1][1])]
    return merged


@cache
def splitter(language: str) -> Splitter:
    """The sentence splitter for an ISO 639-1 code (English's is bot.search.text's)."""
    if language in CJK:
        return _by_marks(_CJK_END, language)
    if language in ARABIC_SCRIPT:
        return _by_marks(_ARABIC_END, language)
    if language in INDIC:
        return _by_marks(_INDIC_END, language)
    if language in THAI:
        return _thai
    return _punkt_splitter(language)
