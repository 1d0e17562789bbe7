"""Dates and numbers in sentences of other languages (bot/search/lang/kinds.py via spans)."""

from __future__ import annotations

import pytest

from bot.search.lang import kinds
from bot.search.qtypes import Expect
from bot.search.spans import novel, typed_spans
from bot.search.text import raw_tokens


def found(text: str, expect: Expect, language: str) -> list[str]:
    return [text[a:b] for a, b in typed_spans(text, expect, language)]


@pytest.mark.parametrize(("language", "text", "expect", "wanted"), [
    ("ru", "17 апреля 2000 года и в 1990-х годах", Expect.DATE,
     ["17 апреля 2000 года", "1990-х годах"]),
    ("ar", "في أبريل ١٩٩١ وفي التسعينيات", Expect.DATE, ["أبريل ١٩٩١", "التسعينيات"]),
    ("hi", "अप्रैल 1991 में और १९९३ में", Expect.DATE, ["अप्रैल 1991", "१९९३"]),
    ("th", "เมื่อเดือนเมษายน พ.ศ. 2534", Expect.DATE, ["เมษายน พ.ศ. 2534"]),
    ("de", "Er kam zweimal, mit vier Freunden und einundzwanzig Pferden.", Expect.NUMBER,
     ["zweimal", "vier", "einundzwanzig"]),
    ("ru", "Команда выиграла с четырьмя очками, дважды; шестикратный чемпион.", Expect.NUMBER,
     ["четырьмя", "дважды", "шестикратный"]),
    ("es", "Ganó dos veces y cuatro partidos.", Expect.NUMBER, ["dos", "cuatro"]),
    ("ar", "فاز الفريق أربعة مرات ومرتين", Expect.NUMBER, ["أربعة", "ومرتين"]),
    # A dual says "two" (not the -ستان of a country's name); fractions in words.
    ("ar", "في المدينة جامعتان وزار باكستان ثم محي ثلثي سكانها", Expect.NUMBER,
     ["جامعتان", "ثلثي"]),
    ("hi", "चार टीमें दो बार जीतीं", Expect.NUMBER, ["चार", "दो बार"]),
    ("th", "ทีมชนะสองครั้ง", Expect.NUMBER, ["สองครั้ง"]),
])
def test_dates_and_numbers_of_other_languages(language: str, text: str, expect: Expect,
                                              wanted: list[str]) -> None:
    assert found(text, expect, language) == wanted


def test_word_edges_keep_longer_words_out() -> None:
    # "высот" (heights) is no hundred, "สามารถ" (can) holds "สาม" (three), "ห้าม" (forbid)
    # holds "ห้า" (five), "und"/"ein" alone are no numbers.
    assert found("Он достиг высот.", Expect.NUMBER, "ru") == []
    assert found("เขาสามารถห้ามได้", Expect.NUMBER, "th") == []
    assert found("Und ein Mann kam.", Expect.NUMBER, "de") == []


def test_english_is_untouched() -> None:
    text = "On 17 April 2024 two men came; zwei Männer, четыре человека, ١٩٩١."
    for expect in (Expect.DATE, Expect.NUMBER, Expect.NAME, Expect.PLACE):
        assert typed_spans(text, expect) == typed_spans(text, expect, "english")
    assert found(text, Expect.NUMBER, "english") == ["17", "2024", "two", "١٩٩١"]


def test_left_out_kinds_are_not_used_and_can_be_measured() -> None:
    # Chinese numerals lowered P@1 on XQuAD's even half: left out, but measurable.
    assert ("zh", "number") in kinds.LEFT_OUT
    assert found("他们赢了四次", Expect.NUMBER, "zh") == []
    try:
        kinds.leave_out(set())
        assert found("他们赢了四次", Expect.NUMBER, "zh") == ["四次"]
    finally:
        kinds.leave_out(kinds.LEFT_OUT)
    assert found("他们赢了四次", Expect.NUMBER, "zh") == []


def test_a_number_word_torn_into_letters_still_counts_as_new() -> None:
    # raw_tokens tears Devanagari words at their vowel signs; the question holds such letters.
    text = "चार टीमें"
    question = "कितनी टीमें चार्ट पर थीं?"
    span = typed_spans(text, Expect.NUMBER, "hi")[0]
    assert novel(text, span, set(raw_tokens(question)))
    assert not novel("in 2020", (3, 7), {"2020"})


def test_names_and_places_where_capitals_mark_them() -> None:
    text = "Победу одержал Пейтон Мэннинг, а затем он уехал в Москву."
    assert found(text, Expect.NAME, "ru") == ["Пейтон Мэннинг", "Москву"]
    assert found(text, Expect.PLACE, "ru") == ["Москву"]
    # The sentence's first word alone is a capital, not a name ("Meciul", "El").
    assert found("Meciul a avut loc în Santa Clara.", Expect.NAME, "ro") == ["Santa Clara"]
    assert found("Meciul a avut loc în Santa Clara.", Expect.PLACE, "ro") == ["Santa Clara"]
    assert found("El premio lo ganó la Universidad de Chicago.", Expect.NAME, "es") == [
        "Universidad de Chicago"]
    # German capitals mark every noun: the English rule stays (no name is expected there).
    assert kinds.name_spans("Der Hund lief.", "de") is None
