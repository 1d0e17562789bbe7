"""The fetcher against a local server: limits, redirects, content types, errors as one line."""

from __future__ import annotations

import socket

import pytest

from bot.errors import IngestError
from bot.ingest.fetch import USER_AGENT, Kind, Limits, fetch
from tests.helpers.web_server import ATOM, HTML, LocalWeb, serve

FAST = Limits(max_bytes=100_000, connect_timeout=1.0, read_timeout=0.5, deadline=2.0,
              max_redirects=2)


@pytest.fixture
def web():
    yield from serve()


def test_fetches_a_page_with_our_user_agent(web: LocalWeb) -> None:
    url = web.fixture("/story", "valley-courier-ferry.html")
    fetched = fetch(url)
    assert fetched.status == 200
    assert fetched.content_type == "text/html"
    assert "Night ferry to Harbour City" in fetched.text()
    assert web.requests[-1].headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("newsbot/")


def test_decodes_with_the_declared_charset(web: LocalWeb) -> None:
    page = "<html><body><p>Café in Zürich</p></body></html>".encode("latin-1")
    url = web.add("/latin", page, content_type="text/html; charset=iso-8859-1")
    assert "Café in Zürich" in fetch(url).text()


def test_decodes_with_the_meta_charset_when_the_header_has_none(web: LocalWeb) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“quoted”</body></html>'
    url = web.add("/cp1252", page.encode("cp1252"), content_type="text/html")
    assert "“quoted”" in fetch(url).text()


def test_refuses_a_page_that_is_not_html(web: LocalWeb) -> None:
    url = web.add("/report.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    with pytest.raises(IngestError, match=r"not a web page \(content type application/pdf\)"):
        fetch(url)


def test_refuses_a_page_whose_declared_size_is_over_the_limit(web: LocalWeb) -> None:
    url = web.add("/big", b"<html></html>", headers={"Content-Length": "500000"})
    with pytest.raises(IngestError, match=r"page too large \(500,000 bytes\); the limit is "
                                          r"100,000 bytes"):
        fetch(url, limits=FAST)


def test_stops_reading_a_body_without_length_at_the_limit(web: LocalWeb) -> None:
    url = web.add("/endless", stream_bytes=50_000_000)
    with pytest.raises(IngestError, match="page too large; the limit is 100,000 bytes"):
        fetch(url, limits=FAST)


def test_follows_redirects_and_reports_the_final_url(web: LocalWeb) -> None:
    target = web.fixture("/final", "valley-courier-ferry.html")
    web.add("/hop2", status=302, headers={"Location": "/final"})
    first = web.add("/hop1", status=301, headers={"Location": web.url("/hop2")})
    fetched = fetch(first, limits=FAST)
    assert fetched.final_url == target
    assert fetched.url == first


def test_refuses_too_many_redirects(web: LocalWeb) -> None:
    web.add("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(IngestError, match="more than 2 redirects"):
        fetch(web.url("/loop"), limits=FAST)


@pytest.mark.parametrize("status, phrase", [(404, "Not Found"), (503, "Service Unavailable")])
def test_http_errors_become_one_line(web: LocalWeb, status: int, phrase: str) -> None:
    url = web.add("/err", b"oops", status=status)
    with pytest.raises(IngestError) as info:
        fetch(url, limits=FAST)
    assert str(info.value) == f"{url}: the server answered HTTP {status} {phrase}"


def test_times_out_on_a_slow_server(web: LocalWeb) -> None:
    url = web.fixture("/slow", "valley-courier-ferry.html", delay=2.0)
    with pytest.raises(IngestError, match=r"timed out"):
        fetch(url, limits=FAST)


def test_connection_refused_is_one_line() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(IngestError, match=rf"127.0.0.1:{port}/x: cannot fetch"):
        fetch(f"http://127.0.0.1:{port}/x", limits=FAST)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "not a url", "/relative/path"])
def test_refuses_bad_urls_without_a_request(url: str) -> None:
    with pytest.raises(IngestError, match="bad URL"):
        fetch(url)


def test_a_feed_fetch_accepts_xml_and_refuses_a_web_page(web: LocalWeb) -> None:
    feed = web.fixture("/atom.xml", "northern-ledger-atom.xml", content_type=ATOM)
    assert fetch(feed, Kind.FEED).content.startswith(b"<?xml")
    page = web.fixture("/page", "valley-courier-ferry.html", content_type=HTML)
    with pytest.raises(IngestError, match="this is a web page, not a feed"):
        fetch(page, Kind.FEED)
    image = web.add("/logo.png", b"\x89PNG", content_type="image/png")
    with pytest.raises(IngestError, match=r"not a feed \(content type image/png\)"):
        fetch(image, Kind.FEED)


def test_a_conditional_request_can_come_back_not_modified(web: LocalWeb) -> None:
    url = web.add("/feed.xml", status=304, content_type="")
    fetched = fetch(url, Kind.FEED, headers={"If-None-Match": '"v1"'})
    assert fetched.not_modified
    assert web.requests[-1].headers["if-none-match"] == '"v1"'
