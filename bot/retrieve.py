"""From a question to ranked sentences: the one retrieval pipeline of the bot and of `eval`."""

from __future__ import annotations

from bot.index import Hit, SentenceIndex


def rank(index: SentenceIndex, question: str, k: int) -> list[Hit]:
    """The k best sentences for a question, best first."""
    return index.search(index.analyzer.query_terms(question), k)
