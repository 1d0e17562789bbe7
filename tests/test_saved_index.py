"""The saved sentence index: reopened while the corpus is unchanged, extended, or rebuilt."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import cli
from bot.config import ENGINE_CHOICES, load_settings
from bot.corpus import LOCK_FILE, Article, load_corpus, write_article
from bot.errors import ConfigError
from bot.search.engines import ENGINES
from bot.search.index import INDEX_DIR_NAME, SentenceIndex, SentenceTable, load_index
from bot.search.library import Library
from tests.helpers.checks import matches_rank_bm25

QUESTIONS = ["How many fans watched the cup final?", "strike pay rise port union",
             "comet", "drought farmers rain", "budget vote"]


def results(index: SentenceIndex) -> list[list[tuple[str, float]]]:
    """Each question's hits as (sentence text, score): comparable across sentence orders."""
    return [[(h.sentence.text, h.score) for h in index.search(index.analyzer.query_terms(q), 5)]
            for q in QUESTIONS]


def assert_same(got, want) -> None:
    for g, w in zip(got, want, strict=True):
        assert [t for t, _ in g] == [t for t, _ in w]
        assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(g, w))


def new_article(number: int = 1) -> Article:
    return Article(f"2024-05-0{number}-harbour-news-ferry", "Ferry returns", "https://e.com/f",
                   "Harbour News", "2024-05-01",
                   "The ferry returned to the port after the strike ended. Fans cheered.")


def test_first_load_saves_then_reopens(mini_corpus: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    _, built = load_index(mini_corpus)
    assert (mini_corpus / INDEX_DIR_NAME / "meta.json").exists()
    # Built by streaming into the saved files, then served from them as a restart would.
    assert isinstance(built.sentences, SentenceTable)
    assert list(built.sentences) == list(load_index(mini_corpus, cache=False)[1].sentences)
    caplog.clear()
    corpus, opened = load_index(mini_corpus)
    assert "opened the saved index" in caplog.text
    assert isinstance(opened.sentences, SentenceTable)
    assert len(corpus.articles) == 8  # the hidden index directory is not an article
    assert list(opened.sentences) == list(built.sentences)
    assert opened.sentences[-1] == built.sentences[-1]
    assert opened.sentences[2:5] == built.sentences[2:5]
    assert_same(results(opened), results(built))
    matches_rank_bm25(opened, QUESTIONS)
    sentence = opened.sentences[3]
    assert opened.neighbours(sentence, 2, 2) == built.neighbours(sentence, 2, 2)
    assert opened.idf("comet") == built.idf("comet")
    assert opened.coverage(["comet"], sentence) == built.coverage(["comet"], sentence)


def test_same_answers_as_the_reference_engine(mini_corpus: Path) -> None:
    load_index(mini_corpus)
    _, opened = load_index(mini_corpus)
    _, reference = load_index(mini_corpus, engine="rank-bm25")
    assert reference.engine_name == "rank-bm25"
    assert_same(results(opened), results(reference))


def test_a_new_article_is_added_not_rebuilt(mini_corpus: Path,
                                            caplog: pytest.LogCaptureFixture) -> None:
    load_index(mini_corpus)
    write_article(mini_corpus, new_article())
    caplog.set_level(logging.DEBUG)
    _, index = load_index(mini_corpus)
    assert "added 1 new article" in caplog.text
    assert index.sentences[-1].article_id == new_article().id
    matches_rank_bm25(index, QUESTIONS)
    _, fresh = load_index(mini_corpus, cache=False)
    assert_same(results(index), results(fresh))
    caplog.clear()
    _, again = load_index(mini_corpus)  # the extended index was saved
    assert "opened the saved index" in caplog.text
    assert_same(results(again), results(fresh))


@pytest.mark.parametrize("change", ["edit", "remove"])
def test_a_changed_corpus_is_rebuilt(mini_corpus: Path, caplog: pytest.LogCaptureFixture,
                                     change: str) -> None:
    load_index(mini_corpus)
    path = sorted(mini_corpus.glob("*.md"))[0]
    if change == "edit":
        path.write_text(path.read_text().replace("budget", "ferry"))
    else:
        path.unlink()
    caplog.set_level(logging.DEBUG)
    _, index = load_index(mini_corpus)
    assert "rebuilding the index" in caplog.text
    assert_same(results(index), results(load_index(mini_corpus, cache=False)[1]))


@pytest.mark.parametrize("damage", ["truncate-engine", "truncate-text", "meta", "version",
                                    "no-engine", "empty-text", "touched-list",
                                    "part-arrays-list"])
def test_a_damaged_index_is_rebuilt(mini_corpus: Path, caplog: pytest.LogCaptureFixture,
                                    damage: str) -> None:
    load_index(mini_corpus)
    saved = mini_corpus / INDEX_DIR_NAME
    part = saved / json.loads((saved / "meta.json").read_text())["parts"][0]
    if damage.startswith("truncate"):
        path = part / ("engine/docs.npy" if damage == "truncate-engine" else "text.npy")
        path.write_bytes(path.read_bytes()[:-5])
    elif damage == "empty-text":
        (part / "text.npy").write_bytes(b"")
    elif damage == "meta":
        (saved / "meta.json").write_text("{")
    elif damage == "touched-list":
        meta = json.loads((saved / "meta.json").read_text())
        meta["touched"] = [1, 2]
        (saved / "meta.json").write_text(json.dumps(meta))
    elif damage == "part-arrays-list":
        (part / "part.json").write_text(json.dumps({"arrays": []}))
    elif damage == "version":
        meta = json.loads((saved / "meta.json").read_text())
        meta["version"] = 0
        (saved / "meta.json").write_text(json.dumps(meta))
    else:
        shutil.rmtree(part / "engine")
    caplog.set_level(logging.DEBUG)
    _, index = load_index(mini_corpus)
    assert "unusable" in caplog.text and "rebuilding" in caplog.text
    assert_same(results(index), results(load_index(mini_corpus, cache=False)[1]))
    caplog.clear()
    load_index(mini_corpus)
    assert "opened the saved index" in caplog.text  # and the rebuilt one was saved


def test_new_analysis_code_rebuilds(mini_corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                    caplog: pytest.LogCaptureFixture) -> None:
    from bot.search import index

    load_index(mini_corpus)
    monkeypatch.setattr(index, "PIPELINE", "another tokeniser")
    caplog.set_level(logging.DEBUG)
    load_index(mini_corpus)
    assert "analyzer changed" in caplog.text and "rebuilding" in caplog.text


def test_a_new_release_of_an_analysis_library_changes_the_pipeline_hash(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # An upgraded stemmer may stem differently: the saved index is then rebuilt, as for new
    # code of our own (test_new_analysis_code_rebuilds).
    from bot.search import saved_index

    before = saved_index.pipeline_version("splitter")
    assert saved_index.pipeline_version("splitter") == before  # the same libraries: the same
    real = saved_index._library_version
    monkeypatch.setattr(saved_index, "_library_version",
                        lambda name: "99.0" if name == "snowballstemmer" else real(name))
    assert saved_index.pipeline_version("splitter") != before


def test_indexing_a_large_corpus_reports_progress(mini_corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    from bot.search import progress

    monkeypatch.setattr(progress, "MIN_TOTAL", 4)  # stderr is not a terminal: log lines
    caplog.set_level(logging.DEBUG)
    load_index(mini_corpus, cache=False)
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.search.progress"]
    assert lines[0] == "splitting and analysing: 8 articles"
    assert lines[-1] == "splitting and analysing: 8 of 8 articles (100%)"
    assert len(lines) == 9  # one per tenth reached, at most


def test_a_crash_while_saving_keeps_the_old_index(mini_corpus: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    load_index(mini_corpus)
    write_article(mini_corpus, new_article())
    from bot.search import saved_index

    def crash(stored, directory: Path) -> None:  # noqa: ANN001
        (directory / "docs.npy").write_bytes(b"half written")
        raise OSError("disk full")

    monkeypatch.setattr(saved_index, "write_engine_files", crash)
    _, index = load_index(mini_corpus)  # the save fails: logged, the index still serves
    assert index.sentences[-1].article_id == new_article().id
    monkeypatch.undo()
    assert sorted(p.name for p in mini_corpus.iterdir() if p.name.startswith(".")
                  and p.name != LOCK_FILE) == [INDEX_DIR_NAME]
    saved = mini_corpus / INDEX_DIR_NAME
    meta = saved_index.read_meta(saved)
    assert meta is not None and len(meta["parts"]) == 1
    assert not [p for p in saved.iterdir() if p.name.startswith(".")]  # no temporary left
    ids = saved_index.read_saved(saved, meta).parts[0].articles["id"].all()
    assert new_article().id not in ids  # the old one, whole
    _, again = load_index(mini_corpus)  # the new file is read again and saved this time
    assert again.sentences[-1].article_id == new_article().id
    assert len(saved_index.read_meta(saved)["parts"]) == 2


def test_an_unwritable_index_dir_still_answers(mini_corpus: Path, tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    _, index = load_index(mini_corpus, index_dir=blocker / "index")
    assert "cannot save the index" in caplog.text
    assert_same(results(index), results(load_index(mini_corpus, cache=False)[1]))


def test_a_save_failing_midway_lists_each_problem_once(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.search import index as index_module

    load_index(mini_corpus)
    (mini_corpus / "2030-01-01-broken.md").write_text("no front matter", encoding="utf-8")
    first = sorted(mini_corpus.glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")

    def fail_midway(articles, *args, **kwargs):
        list(articles)  # every file read (and its problems noted) before the disk fails
        raise OSError("disk full")

    monkeypatch.setattr(index_module, "_build_saved", fail_midway)
    corpus, _ = load_index(mini_corpus)  # the edited file forces a rebuild, which fails
    names = [p.path.name for p in corpus.problems]
    assert names.count("2030-01-01-broken.md") == 1, names


def test_add_articles_in_place(mini_corpus: Path) -> None:
    for engine in ENGINES:
        index = load_index(mini_corpus, engine=engine, cache=False)[1]
        assert index.add_articles([new_article(), new_article()]) == 1
        assert index.add_articles([new_article()]) == 0
        article = load_corpus(mini_corpus).articles[0]
        fresh = SentenceIndex(list(load_corpus(mini_corpus).articles) + [new_article()])
        assert_same(results(index), results(fresh))
        assert index.neighbours(index.sentences[-1], 1, 0)[0].article_id == new_article().id
        assert article.id in index.articles


def test_library_reload_picks_up_a_new_article(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    before = len(library.current.index)
    write_article(mini_corpus, new_article())
    snapshot = library.reload()
    assert len(snapshot.index) == before + 2
    hits = snapshot.index.search(snapshot.index.analyzer.query_terms("ferry returned"), 1)
    assert hits[0].sentence.article_id == new_article().id


def test_library_add_serves_an_article_at_once(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    old = library.current
    snapshot = library.add([new_article(), old.corpus.articles[0]])
    assert len(snapshot.corpus.articles) == len(old.corpus.articles) + 1
    hits = snapshot.index.search(snapshot.index.analyzer.query_terms("ferry returned"), 1)
    assert hits[0].sentence.article_id == new_article().id
    matches_rank_bm25(snapshot.index, QUESTIONS)
    write_article(mini_corpus, new_article())
    assert_same(results(library.reload().index), results(snapshot.index))


def test_an_empty_corpus_round_trip(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    for _ in range(2):
        _, index = load_index(tmp_path / "empty")
        assert len(index) == 0 and index.search(["port"], 3) == []
    assert isinstance(index.sentences, SentenceTable)


def test_the_saved_text_is_exact(mini_corpus: Path) -> None:
    load_index(mini_corpus)
    saved = mini_corpus / INDEX_DIR_NAME
    part = saved / json.loads((saved / "meta.json").read_text())["parts"][0]
    text = np.load(part / "text.npy").tobytes().decode("utf-8")
    _, index = load_index(mini_corpus, cache=False)
    assert text == "".join(s.text for s in index.sentences)


# -- choosing the engine -------------------------------------------------------------------------


def test_engine_setting() -> None:
    assert set(ENGINE_CHOICES) == set(ENGINES)
    assert load_settings(environ={}, env_file=None).engine == "newsbot"
    settings = load_settings(environ={"NEWSBOT_ENGINE": "Rank-BM25"}, env_file=None)
    assert settings.engine == "rank-bm25"
    with pytest.raises(ConfigError, match="NEWSBOT_ENGINE must be one of newsbot, rank-bm25"):
        load_settings(environ={"NEWSBOT_ENGINE": "lucene"}, env_file=None)
    settings = load_settings(environ={"NEWSBOT_INDEX_DIR": "/tmp/x"}, env_file=None)
    assert settings.index_dir == Path("/tmp/x")


@pytest.mark.parametrize("engine", ENGINE_CHOICES)
def test_ask_with_either_engine(capsys: pytest.CaptureFixture[str], mini_corpus: Path,
                                engine: str) -> None:
    code = cli.main(["ask", "--engine", engine, "--corpus", str(mini_corpus), "--json",
                     "How many fans watched the cup final?"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert "18,000 fans" in json.dumps(out)
    saved = (mini_corpus / INDEX_DIR_NAME).exists()
    assert saved == (engine == "newsbot")  # the reference engine is never saved


def test_engine_flag_before_the_command_and_from_the_environment(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        mini_corpus: Path) -> None:
    question = ["How many fans watched the cup final?"]
    assert cli.main(["--engine", "rank-bm25", "ask", "--corpus", str(mini_corpus)] + question) == 0
    first = capsys.readouterr().out
    monkeypatch.setenv("NEWSBOT_ENGINE", "rank-bm25")
    assert cli.main(["ask", "--corpus", str(mini_corpus)] + question) == 0
    assert capsys.readouterr().out == first
    assert not (mini_corpus / INDEX_DIR_NAME).exists()
    monkeypatch.setenv("NEWSBOT_ENGINE", "nope")
    assert cli.main(["ask", "--corpus", str(mini_corpus)] + question) == 1
    assert capsys.readouterr().err.startswith("newsbot: NEWSBOT_ENGINE must be one of")


def test_an_unknown_engine_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["ask", "--engine", "lucene", "q"])
    assert stop.value.code == 2
    assert "invalid choice: 'lucene'" in capsys.readouterr().err


def test_finished_background_saves_are_not_kept(mini_corpus: Path) -> None:
    library = Library(mini_corpus)
    for number in (1, 2, 3):  # a server never calls wait_saved: the writes just finish
        library.add([new_article(number)])
        for thread in list(library._saving):
            thread.join()
    library.add([new_article(4)])
    assert len(library._saving) <= 1  # only the write just started, if it still runs
    library.wait_saved()
    assert library._saving == []
