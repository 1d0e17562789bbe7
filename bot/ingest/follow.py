"""Follow RSS and Atom feeds: check each one, ingest the pages of new entries, remember them.

Each feed is isolated: one that is down, slow, malformed or not a feed at all is reported (a
log line and its FeedReport) and the others go on. Feeds are fetched in parallel, each within
the fetcher's timeouts and deadline; entry pages are then fetched one by one, the same way.
feedparser only ever sees bytes we fetched ourselves.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import feedparser

from bot.common.urls import short_url
from bot.errors import BotError, IngestError
from bot.ingest.feedstore import EntryStatus, FeedStore
from bot.ingest.fetch import (
    FEED_LIMITS,
    PAGE_LIMITS,
    Fetched,
    Kind,
    Limits,
    fetch,
    make_client,
)
from bot.ingest.ingestor import Given, Ingestor, IngestResult, Status

logger = logging.getLogger(__name__)

# New entries ingested per feed and pass; the rest wait for the next pass, so a first check of
# a long feed cannot hold the loop for many minutes.
MAX_NEW_PER_PASS = 30
MAX_PARALLEL_FEEDS = 4


@dataclass(frozen=True)
class EntryProblem:
    """A feed entry whose page could not be ingested."""

    link: str
    reason: str


@dataclass(frozen=True)
class FeedReport:
    """What one check of one feed found and did."""

    url: str
    title: str = ""
    entries: int = 0  # in the feed document
    ingested: tuple[IngestResult, ...] = ()
    known: int = 0  # entries already handled, or whose article was already in the corpus
    problems: tuple[EntryProblem, ...] = ()
    error: str = ""  # the feed itself could not be read
    not_modified: bool = False

    @property
    def ok(self) -> bool:
        """True when the feed could be read."""
        return not self.error

    def summary(self) -> str:
        """One line for the terminal or the log."""
        name = f"{self.title} ({self.url})" if self.title else self.url
        if self.error:
            return f"feed {self.url}: FAILED: {self.error}"
        if self.not_modified:
            return f"feed {name}: not changed since the last check"
        failed = f", {len(self.problems)} failed" if self.problems else ""
        entries = f"{self.entries} {'entry' if self.entries == 1 else 'entries'}"
        return (f"feed {name}: {entries}, {len(self.ingested)} new article(s), "
                f"{self.known} already known{failed}")


@dataclass(frozen=True)
class PassReport:
    """One pass over every feed."""

    feeds: tuple[FeedReport, ...]
    seconds: float

    @property
    def written(self) -> int:
        """How many articles the pass wrote or replaced."""
        return sum(len(f.ingested) for f in self.feeds)

    @property
    def failed(self) -> tuple[FeedReport, ...]:
        """The feeds that could not be read."""
        return tuple(f for f in self.feeds if not f.ok)


def check_feeds(
    feed_urls: Sequence[str],
    corpus_dir: Path,
    state_dir: Path,
    *,
    feed_limits: Limits = FEED_LIMITS,
    page_limits: Limits = PAGE_LIMITS,
) -> PassReport:
    """Check every feed once and ingest the pages of their new entries."""
    started = time.monotonic()
    feed_urls = list(dict.fromkeys(feed_urls))
    reports: list[FeedReport] = []
    with FeedStore(state_dir) as store, make_client(feed_limits) as feed_client, \
            make_client(page_limits) as page_client:
        states = {url: store.feed(url) for url in feed_urls}
        fetched = _fetch_all(feed_urls, states, feed_client, feed_limits)
        ingestor = Ingestor(corpus_dir, client=page_client)
        for url in feed_urls:
            try:
                report = _process(url, fetched[url], store, ingestor)
            except Exception as exc:  # a bug must not stop the other feeds
                logger.exception("feed %s: unexpected error", url)
                report = FeedReport(url, error=f"unexpected error: {exc}")
            if report.error:
                state = store.feed_failed(url, report.error)
                times = f" ({state.failures} checks in a row)" if state.failures > 1 else ""
                logger.warning("feed %s: %s%s; skipped this time", url, report.error, times)
            reports.append(report)
    return PassReport(tuple(reports), time.monotonic() - started)


def _fetch_all(urls: list[str], states: dict, client, limits: Limits
               ) -> dict[str, Fetched | BotError]:
    """Fetch every feed in parallel; each result is the response or the error."""
    def one(url: str) -> Fetched | BotError:
        state = states[url]
        headers = {}
        if state.etag:
            headers["If-None-Match"] = state.etag
        if state.modified:
            headers["If-Modified-Since"] = state.modified
        try:
            return fetch(url, Kind.FEED, limits=limits, client=client, headers=headers)
        except BotError as exc:
            return IngestError(_reason(exc, url))

    if not urls:
        return {}
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_FEEDS, len(urls))) as pool:
        return dict(zip(urls, pool.map(one, urls)))


def _process(url: str, fetched: Fetched | BotError, store: FeedStore, ingestor: Ingestor
             ) -> FeedReport:
    if isinstance(fetched, BotError):
        return FeedReport(url, error=str(fetched))
    state = store.feed(url)
    if fetched.not_modified:
        store.feed_ok(url, state.title, state.etag, state.modified)
        return FeedReport(url, title=state.title, not_modified=True)
    parsed = parse_feed(fetched)
    if isinstance(parsed, str):
        return FeedReport(url, error=parsed)
    feed_title = " ".join(str(parsed.feed.get("title", "")).split())
    fallback_language = _language(parsed.feed.get("language", ""))
    entries = [e for e in parsed.entries if _link(e, fetched.final_url)]
    ingested: list[IngestResult] = []
    problems: list[EntryProblem] = []
    known = 0
    for entry in _oldest_first(entries):
        link = _link(entry, fetched.final_url)
        key = _entry_key(entry, link)
        if not store.wants(url, key):
            known += 1
            continue
        if len(ingested) + len(problems) >= MAX_NEW_PER_PASS:
            continue  # the next pass takes it
        fallback = Given(
            source=feed_title or None,
            published=_entry_time(entry),
            title=" ".join(str(entry.get("title", "")).split()) or None,
            author=" ".join(str(entry.get("author", "")).split()) or None,
            language=fallback_language or None,
        )
        try:
            result = ingestor.add_url(link, fallback=fallback)
        except BotError as exc:
            reason = _reason(exc, link)
            attempt = store.attempts(url, key) + 1
            store.record(url, key, link, EntryStatus.FAILED, detail=reason)
            logger.warning("feed %s: entry %s: %s (attempt %d)", url, link, reason, attempt)
            problems.append(EntryProblem(link, reason))
            continue
        if result.status is Status.SKIPPED:
            store.record(url, key, link, EntryStatus.SKIPPED, result.article.id, result.reason)
            known += 1
        else:
            store.record(url, key, link, EntryStatus.INGESTED, result.article.id)
            ingested.append(result)
            for warning in result.warnings:
                logger.info("feed %s: entry %s: %s", url, link, warning)
    store.feed_ok(url, feed_title, fetched.headers.get("etag", ""),
                  fetched.headers.get("last-modified", ""))
    return FeedReport(url, feed_title, len(entries), tuple(ingested), known, tuple(problems))


def _reason(exc: BotError, url: str) -> str:
    """An error's message without the URL it starts with (the report names the URL already)."""
    message = str(exc)
    for prefix in (f"{url}: ", f"{short_url(url)}: "):
        if message.startswith(prefix):
            return message[len(prefix):]
    return message


def parse_feed(fetched: Fetched) -> feedparser.FeedParserDict | str:
    """The parsed feed, or why it is not a usable RSS or Atom feed."""
    # A stream, never bytes or str: feedparser would take a str for a URL or a file name.
    parsed = feedparser.parse(
        io.BytesIO(fetched.content),
        response_headers={"content-type": fetched.content_type or "application/xml",
                          "content-location": fetched.final_url},
    )
    usable = [e for e in parsed.entries if _link(e, fetched.final_url)]
    if parsed.bozo and not usable:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        if not parsed.get("version"):
            return f"not an RSS or Atom feed{detail}"
        return f"malformed feed{detail}"
    if not parsed.get("version") and not usable:
        return "not an RSS or Atom feed"
    if parsed.bozo:
        logger.info("feed %s is not well-formed (%s); using the %d entries that could be read",
                    fetched.final_url, parsed.get("bozo_exception"), len(usable))
    return parsed


def _link(entry: feedparser.FeedParserDict, base: str) -> str:
    link = str(entry.get("link", "") or "").strip()
    if not link:
        return ""
    link = urljoin(base, link)
    return link if re.match(r"^https?://", link) else ""


def _entry_key(entry: feedparser.FeedParserDict, link: str) -> str:
    """A stable identity for an entry: its id, else its link, else a hash of its title."""
    key = str(entry.get("id", "") or "").strip() or link
    if key:
        return key
    return "title:" + hashlib.sha256(str(entry.get("title", "")).encode()).hexdigest()[:16]


def _entry_time(entry: feedparser.FeedParserDict) -> str | None:
    """The entry's publication time as ISO 8601 UTC (feedparser normalises to UTC)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
    return stamp.isoformat(timespec="seconds")


def _oldest_first(entries: list) -> list:
    """Entries in publication order (feeds list the newest first), undated ones last."""
    indexed = list(enumerate(entries))
    indexed.sort(key=lambda pair: (_entry_time(pair[1]) is None, _entry_time(pair[1]) or "",
                                   -pair[0]))
    return [entry for _, entry in indexed]


def _language(code: str) -> str:
    match = re.match(r"^([a-z]{2,3})\b", str(code).strip().lower())
    return match.group(1) if match else ""


def follow(
    feed_urls: Sequence[str],
    corpus_dir: Path,
    state_dir: Path,
    *,
    interval: float,
    passes: int | None = None,
    stop: threading.Event | None = None,
    on_pass: Callable[[PassReport], None] | None = None,
    feed_limits: Limits = FEED_LIMITS,
    page_limits: Limits = PAGE_LIMITS,
) -> int:
    """Check the feeds every `interval` seconds until `passes` are done or `stop` is set.

    Returns the number of passes made. A pass that fails as a whole (the state file cannot be
    used) raises; problems with single feeds or entries never do.
    """
    if not feed_urls:
        raise IngestError("no feeds to follow: give feed URLs or set NEWSBOT_FEEDS")
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        started = time.monotonic()
        report = check_feeds(feed_urls, corpus_dir, state_dir, feed_limits=feed_limits,
                             page_limits=page_limits)
        done += 1
        if on_pass is not None:
            on_pass(report)
        if passes is not None and done >= passes:
            break
        stop.wait(max(0.0, interval - (time.monotonic() - started)))
    return done
