"""Small hand-made articles for tests of the question reading (no article text of a data set)."""

from __future__ import annotations

from bot.corpus import Article


def news_article(article_id: str, body: str) -> Article:
    """An English news article titled after its id, dated 2 May 2024."""
    return Article(article_id, article_id.title(), f"https://example.com/{article_id}", "News",
                   "2024-05-02", body)
