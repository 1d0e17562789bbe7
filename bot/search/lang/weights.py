"""The reranker's weights for questions in languages other than English.

bot/search/weights.json holds weights tuned on English SQuAD. Other languages are ranked with
one table of their own (weights.json beside this module), tuned on the even-numbered XQuAD
articles of eight languages together by benchmarks/tune_xquad.py: the English weights with a
few moved, those of the features that read terms' spelling (prefix matches, word pairs,
coverage, novelty). English questions keep the English weights.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

PATH = Path(__file__).with_name("weights.json")


@cache
def _table() -> dict[str, float]:
    text = resources.files("bot.search.lang").joinpath("weights.json").read_text("utf-8")
    return {name: float(w) for name, w in json.loads(text)["rerank"].items()}


def for_language(language: str) -> dict[str, float] | None:
    """The weights a question in `language` is ranked with; None for English (the bot's own)."""
    if language in ("en", "english"):
        return None
    return _table() or None


def write(table: dict[str, float], command: str) -> None:
    """Store a tuned table (benchmarks/tune_xquad.py --write)."""
    data = {"_comment": "Written by python benchmarks/tune_xquad.py " + command + ": the "
            "reranking weights of every language but English, tuned on the even-numbered XQuAD "
            "articles of all its languages together.", "rerank": table}
    PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
