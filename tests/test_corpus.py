"""Corpus loading: good files load, each kind of bad file is reported by name, the rest load."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.corpus import (
    Article,
    format_article,
    load_corpus,
    parse_article,
    slugify,
    write_article,
)
from bot.errors import CorpusError

GOOD = """---
title: A good article
url: https://example.com/good
source: Example News
published: 2024-04-17T17:50:00+05:00
author: A. Writer
language: en
---
First paragraph. It has two sentences.

Second paragraph.
"""


def write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_good_article_loads_with_every_field(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    corpus = load_corpus(tmp_path)
    assert corpus.problems == ()
    (article,) = corpus.articles
    assert article.id == "good"
    assert article.title == "A good article"
    assert article.source == "Example News"
    assert article.published == "2024-04-17T17:50:00+05:00"
    assert article.author == "A. Writer"
    assert article.paragraphs == ["First paragraph. It has two sentences.", "Second paragraph."]
    assert article.published_date.isoformat() == "2024-04-17"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (GOOD.replace("title: A good article\n", ""), "missing field title"),
        (GOOD.replace("url: https://example.com/good\nsource: Example News\n", ""),
         "missing fields url, source"),
        (GOOD.replace("2024-04-17T17:50:00+05:00", "17/04/2024"), "bad date '17/04/2024'"),
        (GOOD.replace("2024-04-17T17:50:00+05:00", "2024-02-30"), "bad date '2024-02-30'"),
        (GOOD.split("---\nFirst")[0] + "---\n\n  \n", "empty body"),
        (GOOD.replace("https://example.com/good", "example.com/good"), "bad url"),
        (GOOD.replace("---\ntitle", "title", 1), "no front matter"),
        (GOOD.replace("language: en\n---", "language: en\n"), "not closed"),
        (GOOD.replace("author: A. Writer", "colour: blue"), "unknown field 'colour'"),
        (GOOD.replace("author: A. Writer", "this line has no colon"), "line 6: expected"),
        (GOOD.replace("author: A. Writer", "title: twice"), "appears twice"),
        (GOOD.replace("language: en", "language: English!"), "bad language"),
    ],
)
def test_each_bad_file_is_reported_by_name_and_the_rest_load(
    tmp_path: Path, content: str, reason: str
) -> None:
    write(tmp_path, "a-good.md", GOOD)
    write(tmp_path, "b-bad.md", content)
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a-good"]
    (problem,) = corpus.problems
    assert problem.path.name == "b-bad.md"
    assert reason in problem.reason
    assert str(problem).startswith("b-bad.md: ")


def test_bad_encoding_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "latin1.md", GOOD.replace("First", "Caf\xe9").encode("latin-1"))
    write(tmp_path, "binary.md", b"---\x00\x01")
    corpus = load_corpus(tmp_path)
    reasons = {p.path.name: p.reason for p in corpus.problems}
    assert "bad encoding: not UTF-8" in reasons["latin1.md"]
    assert "bad encoding" in reasons["binary.md"]
    assert corpus.articles == ()


def test_duplicate_url_is_reported_and_first_file_kept(tmp_path: Path) -> None:
    write(tmp_path, "a.md", GOOD)
    write(tmp_path, "b.md", GOOD.replace("https://example.com/good", "http://www.example.com/good/"))
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["a"]
    assert "same url as a.md" in corpus.problems[0].reason


def test_other_files_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "notes.txt", "not an article")
    write(tmp_path, ".draft.md", "---\n")
    (tmp_path / "sub.md").mkdir()
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"] and corpus.problems == ()


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    write(tmp_path, "win.md", ("\ufeff" + GOOD).replace("\n", "\r\n"))
    (article,) = load_corpus(tmp_path).articles
    assert article.title == "A good article"


def test_format_and_parse_round_trip() -> None:
    article = parse_article(GOOD, "x")
    assert parse_article(format_article(article), "x") == article


def test_write_article_refuses_to_overwrite(tmp_path: Path) -> None:
    article = Article("x", "T", "https://e.com/x", "S", "2024-01-01", "Body.")
    write_article(tmp_path, article)
    with pytest.raises(CorpusError, match="already exists"):
        write_article(tmp_path, article)
    write_article(tmp_path, article, overwrite=True)
    assert load_corpus(tmp_path).articles == (article,)
    assert not list(tmp_path.glob(".*.tmp"))


def test_fingerprint_changes_with_content(tmp_path: Path) -> None:
    write(tmp_path, "good.md", GOOD)
    before = load_corpus(tmp_path).fingerprint
    assert load_corpus(tmp_path).fingerprint == before
    write(tmp_path, "good.md", GOOD.replace("Second", "Third"))
    assert load_corpus(tmp_path).fingerprint != before


def test_slugify_cuts_at_a_word() -> None:
    assert slugify("Russian peacekeepers started withdrawal from Nagorno-Karabakh", 30) == (
        "russian-peacekeepers-started"
    )
    assert slugify("¿Qué?") == "que"
    assert slugify("!!!") == "article"


def test_bundled_corpus_is_clean() -> None:
    corpus = load_corpus(Path(__file__).parent.parent / "corpus")
    assert corpus.problems == ()
    assert {a.source for a in corpus.articles} == {"UrduPoint", "Insider Paper"}
    assert {a.url for a in corpus.articles} == {
        "https://www.urdupoint.com/en/world/russian-peacekeepers-started-withdrawal-from-1815673.html",
        "https://insiderpaper.com/russian-peacekeepers-started-withdrawal-from-nagorno-karabakh-kremlin/",
    }
    clutter = ["Open Menu", "Related Topics", "Recent Stories", "Rupee sheds", "More Stories",
               "Video Screenshot", "About the author", "Daily Newsletter", "Babar Azam",
               "oldest news agency", "News World"]
    for article in corpus.articles:
        for junk in clutter:
            assert junk not in article.body, (article.id, junk)


def test_a_file_given_as_corpus_directory_is_named_as_such(tmp_path: Path) -> None:
    path = write(tmp_path, "single.md", GOOD)
    with pytest.raises(CorpusError, match="is not a directory"):
        load_corpus(path)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_named_pipe_is_a_problem_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "2024-01-01-pipe.md")
    corpus = load_corpus(tmp_path)
    assert [(p.path.name, p.reason) for p in corpus.problems] == [
        ("2024-01-01-pipe.md", "not a regular file")]
