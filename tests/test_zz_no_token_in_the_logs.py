"""Issue 11: the token appears in no log line or error output of the whole test run.

Named to run last. Every log record of the session (at DEBUG), every test's captured output and
the stderr of every bot subprocess were collected (tests/helpers/logs.py); the session fixture
checks again once everything has finished. So that the check is never vacuous, this test first
runs the bot with httpx's request log at DEBUG, whose lines carry the token in every URL.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import FakeBotAPI, private_chat, user
from tests.helpers.logs import captured, leaks


async def test_no_test_token_in_any_log_or_error_output_of_the_suite(
        fake_api: FakeBotAPI, mini_corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    httpx_log = logging.getLogger("httpx")
    level = httpx_log.level
    httpx_log.setLevel(logging.DEBUG)
    try:
        async with running_bot(bot_settings(fake_api, mini_corpus)):
            asked = fake_api.send_text("comet", private_chat(801), user(801))
            await fake_api.replies_to(asked)
    finally:
        httpx_log.setLevel(level)
    request_lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("/bot<redacted>/sendMessage" in line for line in request_lines)
    assert any("/bot<redacted>/" in text for text in captured())
    assert leaks() == []
