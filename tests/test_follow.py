"""The feed follower and its SQLite store: new entries, isolation of bad feeds, retries."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from bot.errors import ConfigError, IngestError
from bot.ingest.feedstore import MAX_ATTEMPTS, STATE_FILE, EntryStatus, FeedStore
from bot.ingest.fetch import Limits
from bot.ingest.follow import PassReport, check_feeds, follow
from tests.helpers.web_server import ATOM, RSS, WEB_DATA, LocalWeb, serve, serve_pages

FAST = Limits(max_bytes=1_000_000, connect_timeout=1.0, read_timeout=0.5, deadline=2.0)


@pytest.fixture
def web():
    for server in serve():
        serve_pages(server)
        yield server


def run(web_feeds: list[str], tmp_path: Path) -> PassReport:
    return check_feeds(web_feeds, tmp_path / "corpus", tmp_path / "state",
                       feed_limits=FAST, page_limits=FAST)


def articles(tmp_path: Path) -> list[str]:
    return sorted(p.name for p in (tmp_path / "corpus").glob("*.md"))


# --- the store ------------------------------------------------------------------------------

def test_store_remembers_entries_and_gives_up_after_max_attempts(tmp_path: Path) -> None:
    with FeedStore(tmp_path) as store:
        assert store.wants("f", "e1")
        store.record("f", "e1", "http://x/1", EntryStatus.INGESTED, "a1")
        store.record("f", "e2", "http://x/2", EntryStatus.SKIPPED, "a0", "already there")
        assert not store.wants("f", "e1") and not store.wants("f", "e2")
        for attempt in range(1, MAX_ATTEMPTS + 1):
            assert store.wants("f", "e3")
            store.record("f", "e3", "http://x/3", EntryStatus.FAILED, detail="HTTP 500")
            assert store.attempts("f", "e3") == attempt
        assert not store.wants("f", "e3")
        assert store.entry_counts("f") == {"ingested": 1, "skipped": 1, "failed": 1}
    with FeedStore(tmp_path) as again:  # it is a real file
        assert not again.wants("f", "e1")


def test_store_tracks_feed_health(tmp_path: Path) -> None:
    with FeedStore(tmp_path) as store:
        assert store.feed("u").failures == 0
        store.feed_failed("u", "timed out")
        assert store.feed_failed("u", "timed out").failures == 2
        store.feed_ok("u", "Title", '"etag"', "")
        state = store.feed("u")
        assert (state.title, state.etag, state.failures, state.last_error) == \
            ("Title", '"etag"', 0, "")
        assert [f.url for f in store.feeds()] == ["u"]


def test_a_corrupt_state_file_is_a_clear_config_error(tmp_path: Path) -> None:
    (tmp_path / STATE_FILE).write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match=r"cannot use the feed state file .*feeds.sqlite3: "
                                          r"file is not a database"):
        FeedStore(tmp_path)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / STATE_FILE) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(ConfigError, match="written by a newer newsbot"):
        FeedStore(tmp_path)


# --- checking feeds -------------------------------------------------------------------------

def test_first_pass_ingests_the_entries_and_second_pass_finds_nothing_new(
    web: LocalWeb, tmp_path: Path
) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-2.xml")
    first = run([valley], tmp_path)
    assert first.written == 2
    [feed] = first.feeds
    assert (feed.title, feed.entries, feed.known, feed.problems) == ("Valley Courier", 2, 0, ())
    # Oldest first: the reservoir (14 May) before the ferry (20 May).
    assert [r.article.title for r in feed.ingested] == [
        "Water board approves Riverside reservoir after two-year fight",
        "Night ferry to Harbour City to start in June"]
    page_hits = web.hits("/valley/news/ferry")
    second = run([valley], tmp_path)
    assert second.written == 0 and second.feeds[0].known == 2
    assert web.hits("/valley/news/ferry") == page_hits  # seen entries are not fetched again


def test_a_feed_that_gains_an_entry(web: LocalWeb, tmp_path: Path) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    assert run([valley], tmp_path).written == 1
    web.fixture("/valley/rss.xml", "valley-courier-rss-2.xml")
    report = run([valley], tmp_path)
    assert [r.article.url for r in report.feeds[0].ingested] == [
        "https://valleycourier.example.com/news/2024/05/20/night-ferry-harbour-city"]
    assert len(articles(tmp_path)) == 2


@pytest.mark.parametrize("setup, error", [
    (lambda web: web.fixture("/bad.xml", "broken-feed.xml"),
     "malformed feed: <unknown>:8:0: no element found"),
    (lambda web: web.add("/bad.xml", b"oops", status=500),
     "the server answered HTTP 500 Internal Server Error"),
    (lambda web: web.fixture("/bad.xml", "northern-ledger-atom.xml", delay=1.5),
     "timed out"),
    (lambda web: web.fixture("/bad.xml", "valley-courier-ferry.html"),
     "this is a web page, not a feed"),
    (lambda web: web.add("/bad.xml", b'{"items": []}', content_type="text/plain"),
     "not an RSS or Atom feed"),
    (lambda web: web.add("/bad.xml", stream_bytes=5_000_000, content_type=ATOM),
     "feed too large"),
])
def test_a_bad_feed_is_reported_and_the_others_go_on(
    web: LocalWeb, tmp_path: Path, caplog: pytest.LogCaptureFixture, setup, error: str
) -> None:
    bad = setup(web)
    good = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    with caplog.at_level(logging.WARNING, logger="bot.ingest.follow"):
        report = run([bad, good], tmp_path)
    bad_report, good_report = report.feeds
    assert error in bad_report.error
    assert bad_report.summary().startswith(f"feed {bad}: FAILED: ")
    assert good_report.ok and good_report.summary().endswith("1 new article(s), 0 already known")
    assert report.failed == (bad_report,)
    assert [m for m in caplog.messages if m.startswith(f"feed {bad}: ")] == [
        f"feed {bad}: {bad_report.error}; skipped this time"]
    assert len(articles(tmp_path)) == 1


def test_a_slow_feed_does_not_hold_back_the_others(web: LocalWeb, tmp_path: Path) -> None:
    slow = web.fixture("/slow.xml", "northern-ledger-atom.xml", delay=1.5)
    good = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    started = time.monotonic()
    report = run([slow, good], tmp_path)
    # Feeds are fetched in parallel: the pass takes about one timeout, not one per slow feed.
    assert time.monotonic() - started < 5
    assert "timed out" in report.feeds[0].error and report.written == 1


def test_a_failing_entry_is_retried_then_given_up(web: LocalWeb, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    feed = (WEB_DATA / "valley-courier-rss-2.xml").read_text(encoding="utf-8").replace(
        "{BASE}/valley/news/ferry", "{BASE}/gone/ferry")
    web.add("/valley/rss.xml", feed.replace("{BASE}", web.base_url), content_type=RSS)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        report = run([web.url("/valley/rss.xml")], tmp_path)
        [problem] = report.feeds[0].problems
        assert problem.link.startswith(web.url("/gone/ferry"))
        assert "HTTP 404" in problem.reason
        assert f"(attempt {attempt})" in caplog.messages[-1]
    assert web.hits("/gone/ferry") == MAX_ATTEMPTS
    report = run([web.url("/valley/rss.xml")], tmp_path)
    assert report.feeds[0].problems == () and web.hits("/gone/ferry") == MAX_ATTEMPTS


def test_entries_whose_page_is_paywalled_are_reported_not_written(
    web: LocalWeb, tmp_path: Path
) -> None:
    feed = (WEB_DATA / "valley-courier-rss-1.xml").read_text(encoding="utf-8").replace(
        "{BASE}/valley/news/reservoir", "{BASE}/plus/port-talks")
    web.add("/plus/rss.xml", feed.replace("{BASE}", web.base_url), content_type=RSS)
    report = run([web.url("/plus/rss.xml")], tmp_path)
    assert report.feeds[0].problems[0].reason.startswith("paywalled page")
    assert articles(tmp_path) == []


def test_feed_metadata_fills_what_the_page_lacks(web: LocalWeb, tmp_path: Path) -> None:
    feed = (WEB_DATA / "valley-courier-rss-1.xml").read_text(encoding="utf-8").replace(
        "{BASE}/valley/news/reservoir", "{BASE}/bugle/library")
    web.add("/bugle/rss.xml", feed.replace("{BASE}", web.base_url), content_type=RSS)
    report = run([web.url("/bugle/rss.xml")], tmp_path)
    [result] = report.feeds[0].ingested
    assert result.article.published == "2024-05-14T07:15:00+00:00"  # the feed's pubDate
    assert result.article.source == "The Millbrook Bugle"  # the page names itself
    assert result.article.author == "Anna Pike"  # dc:creator


def test_an_unchanged_feed_is_not_parsed_again(web: LocalWeb, tmp_path: Path) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml",
                         headers={"ETag": '"v1"'})
    run([valley], tmp_path)
    web.add("/valley/rss.xml", status=304, content_type="")
    report = run([valley], tmp_path)
    assert web.requests[-1].headers["if-none-match"] == '"v1"'
    assert report.feeds[0].not_modified
    assert report.feeds[0].summary() == \
        f"feed Valley Courier ({valley}): not changed since the last check"


def test_follow_loops_until_passes_or_stop(web: LocalWeb, tmp_path: Path) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    seen: list[PassReport] = []
    done = follow([valley], tmp_path / "c", tmp_path / "s", interval=0.05, passes=3,
                  on_pass=seen.append, feed_limits=FAST, page_limits=FAST)
    assert done == 3 and [r.written for r in seen] == [1, 0, 0]
    stop = threading.Event()
    stopper = threading.Timer(0.3, stop.set)
    stopper.start()
    done = follow([valley], tmp_path / "c", tmp_path / "s", interval=0.05, stop=stop,
                  feed_limits=FAST, page_limits=FAST)
    stopper.join()
    assert done >= 1
    with pytest.raises(IngestError, match="no feeds to follow"):
        follow([], tmp_path / "c", tmp_path / "s", interval=1)
