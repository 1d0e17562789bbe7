"""Add articles to the corpus: from a page copied as text, a saved HTML page or a URL."""

from __future__ import annotations

import logging
import sys
import threading
from dataclasses import dataclass, replace
from enum import Enum
from pathlib import Path

import httpx

from bot.common.language import detect_language, normalize_language
from bot.common.urls import check_url, clean_url, looks_like_url
from bot.corpus import (
    LANGUAGE_CODE,
    Article,
    article_id_for,
    corpus_lock,
    corpus_signature,
    find_by_url,
    load_corpus,
    parse_published,
    write_article,
)
from bot.errors import IngestError
from bot.ingest.clean import clean_pasted_page
from bot.ingest.dedup import Shingles, shingles, similarity
from bot.ingest.extract import ExtractedPage, extract_article
from bot.ingest.fetch import MAX_PAGE_BYTES, Kind, fetch

logger = logging.getLogger(__name__)


def read_text_file(path: Path, limit: int = MAX_PAGE_BYTES) -> str:
    """Read a UTF-8 text file ('-' is standard input); raise IngestError if it cannot be read.

    A file over `limit` bytes is refused, as a fetched page of that size would be: extracting
    a 24 MB saved page took 2.5 minutes and 833 MB of memory.
    """
    if str(path) == "-":
        text = sys.stdin.read(limit + 1)
        if len(text.encode("utf-8", "surrogatepass")) > limit:
            raise IngestError(f"standard input: too large; the limit for a page is {limit:,} "
                              "bytes")
        return text
    try:
        size = path.stat().st_size
        if size > limit:
            raise IngestError(f"{path}: too large ({size:,} bytes); the limit for a page is "
                              f"{limit:,} bytes")
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise IngestError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise IngestError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _detected(title: str, body: str) -> str:
    """The language of an article whose page and flags name none (bot.common.language)."""
    return detect_language(f"{title}\n{body[:5000]}")


def check_language(code: str) -> str:
    """A language code normalised ('EN' -> 'en', 'pt_BR' -> 'pt'); IngestError if it is none.

    The corpus keeps the ISO 639-1 code only: text analysis is chosen per language, not region.
    """
    normal = normalize_language(code)
    if not normal or not LANGUAGE_CODE.fullmatch(normal):
        raise IngestError(f"bad --language {code.strip()!r}: use a code such as 'en' or 'de'")
    return normal


def check_published(published: str) -> str:
    """The date as given, if ISO 8601; IngestError naming --published otherwise."""
    try:
        parse_published(published)
    except ValueError:
        raise IngestError(f"bad --published {published!r}: use ISO 8601, e.g. 2024-04-17 or "
                          "2024-04-17T17:50:00+05:00") from None
    return published.strip()


# --- Web pages ------------------------------------------------------------------------------

# One writer at a time: the bot's /add and its feed job may run in two threads, `newsbot follow`
# by cron in another process, and the duplicate check and the write must not interleave. The
# thread lock orders this process's writers; corpus_lock (a file lock) orders the processes.
_WRITE_LOCK = threading.Lock()
# Shingle sets of the corpus's articles, by (id, hash of the body), kept across Ingestors (read
# and written under _WRITE_LOCK): the bot's feed job checks every new entry against the whole
# corpus, and shingling 2,000 articles takes seconds. About 3 kB per article.
_SHINGLES: dict[tuple[str, int], Shingles] = {}


@dataclass(frozen=True)
class Given:
    """Metadata stated by the user (flags) or by a feed; None where nothing was stated."""

    url: str | None = None
    source: str | None = None
    published: str | None = None
    title: str | None = None
    author: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class SameStory:
    """An article already in the corpus that tells the same story (another outlet's copy)."""

    article_id: str
    source: str
    title: str
    containment: float


SAME_URL = "an article with this URL is already in the corpus"


class Status(str, Enum):
    """What ingesting a page did."""

    WRITTEN = "written"
    REPLACED = "replaced"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class IngestResult:
    """The outcome of ingesting one page."""

    status: Status
    article: Article  # for SKIPPED: the article already in the corpus
    path: Path | None = None
    same_story: tuple[SameStory, ...] = ()
    warnings: tuple[str, ...] = ()
    reason: str = ""  # why it was skipped

    def to_json(self) -> dict[str, object]:
        """The `newsbot ingest --json` object."""
        return {
            "status": self.status.value,
            "path": str(self.path) if self.path else None,
            "article_id": self.article.id,
            "title": self.article.title,
            "url": self.article.url,
            "source": self.article.source,
            "published": self.article.published,
            "author": self.article.author,
            "same_story": [{"article_id": s.article_id, "source": s.source, "title": s.title}
                           for s in self.same_story],
            "warnings": list(self.warnings),
            "reason": self.reason,
        }


def looks_like_html_file(path: Path) -> bool:
    """True for a .html/.htm file, or a file whose first bytes are an HTML document's."""
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    if str(path) == "-" or not path.is_file():
        return False
    try:
        with path.open("rb") as stream:
            head = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    except OSError:
        return False
    return head.startswith((b"<!doctype html", b"<html"))


class Ingestor:
    """Adds web pages to one corpus directory, checking each against what is already there.

    Loads the corpus once and keeps its own list up to date as it writes, so one pass over a
    feed reads the directory only once.
    """

    def __init__(self, corpus_dir: Path, client: httpx.Client | None = None) -> None:
        self.corpus_dir = Path(corpus_dir)
        self.client = client
        self._articles: dict[str, Article] | None = None
        self._files: frozenset[tuple[str, int, int]] = frozenset()

    @property
    def articles(self) -> dict[str, Article]:
        """The corpus's articles by id (loaded on first use)."""
        if self._articles is None:
            self._files = corpus_signature(self.corpus_dir)
            corpus = load_corpus(self.corpus_dir) if self.corpus_dir.is_dir() else None
            self._articles = {a.id: a for a in corpus.articles} if corpus else {}
        return self._articles

    def _refresh(self) -> None:
        """Reload the corpus if someone else (another thread, a person) changed it meanwhile."""
        if self._articles is not None and corpus_signature(self.corpus_dir) != self._files:
            self._articles = None

    def known(self, url: str) -> Article | None:
        """The article already stored under this URL (tracking parameters ignored), if any."""
        return find_by_url(self.articles.values(), clean_url(url))

    def add_url(
        self, url: str, given: Given = Given(), *, fallback: Given = Given(),
        update: bool = False,
    ) -> IngestResult:
        """Fetch a page and add its article; a URL already in the corpus is skipped (or updated)."""
        if not looks_like_url(url):
            raise IngestError(f"bad URL {url!r}: it must start with http:// or https://")
        existing = None if update else self.known(given.url or url)
        if existing is not None:
            return _skipped(existing, SAME_URL)
        fetched = fetch(url, Kind.PAGE, client=self.client)
        return self.add_html(fetched.text(), fetched.final_url, given, fallback=fallback,
                             update=update, asked_url=url)

    def add_html_file(self, path: Path, given: Given = Given(), *, update: bool = False
                      ) -> IngestResult:
        """Add the article of a saved HTML page; its URL comes from the page or --url."""
        html = read_text_file(path)
        return self.add_html(html, given.url, given, update=update)

    def add_html(
        self, html: str, page_url: str | None, given: Given = Given(), *,
        fallback: Given = Given(), update: bool = False, asked_url: str | None = None,
    ) -> IngestResult:
        """Extract the article from HTML and write it unless the corpus has it already."""
        page = extract_article(html, page_url)
        article, warnings = _article_from(page, given, fallback)
        return self._write(article, warnings, update, [u for u in (asked_url, page_url) if u])

    def add_text_file(self, path: Path, given: Given, *, update: bool = False) -> IngestResult:
        """Add a page copied as text ('-': standard input); see add_text."""
        self._check_text_given(given)  # before reading stdin: a missing flag is said at once
        return self.add_text(read_text_file(path), given, update=update)

    def add_text(self, text: str, given: Given, *, update: bool = False) -> IngestResult:
        """Clean a page copied as text and add its article, by the same rules as web pages.

        Text has no metadata of its own: `given` must hold url, source and published; the title
        and author are found in the text unless given.
        """
        url, source, published = self._check_text_given(given)
        page = clean_pasted_page(text, title=given.title)
        article = Article(
            id=article_id_for(source, published, page.title), title=page.title, url=url,
            source=source, published=published, body=page.body,
            author=given.author if given.author is not None else page.author,
            language=check_language(given.language or _detected(page.title, page.body)),
        )
        return self._write(article, [], update, [])

    @staticmethod
    def _check_text_given(given: Given) -> tuple[str, str, str]:
        url = (given.url or "").strip()
        if not check_url(url):
            raise IngestError(f"bad --url {url!r}: it must be an absolute http(s) URL")
        published = check_published(given.published or "")
        source = " ".join((given.source or "").split())
        if not source:
            raise IngestError("--source must not be empty")
        return url, source, published

    def _write(self, article: Article, warnings: list[str], update: bool,
               other_urls: list[str]) -> IngestResult:
        """Check against the corpus and write, holding both the thread and the corpus locks."""
        if self.corpus_dir.exists() and not self.corpus_dir.is_dir():
            raise IngestError(f"corpus directory {str(self.corpus_dir)!r} is not a directory")
        try:
            self.corpus_dir.mkdir(parents=True, exist_ok=True)
            with _WRITE_LOCK, corpus_lock(self.corpus_dir):
                self._refresh()
                result = self._store(article, warnings, update, other_urls)
                self._files = corpus_signature(self.corpus_dir)
                return result
        except TimeoutError:  # filelock.Timeout: another process held the corpus too long
            raise IngestError(f"the corpus {self.corpus_dir} is busy (another newsbot is "
                              "writing to it); try again in a moment") from None
        except OSError as exc:
            raise IngestError(f"cannot write to the corpus {self.corpus_dir}: "
                              f"{exc.strerror or exc}") from None

    def _store(
        self, article: Article, warnings: list[str], update: bool, other_urls: list[str]
    ) -> IngestResult:
        existing = next((a for a in (self.known(u) for u in [article.url, *other_urls]) if a),
                        None)
        if existing is not None and not update:
            return _skipped(existing, SAME_URL)
        same = self._same_story(article, exclude=existing.id if existing else None)
        twin = next((s for s in same if _same_outlet(s.source, article.source)), None)
        if twin is not None:
            return _skipped(self.articles[twin.article_id],
                            "the same text from the same outlet is already in the corpus")
        if existing is not None:
            article = replace(article, id=existing.id)
        else:
            article = replace(article, id=self._free_id(article.id))
        path = write_article(self.corpus_dir, article, overwrite=existing is not None)
        self.articles[article.id] = article
        status = Status.REPLACED if existing is not None else Status.WRITTEN
        logger.info("%s %s (%s, %s)", status.value, path.name, article.source, article.published)
        return IngestResult(status, article, path, tuple(same), tuple(warnings))

    def _same_story(self, article: Article, exclude: str | None) -> list[SameStory]:
        mine = shingles(article.body)
        found = []
        for other in self.articles.values():
            if other.id == exclude:
                continue
            key = (other.id, hash(other.body))
            if key not in _SHINGLES:
                _SHINGLES[key] = shingles(other.body)
            sim = similarity(mine, _SHINGLES[key])
            if sim.same_story:
                found.append(SameStory(other.id, other.source, other.title, sim.containment))
        current = {(a.id, hash(a.body)) for a in self.articles.values()}
        for stale in set(_SHINGLES) - current:
            del _SHINGLES[stale]  # the cache holds the current corpus only
        return sorted(found, key=lambda s: (-s.containment, s.article_id))

    def _free_id(self, base: str) -> str:
        """An unused id: the base, or the base with -2, -3, ... (same outlet, date and title)."""
        candidate, number = base, 1
        while candidate in self.articles or (self.corpus_dir / f"{candidate}.md").exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def _skipped(article: Article, reason: str) -> IngestResult:
    return IngestResult(Status.SKIPPED, article, reason=reason)


def _same_outlet(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


_LABELS = {"url": "canonical URL", "source": "outlet name", "published": "publication date",
           "title": "title", "author": "author"}


def _article_from(page: ExtractedPage, given: Given, fallback: Given) -> tuple[Article, list[str]]:
    """The article: flags first, then the page, then the feed; refuse what is still missing."""
    warnings: list[str] = []

    def pick(name: str) -> str:
        page_value = "" if name in page.missing and name != "url" else getattr(page, name)
        for origin, value in (("flag", getattr(given, name)), ("page", page_value),
                              ("feed", getattr(fallback, name))):
            value = " ".join(str(value or "").split())
            if value:
                if origin == "feed":
                    warnings.append(f"the page gives no {_LABELS[name]}; using the feed's: "
                                    f"{value}")
                elif origin == "page" and name in page.missing:
                    warnings.append("the page gives no canonical URL; using its address")
                return value
        return ""

    url, source, published = pick("url"), pick("source"), pick("published")
    if not url:
        raise IngestError("the page gives no URL for itself: give it with --url")
    if not check_url(url):
        raise IngestError(f"bad --url {url!r}: it must be an absolute http(s) URL")
    if not source:
        raise IngestError("the page does not name its outlet: give it with --source")
    if not published:
        # The corpus needs a date for every quote, and a guessed one would mislead readers.
        raise IngestError("the page gives no publication date: give it with --published, "
                          "e.g. --published 2024-05-14")
    published = check_published(published)
    language = check_language(given.language or page.language or fallback.language
                              or _detected(page.title, page.body))
    title = pick("title")
    author = pick("author")
    if not author:
        warnings.append("no author found on the page (give one with --author)")
    article = Article(
        id=article_id_for(source, published, title),
        title=title, url=url, source=source, published=published, body=page.body,
        author=author, language=language,
    )
    return article, warnings
