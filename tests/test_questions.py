"""Questions as typed in chats: commands, mentions, question marks."""

from __future__ import annotations

import pytest

from bot.chat.questions import (
    command_argument,
    looks_like_question,
    mentions,
    parse_command,
    strip_mention,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/ask who won?", ("ask", None, "who won?")),
        ("/ask@NewsBot   who won?", ("ask", "NewsBot", "who won?")),
        ("/ASK", ("ask", None, "")),
        ("/ask\nwho won?", ("ask", None, "who won?")),
        ("who won? /ask", None),
        ("/ask-me who", None),
    ],
)
def test_parse_command(text: str, expected: tuple | None) -> None:
    assert parse_command(text) == expected


def test_command_argument_keeps_the_question_as_typed() -> None:
    assert command_argument("/ask@NewsBot  when did it  start?") == "when did it  start?"
    assert command_argument("/ask") == ""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("@NewsBot when?", True),
        ("hey @newsbot, when?", True),  # usernames are case-insensitive
        ("when? @NewsBot", True),
        ("@NewsBotter when?", False),  # another, longer name
        ("mail me at a@NewsBot", False),  # not a mention, part of a word
        ("no mention here", False),
    ],
)
def test_mentions(text: str, found: bool) -> None:
    assert mentions(text, "NewsBot") is found


def test_mentions_without_a_username() -> None:
    assert mentions("@NewsBot hi", None) is False


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("@NewsBot when did the strike end?", "when did the strike end?"),
        ("@NewsBot, when did the strike end?", "when did the strike end?"),
        ("@NewsBot: when did the strike end?", "when did the strike end?"),
        ("when did the strike end, @NewsBot?", "when did the strike end?"),
        ("when did the strike end @newsbot", "when did the strike end"),
        ("Hey @NewsBot what about the comet?", "Hey what about the comet?"),
        ("@NewsBot", ""),
        ("  @NewsBot ,  ", ""),
    ],
)
def test_strip_mention(text: str, question: str) -> None:
    assert strip_mention(text, "NewsBot") == question


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("did the strike end?", True),
        ("did the strike end ?  ", True),
        ('he asked "did it end?"', True),
        ("¿qué pasó？", True),
        ("the strike ended.", False),
        ("?", False),
        ("", False),
    ],
)
def test_looks_like_question(text: str, question: bool) -> None:
    assert looks_like_question(text) is question
