"""Telegram-only rendering: expandable blockquotes, quotes in context, inline entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.chat.html import MAX_MESSAGE_LENGTH, answer_to_html, context_to_html, telegram_length
from bot.chat.inline import MAX_RESULTS, answer_entries, hint_entry
from bot.search.answer import Answer, Kind, Quote, SourceRef, answer_question
from bot.search.index import Sentence, load_index
from tests.helpers.fake_bot_api import parse_telegram_html

SOURCE = SourceRef("a1", "Title <b>&</b>", "Outlet & Co", "https://e.com/a?x=1&y=2",
                   "2024-04-17")


def quote(text: str) -> Quote:
    return Quote(text, 1.0, (SOURCE,), (Sentence("a1", 0, 0, text),))


def test_only_long_quotes_are_expandable() -> None:
    answer = Answer("q", Kind.ANSWER, (quote("Short & sweet."), quote("Long <x> " * 80)))
    rendered = answer_to_html(answer, expand_over=300)
    assert rendered.count("<blockquote>") == 1
    assert rendered.count("<blockquote expandable>") == 1
    assert "<blockquote>" in answer_to_html(answer)  # off by default
    assert "expandable" not in answer_to_html(answer)
    parse_telegram_html(rendered)


@pytest.mark.parametrize("text", ["x" * 9000, "a & b < c " * 1500])
def test_a_huge_expandable_quote_still_fits(text: str) -> None:
    rendered = answer_to_html(Answer("q", Kind.ANSWER, (quote(text),)), expand_over=300)
    assert telegram_length(rendered) <= MAX_MESSAGE_LENGTH
    assert rendered.startswith("<blockquote expandable>")
    parse_telegram_html(rendered)


def sentences(texts: list[str], paragraphs: list[int] | None = None) -> list[Sentence]:
    paragraphs = paragraphs or [0] * len(texts)
    pairs = zip(texts, paragraphs, strict=True)
    return [Sentence("a1", n, p, t) for n, (t, p) in enumerate(pairs)]


def test_context_bolds_the_quote_and_escapes_everything() -> None:
    around = sentences(["Before <a>.", "The quote & more.", "After.", "New paragraph."],
                       [0, 0, 0, 1])
    text = context_to_html(around, around[1], SOURCE)
    assert text == (
        "<blockquote>Before &lt;a&gt;. <b>The quote &amp; more.</b> After.\n\n"
        "New paragraph.</blockquote>\n"
        '— <a href="https://e.com/a?x=1&amp;y=2">Outlet &amp; Co</a>, 17 Apr 2024: '
        "<i>Title &lt;b&gt;&amp;&lt;/b&gt;</i>"
    )
    parse_telegram_html(text)


def test_long_context_is_expandable_and_drops_far_sentences_first() -> None:
    around = sentences([f"Far {'word ' * 400}.", "Near.", "Quote.", "Near after.",
                        f"Far after {'word ' * 400}."])
    text = context_to_html(around, around[2], SOURCE)
    assert telegram_length(text) <= MAX_MESSAGE_LENGTH
    assert text.startswith("<blockquote expandable>")
    assert "<b>Quote.</b>" in text and "Near." in text and "Near after." in text
    parse_telegram_html(text)
    small = context_to_html(around, around[2], SOURCE, limit=300)
    assert telegram_length(small) <= 300 and "<b>Quote.</b>" in small


def test_a_huge_focus_sentence_is_cut() -> None:
    around = sentences(["Huge " * 2000])
    text = context_to_html(around, around[0], SOURCE)
    assert telegram_length(text) <= MAX_MESSAGE_LENGTH and "…" in text
    parse_telegram_html(text)


def test_inline_entries_one_per_quote(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    answer = answer_question(index, "comet", top=10)
    entries = answer_entries(answer)
    assert len(entries) == len(answer.quotes) >= 2
    assert len({e.id for e in entries}) == len(entries)
    for entry, item in zip(entries, answer.quotes, strict=True):
        assert len(entry.id.encode()) <= 64
        assert item.text.startswith(entry.title.rstrip("…"))
        assert entry.description.startswith(item.sources[0].source)
        assert entry.html.count("<blockquote") == 1
        assert entry.page.answer.quotes == (item,)
        parse_telegram_html(entry.html)


def test_inline_entries_cap_and_describe_shared_quotes() -> None:
    other = SourceRef("a2", "T2", "Other", "https://o.example/", "2024-04-18")
    same = "Same sentence."
    shared = Quote(same, 1.0, (SOURCE, other),
                   (Sentence("a1", 0, 0, same), Sentence("a2", 0, 0, same)))
    many = Answer("q", Kind.ANSWER, (shared,) + tuple(quote(f"Q {n}.") for n in range(60)))
    entries = answer_entries(many)
    assert len(entries) == MAX_RESULTS
    assert entries[0].description == "Outlet & Co, 17 Apr 2024 (and 1 more)"


def test_inline_entry_for_no_answer(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    [entry] = answer_entries(answer_question(index, "capital of france"))
    assert entry.title == "Not in my articles"
    assert not entry.page.answer.answered
    parse_telegram_html(entry.html)
    assert hint_entry("<i>x</i>", "t", "d").id == "hint"
