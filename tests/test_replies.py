"""The bot's fixed replies: escaped, with the real username, within the limit."""

from __future__ import annotations

from pathlib import Path

from bot.chat.html import telegram_length
from bot.chat.replies import sources_html
from bot.corpus import Article, load_corpus
from bot.messages import (
    APOLOGY,
    ask_usage_html,
    help_html,
    mention_usage_html,
    start_html,
)
from tests.helpers.fake_bot_api import parse_telegram_html


def article(number: int, title: str = "Title", url: str = "https://e.example/a") -> Article:
    return Article(id=f"a{number:04d}", title=title, url=f"{url}{number}", source="Outlet",
                   published=f"2024-01-{1 + number % 28:02d}", body="Body.")


def test_help_names_the_bot_and_differs_for_groups() -> None:
    private = help_html("NewsTestBot", group=False)
    group = help_html("NewsTestBot", group=True)
    assert "@NewsTestBot" in private and "/sources" in private
    assert "/ask@NewsTestBot" in group and "mention me" in group
    assert private != group
    for text in (private, group, start_html("NewsTestBot"), APOLOGY,
                 ask_usage_html("NewsTestBot", True), mention_usage_html("NewsTestBot")):
        parse_telegram_html(text)  # valid Telegram HTML


def test_help_without_a_username_still_reads() -> None:
    assert "the bot" in help_html(None, group=False)
    assert ask_usage_html(None, group=True).startswith("Ask me like this: /ask ")


def test_sources_lists_every_article_newest_first(mini_corpus: Path) -> None:
    corpus = load_corpus(mini_corpus)
    text = sources_html(corpus.articles)
    plain = parse_telegram_html(text)
    assert f"({len(corpus.articles)})" in plain
    assert plain.index("Drought cuts wheat harvest") < plain.index("Flu cases fall")
    for item in corpus.articles:
        assert f'href="{item.url}"' in text


def test_sources_escape_titles_and_urls() -> None:
    text = sources_html([article(1, title="A <b> & B", url="https://e.example/?a=1&b=")])
    assert "A &lt;b&gt; &amp; B" in text
    assert 'href="https://e.example/?a=1&amp;b=1"' in text
    parse_telegram_html(text)


def test_sources_stay_within_the_limit_and_say_how_many_more() -> None:
    many = [article(n, title="A fairly long headline about the news " * 2) for n in range(300)]
    text = sources_html(many)
    assert telegram_length(text) <= 4096
    shown = text.count("<a href=")
    assert 0 < shown < 300
    assert text.endswith(f"…and {300 - shown} more.")
    parse_telegram_html(text)
    small = sources_html(many, limit=500)
    assert telegram_length(small) <= 500 and small.endswith("more.")


def test_sources_of_an_empty_corpus() -> None:
    assert sources_html([]) == "I have no articles loaded yet."
