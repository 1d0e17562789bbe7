"""Article extraction from real-looking pages: main text only, metadata only from markup."""

from __future__ import annotations

import pytest

from bot.common.urls import clean_url
from bot.errors import IngestError
from bot.ingest.extract import _iso_date, extract_article
from tests.helpers.web_server import WEB_DATA

# Text of the clutter around the articles in the fixture pages: none of it may be extracted.
CLUTTER = [
    "Related stories", "Drought warning issued", "Hosepipe ban could return",
    "Millbrook residents march", "Most read", "Valley Rovers sack manager", "Bypass roadworks",
    "Morning Brief", "Sign up", "newsletter", "privacy policy", "unsubscribe", "cookies",
    "Share on", "Tags:", "Comments", "All rights reserved", "Photo:", "Read more",
    "Water bills in the north", "You might also like", "Tram extension approved",
    "Flood defences upgraded", "Trending", "Celebrity chef", "Advertisement", "Log in",
    "Environment correspondent", "Wetland to be lost", "3 min read",
]


def page(name: str) -> str:
    return (WEB_DATA / name).read_text(encoding="utf-8")


def test_extracts_the_valley_courier_article_and_its_metadata() -> None:
    article = extract_article(page("valley-courier-reservoir.html"),
                              "http://127.0.0.1:8000/valley/news/reservoir?utm_source=rss")
    assert article.title == "Water board approves Riverside reservoir after two-year fight"
    assert article.author == "Anna Pike"
    assert article.source == "Valley Courier"
    assert article.published == "2024-05-14T08:15:00+01:00"
    assert article.url == ("https://valleycourier.example.com/news/2024/05/14/"
                           "water-board-approves-riverside-reservoir")
    assert article.language == "en"
    assert article.missing == ()
    paragraphs = article.body.split("\n\n")
    assert paragraphs[1].startswith("The Riverside Water Board voted five to two")
    assert paragraphs[-1].startswith("The board has promised to create a new wetland")
    assert len(paragraphs) == 9  # standfirst + 8 paragraphs; the headline and subheading gone


@pytest.mark.parametrize("name", ["valley-courier-reservoir.html",
                                  "northern-ledger-reservoir.html",
                                  "valley-courier-ferry.html"])
def test_no_clutter_reaches_the_body(name: str) -> None:
    body = extract_article(page(name), "http://127.0.0.1:8000/x").body
    for text in CLUTTER:
        assert text.lower() not in body.lower(), text


def test_a_promo_in_the_middle_does_not_cut_the_rest_of_the_article() -> None:
    body = extract_article(page("northern-ledger-reservoir.html"), "http://127.0.0.1:8000/x").body
    # "Read more: ..." stands between these two paragraphs on the page.
    assert "the hardest decision this board has taken" in body
    assert "The Environment Agency, which must still approve" in body


def test_json_ld_gives_outlet_date_and_author_and_a_relative_canonical_is_resolved() -> None:
    article = extract_article(page("northern-ledger-reservoir.html"),
                              "http://127.0.0.1:8000/2024/05/14/riverside-reservoir-green-light/")
    assert article.source == "Northern Ledger"
    assert article.published == "2024-05-14T10:40:00+00:00"
    assert article.author == "Wire Staff"
    assert article.url == "http://127.0.0.1:8000/2024/05/14/riverside-reservoir-green-light/"


def test_what_the_page_does_not_say_is_left_empty_not_invented() -> None:
    article = extract_article(page("no-date.html"), "http://127.0.0.1:8000/bugle/library")
    assert article.published == ""
    assert article.author == ""
    assert set(article.missing) == {"published", "author", "url"}
    assert article.url == "http://127.0.0.1:8000/bugle/library"  # where it was found
    assert article.source == "The Millbrook Bugle"


def test_a_page_without_site_name_has_no_outlet_rather_than_its_host_name() -> None:
    html = page("no-date.html").replace(
        '<meta property="og:site_name" content="The Millbrook Bugle">', "")
    html = html.replace("<title>Library reopens after roof repairs - The Millbrook Bugle</title>",
                        "<title>Library reopens after roof repairs</title>")
    article = extract_article(html, "https://bugle.example.org/library")
    assert article.source == ""
    assert "source" in article.missing


def test_a_paywalled_teaser_is_refused() -> None:
    with pytest.raises(IngestError, match=r"^paywalled page: only a teaser of \d+ words"):
        extract_article(page("paywall.html"), "http://127.0.0.1:8000/plus/port-talks")


def test_a_paywall_notice_on_a_full_article_is_dropped_not_refused() -> None:
    html = page("valley-courier-ferry.html").replace(
        "</div>\n    </article>",
        '</div><p class="note">Already a subscriber? Log in to read more stories.</p>\n'
        "    </article>")
    article = extract_article(html, "http://127.0.0.1:8000/x")
    assert "subscriber" not in article.body.lower()
    assert "Local businesses in Harbour City" in article.body


@pytest.mark.parametrize("name", ["section-index.html", "empty.html"])
def test_pages_that_are_not_articles_are_refused(name: str) -> None:
    with pytest.raises(IngestError, match=r"^not an article: only \d+ words of article text"):
        extract_article(page(name), "http://127.0.0.1:8000/x")


@pytest.mark.parametrize("html", ["", "   \n", "just some words, no markup"])
def test_empty_or_markupless_input_is_refused(html: str) -> None:
    with pytest.raises(IngestError):
        extract_article(html, "http://127.0.0.1:8000/x")


def test_a_graph_of_json_ld_objects_is_searched() -> None:
    html = page("no-date.html").replace("</head>", """<script type="application/ld+json">
      {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Bugle site"},
        {"@type": ["NewsArticle"], "datePublished": "2024-05-18T09:00:00+01:00",
         "publisher": [{"@type": "Organization", "name": "Millbrook Bugle Ltd"}]}]}
      </script></head>""")
    article = extract_article(html, "http://127.0.0.1:8000/x")
    assert article.published == "2024-05-18T09:00:00+01:00"
    assert article.source == "The Millbrook Bugle"  # og:site_name comes first


@pytest.mark.parametrize("value, expected", [
    ("2024-05-14T08:15:00+01:00", "2024-05-14T08:15:00+01:00"),
    ("2024-05-14T08:15:00Z", "2024-05-14T08:15:00+00:00"),
    ("2024-05-14T08:15:00.123+0100", "2024-05-14T08:15:00+01:00"),
    ("2024-05-14T08:15+05:30", "2024-05-14T08:15:00+05:30"),
    ("2024-05-14T08:15:00", "2024-05-14"),  # no zone: only the date is certain
    ("2024-05-14", "2024-05-14"),
    ("2024-13-40", ""),
    ("14 May 2024", ""),
    ("", ""),
])
def test_iso_date(value: str, expected: str) -> None:
    assert _iso_date(value) == expected


def test_clean_url_drops_tracking_parameters_and_fragment() -> None:
    assert clean_url("https://a.example/x?id=3&utm_source=rss&fbclid=Z#top") == \
        "https://a.example/x?id=3"
    assert clean_url("https://a.example/x?utm_medium=feed") == "https://a.example/x"
