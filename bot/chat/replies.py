"""The bot's fixed replies (help, usage hints, the list of sources) as Telegram HTML. Pure.

Telegram-free like bot.search.render: every dynamic piece is escaped here, and every text stays
within Telegram's message limit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from bot.chat.html import MAX_MESSAGE_LENGTH, telegram_length
from bot.corpus import Article, parse_published
from bot.search.answer import format_date

EXAMPLE_QUESTION = "when did the withdrawal start?"

APOLOGY = "Sorry, something went wrong on my side while answering. Please try again in a moment."
RESTARTED = ("Sorry, I was restarting when you sent this and could not answer it in time. "
             "Please ask again.")
SLOW_DOWN = ("You're asking faster than I can keep up with. Please wait a few seconds, then ask "
             "again.")

# Answers to button presses: plain text, shown as a short notice (Telegram allows 200 chars).
BUTTON_UNKNOWN = "This button no longer works. Please ask your question again."
BUTTON_EXPIRED = "This answer is too old for its buttons. Please ask your question again."
BUTTON_ARTICLE_CHANGED = "That article has changed since this answer. Please ask again."
BUTTON_CORPUS_CHANGED = "My articles have changed since this answer; here is the current one."
BUTTON_NO_MORE = "There are no more quotes for this question."
BUTTON_CANNOT_EDIT = "I can't change that message any more. Please ask again."
SETTING_ADMINS_ONLY = "Only the group's admins can change this."
SETTING_SAVED = "Saved."


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
            "Other messages I leave alone, unless an admin turns on answering every message "
            "that ends with “?” (/settings).",
            "",
            f"<b>In any chat</b>, even without me: type <i>{at} your question</i> and pick a "
            "quote from the list.",
        ]
    else:
        lines += [
            f"Just send me a question, for example: <i>{example}</i>",
            "",
            "/sources — the articles I quote",
            "/help — this message",
            "",
            f"<b>In groups</b>: /ask <i>question</i>, or mention {at} in a message, or reply to "
            "one of my messages. Admins choose with /settings whether I also answer every "
            "message that ends with “?”.",
            f"<b>In any chat</b>, even without me: type <i>{at} your question</i> and pick a "
            "quote from the list.",
            "",
            "Under an answer: <b>Context</b> shows the sentences around a quote, <b>More</b> "
            "the next quotes.",
        ]
    return "\n".join(lines)


def start_html(username: str | None) -> str:
    """The greeting for /start in a private chat."""
    return "Hello! " + help_html(username, group=False)


def hello_html(username: str | None) -> str:
    """The one short hello when the bot is added to a group."""
    ask = f"/ask@{html.escape(username)}" if username else "/ask"
    return (f"Hello! I answer questions about the news with exact quotes and links. Ask me with "
            f"{ask} <i>{html.escape(EXAMPLE_QUESTION)}</i> or mention me; /help for more.")


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


def settings_html(answer_questions: bool, sees_all_messages: bool) -> str:
    """The group's settings, as shown by /settings."""
    state = "on" if answer_questions else "off"
    lines = [
        "<b>Settings for this group</b>",
        f"Answer every message that ends with “?”: <b>{state}</b>.",
        "(Only when my articles have an answer; otherwise I stay quiet.)",
        "I always answer /ask, mentions and replies to my messages.",
    ]
    if answer_questions and not sees_all_messages:
        lines += [
            "",
            "Note: with Telegram's group privacy on I only see commands, mentions and replies. "
            "Make me an admin of this group, or turn privacy off with @BotFather "
            "(Bot Settings → Group Privacy), so that I see the questions.",
        ]
    return "\n".join(lines)


def settings_private_html() -> str:
    """The reply to /settings outside groups."""
    return ("Settings are for groups: there, admins choose whether I answer every message that "
            "ends with “?”. Here I answer every message.")


def settings_admins_only_html() -> str:
    """The reply to /settings from a member who is not an admin."""
    return "Only the group's admins can change my settings."


def inline_hint_html(username: str | None) -> str:
    """What a chosen 'how to ask' inline result posts."""
    return (f"Type <i>{_at(username)} your question</i> in any chat to quote the news, for "
            f"example: <i>{_at(username)} {html.escape(EXAMPLE_QUESTION)}</i>")
