"""The fake Bot API refuses what Telegram refuses: the e2e tests rely on it."""

from __future__ import annotations

import pytest

from tests.helpers.fake_bot_api import (
    ApiError,
    check_reply_markup,
    check_text,
    entities_for,
    parse_telegram_html,
)


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("plain", "plain"),
        ("<b>bold</b> &amp; <i>it</i>", "bold & it"),
        ('<a href="https://e.example/?a=1&amp;b=2">x</a>', "x"),
        ("<blockquote>q</blockquote>\n— <i>t</i>", "q\n— t"),
        ("<blockquote expandable>long</blockquote>", "long"),
        ("<b><i>nested</i></b>", "nested"),
        ('<pre><code class="language-python">x &lt; 1</code></pre>', "x < 1"),
        ("&#60;&#x3E;&quot;", '<>"'),
        ('<span class="tg-spoiler">s</span>', "s"),
    ],
)
def test_valid_html_is_parsed(text: str, plain: str) -> None:
    assert parse_telegram_html(text) == plain


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "a < b",
        "a > b",
        "fish & chips",
        "&nbsp;",
        "<b>unclosed",
        "</b>",
        "<b><i>crossed</b></i>",
        "<blockquote><blockquote>x</blockquote></blockquote>",
        "<a>no href</a>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="https://a.example"><a href="https://b.example">x</a></a>',
        "<br>",
        "<p>x</p>",
        '<b class="x">x</b>',
        "<code><b>x</b></code>",
        '<code class="language-python">x</code>',
        "<span>x</span>",
    ],
)
def test_invalid_html_is_refused(text: str) -> None:
    with pytest.raises(ApiError, match="can't parse entities"):
        parse_telegram_html(text)


def test_length_counts_parsed_text_in_utf16_units() -> None:
    check_text("<b>" + "x" * 4096 + "</b>", "HTML")  # tags do not count
    with pytest.raises(ApiError, match="too long"):
        check_text("x" * 4097, None)
    with pytest.raises(ApiError, match="too long"):
        check_text("😀" * 2049, "HTML")  # 4098 UTF-16 units
    with pytest.raises(ApiError, match="empty"):
        check_text("<b> </b>", "HTML")


def test_reply_markup_checks() -> None:
    check_reply_markup({"inline_keyboard": [[{"text": "More", "callback_data": "m:1"}]]})
    with pytest.raises(ApiError, match="BUTTON_DATA_INVALID"):
        check_reply_markup({"inline_keyboard": [[{"text": "x", "callback_data": "é" * 33}]]})
    with pytest.raises(ApiError, match="one action"):
        check_reply_markup({"inline_keyboard": [[{"text": "x"}]]})
    with pytest.raises(ApiError, match="URL"):
        check_reply_markup({"inline_keyboard": [[{"text": "x", "url": "ftp://x"}]]})


def test_entities_use_utf16_offsets() -> None:
    assert entities_for("/ask@NewsBot 😀 @SomeUser") == [
        {"type": "bot_command", "offset": 0, "length": 12},
        {"type": "mention", "offset": 16, "length": 9},
    ]
