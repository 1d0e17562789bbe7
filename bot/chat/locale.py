"""The asker's language: a prior for which articles to search, and the language of replies.

Replies: `on_update` runs before every handler and sets the reply language of that update
(bot.common.i18n) from the user's Telegram language.

Telegram tells each update's user's interface language (`language_code`, e.g. 'ru' or
'pt-br'); the chat's earlier questions say which language it is asked in. Both are kept in
memory only (PTB's chat_data): a restart loses the history, and the prior starts over from
the user's language.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from telegram import Update

from bot.common.i18n import set_language
from bot.common.language import normalize_language
from bot.search.lang.route import LanguageHint

RECENT = 5  # earlier questions' languages kept per chat
_KEY = "question_languages"


def user_language(update: Update | None) -> str:
    """The ISO 639-1 code of the user's Telegram interface language ('' if unknown)."""
    user = update.effective_user if update is not None else None
    return normalize_language(user.language_code if user is not None else None)


def language_hint(update: Update | None, chat_data: MutableMapping[Any, Any] | None) -> LanguageHint:
    """What is known of the asker's language before their question is read."""
    recent = tuple(chat_data.get(_KEY, ())) if chat_data is not None else ()
    return LanguageHint(user_language=user_language(update), recent=recent)


def remember_language(chat_data: MutableMapping[Any, Any] | None, language: str) -> None:
    """Note the language a question of the chat was asked in (the last RECENT are kept)."""
    if chat_data is None or not language:
        return
    recent = list(chat_data.get(_KEY, ()))[-(RECENT - 1):]
    chat_data[_KEY] = (*recent, language)


async def on_update(update: object, context: object) -> None:
    """Before any handler: the update's replies are given in its user's language (English if
    that language has no catalogue), see bot.common.i18n."""
    set_language(user_language(update) if isinstance(update, Update) else None)
