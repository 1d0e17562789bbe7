"""Adding web pages to the corpus: metadata precedence, duplicates, refusals that write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.common.urls import looks_like_url
from bot.corpus import LOCK_FILE, load_corpus, read_article
from bot.errors import IngestError
from bot.ingest.ingestor import Given, Ingestor, Status, looks_like_html_file
from tests.helpers.web_server import WEB_DATA, LocalWeb, serve, serve_pages

COURIER_URL = ("https://valleycourier.example.com/news/2024/05/14/"
               "water-board-approves-riverside-reservoir")


@pytest.fixture
def web():
    for server in serve():
        serve_pages(server)
        yield server


def files(directory: Path) -> list[str]:
    """The corpus's files, but for the corpus lock (kept: deleting a lock file races)."""
    if not directory.exists():
        return []
    return sorted(p.name for p in directory.iterdir() if p.name != LOCK_FILE)


def test_a_page_becomes_a_corpus_file_with_its_own_metadata(web: LocalWeb, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    result = Ingestor(corpus).add_url(web.url("/valley/news/reservoir?utm_source=rss"))
    assert result.status is Status.WRITTEN
    assert result.path == corpus / (
        "2024-05-14-valley-courier-water-board-approves-riverside-reservoir-after-two.md")
    stored = read_article(result.path)
    assert stored.title == "Water board approves Riverside reservoir after two-year fight"
    assert stored.url == COURIER_URL
    assert stored.source == "Valley Courier"
    assert stored.published == "2024-05-14T08:15:00+01:00"
    assert stored.author == "Anna Pike"
    assert stored.body.startswith("Farmers welcomed the decision")
    assert "Related stories" not in stored.body and "newsletter" not in stored.body
    assert result.warnings == ()


def test_the_same_url_is_skipped_without_fetching_again(web: LocalWeb, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    Ingestor(corpus).add_url(web.url("/valley/news/reservoir"))
    web.fixture("/elsewhere", "valley-courier-reservoir.html")  # same canonical URL
    via_canonical = Ingestor(corpus).add_url(web.url("/elsewhere"))
    assert via_canonical.status is Status.SKIPPED
    assert "already in the corpus" in via_canonical.reason
    fetched_before = web.hits("/valley/news/reservoir")
    again = Ingestor(corpus).add_url(web.url("/valley/news/reservoir?utm_medium=feed"))
    assert again.status is Status.SKIPPED
    assert web.hits("/valley/news/reservoir") == fetched_before + 1  # the first add only
    assert len(files(corpus)) == 1


def test_update_replaces_the_article_in_place(web: LocalWeb, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    first = Ingestor(corpus).add_url(web.url("/valley/news/reservoir"))
    corrected = (WEB_DATA / "valley-courier-reservoir.html").read_text(encoding="utf-8").replace(
        "14 families", "16 families")
    web.add("/valley/news/reservoir", corrected)
    result = Ingestor(corpus).add_url(web.url("/valley/news/reservoir"), update=True)
    assert result.status is Status.REPLACED
    assert result.path == first.path
    assert files(corpus) == [first.path.name]
    assert "displace 16 families" in read_article(first.path).body


def test_the_same_story_from_another_outlet_is_kept_and_reported(
    web: LocalWeb, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    courier = Ingestor(corpus).add_url(web.url("/valley/news/reservoir"))
    ledger = Ingestor(corpus).add_url(web.url("/2024/05/14/riverside-reservoir-green-light/"))
    assert ledger.status is Status.WRITTEN
    assert [s.article_id for s in ledger.same_story] == [courier.article.id]
    assert ledger.same_story[0].source == "Valley Courier"
    assert len(load_corpus(corpus).articles) == 2


def test_the_same_text_from_the_same_outlet_at_another_url_is_skipped(
    web: LocalWeb, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    Ingestor(corpus).add_url(web.url("/valley/news/reservoir"))
    amp = (WEB_DATA / "valley-courier-reservoir.html").read_text(encoding="utf-8").replace(
        "water-board-approves-riverside-reservoir", "water-board-approves-riverside-reservoir/amp")
    web.add("/valley/amp/reservoir", amp)
    result = Ingestor(corpus).add_url(web.url("/valley/amp/reservoir"))
    assert result.status is Status.SKIPPED
    assert "same text from the same outlet" in result.reason
    again = Ingestor(corpus).add_url(web.url("/valley/amp/reservoir"), update=True)
    assert again.status is Status.SKIPPED  # --update replaces the same URL only
    assert len(files(corpus)) == 1


def test_flags_override_the_page_and_fill_its_gaps(web: LocalWeb, tmp_path: Path) -> None:
    given = Given(published="2024-05-18", author="Sue Cole", source="Millbrook Bugle",
                  title="Millbrook library reopens")
    result = Ingestor(tmp_path).add_url(web.url("/bugle/library"), given)
    stored = read_article(result.path)
    assert (stored.published, stored.author, stored.source, stored.title) == \
        ("2024-05-18", "Sue Cole", "Millbrook Bugle", "Millbrook library reopens")
    assert stored.url == web.url("/bugle/library")
    assert result.warnings == ("the page gives no canonical URL; using its address",)


def test_feed_metadata_fills_gaps_with_a_warning(web: LocalWeb, tmp_path: Path) -> None:
    fallback = Given(published="2024-05-18T08:00:00+00:00", source="Ignored Feed Title",
                     author="Feed Author")
    result = Ingestor(tmp_path).add_url(web.url("/bugle/library"), fallback=fallback)
    stored = read_article(result.path)
    assert stored.published == "2024-05-18T08:00:00+00:00"
    assert stored.source == "The Millbrook Bugle"  # the page's own name wins over the feed's
    assert stored.author == "Feed Author"
    assert ("the page gives no publication date; using the feed's: 2024-05-18T08:00:00+00:00"
            in result.warnings)


def test_a_page_without_a_date_is_refused_unless_given_one(web: LocalWeb, tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="the page gives no publication date: give it with "
                                          "--published"):
        Ingestor(tmp_path / "corpus").add_url(web.url("/bugle/library"))
    assert files(tmp_path / "corpus") == []


@pytest.mark.parametrize("path, message", [
    ("/plus/port-talks", "paywalled page"),
    ("/valley/news", "not an article"),
    ("/valley/app", "not an article"),
    ("/missing", "HTTP 404"),
])
def test_bad_pages_write_nothing(web: LocalWeb, tmp_path: Path, path: str, message: str) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "keep.md").write_text("---\ntitle: t\nurl: https://x.example/t\nsource: s\n"
                                    "published: 2024-01-01\n---\nBody.\n", encoding="utf-8")
    with pytest.raises(IngestError, match=message):
        Ingestor(corpus).add_url(web.url(path))
    assert files(corpus) == ["keep.md"]


def test_an_html_file_needs_a_url_when_the_page_gives_none(tmp_path: Path) -> None:
    page = tmp_path / "saved.html"
    page.write_text((WEB_DATA / "no-date.html").read_text(encoding="utf-8"), encoding="utf-8")
    ingestor = Ingestor(tmp_path / "corpus")
    with pytest.raises(IngestError, match="gives no URL for itself: give it with --url"):
        ingestor.add_html_file(page, Given(published="2024-05-18"))
    result = ingestor.add_html_file(
        page, Given(published="2024-05-18", url="https://bugle.example.org/library"))
    assert read_article(result.path).url == "https://bugle.example.org/library"


def test_two_articles_with_the_same_outlet_date_and_title_get_distinct_files(
    web: LocalWeb, tmp_path: Path
) -> None:
    ingestor = Ingestor(tmp_path)
    first = ingestor.add_url(web.url("/valley/news/ferry"))
    second = ingestor.add_url(web.url("/valley/news/reservoir"), Given(
        url="https://valleycourier.example.com/b", published="2024-05-20T17:05:00+01:00",
        title="Night ferry to Harbour City to start in June"))
    assert first.path != second.path
    assert second.path.name.endswith("-2.md")


def test_url_and_html_detection(tmp_path: Path) -> None:
    assert looks_like_url("https://a.example/x") and looks_like_url(" HTTP://a.example/x")
    assert not looks_like_url("page.html") and not looks_like_url("ftp://a.example/x")
    saved = tmp_path / "page.txt"
    saved.write_text("<!DOCTYPE html>\n<html><body></body></html>", encoding="utf-8")
    pasted = tmp_path / "pasted.txt"
    pasted.write_text("Headline\n\nSome text.", encoding="utf-8")
    assert looks_like_html_file(tmp_path / "x.html") and looks_like_html_file(saved)
    assert not looks_like_html_file(pasted) and not looks_like_html_file(Path("-"))


def test_an_ingestor_sees_articles_written_by_another_since_it_loaded(
    web: LocalWeb, tmp_path: Path
) -> None:
    # The bot's /add and its feed job each have an Ingestor, in two threads.
    early = Ingestor(tmp_path)
    assert early.articles == {}  # loaded now, while the corpus is empty
    Ingestor(tmp_path).add_url(web.url("/valley/news/reservoir"))
    web.fixture("/copy", "valley-courier-reservoir.html")
    result = early.add_url(web.url("/copy"))
    assert result.status is Status.SKIPPED
    assert len(files(tmp_path)) == 1
