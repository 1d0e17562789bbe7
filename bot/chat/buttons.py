"""Buttons under answers: what each one says and the short callback_data that survives restarts.

Telegram-free: buttons are plain Key values here; bot.chat.handlers turns them into an inline
keyboard. callback_data is versioned text of at most 64 bytes (Telegram's limit):

    p1:<question>:<start>:<corpus>                  a page of an answer ("More", "Back")
    c1:<article>:<position>:<sentence>:<question>:<start>   a quote in context
    s1:q:<0|1>                                      a group setting

<question> is a number from BotStore (base 36); <corpus> a tag of the corpus the answer came
from; <article> and <sentence> short hashes (bot.chat.pages). Unknown or malformed data decodes to
None, so an old or foreign button is answered politely instead of crashing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import messages
from bot.chat.pages import Page, article_key, sentence_hash

MAX_CALLBACK_DATA = 64
MAX_LINK_BUTTONS = 3
MAX_LABEL = 32


@dataclass(frozen=True)
class PageButton:
    """Show the page of an answer that starts at quote `start`."""

    question: int
    start: int
    corpus: str


@dataclass(frozen=True)
class ContextButton:
    """Show a quoted sentence in its article; `question`/`start` lead back (0: no way back)."""

    article: str
    position: int
    sentence: str
    question: int = 0
    start: int = 0


@dataclass(frozen=True)
class SettingButton:
    """Turn 'answer every message ending with ?' on or off for a group."""

    answer_questions: bool


Button = PageButton | ContextButton | SettingButton


@dataclass(frozen=True)
class Key:
    """One button: a label and either callback data or a URL."""

    text: str
    data: str | None = None
    url: str | None = None


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    if number < 0:
        raise ValueError("negative number")
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = digits[digit] + out
        if number == 0:
            return out


def encode(button: Button) -> str:
    """The callback_data for a button (at most 64 bytes)."""
    if isinstance(button, PageButton):
        data = f"p1:{_b36(button.question)}:{button.start}:{button.corpus}"
    elif isinstance(button, ContextButton):
        data = (f"c1:{button.article}:{button.position}:{button.sentence}:"
                f"{_b36(button.question)}:{button.start}")
    else:
        data = f"s1:q:{int(button.answer_questions)}"
    if len(data.encode("utf-8")) > MAX_CALLBACK_DATA:
        raise ValueError(f"callback data too long: {data!r}")
    return data


_HEX = r"[0-9a-f]{1,16}"
_NUM = r"\d{1,6}"
_B36 = r"[0-9a-z]{1,12}"
_PAGE = re.compile(rf"p1:(?P<q>{_B36}):(?P<start>{_NUM}):(?P<corpus>{_HEX})")
_CONTEXT = re.compile(rf"c1:(?P<article>{_HEX}):(?P<pos>{_NUM}):(?P<sentence>{_HEX}):"
                      rf"(?P<q>{_B36}):(?P<start>{_NUM})")
_SETTING = re.compile(r"s1:q:(?P<on>[01])")


def decode(data: str | None) -> Button | None:
    """The button behind callback_data, or None if it is not one of ours (or malformed)."""
    if not data:
        return None
    if match := _PAGE.fullmatch(data):
        return PageButton(int(match["q"], 36), int(match["start"]), match["corpus"])
    if match := _CONTEXT.fullmatch(data):
        return ContextButton(match["article"], int(match["pos"]), match["sentence"],
                             int(match["q"], 36), int(match["start"]))
    if match := _SETTING.fullmatch(data):
        return SettingButton(match["on"] == "1")
    return None


def _label(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def link_keys(page: Page) -> list[Key]:
    """URL buttons for the distinct sources of a page's quotes (at most three)."""
    keys: list[Key] = []
    seen: set[str] = set()
    for quote in page.answer.quotes:
        for source in quote.sources:
            if source.url not in seen and len(keys) < MAX_LINK_BUTTONS:
                seen.add(source.url)
                keys.append(Key(f"🔗 {_label(source.source)}", url=source.url))
    return keys


def context_button(page: Page, number: int, question: int) -> ContextButton:
    """The Context button of the page's quote `number` (0-based on the page)."""
    sentence = page.answer.quotes[number].sentences[0]
    return ContextButton(article_key(sentence.article_id), sentence.position,
                         sentence_hash(sentence), question, page.start)


def answer_keys(page: Page, question: int | None, corpus: str) -> list[list[Key]]:
    """The keyboard under an answer: Context per quote, Previous/More, source links."""
    if not page.answer.answered:
        return []
    rows: list[list[Key]] = []
    if question is not None:
        several = len(page.answer.quotes) > 1
        rows.append([
            Key(messages.button_context(page.start + n + 1) if several else messages.BUTTON_CONTEXT,
                encode(context_button(page, n, question)))
            for n in range(len(page.answer.quotes))
        ])
        paging = []
        if page.start > 0:
            # Back by a full page, not by this page's length: from a short last page (10 of
            # 1-10, pages of 3) Previous shows 7-9, the page before it.
            size = max(1, page.size)
            paging.append(Key(messages.BUTTON_PREVIOUS,
                              encode(PageButton(question, max(0, page.start - size), corpus))))
        if page.has_more:
            paging.append(Key(messages.BUTTON_MORE, encode(PageButton(
                question, page.start + len(page.answer.quotes), corpus))))
        if paging:
            rows.append(paging)
    links = link_keys(page)
    if links:
        rows.append(links)
    return rows


def context_keys(button: ContextButton, url: str, corpus: str) -> list[list[Key]]:
    """The keyboard under a quote in context: back to the answer (if known), the article."""
    rows = []
    if button.question:
        rows.append([Key(messages.BUTTON_BACK,
                         encode(PageButton(button.question, button.start, corpus)))])
    rows.append([Key(messages.BUTTON_READ, url=url)])
    return rows


def setting_keys(answer_questions: bool) -> list[list[Key]]:
    """The toggle under /settings."""
    if answer_questions:
        return [[Key(messages.BUTTON_ANSWER_QUESTIONS_OFF, encode(SettingButton(False)))]]
    return [[Key(messages.BUTTON_ANSWER_QUESTIONS_ON, encode(SettingButton(True)))]]
