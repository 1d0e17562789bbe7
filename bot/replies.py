"""The bot's fixed replies (help, usage hints, the list of sources) as Telegram HTML. Pure.

Telegram-free like bot.render: every dynamic piece is escaped here, and every text stays
within Telegram's message limit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from bot.answer import format_date
from bot.corpus import Article, parse_published
from bot.render import MAX_MESSAGE_LENGTH, telegram_length

EXAMPLE_QUESTION = "when did the withdrawal start?"

APOLOGY = "Sorry, something went wrong on my side while answering. Please try again in a moment."


def _at(username: str | None) -> str:
    return f"@{html.escape(username)}" if username else "the bot"


def help_html(username: str | None, group: bool) -> str:
    """How to use the bot, with its real @username."""
    example = html.escape(EXAMPLE_QUESTION)
    at = _at(username)
    lines = [
        "I answer questions about the news articles I have, with exact quotes and links to "
        "their sources.",
        "",
    ]
    if group:
        ask = f"/ask@{html.escape(username)}" if username else "/ask"
        lines += [
            "<b>In this group</b>, ask me in one of these ways:",
            f"• {ask} <i>{example}</i>",
            f"• mention me: <i>{at} {example}</i>",
            "• reply to one of my messages",
            "Other messages I leave alone.",
        ]
    else:
        lines += [
            f"Just send me a question, for example: <i>{example}</i>",
            "",
            "/sources — the articles I quote",
            "/help — this message",
            "",
            f"<b>In groups</b>: /ask <i>question</i>, or mention {at} in a message, or reply to "
            "one of my messages.",
        ]
    return "\n".join(lines)


def start_html(username: str | None) -> str:
    """The greeting for /start in a private chat."""
    return "Hello! " + help_html(username, group=False)


def ask_usage_html(username: str | None, group: bool) -> str:
    """The hint for /ask without a question."""
    ask = f"/ask@{html.escape(username)}" if group and username else "/ask"
    return f"Ask me like this: {ask} <i>{html.escape(EXAMPLE_QUESTION)}</i>"


def mention_usage_html(username: str | None) -> str:
    """The hint for a bare mention of the bot with no question."""
    return (f"Yes? Write your question after the mention, for example: "
            f"<i>{_at(username)} {html.escape(EXAMPLE_QUESTION)}</i>")


def sources_html(articles: Iterable[Article], limit: int = MAX_MESSAGE_LENGTH) -> str:
    """The articles, newest first, each as a link with its outlet and date, within `limit`."""
    ordered = sorted(articles, key=lambda a: (parse_published(a.published).date(), a.id),
                     reverse=True)
    if not ordered:
        return "I have no articles loaded yet."
    head = f"<b>My articles</b> ({len(ordered)}):"
    lines = [head]
    used = telegram_length(head)
    for position, article in enumerate(ordered):
        line = (f'• <a href="{html.escape(article.url, quote=True)}">'
                f"{html.escape(article.title)}</a> — {html.escape(article.source)}, "
                f"{html.escape(format_date(article.published))}")
        after = len(ordered) - position - 1
        # Keep room for the "and N more" line that a later article may need.
        reserve = telegram_length(f"\n…and {after} more.") if after else 0
        if used + 1 + telegram_length(line) + reserve > limit:
            lines.append(f"…and {len(ordered) - position} more.")
            break
        lines.append(line)
        used += 1 + telegram_length(line)
    return "\n".join(lines)
