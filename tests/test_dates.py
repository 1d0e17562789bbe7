"""Relative dates resolved against a publication date (Wednesday 17 April 2024)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.search.dates import resolve_dates

PUBLISHED = dt.date(2024, 4, 17)  # a Wednesday


def labels(text: str, published: dt.date = PUBLISHED) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in resolve_dates(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the Kremlin said Wednesday.", [("Wednesday", "17 Apr 2024")]),
        ("Asked on Wednesday about the reports", [("Wednesday", "17 Apr 2024")]),
        ("Talks were held on Monday.", [("Monday", "15 Apr 2024")]),
        ("Talks were held on Thursday.", [("Thursday", "11 Apr 2024")]),
        ("He will visit on Thursday.", [("Thursday", "18 Apr 2024")]),
        ("They met last Wednesday.", [("last Wednesday", "10 Apr 2024")]),
        ("They meet next Monday.", [("next Monday", "22 Apr 2024")]),
        ("state media reported this week", [("this week", "15–21 Apr 2024")]),
        ("It happened last week.", [("last week", "8–14 Apr 2024")]),
        ("from separatists last year,", [("last year", "2023")]),
        ("It will end next year.", [("next year", "2025")]),
        ("Prices rose last month.", [("last month", "Mar 2024")]),
        ("Last September, Baku took over", [("Last September", "Sep 2023")]),
        ("in September the offensive began", [("September", "Sep 2023")]),
        ("in March the talks began", [("March", "Mar 2024")]),
        ("Talks end on 5 May.", [("5 May", "5 May 2024")]),
        ("yesterday and today", [("yesterday", "16 Apr 2024"), ("today", "17 Apr 2024")]),
        ("two days ago", [("two days ago", "15 Apr 2024")]),
        ("three years ago", [("three years ago", "2021")]),
        ("last weekend", [("last weekend", "13–14 Apr 2024")]),
    ],
)
def test_resolve(text: str, expected: list[tuple[str, str]]) -> None:
    assert labels(text) == expected


@pytest.mark.parametrize(
    "text",
    ["May God help us.", "The offensive of 2020 ended.", "On 7 February 2016 it opened.",
     "March 3, 2021 was a Wednesday, 2021.", "a may pole", "no dates here"],
)
def test_absolute_or_no_dates_are_left_alone(text: str) -> None:
    assert [m.text for m in resolve_dates(text, PUBLISHED) if m.text.lower() != "wednesday"] \
        == []


def test_spans_point_at_the_exact_words() -> None:
    text = "Asked on Wednesday about it, he said the plan began last year."
    for mention in resolve_dates(text, PUBLISHED):
        assert text[mention.start:mention.end] == mention.text
    assert [m.first for m in resolve_dates(text, PUBLISHED)] == [PUBLISHED, dt.date(2023, 1, 1)]


def test_month_boundaries() -> None:
    assert labels("last month", dt.date(2024, 1, 10)) == [("last month", "Dec 2023")]
    assert labels("this week", dt.date(2024, 12, 31)) == [
        ("this week", "30 Dec 2024 – 5 Jan 2025")]
