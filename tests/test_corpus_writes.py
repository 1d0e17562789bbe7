"""One ingestion path, and corpus writes that never lose or double an article (issue 9, 11).

Pasted text and web pages go through the one Ingestor: the same duplicate rules, names that
never clash, `--update` (alias `--force`) replacing only the article with the same URL, a
cross-process lock, the same size limit for saved pages as for fetched ones, and language
codes checked and normalised.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from bot import cli
from bot.common.urls import check_url, clean_url, is_https_url, looks_like_url, url_key
from bot.corpus import LOCK_FILE, article_paths, corpus_lock, load_corpus
from bot.errors import IngestError
from bot.ingest.fetch import MAX_PAGE_BYTES
from bot.ingest.ingestor import Given, Ingestor, Status, check_language
from tests.helpers.web_server import WEB_DATA

FERRY = "https://valleycourier.example.com/news/2024/05/20/night-ferry-harbour-city"
TEXT = ("Night ferry to Harbour City to start in June\n\n"
        "A night ferry between Riverside and Harbour City will start running on 3 June, the "
        "operator Bluewater Lines announced on Monday.\n")
OTHER_TEXT = ("Night ferry to Harbour City to start in June\n\n"
              "Tickets for the new overnight boat go on sale next week, with cabins for four "
              "and a small restaurant on the upper deck, the company said.\n")


def given(url: str = FERRY, **more: str) -> Given:
    return Given(url=url, source="Valley Courier", published="2024-05-20", **more)


def test_pasted_text_and_a_page_share_the_duplicate_rules(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    html = (WEB_DATA / "valley-courier-ferry.html").read_text(encoding="utf-8")
    page = Ingestor(corpus).add_html(html, FERRY)
    assert page.status is Status.WRITTEN
    text = Ingestor(corpus).add_text(TEXT, given(page.article.url))
    assert text.status is Status.SKIPPED and text.article.id == page.article.id
    # And the other way round, with tracking parameters on the page's address.
    corpus2 = tmp_path / "corpus2"
    assert Ingestor(corpus2).add_text(TEXT, given(page.article.url)).status is Status.WRITTEN
    again = Ingestor(corpus2).add_html(html, page.article.url + "?utm_source=rss")
    assert again.status is Status.SKIPPED


def test_a_name_clash_between_two_urls_gets_a_new_name(tmp_path: Path) -> None:
    """Issue 11: the same title, outlet and date for another URL; --force deleted article A."""
    a = Ingestor(tmp_path).add_text(TEXT, given(FERRY + "-a"))
    b = Ingestor(tmp_path).add_text(OTHER_TEXT, given(FERRY + "-b"))
    assert a.status is b.status is Status.WRITTEN
    assert b.article.id == f"{a.article.id}-2"
    replaced = Ingestor(tmp_path).add_text(OTHER_TEXT + "\nA late correction.\n",
                                           given(FERRY + "-b"), update=True)
    assert replaced.status is Status.REPLACED and replaced.article.id == b.article.id
    urls = sorted(a.url for a in load_corpus(tmp_path).articles)
    assert urls == [FERRY + "-a", FERRY + "-b"]  # A is still there, B replaced once
    assert "late correction" in (tmp_path / f"{b.article.id}.md").read_text(encoding="utf-8")


def test_update_of_a_new_url_writes_beside_the_others(tmp_path: Path) -> None:
    Ingestor(tmp_path).add_text(TEXT, given(FERRY + "-a"))
    result = Ingestor(tmp_path).add_text(OTHER_TEXT, given(FERRY + "-c"), update=True)
    assert result.status is Status.WRITTEN
    assert len(article_paths(tmp_path)) == 2


def test_a_writer_in_another_process_is_waited_for_and_seen(tmp_path: Path) -> None:
    """The other process holds the corpus lock and writes the same URL: we wait, then skip."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from bot.corpus import Article, corpus_lock, write_article
        corpus = Path({str(corpus)!r})
        with corpus_lock(corpus):
            print("locked", flush=True)
            time.sleep(1.0)
            write_article(corpus, Article(
                id="2024-05-20-other", title="Night ferry", url={FERRY!r},
                source="Valley Courier", published="2024-05-20", body="Other writer."))
    """)
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                          text=True) as other:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        ingestor = Ingestor(corpus)
        assert ingestor.articles == {}  # read before the other writer is done
        started = time.perf_counter()
        result = ingestor.add_text(TEXT, given())
        waited = time.perf_counter() - started
        assert other.wait(timeout=60) == 0
    assert waited > 0.5
    assert result.status is Status.SKIPPED and result.article.id == "2024-05-20-other"
    assert [p.name for p in article_paths(corpus)] == ["2024-05-20-other.md"]


def test_two_ingests_of_one_page_at_once_write_it_once(tmp_path: Path) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    command = [sys.executable, "-m", "bot", "ingest", str(pasted), "--url", FERRY,
               "--source", "Valley Courier", "--published", "2024-05-20", "--corpus",
               str(corpus)]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(3)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0], outputs
    assert sorted(out.split(":")[0].split()[0] for out, _ in outputs) == [
        "skipped", "skipped", "wrote"]
    assert len(article_paths(corpus)) == 1


def test_the_lock_is_a_hidden_file_the_loader_ignores(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    Ingestor(tmp_path).add_text(TEXT, given())
    assert (tmp_path / LOCK_FILE).exists()
    corpus = load_corpus(tmp_path)
    assert len(corpus.articles) == 1 and corpus.problems == ()
    from bot.ingest import ingestor as module

    monkeypatch.setattr(module, "corpus_lock", lambda d: corpus_lock(d, timeout=0.1))
    with corpus_lock(tmp_path), pytest.raises(IngestError, match="busy"):
        Ingestor(tmp_path).add_text(OTHER_TEXT, given(FERRY + "-x"))


def test_a_saved_page_has_the_fetch_size_limit(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    huge = tmp_path / "huge.html"
    huge.write_text("<html><body>" + "<p>word</p>" * (MAX_PAGE_BYTES // 11 + 1) + "</body>",
                    encoding="utf-8")
    started = time.perf_counter()
    code = cli.main(["ingest", str(huge), "--url", FERRY, "--corpus", str(tmp_path / "c")])
    assert time.perf_counter() - started < 5
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert f"too large ({huge.stat().st_size:,} bytes); the limit for a page is " \
           f"{MAX_PAGE_BYTES:,} bytes" in err


@pytest.mark.parametrize(("code", "stored"), [("EN", "en"), ("en_gb", "en"), ("pt-BR", "pt"),
                                              (" de ", "de"), ("iw", "he")])
def test_language_codes_are_normalised(code: str, stored: str) -> None:
    assert check_language(code) == stored


def test_a_bad_language_is_one_line_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(TEXT, encoding="utf-8")
    corpus = tmp_path / "corpus"
    args = ["ingest", str(pasted), "--url", FERRY, "--source", "Valley Courier",
            "--published", "2024-05-20", "--corpus", str(corpus)]
    assert cli.main([*args, "--language", "English!"]) == 1
    assert capsys.readouterr().err == ("newsbot: bad --language 'English!': use a code such as "
                                       "'en' or 'de'\n")
    assert not corpus.exists() or article_paths(corpus) == []
    assert cli.main([*args, "--language", "EN"]) == 0
    [article] = load_corpus(corpus).articles  # the loader accepts what ingest wrote
    assert article.language == "en"


def test_ingest_into_a_file_is_one_line(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    pasted = tmp_path / "pasted.txt"
    pasted.write_text(TEXT, encoding="utf-8")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    for corpus in (blocker, blocker / "sub"):
        code = cli.main(["ingest", str(pasted), "--url", FERRY, "--source", "V",
                         "--published", "2024-05-20", "--corpus", str(corpus)])
        err = capsys.readouterr().err
        assert code == 1 and err.startswith("newsbot: ") and err.count("\n") == 1, err
        assert "Traceback" not in err


def test_one_url_module() -> None:
    assert looks_like_url(" HTTPS://a.example/x") and not looks_like_url("page.html")
    assert check_url("http://a.example/x") and not check_url("a.example/x")
    assert is_https_url("https://a.example/hook") and not is_https_url("http://a.example/h")
    assert not is_https_url("https:///nohost") and not is_https_url("https://a.example/a b")
    assert clean_url("https://a.example/x?id=3&utm_source=rss&fbclid=Z#top") == \
        "https://a.example/x?id=3"
    assert url_key("https://www.A.example/x/") == url_key("http://a.example/x#frag")
    package = Path(cli.__file__).parent.parent
    for helper in ("normalize_url", "url_key", "clean_url", "check_url", "looks_like_url",
                   "short_url"):
        homes = [p.relative_to(package).as_posix() for p in package.rglob("*.py")
                 if f"def {helper}(" in p.read_text(encoding="utf-8")]
        assert homes in ([], ["common/urls.py"]), (helper, homes)
