"""Which language a text is in: ISO 639-1 codes, detected with py3langid's bundled model.

Shared by ingestion (an article whose page and flags name no language) and search (which
articles a question is asked of). py3langid ships its naive Bayes model inside its wheel, so
nothing is downloaded; it is small (4 MB), fast (tens of microseconds a question) and covers 97
languages. Short texts are hard for any detector, so callers can narrow the choice to the
languages they hold and give priors (a user's Telegram language, their earlier questions).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

DEFAULT_LANGUAGE = "en"
_CODE = re.compile(r"[a-z]{2,3}")
# Codes the detector or the web use for a language we know under another code.
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "zh-hans": "zh", "zh-hant": "zh",
            "nb": "no", "nn": "no"}
_LOCK = threading.Lock()  # the identifier keeps no state per call, but loading is done once


def normalize_language(code: str | None) -> str:
    """An ISO 639-1 code from a tag such as 'ru-RU', 'pt_BR', 'EN' or 'zh-Hans'; '' if none."""
    if not code:
        return ""
    code = code.strip().lower().replace("_", "-")
    if code in _ALIASES:
        return _ALIASES[code]
    base = code.split("-", 1)[0]
    base = _ALIASES.get(base, base)
    return base if _CODE.fullmatch(base) else ""


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    with _LOCK:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def language_scores(text: str, candidates: Iterable[str] | None = None) -> dict[str, float]:
    """Probability of each language for the text (over `candidates` if given; they sum to 1).

    Raw naive-Bayes log scores are scaled by 1/sqrt(bytes) before the softmax, as py3langid
    does, so a three-word question gives soft odds and a paragraph a near-certain answer.
    """
    identifier = _identifier()
    raw = dict(identifier.rank(text))
    wanted = set(raw) if candidates is None else {c for c in candidates if c in raw}
    if not wanted:
        return {}
    scale = 1.0 / math.sqrt(max(1, len(text.encode("utf-8"))))
    top = max(raw[lang] for lang in wanted)
    weights = {lang: math.exp((raw[lang] - top) * scale) for lang in wanted}
    total = sum(weights.values())
    return {lang: w / total for lang, w in weights.items()}


def detect_language(
    text: str,
    candidates: Iterable[str] | None = None,
    prior: Mapping[str, float] | None = None,
    default: str = DEFAULT_LANGUAGE,
) -> str:
    """The most likely language of a text, as an ISO 639-1 code.

    `candidates` narrows the choice (the languages of the articles held); `prior` gives each
    language a prior probability (missing ones get a small floor), multiplied in before the
    choice. A text with no letters gets the prior's favourite, else `default`.
    """
    pool = None if candidates is None else sorted({normalize_language(c) for c in candidates} - {""})
    if pool is not None and len(pool) == 1:
        return pool[0]
    if not any(ch.isalpha() for ch in text):
        if prior:
            return max(sorted(prior), key=lambda lang: prior[lang])
        return default if pool is None or default in pool or not pool else pool[0]
    scores = language_scores(text, pool)
    if not scores:
        return default
    floor = 0.02
    best = max(sorted(scores), key=lambda lang: scores[lang] * max(floor, (prior or {}).get(lang, floor)))
    return normalize_language(best) or default
