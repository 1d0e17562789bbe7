"""Answers as terminal text and JSON, and the marked-up quote text every rendering shares.

Telegram HTML is built from these pieces in bot/chat/html.py.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from bot import messages
from bot.search.answer import Answer, Quote, format_date

# --- JSON -----------------------------------------------------------------------------------

def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The stable --json schema: question, answered, quotes with text, score and sources.

    Added later (never renamed): "corrections" (question words read as others), "context"
    (null, or for a follow-up what it took from the conversation: lean, topic, about, articles,
    terms), and per quote
    "highlights" ([start, end) character spans of the part answering the question) and "dates"
    (relative dates in the text resolved against the publication date).
    """
    return {
        "question": answer.question,
        "answered": answer.answered,
        "corrections": [{"word": c.word, "replacement": c.replacement}
                        for c in answer.corrections],
        "context": answer.context.to_json() if answer.context is not None else None,
        "quotes": [
            {
                "text": quote.text,
                "score": round(quote.score, 6),
                "highlights": [list(span) for span in quote.highlights],
                "dates": [
                    {"start": d.start, "end": d.end, "text": d.text, "first": d.first.isoformat(),
                     "last": d.last.isoformat(), "label": d.label}
                    for d in quote.dates
                ],
                "sources": [
                    {
                        "article_id": s.article_id,
                        "title": s.title,
                        "source": s.source,
                        "url": s.url,
                        "published": s.published,
                    }
                    for s in quote.sources
                ],
            }
            for quote in (answer.quotes if answer.answered else ())
        ],
    }


# --- Marked-up quote text -------------------------------------------------------------------

def marked_text(quote: Quote, bold: Callable[[str], str], escape: Callable[[str], str],
                annotate: Callable[[str], str]) -> str:
    """The quote's exact words with its highlights made bold and each relative date followed
    by the date it means: "the Kremlin said <b>Wednesday</b> [17 Apr 2024]"."""
    text = quote.text
    date_ends: dict[int, list[str]] = {}
    for mention in quote.dates:
        date_ends.setdefault(mention.end, []).append(mention.label)
    cuts = sorted({0, len(text), *date_ends,
                   *(i for span in quote.highlights for i in span if 0 <= i <= len(text))})
    parts = []
    for begin, end in zip(cuts, cuts[1:]):
        piece = escape(text[begin:end])
        inside = any(b <= begin and end <= e for b, e in quote.highlights)
        parts.append(bold(piece) if inside and piece.strip() else piece)
        for label in date_ends.get(end, ()):
            parts.append(annotate(label))
    return "".join(parts)


def context_note(answer: Answer) -> str:
    """'(about: <article title>, after “<earlier question>”)' for a follow-up, else ''.

    Brief on purpose: it shows what the bot understood, so a wrong guess is seen at once.
    """
    context = answer.context
    if context is None:
        return ""
    return messages.followup_note(context.about, context.topic)


def answer_notes(answer: Answer) -> str:
    """The notes shown above an answer: the follow-up's context, then read words."""
    return " ".join(filter(None, (context_note(answer), corrections_note(answer))))


def corrections_note(answer: Answer) -> str:
    """'(read "withdrawl" as "withdrawal")', or '' when no word was corrected."""
    if not answer.corrections:
        return ""
    pairs = ", ".join(f"“{c.word}” as “{c.replacement}”" for c in answer.corrections)
    return f"(read {pairs})"


# --- Terminal text --------------------------------------------------------------------------

ANSI_BOLD = "\x1b[1m"
ANSI_RESET = "\x1b[0m"


def answer_to_text(answer: Answer, width: int = 100, bold: bool = False) -> str:
    """A readable terminal rendering: numbered quotes, each with outlet, date, title and URL.

    Relative dates are followed by the date they mean; with `bold` (a terminal), the part of a
    quote that answers the question is in ANSI bold.
    """
    note = answer_notes(answer)
    if not answer.answered:
        return textwrap.fill(" ".join(filter(None, (note, answer.message))), width=width)
    blocks = [note] if note else []
    embolden = (lambda s: f"{ANSI_BOLD}{s}{ANSI_RESET}") if bold else (lambda s: s)
    for number, quote in enumerate(answer.quotes, start=1):
        body = marked_text(quote, embolden, lambda s: s, lambda label: f" [{label}]")
        lines = textwrap.wrap(body, width=width, initial_indent=f"{number}. ",
                              subsequent_indent="   ")
        for source in quote.sources:
            lines.append(f"   — {source.source}, {format_date(source.published)}: {source.title}")
            lines.append(f"     {source.url}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
