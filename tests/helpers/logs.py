"""Everything the test suite logs or prints, kept so that a test can grep it for the token.

Three sources, all collected for the whole session:
- every log record from any logger at any level (the root logger is set to DEBUG and a handler
  formats each record, traceback included, as a log file would);
- what each test printed to stdout/stderr and pytest's captured log sections (from the reports);
- the stderr of bot subprocesses, handed in by the tests that start them (`collect_stderr`).

The test tokens are distinctive strings, so a hit is a leak, never a coincidence.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator

import pytest

from tests.helpers.fake_bot_api import TOKEN

# The secret parts of every token the tests use (the bot id before the colon is not secret).
REJECTED_TOKEN = "123456789:REJECTED-zq7fake-token-Yv5"
TEST_SECRETS = (TOKEN.split(":", 1)[1], REJECTED_TOKEN.split(":", 1)[1])

_lock = threading.Lock()
_captured: list[str] = []


def collect(text: str | bytes) -> None:
    """Keep some output for the final check."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if text:
        with _lock:
            _captured.append(text)


def collect_stderr(stderr: bytes | str | None) -> None:
    """Keep a subprocess's stderr for the final check."""
    if stderr:
        collect(stderr)


def captured() -> list[str]:
    """Everything collected so far."""
    with _lock:
        return list(_captured)


def leaks() -> list[str]:
    """The collected lines that contain a test token."""
    return [line for text in captured() for line in text.splitlines()
            if any(secret in line for secret in TEST_SECRETS)]


class SuiteLogHandler(logging.Handler):
    """Formats every record (with its traceback) and keeps the text."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            collect(self.format(record))
        except Exception:  # a malformed record must not break the test that logged it
            self.handleError(record)


@pytest.fixture(scope="session", autouse=True)
def suite_logs() -> Iterator[SuiteLogHandler]:
    """Collect every log record of the session; at the end, fail if a token was logged."""
    root = logging.getLogger()
    handler = SuiteLogHandler()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    found = leaks()
    assert not found, f"a test token reached the logs or error output: {found[:3]}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    """Keep what each test printed and logged (pytest's captured sections)."""
    outcome = yield
    report = outcome.get_result()
    for _, content in report.sections:
        collect(content)
