"""Add an article to the corpus from a page copied as text."""

from __future__ import annotations

import sys
from pathlib import Path

from bot.clean import clean_pasted_page
from bot.corpus import (
    Article,
    check_url,
    find_by_url,
    load_corpus,
    parse_published,
    article_id_for,
    write_article,
)
from bot.errors import CorpusError, IngestError


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file ('-' is standard input); raise IngestError if it cannot be read."""
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from None


def ingest_text_file(
    path: Path,
    *,
    corpus_dir: Path,
    url: str,
    source: str,
    published: str,
    title: str | None = None,
    author: str | None = None,
    language: str = "en",
    overwrite: bool = False,
) -> tuple[Path, bool]:
    """Clean a pasted page and write it to the corpus; returns (path, replaced an article)."""
    if not check_url(url):
        raise IngestError(f"bad --url {url!r}: it must be an absolute http(s) URL")
    try:
        parse_published(published)
    except ValueError:
        raise IngestError(
            f"bad --published {published!r}: use ISO 8601, e.g. 2024-04-17 or "
            "2024-04-17T17:50:00+05:00"
        ) from None
    if not source.strip():
        raise IngestError("--source must not be empty")
    page = clean_pasted_page(read_text_file(path), title=title)
    existing = find_by_url(load_corpus(corpus_dir).articles, url) if corpus_dir.is_dir() else None
    if existing and not overwrite:
        raise CorpusError(
            f"an article with this URL is already in the corpus ({existing.id}); "
            "use --force to replace it"
        )
    article = Article(
        id=existing.id if existing else article_id_for(source, published, page.title),
        title=page.title,
        url=url.strip(),
        source=" ".join(source.split()),
        published=published.strip(),
        body=page.body,
        author=author if author is not None else page.author,
        language=language,
    )
    return write_article(corpus_dir, article, overwrite=overwrite), existing is not None
