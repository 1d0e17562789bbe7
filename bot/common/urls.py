"""Every URL rule of newsbot in one place: what counts as a URL, and when two are the same.

Pure (urllib only), so the corpus, the ingest wing and the settings all use the same rules:

    looks_like_url(text)   "is this argument an address rather than a file name?"
    check_url(url)         an absolute http(s) URL with a host (what an article may cite)
    is_https_url(url)      the same, https only (what Telegram posts webhooks to)
    clean_url(url)         without fragment and tracking parameters (utm_*, fbclid, ...)
    url_key(url)           the key two URLs of one article share (duplicate detection)
    short_url(url)         cut for messages
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_medium"
                              r"|at_campaign|smid)$", re.IGNORECASE)


def looks_like_url(value: str) -> bool:
    """True for an http(s) address (as opposed to a file name)."""
    return re.match(r"^https?://", value.strip(), re.IGNORECASE) is not None


def check_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in url


def is_https_url(url: str) -> bool:
    """True for an absolute https URL with a host name and no white space."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.hostname) and not any(c.isspace() for c in url)


def clean_url(url: str) -> str:
    """A URL without its fragment and tracking parameters (utm_*, fbclid, ...)."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not _TRACKING_PARAMS.match(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def url_key(url: str) -> str:
    """A URL reduced for duplicate detection: no scheme, fragment, 'www.' or trailing slash."""
    parts = urlsplit(url.strip())
    host = parts.netloc.lower().removeprefix("www.")
    path = parts.path.rstrip("/") or "/"
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def short_url(url: str, limit: int = 120) -> str:
    """A URL cut to `limit` characters for messages."""
    return url if len(url) <= limit else url[: limit - 1] + "…"
