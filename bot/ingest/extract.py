"""Turn a fetched HTML page into an article: main text, title, author, date, outlet, canonical URL.

Works on HTML already in hand (trafilatura never touches the network here). Page clutter is
removed three times over, because any that slipped through would be quoted as news: blocks
whose class or id names them (newsletter boxes, related-story lists, share bars) and blocks that
are mostly links are cut from the HTML; trafilatura then keeps only the main text; finally
bot.ingest.clean drops furniture lines and promotional sentences from what is left.

Metadata comes only from the page's own markup. What the page does not say is left empty and
listed in `missing`, for the caller to fill from flags or a feed; nothing is guessed from the
text.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
import trafilatura
from lxml import etree

from bot.common.urls import check_url, clean_url
from bot.corpus import parse_published
from bot.errors import IngestError
from bot.ingest.clean import clean_pasted_page

logger = logging.getLogger(__name__)

# Fewer words than this in sentence-like paragraphs: not an article (a section page, a stub).
MIN_ARTICLE_WORDS = 60
# A page that shows signs of a paywall must show at least this much text to be the whole story.
MIN_PAYWALLED_WORDS = 100

# Class or id tokens of page furniture. Matched per token: "related-stories", "share_bar".
_CLUTTER_NAME = re.compile(
    r"""(?:^|[-_])(?:newsletters?|related|promos?|subscribe|subscription|signup|sign-up|share
       |sharing|social|most-?read|most-?popular|popular|trending|recommended|recommendations?
       |outbrain|taboola|comments?|cookies?|consent|adverts?|advertisement|ads?|sidebar
       |breadcrumbs?|tags|you-might|read-?more|more-stories|paywall|teasers?)(?:[-_]|$)""",
    re.IGNORECASE | re.VERBOSE,
)
_NEVER_PRUNE = {"html", "body", "main"}
# Sentences that sell something rather than report: cut wherever they stand (short ones only).
_PROMO = re.compile(
    r"""sign\s+up\s+(?:for|to)\b|subscribe\s+(?:to|now|today|for)\b|newsletter|continue\s+reading
       |subscribers?\s+only|for\s+subscribers|already\s+a\s+subscriber|log\s+in\s+to\s+(?:read|continue)
       |unsubscribe\s+at\s+any\s+time|enable\s+javascript|(?:accept|use)\s+(?:of\s+)?cookies""",
    re.IGNORECASE | re.VERBOSE,
)
_PAYWALL_TEXT = re.compile(
    r"""subscribe\s+to\s+(?:continue|read|keep)|subscribers?\s+only|for\s+subscribers
       |already\s+a\s+subscriber|to\s+continue\s+reading|to\s+read\s+the\s+(?:full|rest)
       |premium\s+(?:content|article)|log\s+in\s+to\s+(?:read|continue)""",
    re.IGNORECASE | re.VERBOSE,
)
_PROMO_MAX_WORDS = 50
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date", "date",
    "dc.date.issued", "dcterms.created", "sailthru.date", "parsely-pub-date",
)
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
                  "blogposting", "opinionnewsarticle", "backgroundnewsarticle", "report"}


@dataclass(frozen=True)
class ExtractedPage:
    """An article recovered from HTML; empty strings where the page said nothing."""

    title: str
    body: str  # paragraphs separated by blank lines
    author: str = ""
    published: str = ""  # ISO 8601, a date or a date-time with its offset
    source: str = ""  # the outlet's name
    url: str = ""  # the canonical URL, tracking parameters removed
    language: str = ""
    # Fields the page's markup does not state (url: no canonical link; the page's own
    # address stands in for it).
    missing: tuple[str, ...] = ()

    @property
    def words(self) -> int:
        """How many words the body has."""
        return len(self.body.split())


def extract_article(html: str, page_url: str | None = None) -> ExtractedPage:
    """Extract the article from a page's HTML; raise IngestError when there is none.

    `page_url` (where the HTML came from) resolves relative canonical links and is the
    fallback URL when the page names no canonical one.
    """
    tree = _parse(html)
    meta = _page_metadata(tree, page_url)
    paywall = meta.pop("paywall") == "yes" or bool(_PAYWALL_TEXT.search(_visible_text(tree)))
    _prune_clutter(tree)
    doc = trafilatura.bare_extraction(
        tree, url=page_url, with_metadata=True, include_comments=False, include_tables=False,
        include_images=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    # With as_dict left at its default (False) trafilatura returns a Document, never a dict.
    if doc is None or isinstance(doc, dict) or doc.body is None:
        raise IngestError("no article text found on the page")
    title = " ".join((doc.title or meta["title"] or "").split())
    paragraphs = [p for p in _paragraphs(doc.body) if not _is_promo(p)]
    if not paragraphs:
        raise IngestError(_too_little(0, paywall))
    try:
        page = clean_pasted_page("\n".join(paragraphs), title=title or None)
    except IngestError as exc:
        if "no title" in str(exc):
            raise IngestError("no title found on the page (give one with --title)") from None
        raise IngestError(_too_little(0, paywall)) from None
    words = sum(len(p.split()) for p in page.body.split("\n\n") if _reads_like_prose(p))
    if words < (MIN_PAYWALLED_WORDS if paywall else MIN_ARTICLE_WORDS):
        raise IngestError(_too_little(words, paywall))

    published = meta["published"] or _iso_date(doc.date)
    source = meta["source"] or (doc.sitename or "").strip()
    if source and _looks_like_host(source):
        source = ""  # trafilatura's fallback is the host name; an outlet name is not invented
    author = (doc.author or "").strip() or page.author
    missing = [name for name, value in (("published", published), ("source", source),
                                        ("author", author), ("url", meta["url"])) if not value]
    return ExtractedPage(
        title=page.title, body=page.body, author=author, published=published, source=source,
        url=meta["url"] or (clean_url(page_url) if page_url else ""),
        language=meta["language"], missing=tuple(missing),
    )


def _too_little(words: int, paywall: bool) -> str:
    if paywall:
        return (f"paywalled page: only a teaser of {words} words can be read without a "
                "subscription; nothing was written")
    return (f"not an article: only {words} words of article text on the page (a section "
            "page, an empty page or one built by JavaScript?); nothing was written")


def _parse(html: str) -> lxml.html.HtmlElement:
    if not html.strip():
        raise IngestError("the page is empty")
    try:
        # lxml refuses str input that declares an encoding; the text is decoded already.
        html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"cannot parse the page as HTML: {exc}") from None
    return tree


def _visible_text(tree: lxml.html.HtmlElement) -> str:
    body = tree.find("body")
    if body is None:
        return ""
    return " ".join(t for t in body.xpath(".//text()[not(ancestor::script or ancestor::style)]"))


def _prune_clutter(tree: lxml.html.HtmlElement) -> None:
    """Cut furniture blocks named by class or id, and blocks that are mostly links."""
    body = tree.find("body")
    if body is None:
        return
    total = len(body.text_content()) or 1
    doomed = []
    for element in body.iter():
        if not isinstance(element.tag, str) or element.tag in _NEVER_PRUNE:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}".split()
        if any(_CLUTTER_NAME.search(name) for name in names):
            # A wrapper holding most of the page is the article itself, whatever its class says.
            if len(element.text_content()) < total / 2:
                doomed.append(element)
        elif element.tag in ("p", "li", "dd") and _link_share(element) >= 0.5:
            doomed.append(element)
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()


def _link_share(element: lxml.html.HtmlElement) -> float:
    text = " ".join(element.text_content().split())
    if not text:
        return 0.0
    linked = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return linked / len(text)


def _paragraphs(body: etree._Element) -> Iterator[str]:
    """The text blocks of trafilatura's XML body: paragraphs, quotes, list items; no headings."""
    for element in body:
        if element.tag == "list":
            for item in element.iter("item"):
                text = " ".join(" ".join(item.itertext()).split())
                if text:
                    yield text
        elif element.tag in ("p", "quote"):
            text = " ".join(" ".join(element.itertext()).split())
            if text:
                yield text


def _is_promo(paragraph: str) -> bool:
    return len(paragraph.split()) <= _PROMO_MAX_WORDS and bool(_PROMO.search(paragraph))


def _reads_like_prose(paragraph: str) -> bool:
    return bool(re.search(r"[.!?][\"'”’)]*$", paragraph)) or len(paragraph.split()) >= 30


def _looks_like_host(name: str) -> bool:
    return " " not in name and "." in name


# --- metadata from markup --------------------------------------------------------------------

def _page_metadata(tree: lxml.html.HtmlElement, page_url: str | None) -> dict[str, str]:
    """Canonical URL, publication time, outlet, title, language and paywall flag from markup."""
    ld = list(_json_ld(tree))
    meta = {
        (m.get("property") or m.get("name") or m.get("itemprop") or "").lower(): m.get("content")
        for m in tree.iter("meta")
        if m.get("content")
    }
    return {
        "url": _canonical(tree, meta, page_url),
        "published": _published(tree, meta, ld),
        "source": (meta.get("og:site_name") or _ld_publisher(ld) or "").strip(),
        "title": (meta.get("og:title") or "").strip(),
        "language": _language(tree),
        "paywall": "yes" if any(_ld_paywalled(item) for item in ld) else "",
    }


def _json_ld(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    """Every JSON-LD object on the page (inside @graph lists too); bad JSON is skipped."""
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"])


def _ld_types(item: dict) -> set[str]:
    kind = item.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _ld_publisher(ld: list[dict]) -> str:
    for item in ld:
        if _ld_types(item) & _ARTICLE_TYPES:
            publisher = item.get("publisher")
            if isinstance(publisher, list) and publisher:
                publisher = publisher[0]
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                return publisher["name"]
    return ""


def _ld_paywalled(item: dict) -> bool:
    value = item.get("isAccessibleForFree")
    if value is False or (isinstance(value, str) and value.strip().lower() == "false"):
        return True
    part = item.get("hasPart")
    parts = part if isinstance(part, list) else [part]
    return any(isinstance(p, dict) and _ld_paywalled(p) for p in parts)


def _canonical(tree: lxml.html.HtmlElement, meta: dict[str, str], page_url: str | None) -> str:
    candidates = [link.get("href", "") for link in tree.iter("link")
                  if "canonical" in (link.get("rel") or "").lower().split()]
    candidates.append(meta.get("og:url", ""))
    for candidate in candidates:
        candidate = candidate.strip()
        if not candidate:
            continue
        url = urljoin(page_url, candidate) if page_url else candidate
        if check_url(url):
            return clean_url(url)
    return ""


def _published(tree: lxml.html.HtmlElement, meta: dict[str, str], ld: list[dict]) -> str:
    """The publication time from meta tags, JSON-LD or <time>, whichever states it first."""
    candidates = [meta.get(name, "") for name in _PUBLISHED_META]
    candidates += [str(item.get("datePublished", "")) for item in ld
                   if _ld_types(item) & _ARTICLE_TYPES]
    candidates += [el.get("content") or el.get("datetime") or ""
                   for el in tree.xpath('//*[@itemprop="datePublished"]')]
    candidates += [el.get("datetime", "") for el in tree.xpath("//article//time[@datetime]")]
    candidates += [el.get("datetime", "") for el in tree.xpath("//time[@pubdate][@datetime]")]
    for candidate in candidates:
        value = _iso_date(candidate)
        if value:
            return value
    return ""


def _iso_date(value: str | None) -> str:
    """An ISO 8601 date-time with offset, or a date; '' for anything else.

    A time without an offset is reduced to its date: the corpus stores a time only with its
    zone, and a date is all that is certain then.
    """
    value = (value or "").strip()
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?"
                     r"(Z|[+-]\d{2}:?\d{2})?)?", value)
    if not match:
        return ""
    date, time, zone = match.groups()
    try:
        parse_published(date)
    except ValueError:
        return ""
    if not time or not zone:
        return date
    if len(time) == 5:
        time += ":00"
    zone = "+00:00" if zone == "Z" else (zone if ":" in zone else f"{zone[:3]}:{zone[3:]}")
    result = f"{date}T{time}{zone}"
    try:
        parse_published(result)
    except ValueError:
        return date
    return result


def _language(tree: lxml.html.HtmlElement) -> str:
    lang = (tree.get("lang") or "").strip().lower()
    match = re.match(r"^([a-z]{2,3})\b", lang)
    return match.group(1) if match else ""
