"""Keep secrets (the bot token, the webhook secret) out of every log line and error output.

The token is part of every Bot API URL, so it turns up in httpx's request log, in PTB's debug
log, in exception texts and in tracebacks. Rather than guard each logger, `install()` wraps the
logging record factory: every record, from any logger and at any level, has its message and its
traceback text redacted when it is created, before any handler sees it. `sys.excepthook` and
`threading.excepthook` do the same for tracebacks printed outside logging.

`redact(text)` is for output we write ourselves (e.g. a one-line start-up error).
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any
from urllib.parse import quote

REDACTED = "<redacted>"
# Anything shorter could be an ordinary word: never treated as a secret.
MIN_SECRET = 8

_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def add_secret(secret: str | None) -> None:
    """Redact this value (and its URL-encoded form) from now on."""
    if not secret or len(secret) < MIN_SECRET:
        return
    with _lock:
        _secrets.update({secret, quote(secret, safe=""), quote(secret)})


def redact(text: str) -> str:
    """The text with every registered secret replaced by <redacted>."""
    if not _secrets:
        return text
    for secret in sorted(_secrets, key=len, reverse=True):  # longest first: encoded forms
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _has_secret(text: str) -> bool:
    return any(secret in text for secret in _secrets)


def _redact_record(record: logging.LogRecord) -> logging.LogRecord:
    if not _secrets:
        return record
    try:
        message = record.getMessage()
    except Exception:  # a malformed call: let the handler report it as usual
        return record
    if _has_secret(message):
        record.msg, record.args = redact(message), None
    if record.exc_info and record.exc_info[0] is not None and not record.exc_text:
        text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if _has_secret(text):
            # Formatters use exc_text when it is set, instead of formatting exc_info again.
            record.exc_text = redact(text)
    if record.stack_info and _has_secret(record.stack_info):
        record.stack_info = redact(record.stack_info)
    return record


def _excepthook(kind: type[BaseException], value: BaseException,
                tb: TracebackType | None) -> None:
    sys.stderr.write(redact("".join(traceback.format_exception(kind, value, tb))))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else "?"
    text = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    sys.stderr.write(redact(f"Exception in thread {name}:\n{text}"))


def install() -> None:
    """Redact registered secrets in every log record and printed traceback (idempotent)."""
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
    previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _redact_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def protect(*secrets: str | None) -> None:
    """Register secrets and make sure redaction is installed."""
    for secret in secrets:
        add_secret(secret)
    install()
