"""End to end: /add, /reload, the corpus watch and the feed job, through the fake Bot API.

The bot fetches article pages and feeds from a second local server (tests/web_server.py).
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from pathlib import Path

import pytest

from bot.messages import NOT_ADMIN
from bot.search.library import Library
from tests.helpers.bot_harness import bot_settings, running_bot
from tests.helpers.fake_bot_api import BOT_USERNAME, FakeBotAPI, group_chat, private_chat, user
from tests.helpers.web_server import LocalWeb, serve, serve_pages

ADMIN = user(501, "Ann")
READER = user(502, "Bob")
COURIER_URL = ("https://valleycourier.example.com/news/2024/05/14/"
               "water-board-approves-riverside-reservoir")
FERRY_URL = "https://valleycourier.example.com/news/2024/05/20/night-ferry-harbour-city"
FERRY_FILE = (Path(__file__).parent / "data" / "ferry_article.md").read_text(
    encoding="utf-8")
FERRY_QUESTION = "When will the night ferry between Riverside and Harbour City start?"


@pytest.fixture
def web():
    for server in serve():
        serve_pages(server)
        yield server


def admin_settings(fake: FakeBotAPI, corpus: Path, **overrides):
    overrides.setdefault("admins", frozenset({ADMIN["id"]}))
    overrides.setdefault("watch_interval", 0)  # tests of the watch job turn it on
    return bot_settings(fake, corpus, **overrides)


async def wait_until(condition, timeout: float = 10.0) -> float:
    """Poll `condition` (without blocking the bot's loop); returns the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def test_admin_adds_a_page_and_the_bot_answers_from_it_at_once(
        fake_api: FakeBotAPI, web: LocalWeb, mini_corpus: Path) -> None:
    chat = private_chat(ADMIN["id"])
    library = Library(mini_corpus)
    async with running_bot(admin_settings(fake_api, mini_corpus), library):
        started = time.monotonic()
        add = fake_api.send_text(f"/add {web.url('/valley/news/reservoir?utm_source=tg')}",
                                 chat, ADMIN)
        [added] = await fake_api.replies_to(add, timeout=15)
        asked = fake_api.send_text("When is construction of the reservoir due to start?",
                                   chat, ADMIN)
        [answer] = await fake_api.replies_to(asked)
        elapsed = time.monotonic() - started
    print(f"\n[measure] bot: /add sent -> answer received {elapsed:.2f} s")
    text = added.params["text"]
    assert text.startswith("Added:\n<b>Water board approves Riverside reservoir after two-year "
                           "fight</b>\nValley Courier, 14 May 2024 — ")
    assert f'<a href="{COURIER_URL}">link</a>' in text
    assert fake_api.calls_to("sendChatAction")
    # The answering dates are bold (quality branch: answers bold what the question asks for).
    assert ("<blockquote>Construction is due to start in the <b>spring of 2026</b>, and the "
            "first water should reach homes in <b>2031</b>.</blockquote>") in answer.params["text"]
    assert f'<a href="{COURIER_URL}">Valley Courier</a>, 14 May 2024' in answer.params["text"]
    # Exactly one reply to /add: the unknown-command handler never saw it.
    assert len(fake_api.sent_to(chat["id"])) == 2


async def test_same_story_from_two_outlets_is_one_quote_with_both_links(
        fake_api: FakeBotAPI, web: LocalWeb, mini_corpus: Path) -> None:
    chat = private_chat(ADMIN["id"])
    ledger = web.url("/2024/05/14/riverside-reservoir-green-light/")
    async with running_bot(admin_settings(fake_api, mini_corpus)):
        first = fake_api.send_text(f"/add {web.url('/valley/news/reservoir')}", chat, ADMIN)
        await fake_api.replies_to(first, timeout=15)
        second = fake_api.send_text(f"/add {ledger}", chat, ADMIN)
        [added] = await fake_api.replies_to(second, timeout=15)
        asked = fake_api.send_text("How many families will the reservoir displace?", chat, ADMIN)
        [answer] = await fake_api.replies_to(asked)
    assert ("Same story as Valley Courier: <i>Water board approves Riverside reservoir after "
            "two-year fight</i>") in added.params["text"]
    text = answer.params["text"]
    first_quote = text.split("\n\n")[0]
    assert "displace <b>14</b> families.</blockquote>" in first_quote
    assert f'<a href="{COURIER_URL}">Valley Courier</a>' in first_quote
    assert f'<a href="{html.escape(ledger)}">Northern Ledger</a>' in first_quote


async def test_non_admins_are_refused_politely_and_nothing_is_fetched(
        fake_api: FakeBotAPI, web: LocalWeb, mini_corpus: Path) -> None:
    before = sorted(p.name for p in mini_corpus.glob("*.md"))  # articles, not the saved index
    url = web.url("/valley/news/reservoir")
    async with running_bot(admin_settings(fake_api, mini_corpus)):
        add = fake_api.send_text(f"/add {url}", private_chat(READER["id"]), READER)
        reload_ = fake_api.send_text("/reload", private_chat(READER["id"]), READER)
        in_group = fake_api.send_text(f"/add@{BOT_USERNAME} {url}", group_chat(), READER)
        replies = [await fake_api.replies_to(m) for m in (add, reload_, in_group)]
    assert [r[0].params["text"] for r in replies] == [NOT_ADMIN] * 3
    assert web.hits("/valley/news/reservoir") == 0
    assert sorted(p.name for p in mini_corpus.glob("*.md")) == before


async def test_bad_pages_and_missing_urls_get_a_clear_reply(
        fake_api: FakeBotAPI, web: LocalWeb, mini_corpus: Path) -> None:
    before = sorted(p.name for p in mini_corpus.glob("*.md"))  # articles, not the saved index
    chat = private_chat(ADMIN["id"])
    async with running_bot(admin_settings(fake_api, mini_corpus)):
        paywall = fake_api.send_text(f"/add {web.url('/plus/port-talks')}", chat, ADMIN)
        pdf_url = web.add("/doc.pdf", b"%PDF-1.7", content_type="application/pdf")
        pdf = fake_api.send_text(f"/add {pdf_url}", chat, ADMIN)
        bare = fake_api.send_text("/add", chat, ADMIN)
        not_url = fake_api.send_text("/add yesterday's news", chat, ADMIN)
        replies = [(await fake_api.replies_to(m, timeout=15))[0].params["text"]
                   for m in (paywall, pdf, bare, not_url)]
    assert replies[0].startswith("Could not add that page: paywalled page: only a teaser of 20 "
                                 "words")
    assert replies[1] == (f"Could not add that page: {pdf_url}: not a web page (content type "
                          "application/pdf); only HTML pages can be ingested")
    assert replies[2].startswith("Send <code>/add URL</code>")
    assert replies[3] == ("Could not add that page: bad URL &quot;yesterday&#x27;s&quot;: it "
                          "must start with http:// or https://")
    assert sorted(p.name for p in mini_corpus.glob("*.md")) == before


async def test_reload_command_serves_a_file_added_by_hand(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    chat = private_chat(ADMIN["id"])
    library = Library(mini_corpus)
    count = len(library.current.corpus.articles)
    async with running_bot(admin_settings(fake_api, mini_corpus), library):
        before = fake_api.send_text(FERRY_QUESTION, chat, ADMIN)
        [not_yet] = await fake_api.replies_to(before)
        (mini_corpus / "2024-05-20-valley-courier-ferry.md").write_text(FERRY_FILE,
                                                                        encoding="utf-8")
        (mini_corpus / "broken.md").write_text("no front matter\n", encoding="utf-8")
        reload_ = fake_api.send_text("/reload", chat, ADMIN)
        [reloaded] = await fake_api.replies_to(reload_)
        after = fake_api.send_text(FERRY_QUESTION, chat, ADMIN)
        [answer] = await fake_api.replies_to(after)
    assert "<blockquote>" not in not_yet.params["text"]
    sentences = len(library.current.index)
    assert reloaded.params["text"] == (f"Reloaded: {count + 1} articles, {sentences} sentences."
                                       "\n1 file(s) could not be loaded: broken.md.")
    assert f'<a href="{FERRY_URL}">Valley Courier</a>' in answer.params["text"]


async def test_the_watch_job_serves_new_files_without_a_command(
        fake_api: FakeBotAPI, mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    old = library.current
    async with running_bot(admin_settings(fake_api, mini_corpus, watch_interval=0.2), library):
        (mini_corpus / "2024-05-20-valley-courier-ferry.md").write_text(FERRY_FILE,
                                                                        encoding="utf-8")
        took = await wait_until(lambda: library.current is not old)
        asked = fake_api.send_text(FERRY_QUESTION, private_chat(READER["id"]), READER)
        [answer] = await fake_api.replies_to(asked)
    print(f"\n[measure] bot: corpus file written -> served {took:.2f} s (watch interval 0.2 s)")
    assert f'<a href="{FERRY_URL}">Valley Courier</a>' in answer.params["text"]


async def test_a_feed_gains_an_entry_and_the_bot_answers_within_one_interval(
        fake_api: FakeBotAPI, web: LocalWeb, mini_corpus: Path, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    interval = 1.0
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    broken = web.fixture("/broken/rss.xml", "broken-feed.xml")
    library = Library(mini_corpus)
    count = len(library.current.corpus.articles)
    settings = admin_settings(fake_api, mini_corpus, feeds=(broken, valley),
                              feed_interval=interval, data_dir=tmp_path / "state")

    def served(title_word: str) -> bool:
        return any(title_word in a.title for a in library.current.corpus.articles)

    with caplog.at_level(logging.WARNING, logger="bot.ingest.follow"):
        async with running_bot(settings, library):
            await wait_until(lambda: served("reservoir"))  # the first pass runs at start-up
            web.fixture("/valley/rss.xml", "valley-courier-rss-2.xml")
            took = await wait_until(lambda: served("ferry"), timeout=interval + 10)
            asked = fake_api.send_text(FERRY_QUESTION, private_chat(READER["id"]), READER)
            [answer] = await fake_api.replies_to(asked)
    print(f"\n[measure] bot: feed gained an entry -> answerable {took:.2f} s "
          f"(feed interval {interval} s)")
    assert took <= interval + 5  # one interval, plus the pass itself, plus slack for slow CI
    assert f'<a href="{FERRY_URL}">Valley Courier</a>' in answer.params["text"]
    assert len(library.current.corpus.articles) == count + 2
    assert any(m.startswith(f"feed {broken}: malformed feed") for m in caplog.messages)
