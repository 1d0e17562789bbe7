"""Cleaning pasted pages: the seed pages become exactly the bundled corpus, clutter gone."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import load_corpus
from bot.errors import IngestError
from bot.ingest.clean import clean_pasted_page
from bot.ingest.ingestor import Given, Ingestor, IngestResult, Status

PAGES = Path(__file__).parent / "data" / "pages"
REPO_CORPUS = Path(__file__).parent.parent / "corpus"


def ingest_text_file(path: Path, corpus_dir: Path, overwrite: bool = False,
                     **flags: str) -> IngestResult:
    """A page copied as text through the one Ingestor, as `newsbot ingest FILE` does it."""
    return Ingestor(corpus_dir).add_text_file(path, Given(**flags), update=overwrite)


SEEDS = {
    "urdupoint-seed.txt": dict(
        url="https://www.urdupoint.com/en/world/russian-peacekeepers-started-withdrawal-from-1815673.html",
        source="UrduPoint", published="2024-04-17T17:50:00+05:00"),
    "insiderpaper-seed.txt": dict(
        url="https://insiderpaper.com/russian-peacekeepers-started-withdrawal-from-nagorno-karabakh-kremlin/",
        source="Insider Paper", published="2024-04-17", author="Agence France-Presse (AFP)"),
}


def test_ingesting_the_seed_pages_reproduces_the_bundled_corpus(tmp_path: Path) -> None:
    for name, flags in SEEDS.items():
        result = ingest_text_file(PAGES / name, corpus_dir=tmp_path, **flags)
        assert result.status is Status.WRITTEN and result.path is not None
        path = result.path
        assert path.read_text(encoding="utf-8") == (REPO_CORPUS / path.name).read_text(
            encoding="utf-8")
    assert len(load_corpus(tmp_path).articles) == 2


def test_urdupoint_page_metadata() -> None:
    page = clean_pasted_page((PAGES / "urdupoint-seed.txt").read_text(encoding="utf-8"))
    assert page.title == "Russian Peacekeepers Started Withdrawal From Nagorno-Karabakh: Kremlin"
    assert page.author == "Muhammad Irfan"
    assert page.body.startswith("Moscow, (APP - UrduPoint")
    assert page.body.endswith("Nagorno-Karabakh and the surrounding areas.")
    for junk in ("Open Menu", "Related Topics", "Recent Stories", "Rupee", "minutes ago",
                 "More Stories From World", "Published April"):
        assert junk not in page.body


def test_insiderpaper_page_metadata() -> None:
    page = clean_pasted_page((PAGES / "insiderpaper-seed.txt").read_text(encoding="utf-8"))
    assert page.title == "Russian peacekeepers started withdrawal from Nagorno-Karabakh: Kremlin"
    assert page.body.startswith("Russian peacekeepers have begun withdrawing")
    assert page.body.endswith("relatively common.")
    for junk in ("News World", "Source: Video Screenshot", "About the author", "Havas",
                 "Daily Newsletter"):
        assert junk not in page.body


def test_body_paragraphs_that_look_like_markers_are_kept() -> None:
    text = ("Big news today\n\nTagging along, the minister said the plan works.\n\n"
            "Published in 1998, the report was ignored.\n\nRelated Topics\n\nOther story")
    page = clean_pasted_page(text, title="Big news today")
    assert page.body == ("Tagging along, the minister said the plan works.\n\n"
                         "Published in 1998, the report was ignored.")


def test_a_page_without_article_text_is_refused() -> None:
    with pytest.raises(IngestError, match="no article text"):
        clean_pasted_page("Open Menu\n\nHome\n\nRelated Topics\n\nStuff")


def test_the_same_url_twice_is_skipped_unless_updated(tmp_path: Path) -> None:
    flags = SEEDS["insiderpaper-seed.txt"]
    first = ingest_text_file(PAGES / "insiderpaper-seed.txt", corpus_dir=tmp_path, **flags)
    again = ingest_text_file(PAGES / "insiderpaper-seed.txt", corpus_dir=tmp_path, **flags)
    assert again.status is Status.SKIPPED and again.article.id == first.article.id
    assert "already in the corpus" in again.reason
    result = ingest_text_file(PAGES / "insiderpaper-seed.txt", corpus_dir=tmp_path,
                              overwrite=True, title="New title", **flags)
    assert result.status is Status.REPLACED and result.path == first.path
    assert "title: New title" in result.path.read_text(encoding="utf-8")
    assert len(list(tmp_path.glob("*.md"))) == 1


@pytest.mark.parametrize(
    ("flags", "message"),
    [(dict(url="not a url"), "bad --url"), (dict(published="yesterday"), "bad --published"),
     (dict(source="  "), "--source must not be empty")],
)
def test_ingest_checks_its_flags(tmp_path: Path, flags: dict, message: str) -> None:
    args = {**SEEDS["insiderpaper-seed.txt"], **flags}
    with pytest.raises(IngestError, match=message):
        ingest_text_file(PAGES / "insiderpaper-seed.txt", corpus_dir=tmp_path, **args)
    assert not tmp_path.exists() or not list(tmp_path.iterdir())


def test_ingest_reports_unreadable_files(tmp_path: Path) -> None:
    flags = SEEDS["insiderpaper-seed.txt"]
    with pytest.raises(IngestError, match="no such file"):
        ingest_text_file(tmp_path / "missing.txt", corpus_dir=tmp_path, **flags)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 story.".encode("latin-1"))
    with pytest.raises(IngestError, match="not UTF-8"):
        ingest_text_file(tmp_path / "latin.txt", corpus_dir=tmp_path, **flags)
