"""Issue 11: the token never reaches a log line or error output; start-up failures are one line.

The whole suite's logs are grepped for the test tokens at the end (tests/helpers/logs.py and
test_zz_no_token_in_the_logs.py); here, the paths where the token is most exposed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
from pathlib import Path

import pytest

from bot.common import redact
from bot.search.library import Library
from tests.helpers.fake_bot_api import TOKEN, FakeBotAPI
from tests.helpers.logs import REJECTED_TOKEN, TEST_SECRETS, collect_stderr


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def run_newsbot(env: dict[str, str], *args: str) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    _, stderr = await asyncio.wait_for(process.communicate(), timeout=60)
    collect_stderr(stderr)
    assert process.returncode is not None
    return process.returncode, stderr.decode("utf-8", "replace")


def assert_one_error_line(stderr: str, expected: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("newsbot:")]
    assert len(errors) == 1, stderr
    assert expected in errors[0]
    assert "Traceback" not in stderr
    assert not any(secret in stderr for secret in TEST_SECRETS)


async def test_a_rejected_token_is_one_line_and_exit_1_even_at_debug(
        fake_api: FakeBotAPI, mini_corpus: Path, tmp_path: Path) -> None:
    code, stderr = await run_newsbot({
        "TELEGRAM_BOT_TOKEN": REJECTED_TOKEN, "TELEGRAM_BASE_URL": fake_api.base_url,
        "NEWSBOT_CORPUS": str(mini_corpus), "NEWSBOT_DATA_DIR": str(tmp_path / "state"),
        "NEWSBOT_LOG_LEVEL": "DEBUG"}, "run")
    assert code == 1
    assert_one_error_line(stderr, "Telegram rejected the bot token")


async def test_no_network_at_start_up_is_one_line_and_exit_1(
        mini_corpus: Path, tmp_path: Path) -> None:
    base_url = f"http://127.0.0.1:{closed_port()}/bot"
    code, stderr = await run_newsbot({
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": base_url,
        "NEWSBOT_CORPUS": str(mini_corpus), "NEWSBOT_DATA_DIR": str(tmp_path / "state"),
        "NEWSBOT_API_TIMEOUT": "1"}, "run")
    assert code == 1
    assert_one_error_line(stderr, "cannot reach the Telegram Bot API at 127.0.0.1")


@pytest.fixture
def secret_logs(caplog: pytest.LogCaptureFixture):
    secret = "987654321:REDACT-me-unit-Zq8"
    redact.protect(secret)
    caplog.set_level(logging.DEBUG)
    return secret


def test_log_records_are_redacted_in_message_arguments_and_traceback(
        secret_logs: str, caplog: pytest.LogCaptureFixture) -> None:
    log = logging.getLogger("newsbot.test.redact")
    log.debug("HTTP Request: POST https://api.telegram.org/bot%s/getMe", secret_logs)
    log.info(f"plain f-string with {secret_logs}")
    try:
        raise RuntimeError(f"The token `{secret_logs}` was rejected by the server.")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("failed")
    quoted = secret_logs.replace(":", "%3A")
    log.warning("url-encoded: %s", quoted)
    text = "\n".join(caplog.handler.format(r) for r in caplog.records)
    assert secret_logs not in text and quoted not in text
    assert text.count("<redacted>") == 4
    assert "was rejected by the server" in text  # the rest of the traceback is kept


def test_uncaught_exceptions_are_printed_redacted(
        secret_logs: str, capsys: pytest.CaptureFixture[str]) -> None:
    try:
        raise ValueError(f"bad {secret_logs}")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    err = capsys.readouterr().err
    assert "ValueError: bad <redacted>" in err and secret_logs not in err


def test_short_values_are_never_treated_as_secrets() -> None:
    redact.add_secret("abc")
    assert redact.redact("abc def") == "abc def"


def test_the_bot_protects_its_token_and_webhook_secret_once_built(
        fake_api: FakeBotAPI, mini_corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    from bot.chat.app import build_application
    from tests.helpers.bot_harness import bot_settings

    secret = "webhook-Secret-zq7-unit"
    settings = bot_settings(fake_api, mini_corpus, webhook_secret=secret,
                            webhook_url=f"https://example.org/hook/{TOKEN}")
    application = build_application(settings, Library(mini_corpus))
    application.bot_data.store.close()
    caplog.set_level(logging.INFO)
    logging.getLogger("newsbot.test.redact").info("webhook %s, secret %s", settings.webhook_url,
                                                  secret)
    [record] = [r for r in caplog.records if r.name == "newsbot.test.redact"]
    assert record.getMessage() == "webhook https://example.org/hook/<redacted>, secret <redacted>"
