"""Sentence ends per language: initials and abbreviations, and Thai clauses that continue."""

from __future__ import annotations

from bot.search.lang import split_sentences_for
from bot.search.lang.sentences import THAI_MIN_CHARS, _ends_with_initial


def sentences(text: str, language: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences_for(text, language)]


def test_a_full_stop_after_an_initial_does_not_end_a_sentence() -> None:
    assert sentences("इतिहासकार फ्रेडरिक डब्ल्यू. मोटे ने यह लिखा। यह दूसरा वाक्य है।", "hi") == [
        "इतिहासकार फ्रेडरिक डब्ल्यू. मोटे ने यह लिखा।", "यह दूसरा वाक्य है।"]
    assert sentences("बैठक ई. सी. जॉर्ज ने बुलाई. फिर सब चले गए.", "hi") == [
        "बैठक ई. सी. जॉर्ज ने बुलाई.", "फिर सब चले गए."]
    assert sentences("كتبها ميشيل إ. مان في عام 1999. ثم نشرت.", "ar") == [
        "كتبها ميشيل إ. مان في عام 1999.", "ثم نشرت."]
    assert sentences("أدت ولاية رئيس البلدية و. هادن إلى ذلك. انتهى.", "ar") == [
        "أدت ولاية رئيس البلدية و. هادن إلى ذلك.", "انتهى."]
    assert sentences("他见到了J.A. Smith先生。然后离开了。", "zh") == [
        "他见到了J.A. Smith先生。", "然后离开了。"]


def test_what_counts_as_an_initial() -> None:
    for text, language in (("Michael E.", "de"), ("the U.S.", "hi"), ("ขนาด 100 ตร.", "th"),
                           ("ราว ค.ศ.", "th"), ("फ्रेडरिक डब्ल्यू.", "hi"), ("البلدية و.", "ar")):
        assert _ends_with_initial(text, language), text
    # Words that end sentences: "है" (is) is one letter and a vowel sign, not an initial.
    for text, language in (("यह अच्छा है.", "hi"), ("في المدينة.", "ar"), ("เขาเห็น.", "th"),
                           ("the end.", "hi"), ("in 1999.", "ar"), ("und so...", "de")):
        assert not _ends_with_initial(text, language), text


def test_thai_clauses_that_continue_stay_in_their_sentence() -> None:
    first = "ทีมรับของแพนเธอร์สเสียไปเพียง 308 คะแนน และอยู่อันดับที่หกของลีกในฤดูกาลนั้นอย่างน่าประทับใจมาก"
    relative = "ซึ่งเป็นสถิติที่ดีที่สุดของทีมในรอบสิบปีที่ผ่านมาตามรายงานของสื่อหลายสำนักในประเทศ"
    other = "คาวันน์ ชอร์ต ผู้เล่นตำแหน่งดีเฟนซีฟแทคเกิลนำทีมด้วยการแซ็ค 11 ครั้งในฤดูกาลนี้อย่างยอดเยี่ยม"
    assert len(first) >= THAI_MIN_CHARS and len(other) >= THAI_MIN_CHARS
    paragraph = f"{first} {relative} {other}"
    found = sentences(paragraph, "th")
    # "ซึ่ง" (which) opens a relative clause: never a sentence of its own.
    assert not any(s.startswith("ซึ่ง") for s in found)
    assert any(relative in s and first in s for s in found)
    assert "".join(found).replace(" ", "") == paragraph.replace(" ", "")


def test_thai_list_openers_continue_the_sentence_before() -> None:
    first = "ทีมรับของแพนเธอร์สเสียไปเพียง 308 คะแนน และอยู่อันดับที่หกของลีกในฤดูกาลนั้นอย่างน่าประทับใจมาก"
    rest = "รวมถึงการสกัดกั้นบอล 24 ครั้งซึ่งมากที่สุดในลีกและการบังคับให้ทำบอลหลุดอีกหลายครั้งในฤดูกาล"
    other = "คาวันน์ ชอร์ต ผู้เล่นตำแหน่งดีเฟนซีฟแทคเกิลนำทีมด้วยการแซ็ค 11 ครั้งในฤดูกาลนี้อย่างยอดเยี่ยม"
    assert len(rest) >= THAI_MIN_CHARS
    found = sentences(f"{first} {rest} {other}", "th")
    # "รวมถึง" (including) opens the rest of a list: never a sentence of its own.
    assert not any(s.startswith("รวมถึง") for s in found)
    assert any(first in s and rest in s for s in found)


def test_thai_about_is_no_how_many() -> None:
    from bot.search.lang.questions import QType, question_type_in

    # "กี่" (how many) is also inside "เกี่ยวกับ" (about).
    assert question_type_in("สิ่งที่ศาลสูงกำลังพิจารณาคดีอยู่เกี่ยวกับอะไร?", "th") is QType.WHAT
    assert question_type_in("มีผู้เล่นกี่คน", "th") is QType.HOW_MANY
    assert question_type_in("สนามมีความจุเท่าใด", "th") is QType.HOW_MANY


def test_question_words_with_their_clitics_are_no_search_terms() -> None:
    from bot.search.lang import analyzer_for

    assert analyzer_for("ar").query_terms("بأي لغة ترجمت؟") == analyzer_for("ar").query_terms(
        "لغة ترجمت")
    assert analyzer_for("th").query_terms("สนามมีความจุเท่าใด") == analyzer_for(
        "th").query_terms("สนามมีความจุ")
