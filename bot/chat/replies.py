"""The list of sources as Telegram HTML, within Telegram's message limit. Pure.

The fixed texts themselves live in bot.messages; this module lays out the one reply whose
length depends on the corpus.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from bot import messages
from bot.chat.html import MAX_MESSAGE_LENGTH, telegram_length
from bot.corpus import Article, parse_published
from bot.search.answer import format_date


def sources_html(articles: Iterable[Article], limit: int = MAX_MESSAGE_LENGTH) -> str:
    """The articles, newest first, each as a link with its outlet and date, within `limit`."""
    ordered = sorted(articles, key=lambda a: (parse_published(a.published).date(), a.id),
                     reverse=True)
    if not ordered:
        return messages.NO_ARTICLES_YET
    head = messages.sources_head_html(len(ordered))
    lines = [head]
    used = telegram_length(head)
    for position, article in enumerate(ordered):
        line = (f'• <a href="{html.escape(article.url, quote=True)}">'
                f"{html.escape(article.title)}</a> — {html.escape(article.source)}, "
                f"{html.escape(format_date(article.published))}")
        after = len(ordered) - position - 1
        # Keep room for the "and N more" line that a later article may need.
        reserve = telegram_length("\n" + messages.sources_more(after)) if after else 0
        if used + 1 + telegram_length(line) + reserve > limit:
            lines.append(messages.sources_more(len(ordered) - position))
            break
        lines.append(line)
        used += 1 + telegram_length(line)
    return "\n".join(lines)
