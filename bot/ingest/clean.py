"""Turn text copied from a news web page into a clean article body.

Pages pasted as text carry clutter around the article: menus, bylines, photo credits, lists
of other stories, author boxes, newsletter prompts. None of it may reach an answer, so it is
cut here, before anything is written to the corpus.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.common.textnorm import sentence_key
from bot.errors import IngestError

# A line that starts the page furniture after an article: everything from it on is dropped.
_END_MARKERS = re.compile(
    r"""^(?:related\s+(?:topics|stories|articles|news|posts|coverage|content)
       |recent\s+(?:stories|posts|news)|more\s+(?:stories|news|from)\b.*|read\s+more\b.*
       |also\s+read\b.*|you\s+(?:may|might)\s+(?:also\s+)?like\b.*|most\s+(?:read|popular|viewed)
       |trending(?:\s+now)?|about\s+the\s+author|(?:daily\s+|weekly\s+)?newsletter\b.*
       |sign\s+up\s+for\b.*|subscribe\s+to\b.*|share\s+this(?:\s+article)?|tags?(?:\s*:.*)?
       |comments?|leave\s+a\s+(?:reply|comment)|follow\s+us\b.*|more\s+on\s+this\s+story
       |latest\s+(?:news|stories)|top\s+stories|editor'?s\s+picks?)\s*$""",
    re.IGNORECASE | re.VERBOSE,
)
# Single lines of furniture, wherever they stand.
_JUNK_LINE = re.compile(
    r"""^(?:open\s+menu|close\s+menu|menu|search|advertisement|advert|sponsored|skip\s+to\s+content
       |(?:source|photo|image|picture|credit|video|file\s+photo)\s*:.*
       |(?:click|tap)\s+(?:here|to)\b.*|share(?:\s+on\s+\w+)?|print|email|whatsapp|facebook
       |twitter|x|linkedin|telegram|copy\s+link|listen\s+to\s+(?:this\s+)?article.*
       |.*\bopen\s+menu|date\s+\d{4}-\d{2}-\d{2}.*|\d+\s+(?:min|minute)s?\s+read
       |(?:published|updated|posted)\s*:?\s+(?:on\s+)?(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d).*)$""",
    re.IGNORECASE | re.VERBOSE,
)
# "Muhammad Irfan Published April 17, 2024 | 05:50 PM"
_BYLINE = re.compile(
    r"^(?:by\s+)?(?P<author>[^|]{2,80}?)\s+(?:published|updated|posted)\s*:?\s+"
    r"(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}"
    r"|\d{4}-\d{2}-\d{2})(?:\s*[|,]?\s*(?P<time>\d{1,2}:\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?))?.*$",
    re.IGNORECASE,
)
_BY_AUTHOR = re.compile(r"^by\s+(?P<author>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})$")


@dataclass(frozen=True)
class CleanPage:
    """What was recovered from a pasted page."""

    title: str
    body: str
    author: str = ""


def _is_body_paragraph(line: str) -> bool:
    """A real paragraph ends like a sentence or is long; headlines and labels are neither."""
    return bool(re.search(r"[.!?][\"'”’)]*$", line)) or len(line.split()) >= 30


def _guess_title(lines: list[str]) -> str:
    """The headline: a line the page repeats before the body, else its first headline-like line."""
    head: list[str] = []
    for line in lines:
        if _is_body_paragraph(line):
            break
        head.append(line)
    keys = [sentence_key(line) for line in head]
    for line, key in zip(head, keys):
        if len(line.split()) >= 4 and keys.count(key) > 1:
            return line
    for line in head:
        if len(line.split()) >= 4 and not _BYLINE.match(line):
            return line
    return ""


def clean_pasted_page(text: str, title: str | None = None) -> CleanPage:
    """Cut clutter from a page copied as text; raise IngestError when no article is left."""
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    paragraphs = _paragraphs(lines)
    author = ""
    kept: list[str] = []
    for paragraph in paragraphs:
        short = len(paragraph.split()) <= 12
        if kept and short and _END_MARKERS.match(paragraph):
            break
        byline = _BYLINE.match(paragraph)
        if byline and not _is_body_paragraph(paragraph):
            author = author or byline.group("author").strip()
            continue
        by_author = _BY_AUTHOR.match(paragraph)
        if by_author and not kept:
            author = author or by_author.group("author")
            continue
        if short and (_JUNK_LINE.match(paragraph) or _END_MARKERS.match(paragraph)):
            continue
        kept.append(paragraph)
    title = " ".join(title.split()) if title else _guess_title(kept)
    title_key = sentence_key(title) if title else None
    # Drop the headline (often printed twice) and anything before the first real paragraph
    # that is not one (section labels such as "News World").
    first_body = next((i for i, p in enumerate(kept) if _is_body_paragraph(p)), None)
    if first_body is None:
        raise IngestError("no article text found: no paragraph reads like a sentence")
    body = [p for i, p in enumerate(kept) if i >= first_body and sentence_key(p) != title_key]
    body = _drop_repeated(body)
    if not title:
        raise IngestError("no title found: pass one with --title")
    if not body:
        raise IngestError("no article text found after removing page clutter")
    return CleanPage(title=title, body="\n\n".join(body), author=author)


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines as paragraphs: each non-empty line of a pasted page is its own block."""
    return [line for line in lines if line]


def _drop_repeated(paragraphs: list[str]) -> list[str]:
    """Drop a paragraph repeated inside a later or earlier one (a standfirst repeating the lede)."""
    keys = [sentence_key(p) for p in paragraphs]
    kept = []
    for i, (paragraph, key) in enumerate(zip(paragraphs, keys)):
        repeated = any(j != i and key and key in other and (len(other) > len(key) or j < i)
                       for j, other in enumerate(keys))
        if not repeated:
            kept.append(paragraph)
    return kept
