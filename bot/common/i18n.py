"""The language of the bot's fixed replies: gettext catalogues chosen per user, dates per locale.

Catalogues are the .po files in bot/common/locales/LANG.po, shipped in the package (no build
step): Babel reads one and compiles it in memory into a standard gettext GNUTranslations, the
first time that language is needed. The language is a context variable, set for each Telegram
update from the user's `language_code` (bot.chat.locale); it follows the update into the
threads it uses (asyncio.to_thread copies the context), and is English elsewhere (the CLI).
English texts are the msgids themselves, so English needs no catalogue.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext as _gettext
import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.common.language import normalize_language

LOCALES = Path(__file__).resolve().parent / "locales"
DEFAULT = "en"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("newsbot_language", default=DEFAULT)
_catalogues: dict[str, _gettext.NullTranslations] = {}
_lock = threading.Lock()


def available() -> tuple[str, ...]:
    """The languages with a catalogue, and English."""
    return (DEFAULT, *sorted(p.stem for p in LOCALES.glob("*.po")))


def reply_language(code: str | None) -> str:
    """The language replies are given in for a Telegram language_code: its own if translated,
    else English."""
    language = normalize_language(code)
    return language if language in available() else DEFAULT


def _load(language: str) -> _gettext.NullTranslations:
    found = _catalogues.get(language)
    if found is not None:
        return found
    with _lock:
        found = _catalogues.get(language)
        if found is None:
            path = LOCALES / f"{language}.po"
            if language == DEFAULT or not path.exists():
                found = _gettext.NullTranslations()
            else:
                from babel.messages.mofile import write_mo
                from babel.messages.pofile import read_po

                with path.open("rb") as handle:
                    catalog = read_po(handle, locale=language)
                buffer = io.BytesIO()
                write_mo(buffer, catalog)
                buffer.seek(0)
                found = _gettext.GNUTranslations(buffer)
            _catalogues[language] = found
    return found


def current_language() -> str:
    """The language replies are being given in."""
    return _current.get()


def set_language(code: str | None) -> None:
    """Give the replies of the current update (context) in this language (English if none)."""
    _current.set(reply_language(code))


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Replies in a language within the block (tests, the terminal)."""
    token = _current.set(reply_language(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """The message in the current language (itself when English or untranslated)."""
    return _load(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message, by the current language's plural rules."""
    return _load(_current.get()).ngettext(singular, plural, n)


def format_date(day: dt.date, english: str) -> str:
    """A date for a reader: `english` (as formatted before) in English, Babel's medium
    format in another language ('1 мая 2024 г.')."""
    language = _current.get()
    if language == DEFAULT:
        return english
    from babel.dates import format_date as babel_date

    return babel_date(day, format="medium", locale=language)
