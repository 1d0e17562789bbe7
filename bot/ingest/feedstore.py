"""What the feed follower remembers: each feed's last check and every entry it has handled.

A small SQLite database in the data directory (NEWSBOT_DATA_DIR). Open one FeedStore per
pass, in the thread that runs the pass: SQLite connections stay in the thread that made them.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import TracebackType

from bot.common.sqlite import open_database
from bot.errors import ConfigError

STATE_FILE = "feeds.sqlite3"
# An entry whose page failed this many times is given up (a broken link, a paywall).
MAX_ATTEMPTS = 3
# Schema migrations (bot/common/sqlite.py): number i takes the file from version i to i + 1.
MIGRATIONS = ("""
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    title TEXT NOT NULL DEFAULT '',
    etag TEXT NOT NULL DEFAULT '',
    modified TEXT NOT NULL DEFAULT '',
    last_checked TEXT NOT NULL DEFAULT '',
    last_ok TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS entries (
    feed_url TEXT NOT NULL,
    entry_key TEXT NOT NULL,
    link TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    attempts INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL,
    last_tried TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);
""",)


class EntryStatus(str, Enum):
    """What happened to a feed entry."""

    INGESTED = "ingested"
    SKIPPED = "skipped"  # already in the corpus
    FAILED = "failed"  # tried again on later passes, up to MAX_ATTEMPTS times


@dataclass(frozen=True)
class FeedState:
    """The remembered state of one feed."""

    url: str
    title: str = ""
    etag: str = ""
    modified: str = ""
    last_checked: str = ""
    last_ok: str = ""
    last_error: str = ""
    failures: int = 0  # consecutive failed checks


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class FeedStore:
    """The SQLite store of feeds and entries; use as a context manager."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / STATE_FILE
        try:
            self._db = open_database(self.path, MIGRATIONS)
        except (sqlite3.Error, OSError) as exc:
            raise ConfigError(f"cannot use the feed state file {self.path}: {exc} "
                              "(set NEWSBOT_DATA_DIR or move the file away)") from None

    def __enter__(self) -> FeedStore:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def feed(self, url: str) -> FeedState:
        """The remembered state of a feed (empty for a feed never checked)."""
        row = self._db.execute(
            "SELECT url, title, etag, modified, last_checked, last_ok, last_error, failures "
            "FROM feeds WHERE url = ?", (url,)).fetchone()
        return FeedState(*row) if row else FeedState(url)

    def feeds(self) -> list[FeedState]:
        """Every feed ever checked."""
        rows = self._db.execute(
            "SELECT url, title, etag, modified, last_checked, last_ok, last_error, failures "
            "FROM feeds ORDER BY url").fetchall()
        return [FeedState(*row) for row in rows]

    def feed_ok(self, url: str, title: str, etag: str, modified: str) -> None:
        """Record a successful check (etag and Last-Modified for the next conditional GET)."""
        now = _now()
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, title, etag, modified, last_checked, last_ok) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END, "
                "etag = excluded.etag, modified = excluded.modified, "
                "last_checked = excluded.last_checked, last_ok = excluded.last_ok, "
                "last_error = '', failures = 0",
                (url, title, etag, modified, now, now))

    def feed_failed(self, url: str, error: str) -> FeedState:
        """Record a failed check; returns the new state (with its count of failures)."""
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, last_checked, last_error, failures) "
                "VALUES (?, ?, ?, 1) ON CONFLICT(url) DO UPDATE SET "
                "last_checked = excluded.last_checked, last_error = excluded.last_error, "
                "failures = failures + 1",
                (url, _now(), error))
        return self.feed(url)

    def wants(self, feed_url: str, entry_key: str) -> bool:
        """True for an entry never handled, or one that failed fewer than MAX_ATTEMPTS times."""
        row = self._db.execute(
            "SELECT status, attempts FROM entries WHERE feed_url = ? AND entry_key = ?",
            (feed_url, entry_key)).fetchone()
        return row is None or (row[0] == EntryStatus.FAILED.value and row[1] < MAX_ATTEMPTS)

    def attempts(self, feed_url: str, entry_key: str) -> int:
        """How many times an entry was tried."""
        row = self._db.execute(
            "SELECT attempts FROM entries WHERE feed_url = ? AND entry_key = ?",
            (feed_url, entry_key)).fetchone()
        return row[0] if row else 0

    def record(self, feed_url: str, entry_key: str, link: str, status: EntryStatus,
               article_id: str = "", detail: str = "") -> None:
        """Remember what happened to an entry."""
        now = _now()
        with self._db:
            self._db.execute(
                "INSERT INTO entries (feed_url, entry_key, link, status, article_id, detail, "
                "attempts, first_seen, last_tried) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) "
                "ON CONFLICT(feed_url, entry_key) DO UPDATE SET link = excluded.link, "
                "status = excluded.status, article_id = excluded.article_id, "
                "detail = excluded.detail, attempts = attempts + 1, "
                "last_tried = excluded.last_tried",
                (feed_url, entry_key, link, status.value, article_id, detail, now, now))

    def entry_counts(self, feed_url: str) -> dict[str, int]:
        """How many entries of a feed are in each status."""
        rows = self._db.execute(
            "SELECT status, COUNT(*) FROM entries WHERE feed_url = ? GROUP BY status",
            (feed_url,)).fetchall()
        return {status: count for status, count in rows}
