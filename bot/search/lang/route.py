"""Which articles a question is asked of: those in the question's language.

A question's language is detected among the languages the index holds; short questions are
hard to tell apart ("Messi?"), so what is known of the asker weighs in as a prior: the language
their Telegram app is set to and the languages of their earlier questions in the chat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from bot.common.language import detect_language, normalize_language

if TYPE_CHECKING:
    from bot.search.index import SentenceIndex

BASE_PRIOR = 0.1  # every language the index holds
USER_PRIOR = 0.5  # added for the asker's interface language
RECENT_PRIOR = 0.4  # shared out among the languages of their earlier questions


@dataclass(frozen=True)
class LanguageHint:
    """What is known about the asker's language besides the question itself."""

    user_language: str = ""  # Telegram's language_code ('ru', 'pt-br'), '' if unknown
    recent: Sequence[str] = field(default=())  # languages of earlier questions, oldest first


def prior(languages: Sequence[str], hint: LanguageHint | None) -> dict[str, float] | None:
    """Prior weight of each language the index holds, from the hint (None without one)."""
    if hint is None or (not hint.user_language and not hint.recent):
        return None
    weights = dict.fromkeys(languages, BASE_PRIOR)
    user = normalize_language(hint.user_language)
    if user in weights:
        weights[user] += USER_PRIOR
    recent = [normalize_language(r) for r in hint.recent[-5:]]
    recent = [r for r in recent if r in weights]
    for language in recent:
        weights[language] += RECENT_PRIOR / len(recent)
    return weights


def question_language(index: SentenceIndex, question: str,
                      hint: LanguageHint | None = None) -> str:
    """The language of a question, among those of the index's articles."""
    held = sorted(lang for lang, n in index.languages.items() if n > 0)
    if not held:
        return normalize_language(index.analyzer.language) or "en"
    return detect_language(question, held, prior(held, hint), default=held[0])


def route(index: SentenceIndex, question: str, hint: LanguageHint | None = None) -> SentenceIndex:
    """The index as a question in its language sees it (bot.search.index.for_language)."""
    return index.for_language(question_language(index, question, hint))
