"""Where the kind of number a question asks for stands in a sentence: ages, durations, money,
shares; and numbers with units written onto them."""

from __future__ import annotations

import pytest

from bot.search.qtypes import Expect, Unit
from bot.search.spans import answer_spans, typed_spans, unit_spans


@pytest.mark.parametrize(
    ("text", "unit", "found"),
    [
        ("Bobby Darin died aged 37 in 1973.", Unit.AGE, ["37"]),
        ("The 74-year-old said in 2004, he had 3 cats.", Unit.AGE, ["74"]),
        ("Jackie Stallone, 71, has 2 sons.", Unit.AGE, ["71"]),
        ("In 2004, 3 people came.", Unit.AGE, []),  # a comma alone is no age
        ("It lasts between 20 and 25 minutes, said 3 people.", Unit.DURATION, ["25"]),
        ("He got a five-year suspension in 2001.", Unit.DURATION, ["five"]),
        ("The pair face up to seven years in jail, 2 men said.", Unit.DURATION, ["seven"]),
        ("He left 3 years ago.", Unit.DURATION, []),
        ("It took $22m (£11.7m) in 3 days.", Unit.MONEY, ["$22m", "£11.7m"]),
        ("a debt of more than 6.10 billion Canadian dlrs in 1986", Unit.MONEY, ["6.10 billion"]),
        ("Sales rose 20 pct from 3 mln units.", Unit.SHARE, ["20"]),
        ("Nearly three out of four girls, 12 of them", Unit.SHARE, ["three"]),
        ("Unemployment is 9.6% in 2004.", Unit.SHARE, ["9.6%"]),
    ],
)
def test_unit_spans(text: str, unit: Unit, found: list[str]) -> None:
    assert [text[a:b] for a, b in unit_spans(text, unit)] == found


def test_units_written_onto_numbers() -> None:
    text = "The deficit was $412bn, the runway £2bn and 50m passengers paid 300p."
    assert [text[a:b] for a, b in typed_spans(text, Expect.NUMBER)] == [
        "$412bn", "£2bn", "50m", "300p"]


def test_answer_spans_prefer_the_unit_asked_for() -> None:
    text = "Corbett, the 74-year-old star of 2 series, said so in 2004."
    assert [text[a:b] for a, b in answer_spans(text, Expect.NUMBER, "how old is corbett?",
                                              Unit.AGE)] == ["74"]
    # No number of the unit: all numbers, as without one.
    assert [text[a:b] for a, b in answer_spans(text, Expect.NUMBER, "how much did it cost?",
                                              Unit.MONEY)] == ["74", "2", "2004"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Set in her native Dartford, the film tells a story.", ["Dartford"]),
        ("The mine is in northwestern Ontario.", ["Ontario"]),
        ("He lives in the United States.", ["United States"]),
        ("The band ended up in 15th place in the poll.", ["15th place"]),
        ("Sales rose in March.", []),  # a month is no place
    ],
)
def test_place_spans(text: str, found: list[str]) -> None:
    assert [text[a:b] for a, b in typed_spans(text, Expect.PLACE)] == found


def test_amounts_without_digits() -> None:
    text = "The bank may cut its rate by a quarter point within some months."
    assert [text[a:b] for a, b in typed_spans(text, Expect.NUMBER)] == [
        "a quarter point", "some months"]
    question = "how long will it take"
    assert [text[a:b] for a, b in answer_spans(text, Expect.NUMBER, question,
                                               Unit.DURATION)] == ["some months"]
