"""Fetch web pages and feeds over HTTP(S), with limits, and turn every failure into IngestError.

One blocking `fetch()`; callers on an event loop run it in a thread. Every request has
timeouts, an overall deadline (a server that trickles bytes cannot hold us forever), a size
limit enforced while streaming, a bounded number of redirects, a content-type check and a
User-Agent that says who we are.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass, field
from enum import Enum

import httpx

from bot.common.urls import check_url, short_url
from bot.common.version import VERSION
from bot.errors import IngestError

logger = logging.getLogger(__name__)

USER_AGENT = f"newsbot/{VERSION} (news question-answering bot; +python-httpx)"
MAX_PAGE_BYTES = 3_000_000  # a news page with its markup is well under this
MAX_FEED_BYTES = 5_000_000
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 10.0
DEADLINE = 20.0  # seconds for the whole request, body included
_CHUNK = 65_536


class Kind(str, Enum):
    """What a fetch expects to get: an HTML page or a feed."""

    PAGE = "page"
    FEED = "feed"


_HTML_TYPES = ("text/html", "application/xhtml+xml")
# Feeds are often served with a generic type; anything XML-like or untyped is parsed and judged.
_FEED_TYPES = ("xml", "rss", "atom", "rdf", "text/plain", "application/octet-stream")


@dataclass(frozen=True)
class Limits:
    """The limits of one fetch."""

    max_bytes: int = MAX_PAGE_BYTES
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    deadline: float = DEADLINE
    max_redirects: int = MAX_REDIRECTS


PAGE_LIMITS = Limits()
FEED_LIMITS = Limits(max_bytes=MAX_FEED_BYTES)


@dataclass(frozen=True)
class Fetched:
    """A response body that passed every check."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content_type: str
    charset: str | None
    content: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        """True for a 304 answer to a conditional request (no body)."""
        return self.status == 304

    def text(self) -> str:
        """The body decoded: the header's charset, else the page's <meta charset>, else UTF-8."""
        charset = self.charset or _meta_charset(self.content[:4096])
        for candidate in (charset, "utf-8"):
            if not candidate:
                continue
            try:
                return self.content.decode(candidate)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.content.decode("utf-8", errors="replace")


def _meta_charset(head: bytes) -> str | None:
    match = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", head, re.I)
    return match.group(1).decode("ascii") if match else None


def make_client(limits: Limits = PAGE_LIMITS) -> httpx.Client:
    """An httpx client with our timeouts, redirect limit and User-Agent."""
    return httpx.Client(
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        headers={"User-Agent": USER_AGENT},
    )


def fetch(
    url: str,
    kind: Kind = Kind.PAGE,
    *,
    limits: Limits | None = None,
    client: httpx.Client | None = None,
    headers: dict[str, str] | None = None,
) -> Fetched:
    """GET a URL and check the answer; raise IngestError with a one-line reason on any failure.

    `headers` adds request headers (If-None-Match for feeds); a 304 answer comes back as a
    Fetched with `not_modified` set and no content.
    """
    limits = limits or (FEED_LIMITS if kind is Kind.FEED else PAGE_LIMITS)
    if not check_url(url):
        raise IngestError(f"bad URL {url!r}: it must be an absolute http(s) URL")
    own_client = client is None
    client = client or make_client(limits)
    try:
        return _get(client, url, kind, limits, headers or {})
    except httpx.TooManyRedirects:
        raise IngestError(f"{short_url(url)}: more than {limits.max_redirects} "
                          "redirects") from None
    except httpx.TimeoutException:
        raise IngestError(f"{short_url(url)}: timed out (no answer within "
                          f"{limits.read_timeout:g} s)") from None
    except httpx.InvalidURL as exc:
        raise IngestError(f"bad URL {url!r}: {exc}") from None
    except httpx.HTTPError as exc:
        reason = str(exc) or type(exc).__name__
        raise IngestError(f"{short_url(url)}: cannot fetch: {reason}") from None
    finally:
        if own_client:
            client.close()


def _get(
    client: httpx.Client, url: str, kind: Kind, limits: Limits, headers: dict[str, str]
) -> Fetched:
    started = time.monotonic()
    with client.stream("GET", url, headers=headers) as response:
        final_url = str(response.url)
        if response.status_code == 304:
            return Fetched(url, final_url, 304, "", None, b"", dict(response.headers))
        if response.status_code >= 400:
            phrase = response.reason_phrase or ""
            raise IngestError(f"{short_url(url)}: the server answered HTTP {response.status_code} "
                              f"{phrase}".rstrip())
        content_type, charset = _content_type(response.headers.get("content-type", ""))
        _check_type(url, kind, content_type)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise _too_big(url, kind, limits, int(declared))
        body = bytearray()
        for chunk in response.iter_bytes(_CHUNK):
            body.extend(chunk)
            if len(body) > limits.max_bytes:
                raise _too_big(url, kind, limits, None)
            if time.monotonic() - started > limits.deadline:
                raise IngestError(f"{short_url(url)}: too slow (not finished after "
                                  f"{limits.deadline:g} s)")
    logger.debug("fetched %s: %d bytes, %s", final_url, len(body), content_type)
    return Fetched(url, final_url, response.status_code, content_type, charset, bytes(body),
                   dict(response.headers))


def _content_type(header: str) -> tuple[str, str | None]:
    """'text/html; charset=UTF-8' -> ('text/html', 'UTF-8')."""
    main, _, params = header.partition(";")
    match = re.search(r"charset\s*=\s*\"?([^\";\s]+)", params, re.I)
    return main.strip().lower(), (match.group(1) if match else None)


def _check_type(url: str, kind: Kind, content_type: str) -> None:
    if kind is Kind.PAGE:
        if content_type and content_type not in _HTML_TYPES:
            raise IngestError(f"{short_url(url)}: not a web page (content type {content_type}); "
                              "only HTML pages can be ingested")
        return
    if content_type in _HTML_TYPES:
        raise IngestError(f"{short_url(url)}: this is a web page, not a feed: give the address of "
                          "its RSS or Atom feed")
    if content_type and not any(part in content_type for part in _FEED_TYPES):
        raise IngestError(f"{short_url(url)}: not a feed (content type {content_type})")


def _too_big(url: str, kind: Kind, limits: Limits, size: int | None) -> IngestError:
    what = "page" if kind is Kind.PAGE else "feed"
    got = f" ({size:,} bytes)" if size is not None else ""
    return IngestError(f"{short_url(url)}: {what} too large{got}; the limit is "
                       f"{limits.max_bytes:,} bytes")
