"""Answers as Telegram HTML. Pure: it builds strings and never imports telegram.

Every piece of article or user text goes through html.escape, and output never exceeds
Telegram's message limit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from bot.search.answer import Answer, Quote, SourceRef, format_date
from bot.search.index import Sentence
from bot.search.render import answer_notes, marked_text

# Telegram's limit for a message's text (telegram.constants.MessageLimit.MAX_TEXT_LENGTH),
# counted here in UTF-16 code units, as Telegram counts, over the whole HTML so tags count too.
MAX_MESSAGE_LENGTH = 4096
ELLIPSIS = "…"


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


# --- Telegram HTML --------------------------------------------------------------------------

def source_line_html(source: SourceRef) -> str:
    """'<a href=URL>Outlet</a>, 17 Apr 2024: <i>Title</i>', escaped."""
    return (
        f'<a href="{html.escape(source.url, quote=True)}">{html.escape(source.source)}</a>, '
        f"{html.escape(format_date(source.published))}: <i>{html.escape(source.title)}</i>"
    )


def quote_body_html(quote: Quote) -> str:
    """A quote's text as escaped HTML, its answering part bold, its relative dates resolved:
    'the Kremlin said <b>Wednesday</b> [17 Apr 2024].'"""
    return marked_text(quote, lambda s: f"<b>{s}</b>", html.escape,
                       lambda label: f" [{html.escape(label)}]")


def quote_html(quote: Quote, text: str | None = None, expandable: bool = False) -> str:
    """One quote in a blockquote (collapsed to a few lines if expandable), sources under it;
    its answering part in bold and its relative dates followed by the date they mean (not for
    a shortened `text`)."""
    body = quote_body_html(quote) if text is None else html.escape(text)
    sources = "\n".join(f"— {source_line_html(s)}" for s in quote.sources)
    return f"{_blockquote_open(expandable)}{body}</blockquote>\n{sources}"


def _blockquote_open(expandable: bool) -> str:
    return "<blockquote expandable>" if expandable else "<blockquote>"


def answer_to_html(answer: Answer, limit: int = MAX_MESSAGE_LENGTH,
                   expand_over: int | None = None) -> str:
    """Telegram HTML for an answer, as many quotes as fit within `limit`.

    With `expand_over`, a quote longer than that many characters goes in an expandable
    blockquote: Telegram shows its first lines and the rest on a tap.
    """
    note = answer_notes(answer)
    if not answer.answered:
        return _fit_plain(html.escape(" ".join(filter(None, (note, answer.message)))), limit)
    separator = "\n\n"
    parts: list[str] = [f"<i>{html.escape(note)}</i>"] if note else []
    used = telegram_length(parts[0]) if parts else 0
    for quote in answer.quotes:
        expandable = expand_over is not None and len(quote.text) > expand_over
        block = quote_html(quote, expandable=expandable)
        extra = telegram_length(block) + (telegram_length(separator) if parts else 0)
        if used + extra <= limit:
            parts.append(block)
            used += extra
        elif not answer.quotes.index(quote):
            room = limit - used - (telegram_length(separator) if parts else 0)
            parts.append(_shortened_quote_html(quote, room, expandable))
            break
        else:
            break
    return separator.join(parts)


def _shortened_quote_html(quote: Quote, limit: int, expandable: bool = False) -> str:
    """A quote too long for one message, cut at a word and marked with an ellipsis."""
    frame = telegram_length(quote_html(quote, text="", expandable=expandable))
    room = limit - frame - len(ELLIPSIS)
    if room <= 0:
        # Even the sources do not fit (absurdly long titles): send the first source only.
        quote = Quote(quote.text, quote.score, quote.sources[:1], quote.sentences[:1])
        frame = telegram_length(quote_html(quote, text="", expandable=expandable))
        room = limit - frame - len(ELLIPSIS)
    text = quote.text
    # Shrink until the escaped text fits (escaping can lengthen it).
    while text and telegram_length(html.escape(text)) > room:
        cut = max(1, int(len(text) * room / max(1, telegram_length(html.escape(text)))))
        text = text[: min(cut, len(text) - 1)]
        if " " in text[-40:]:
            text = text[: text.rindex(" ")]
    result = quote_html(quote, text=text.rstrip() + ELLIPSIS, expandable=expandable)
    return result if telegram_length(result) <= limit else _fit_plain(result, limit)


def _fit_plain(escaped: str, limit: int) -> str:
    """Cut an escaped string without tags to the limit, never inside an entity like &amp;."""
    if telegram_length(escaped) <= limit:
        return escaped
    text = html.unescape(escaped)
    while telegram_length(html.escape(text)) + len(ELLIPSIS) > limit:
        text = text[: len(text) - max(1, (telegram_length(html.escape(text)) - limit) // 2 + 1)]
    return html.escape(text) + ELLIPSIS


def context_to_html(sentences: Sequence[Sentence], focus: Sentence, source: SourceRef,
                    limit: int = MAX_MESSAGE_LENGTH, expand_over: int = 300) -> str:
    """A quote in its article: the sentences around it, the quote in bold, the source below.

    Sentences farthest from the quote are dropped first when the limit is near; a long
    context goes in an expandable blockquote.
    """
    kept = list(sentences)
    footer = f"\n— {source_line_html(source)}"
    while True:
        body = _context_body(kept, focus)
        plain_length = sum(len(s.text) + 1 for s in kept)
        text = f"{_blockquote_open(plain_length > expand_over)}{body}</blockquote>{footer}"
        if telegram_length(text) <= limit or len(kept) <= 1:
            break
        # Drop the sentence farthest from the quote.
        farthest = max(kept, key=lambda s: abs(s.position - focus.position))
        kept.remove(farthest)
    if telegram_length(text) <= limit:
        return text
    quote = Quote(focus.text, 0.0, (source,), (focus,))
    return _shortened_quote_html(quote, limit, expandable=True)


def _context_body(sentences: Sequence[Sentence], focus: Sentence) -> str:
    """Escaped sentences, the focus in bold, paragraphs kept apart."""
    out: list[str] = []
    previous: Sentence | None = None
    for sentence in sentences:
        if previous is not None:
            out.append("\n\n" if sentence.paragraph != previous.paragraph else " ")
        text = html.escape(sentence.text)
        out.append(f"<b>{text}</b>" if sentence.position == focus.position else text)
        previous = sentence
    return "".join(out)
