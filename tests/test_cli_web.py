"""`newsbot ingest URL|page.html` and `newsbot follow`, run in-process against a local server."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from bot import cli
from bot.search.answer import answer_question
from bot.search.index import load_index
from tests.helpers.web_server import WEB_DATA, LocalWeb, serve, serve_pages

COURIER_URL = ("https://valleycourier.example.com/news/2024/05/14/"
               "water-board-approves-riverside-reservoir")
FERRY_URL = "https://valleycourier.example.com/news/2024/05/20/night-ferry-harbour-city"


@pytest.fixture
def web():
    for server in serve():
        serve_pages(server)
        yield server


def ask_json(corpus: Path, question: str, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert cli.main(["ask", question, "--json", "--corpus", str(corpus)]) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_a_url_then_ask_quotes_it_with_url_and_date(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    started = time.perf_counter()
    code = cli.main(["ingest", web.url("/valley/news/reservoir?utm_source=rss"),
                     "--corpus", str(corpus)])
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[1:] == [
        "  Water board approves Riverside reservoir after two-year fight",
        "  Valley Courier, 14 May 2024, by Anna Pike",
        f"  {COURIER_URL}",
    ]
    answer = ask_json(corpus, "When is construction of the reservoir due to start?", capsys)
    elapsed = time.perf_counter() - started
    print(f"\n[measure] CLI ingest URL -> ask answered: {elapsed:.2f} s")
    assert answer["answered"]
    quote = answer["quotes"][0]
    assert quote["text"] == ("Construction is due to start in the spring of 2026, and the first "
                             "water should reach homes in 2031.")
    assert [(s["url"], s["published"], s["source"]) for s in quote["sources"]] == [
        (COURIER_URL, "2024-05-14T08:15:00+01:00", "Valley Courier")]


def test_clutter_never_answers(web: LocalWeb, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    assert cli.main(["ingest", web.url("/valley/news/reservoir"), "--corpus", str(corpus)]) == 0
    for question in ("drought warning issued for the valley district",
                     "sign up for the free daily newsletter",
                     "Valley Rovers sack manager"):
        assert not ask_json(corpus, question, capsys)["answered"], question


def test_the_same_story_from_two_outlets_gives_one_quote_listing_both(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    assert cli.main(["ingest", web.url("/valley/news/reservoir"), "--corpus", str(corpus)]) == 0
    capsys.readouterr()
    ledger = web.url("/2024/05/14/riverside-reservoir-green-light/")
    assert cli.main(["ingest", ledger, "--corpus", str(corpus)]) == 0
    out = capsys.readouterr().out
    assert ("  same story as 2024-05-14-valley-courier-water-board-approves-riverside-reservoir-"
            "after-two (Valley Courier: Water board approves Riverside reservoir after two-year "
            "fight)") in out.splitlines()
    answer = ask_json(corpus, "How many families will the reservoir displace?", capsys)
    quotes = answer["quotes"]
    assert quotes[0]["text"].endswith("flood the last wetland in the district and displace 14 "
                                      "families.")
    assert {s["source"]: s["url"] for s in quotes[0]["sources"]} == {
        "Valley Courier": COURIER_URL, "Northern Ledger": ledger}
    assert sum(q["text"] == quotes[0]["text"] for q in quotes) == 1


def test_ingest_a_saved_html_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    saved = WEB_DATA / "northern-ledger-reservoir.html"
    assert cli.main(["ingest", str(saved), "--corpus", str(corpus),
                     "--url", "https://northernledger.example.net/2024/05/14/reservoir"]) == 0
    answer = ask_json(corpus, "When will the Environment Agency publish its assessment?", capsys)
    source = answer["quotes"][0]["sources"][0]
    assert source["url"] == "https://northernledger.example.net/2024/05/14/reservoir"
    assert source["published"] == "2024-05-14T10:40:00+00:00"


def test_ingest_json_and_skip(web: LocalWeb, tmp_path: Path,
                              capsys: pytest.CaptureFixture[str]) -> None:
    corpus = str(tmp_path / "corpus")
    assert cli.main(["ingest", web.url("/valley/news/ferry"), "--json", "--corpus", corpus]) == 0
    first = json.loads(capsys.readouterr().out)
    assert first["status"] == "written"
    assert first["url"] == FERRY_URL
    assert first["author"] == "Dev Mistry"
    assert first["same_story"] == [] and first["warnings"] == []
    assert cli.main(["ingest", web.url("/valley/news/ferry"), "--corpus", corpus]) == 0
    assert capsys.readouterr().out.startswith(
        "skipped: an article with this URL is already in the corpus (2024-05-20-valley-courier-"
        "night-ferry-to-harbour-city-to-start-in-june); use --update to replace it")
    for flag in ("--update", "--force"):
        assert cli.main(["ingest", web.url("/valley/news/ferry"), flag, "--corpus", corpus]) == 0
        assert capsys.readouterr().out.startswith("replaced ")


@pytest.mark.parametrize("path, message", [
    ("/plus/port-talks", "newsbot: paywalled page: only a teaser of 20 words can be read "
                         "without a subscription; nothing was written"),
    ("/valley/news", "newsbot: not an article: only 23 words of article text on the page"),
    ("/valley/app", "newsbot: not an article: only 0 words of article text on the page"),
    ("/bugle/library", "newsbot: the page gives no publication date: give it with "
                       "--published, e.g. --published 2024-05-14"),
])
def test_bad_pages_fail_with_one_line_and_write_nothing(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    corpus = tmp_path / "corpus"
    assert cli.main(["ingest", web.url(path), "--corpus", str(corpus)]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(message)
    assert len(err.splitlines()) == 1
    assert not corpus.exists() or list(corpus.iterdir()) == []


def test_non_html_and_huge_pages_fail_with_one_line(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    pdf = web.add("/paper.pdf", b"%PDF-1.7", content_type="application/pdf")
    huge = web.add("/huge", stream_bytes=10_000_000)
    assert cli.main(["ingest", pdf, "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"newsbot: {pdf}: not a web page (content type application/pdf); only HTML pages can "
        "be ingested")
    assert cli.main(["ingest", huge, "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"newsbot: {huge}: page too large; the limit is 3,000,000 bytes")
    assert not corpus.exists()


def test_the_text_file_contract_still_holds(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("Night ferry to Harbour City to start in June\n\n"
                      "A night ferry between Riverside and Harbour City will start running on "
                      "3 June, the operator Bluewater Lines announced on Monday.\n",
                      encoding="utf-8")
    corpus = tmp_path / "corpus"
    args = ["ingest", str(pasted), "--url", FERRY_URL, "--source", "Valley Courier",
            "--published", "2024-05-20", "--corpus", str(corpus)]
    assert cli.main(args) == 0
    assert capsys.readouterr().out.strip() == (
        f"wrote {corpus}/2024-05-20-valley-courier-night-ferry-to-harbour-city-to-start-in-"
        "june.md")
    # One rule for text and pages (issue 9): the same URL again is a skip, not an error.
    assert cli.main(args) == 0
    assert "use --update to replace it" in capsys.readouterr().out
    assert cli.main([*args, "--force"]) == 0
    assert capsys.readouterr().out.startswith("replaced ")
    assert cli.main(["ingest", str(pasted), "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err.strip() == (
        "newsbot: a page copied as text needs --url, --source, --published (only URLs and "
        ".html pages have their own metadata)")
    # A file that is not there is said first, not the flags a text file would need.
    missing = tmp_path / "no-such-page.txt"
    assert cli.main(["ingest", str(missing), "--corpus", str(corpus)]) == 1
    assert capsys.readouterr().err.strip() == f"newsbot: {missing}: no such file"


# --- follow ---------------------------------------------------------------------------------

def test_follow_once_ingests_and_reports_a_broken_feed(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    ledger = web.fixture("/ledger/atom.xml", "northern-ledger-atom.xml")
    broken = web.fixture("/broken/rss.xml", "broken-feed.xml")
    corpus, state = tmp_path / "corpus", tmp_path / "state"
    code = cli.main(["follow", broken, valley, ledger, "--once", "--corpus", str(corpus),
                     "--data-dir", str(state)])
    captured = capsys.readouterr()
    assert code == 0
    lines = captured.out.splitlines()
    assert "checked 3 feed(s)" in lines[0] and lines[0].endswith("2 new article(s)")
    assert f"  feed {broken}: FAILED: malformed feed: <unknown>:8:0: no element found" in lines
    assert f"  feed Valley Courier ({valley}): 1 entry, 1 new article(s), 0 already known" \
        in lines
    assert any(line.strip().startswith("same story as 2024-05-14-valley-courier")
               for line in lines)
    assert f"feed {broken}: malformed feed: <unknown>:8:0: no element found; skipped this " \
        "time" in caplog.messages
    assert len(list(corpus.glob("*.md"))) == 2


def test_follow_exits_1_when_no_feed_can_be_read(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["follow", web.url("/nothing.xml"), "--once", "--corpus",
                     str(tmp_path / "c"), "--data-dir", str(tmp_path / "s")])
    assert code == 1
    assert "the server answered HTTP 404" in capsys.readouterr().out


def test_follow_needs_feeds_and_a_sane_interval(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["follow", "--once"]) == 1
    assert capsys.readouterr().err.strip() == (
        "newsbot: no feeds to follow: give feed URLs or set NEWSBOT_FEEDS")
    assert cli.main(["follow", "http://127.0.0.1:9/x", "--interval", "soon"]) == 1
    assert "--interval must be a number of seconds" in capsys.readouterr().err
    assert cli.main(["follow", "feed.xml"]) == 1
    assert "bad feed URL 'feed.xml'" in capsys.readouterr().err


def test_follow_loop_picks_up_a_new_entry_within_one_interval(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CLI loop runs in a thread; the feed gains an entry; the article is answerable."""
    interval = 1.0
    feed = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    corpus, state = tmp_path / "corpus", tmp_path / "state"
    codes: list[int] = []
    loop = threading.Thread(target=lambda: codes.append(cli.main([
        "follow", feed, "--interval", str(interval), "--passes", "4",
        "--corpus", str(corpus), "--data-dir", str(state)])))
    loop.start()
    try:
        deadline = time.monotonic() + 10
        while not list(corpus.glob("*reservoir*.md")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert list(corpus.glob("*reservoir*.md")), "first pass did not ingest"
        web.fixture("/valley/rss.xml", "valley-courier-rss-2.xml")
        changed = time.monotonic()
        while not list(corpus.glob("*night-ferry*.md")) and time.monotonic() < changed + 10:
            time.sleep(0.02)
        written = time.monotonic() - changed
        # The follow thread prints to stdout, so ask through the core rather than the CLI.
        answer = answer_question(load_index(corpus)[1],
                                 "When will the night ferry leave Riverside?")
        answerable = time.monotonic() - changed
    finally:
        loop.join(timeout=20)
    assert codes == [0]
    print(f"\n[measure] feed gained an entry -> file written {written:.2f} s, answerable "
          f"(ask) {answerable:.2f} s; interval {interval} s")
    assert written <= interval + 5  # within one interval plus the pass itself
    assert answer.quotes[0].sources[0].url == FERRY_URL


def test_follow_reads_feeds_from_the_environment(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    valley = web.fixture("/valley/rss.xml", "valley-courier-rss-1.xml")
    monkeypatch.setenv("NEWSBOT_FEEDS", valley)
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("NEWSBOT_CORPUS", str(tmp_path / "corpus"))
    assert cli.main(["follow", "--once"]) == 0
    assert "1 new article(s)" in capsys.readouterr().out
    assert (tmp_path / "state" / "feeds.sqlite3").is_file()
    assert len(list((tmp_path / "corpus").glob("*.md"))) == 1


def test_a_same_outlet_copy_is_skipped_without_an_update_hint(
    web: LocalWeb, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = str(tmp_path / "corpus")
    assert cli.main(["ingest", web.url("/valley/news/reservoir"), "--corpus", corpus]) == 0
    amp = (WEB_DATA / "valley-courier-reservoir.html").read_text(encoding="utf-8").replace(
        "water-board-approves-riverside-reservoir", "water-board-approves-riverside-reservoir/amp")
    capsys.readouterr()
    assert cli.main(["ingest", web.add("/amp", amp), "--corpus", corpus]) == 0
    assert capsys.readouterr().out.strip() == (
        "skipped: the same text from the same outlet is already in the corpus (2024-05-14-valley-"
        "courier-water-board-approves-riverside-reservoir-after-two)")
