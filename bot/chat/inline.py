"""Inline and guest results: one quote each, with a title, a description and its message.

Telegram-free: bot.chat.handlers turns each Entry into an InlineQueryResultArticle. Telegram's limits
hold here: at most 50 results, ids of at most 64 bytes, every message within 4096 characters.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import messages
from bot.chat.html import answer_to_html
from bot.chat.pages import Page, short_hash
from bot.search.answer import Answer, Kind, format_date

MAX_RESULTS = 50
TITLE_LENGTH = 80
DESCRIPTION_LENGTH = 120
EXPAND_OVER = 400  # characters of a quote shown in full; longer ones collapse (expandable)


@dataclass(frozen=True)
class Entry:
    """One inline result: what the list shows and what choosing it posts."""

    id: str
    title: str
    description: str
    html: str
    page: Page  # the single quote it posts, for its buttons


def _cut(text: str, length: int) -> str:
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1]
    if " " in cut[length // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def answer_entries(answer: Answer, limit: int = MAX_RESULTS) -> list[Entry]:
    """An entry per quote of an answer, or one entry with its message when it has none."""
    key = short_hash(answer.question, 10)
    if not answer.answered:
        title = messages.INLINE_NOT_FOUND_TITLE if answer.kind is Kind.NOT_FOUND else "newsbot"
        page = Page(answer, 0, has_more=False)
        return [Entry(f"m-{key}", title, _cut(answer.message, DESCRIPTION_LENGTH),
                      answer_to_html(answer), page)]
    entries = []
    for number, quote in enumerate(answer.quotes[:limit]):
        first = quote.sources[0]
        description = f"{first.source}, {format_date(first.published)}"
        if len(quote.sources) > 1:
            description += f" (and {len(quote.sources) - 1} more)"
        single = Answer(answer.question, Kind.ANSWER, (quote,))
        entries.append(Entry(
            id=f"q{number}-{key}-{short_hash(quote.text, 8)}",
            title=_cut(quote.text, TITLE_LENGTH),
            description=_cut(description, DESCRIPTION_LENGTH),
            html=answer_to_html(single, expand_over=EXPAND_OVER),
            page=Page(single, 0, has_more=False),
        ))
    return entries


def hint_entry(html_text: str, title: str, description: str) -> Entry:
    """An entry that explains how to ask (for an empty query)."""
    page = Page(Answer("", Kind.EMPTY, message=""), 0, has_more=False)
    return Entry("hint", title, description, html_text, page)
