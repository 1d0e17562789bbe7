"""Relative dates in a quote ("Wednesday", "last year") resolved against its publication date.

Pure, stdlib only: news uses a handful of relative forms, and their meaning depends on the
tense of the sentence ("said Wednesday" is the past one, "will meet on Wednesday" the next one),
which general date parsers do not look at. The quote's text is never changed: callers get
character spans and a label to show beside them ("Wednesday [17 Apr 2024]").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(_MONTHS)} | {"sept": 9}
_UNITS = ("day", "week", "month", "year")
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                 "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                 "twelve": 12}
_WEEKDAY_TITLE = "|".join(day.title() for day in _WEEKDAYS)

# Longest forms first. Month and weekday names must be capitalised ("may" is a verb).
_EXPRESSION = re.compile(
    rf"""\b(?:
        (?P<rel_unit>(?i:this|last|next|past))\s+(?P<unit>(?i:week|weekend|month|year))
      | (?P<rel_day>(?i:last|next|this|on))?\s*(?P<weekday>{_WEEKDAY_TITLE})
      | (?P<ago_n>\d+|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))
            \s+(?P<ago_unit>(?i:days?|weeks?|months?|years?))\s+(?P<ago_dir>(?i:ago|earlier))
      | (?P<day_words>(?i:today|tonight|yesterday|tomorrow))
      | (?P<rel_month>(?i:last|next|this|in|since|until|by|from))?\s*(?P<month>[A-Z][a-z]+)\.?
            (?:\s+(?P<month_day>\d{{1,2}})(?:st|nd|rd|th)?)?(?!,?\s+\d{{4}})(?!\s+\d)
      | (?P<day_first>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>[A-Z][a-z]+)\.?
            (?!,?\s+\d{{4}})
    )\b""",
    re.VERBOSE,
)
# Words that put the sentence in the future: a bare weekday then means the next one.
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is\s+due|are\s+due|scheduled|expected\s+to|set\s+to|plans?\s+to|"
    r"is\s+to|are\s+to|going\s+to|next|upcoming|later\s+this)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A relative date expression in a text and the day (or days) it means."""

    start: int
    end: int
    text: str
    first: dt.date  # the first day meant
    last: dt.date  # the last day meant (== first for a single day)
    label: str  # how to show it: "17 Apr 2024", "15–21 Apr 2024", "Sep 2023", "2023"


def _day(date: dt.date) -> str:
    return f"{date.day} {date:%b %Y}"


def _range_label(first: dt.date, last: dt.date) -> str:
    if first == last:
        return _day(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%b %Y}"
    if first.year == last.year:
        return f"{first.day} {first:%b} – {last.day} {last:%b %Y}"
    return f"{_day(first)} – {_day(last)}"


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def _month_end(year: int, month: int) -> dt.date:
    return _month_start(year, month + 1) - dt.timedelta(days=1)


def _add_months(date: dt.date, months: int) -> dt.date:
    start = _month_start(date.year, date.month + months)
    return min(date.replace(year=start.year, month=start.month, day=1)
               + dt.timedelta(days=date.day - 1), _month_end(start.year, start.month))


def _month_number(name: str) -> int | None:
    lowered = name.lower()
    if lowered in _MONTHS:
        return _MONTHS.index(lowered) + 1
    if name[0].isupper() and lowered in _MONTH_ABBR:
        return _MONTH_ABBR[lowered]
    return None


def _unit_span(unit: str, relation: str, published: dt.date) -> tuple[dt.date, dt.date, str]:
    """'this week', 'last month', 'next year' ... as first day, last day, label."""
    shift = {"this": 0, "past": -1, "last": -1, "next": 1}[relation]
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=shift)
        sunday = monday + dt.timedelta(days=6)
        return monday, sunday, _range_label(monday, sunday)
    if unit == "weekend":
        saturday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=5)
        if shift < 0 or (shift == 0 and published.weekday() < 5 and relation == "last"):
            saturday -= dt.timedelta(weeks=1)
        elif shift > 0:
            saturday += dt.timedelta(weeks=1) if published.weekday() >= 5 else dt.timedelta()
        sunday = saturday + dt.timedelta(days=1)
        return saturday, sunday, _range_label(saturday, sunday)
    if unit == "month":
        first = _month_start(published.year, published.month + shift)
        last = _month_end(first.year, first.month)
        return first, last, f"{first:%b %Y}"
    year = published.year + shift
    return dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)


def _weekday(name: str, relation: str, future: bool, published: dt.date) -> dt.date:
    """The date of a weekday named in an article published on `published`."""
    target = _WEEKDAYS.index(name.lower())
    back = (published.weekday() - target) % 7  # days since the last such day (0: today)
    ahead = (target - published.weekday()) % 7
    if relation == "last":
        return published - dt.timedelta(days=back or 7)
    if relation == "next":
        return published + dt.timedelta(days=ahead or 7)
    if future:
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def _month(month: int, day: int | None, relation: str, future: bool,
           published: dt.date) -> tuple[dt.date, dt.date, str]:
    """A month (and maybe a day) without a year: the year it most likely has."""
    year = published.year
    if day is not None and relation in ("", "on", "by", "until", "from", "since") and not future:
        # A day named without a year is most often the nearest one ("talks end on 5 May").
        options = []
        for candidate in (year - 1, year, year + 1):
            try:
                options.append(dt.date(candidate, month, day))
            except ValueError:
                continue
        if options:
            date = min(options, key=lambda d: abs((d - published).days))
            return date, date, _day(date)
    if relation == "last" or (relation not in ("next", "this") and not future):
        # The latest such month not after the publication ("last September": strictly before).
        if month > published.month or (relation == "last" and month == published.month):
            year -= 1
    elif relation == "next" or future:
        if month < published.month or (relation == "next" and month == published.month):
            year += 1
    if day is not None:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            date = _month_start(year, month)
        return date, date, _day(date)
    first = _month_start(year, month)
    return first, _month_end(year, month), f"{first:%b %Y}"


def resolve_dates(text: str, published: dt.date) -> list[DateMention]:
    """Every relative date expression in `text`, resolved against the publication date."""
    future = bool(_FUTURE.search(text))
    mentions: list[DateMention] = []
    for match in _EXPRESSION.finditer(text):
        groups = match.groupdict()
        start, end = match.span()
        resolved = _resolve(groups, future, published)
        if resolved is None:
            continue
        first, last, label = resolved
        # Keep prepositions ("on", "in") out of the shown expression.
        lead = groups.get("rel_day") or groups.get("rel_month")
        if lead and lead.lower() in ("on", "in", "since", "until", "by", "from"):
            start = text.index(lead, start) + len(lead)
        while start < end and text[start].isspace():
            start += 1
        mentions.append(DateMention(start, end, text[start:end], first, last, label))
    return mentions


def _resolve(groups: dict[str, str | None], future: bool,
             published: dt.date) -> tuple[dt.date, dt.date, str] | None:
    if groups["unit"]:
        return _unit_span(groups["unit"].lower(), (groups["rel_unit"] or "").lower(), published)
    if groups["weekday"]:
        relation = (groups["rel_day"] or "").lower()
        date = _weekday(groups["weekday"], relation, future and relation != "this", published)
        return date, date, _day(date)
    if groups["ago_n"]:
        word = groups["ago_n"].lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        unit = (groups["ago_unit"] or "").lower().rstrip("s")
        if unit == "day":
            date = published - dt.timedelta(days=n)
            return date, date, _day(date)
        if unit == "week":
            date = published - dt.timedelta(weeks=n)
            return date, date, f"~{_day(date)}"
        if unit == "month":
            date = _add_months(published, -n)
            return date, date, f"{date:%b %Y}"
        return (dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31),
                str(published.year - n))
    if groups["day_words"]:
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[
            groups["day_words"].lower()]
        date = published + dt.timedelta(days=shift)
        return date, date, _day(date)
    name = groups["month"] or groups["month2"]
    if name:
        month = _month_number(name)
        if month is None:
            return None
        relation = (groups["rel_month"] or "").lower()
        if name.lower() == "may" and not (groups["month_day"] or groups["day_first"]) \
                and relation not in ("last", "next", "this", "in", "since", "until", "by"):
            return None  # "may" the verb, capitalised at the start of a sentence
        day_text = groups["month_day"] or groups["day_first"]
        return _month(month, int(day_text) if day_text else None, relation, future, published)
    return None
