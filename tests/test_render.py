"""Rendering: the JSON schema, escaped HTML within Telegram's limit, readable terminal text."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from bot.chat.html import MAX_MESSAGE_LENGTH, answer_to_html, telegram_length
from bot.corpus import Article, write_article
from bot.search.answer import Answer, Kind, Quote, SourceRef, answer_question
from bot.search.index import Sentence, load_index
from bot.search.render import answer_to_json, answer_to_text

SOURCE = SourceRef("a1", "Title <b>&</b>", "Outlet & Co", "https://e.com/a?x=1&y=\"2\"",
                   "2024-04-17T17:50:00+05:00")


def quote(text: str, sources: tuple[SourceRef, ...] = (SOURCE,)) -> Quote:
    return Quote(text, 1.5, sources, tuple(Sentence(s.article_id, 0, 0, text) for s in sources))


def test_json_schema_is_exact(mini_corpus: Path) -> None:
    index = load_index(mini_corpus)[1]
    data = answer_to_json(answer_question(index, "when did the strike end?"))
    # The contract: these fields, never renamed or removed; fields may be added (listed here so
    # an addition is deliberate).
    assert set(data) == {"question", "answered", "quotes", "corrections", "context"}
    assert data["context"] is None  # a question asked on its own
    assert data["question"] == "when did the strike end?" and data["answered"] is True
    for item in data["quotes"]:
        assert set(item) == {"text", "score", "sources", "highlights", "dates"}
        assert isinstance(item["text"], str) and isinstance(item["score"], float)
        for source in item["sources"]:
            assert set(source) == {"article_id", "title", "source", "url", "published"}
            assert all(isinstance(v, str) for v in source.values())
    json.dumps(data)


def test_json_when_not_answered(mini_corpus: Path) -> None:
    index = load_index(mini_corpus)[1]
    data = answer_to_json(answer_question(index, "capital of France"))
    assert data == {"question": "capital of France", "answered": False, "quotes": [],
                    "corrections": [], "context": None}


def test_html_escapes_article_text_and_uses_blockquotes() -> None:
    answer = Answer("q", Kind.ANSWER, (quote("He wrote <script>alert(1)</script> & left."),))
    rendered = answer_to_html(answer)
    assert "<script>" not in rendered
    assert "<blockquote>He wrote &lt;script&gt;alert(1)&lt;/script&gt; &amp; left.</blockquote>" in (
        rendered
    )
    assert '<a href="https://e.com/a?x=1&amp;y=&quot;2&quot;">Outlet &amp; Co</a>' in rendered
    assert "<i>Title &lt;b&gt;&amp;&lt;/b&gt;</i>" in rendered
    assert "17 Apr 2024" in rendered
    # Only the tags we put there.
    assert set(re.findall(r"</?([a-z]+)", rendered)) == {"blockquote", "a", "i"}


def test_html_for_messages_is_escaped() -> None:
    answer = Answer("<b>", Kind.NOT_FOUND, message="Not in <my> articles & co")
    assert answer_to_html(answer) == "Not in &lt;my&gt; articles &amp; co"


def test_html_never_exceeds_the_limit_and_drops_whole_quotes() -> None:
    quotes = tuple(quote(f"Sentence number {i} " + "word " * 300) for i in range(10))
    rendered = answer_to_html(Answer("q", Kind.ANSWER, quotes))
    assert telegram_length(rendered) <= MAX_MESSAGE_LENGTH
    assert rendered.count("<blockquote>") == rendered.count("</blockquote>") >= 2
    assert "…" not in rendered  # whole quotes only


@pytest.mark.parametrize("text", ["x" * 9000, "a & b < c " * 1500, "😀 " * 5000])
def test_a_single_huge_quote_is_cut_to_fit(text: str) -> None:
    rendered = answer_to_html(Answer("q", Kind.ANSWER, (quote(text),)))
    assert telegram_length(rendered) <= MAX_MESSAGE_LENGTH
    assert rendered.count("<blockquote>") == 1 and "…</blockquote>" in rendered
    body = rendered.split("<blockquote>")[1].split("</blockquote>")[0]
    assert text.startswith(html.unescape(body).removesuffix("…").rstrip())


def test_a_huge_message_is_cut_to_fit() -> None:
    rendered = answer_to_html(Answer("q", Kind.NOT_FOUND, message="& " * 5000))
    assert telegram_length(rendered) <= MAX_MESSAGE_LENGTH
    assert not rendered.endswith("&amp")


def test_text_rendering_lists_sources_with_links(mini_corpus: Path) -> None:
    index = load_index(mini_corpus)[1]
    text = answer_to_text(answer_question(index, "when did the strike end?"))
    assert text.startswith("1. Dockworkers at Harbour City port ended a nine-day strike")
    assert "— Daily Harbour, 1 Mar 2024: Dockworkers end strike at Harbour City port" in text
    assert "https://coastaltimes.example.org/2024/03/02/harbour-strike" in text


def test_article_html_characters_survive_end_to_end(tmp_path: Path) -> None:
    write_article(tmp_path, Article("x", "A <title>", "https://e.com/x", "S&P",
                                    "2024-01-01", "The index rose 5% & bonds <fell> sharply."))
    for i in range(5):  # BM25 needs a few documents to give rare terms weight
        write_article(tmp_path, Article(f"o{i}", "Other", f"https://e.com/o{i}", "S",
                                        "2024-01-01", f"Unrelated story number {i} here."))
    answer = answer_question(load_index(tmp_path)[1], "did bonds fall?")
    rendered = answer_to_html(answer)
    assert "The index rose 5% &amp; bonds &lt;fell&gt; sharply." in rendered
    assert "S&amp;P" in rendered and "A &lt;title&gt;" in rendered
