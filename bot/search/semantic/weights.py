"""The reranker's weights with the semantic stage on, for questions in other languages.

With the stage on, English questions are ranked with "rerank_semantic" (bot/search/weights.json,
tuned on English SQuAD and the news sets). A language listed in weights.json beside this module
has a table of its own instead, over the plain features, the language's character n-gram
features (bot.search.lang.grams) and the stage's: tuned on the even-numbered XQuAD articles by
benchmarks/tune_semantic_languages.py. A language not listed keeps "rerank_semantic" and no
n-gram features, as before such tables existed.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path

PATH = Path(__file__).with_name("weights.json")


@cache
def _tables() -> dict[str, dict[str, float]]:
    text = resources.files("bot.search.semantic").joinpath("weights.json").read_text("utf-8")
    return {language: {name: float(w) for name, w in table.items()}
            for language, table in json.loads(text).get("rerank", {}).items()}


def for_language(language: str) -> dict[str, float] | None:
    """The table a question in `language` is ranked with when the stage is on; None for a
    language without one of its own (English among them)."""
    return _tables().get(language)


def languages() -> list[str]:
    """The languages with a table of their own."""
    return sorted(_tables())


def write(tables: dict[str, dict[str, float]], command: str) -> None:
    """Store tuned tables (benchmarks/tune_semantic_languages.py --write)."""
    data = {"_comment": "Written by python benchmarks/tune_semantic_languages.py " + command
            + ": the reranking weights, with the semantic stage on, of the languages listed, "
            "tuned on the even-numbered XQuAD articles.", "rerank": tables}
    PATH.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")
    _tables.cache_clear()
