"""A first build split over worker processes saves the same index as one made in place."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from bot.corpus import Article, write_article
from bot.search import index as index_module
from bot.search import pool
from bot.search.bm25.postings import PostingsBuilder
from bot.search.index import INDEX_DIR_NAME, load_index
from bot.search.lang import analyzer_for
from tests.helpers.checks import matches_rank_bm25_per_analyzer


def grown(corpus: Path) -> Path:
    """The mini corpus with what a build must sort out in file order: a file that does not
    load, an article with the url of an earlier one (left out), one in German."""
    write_article(corpus, Article("2024-05-02-ferry-again", "Ferry again",
                                  "https://harbour.example/ferry/1", "Harbour News",
                                  "2024-05-02", "The ferry sailed again. Nobody cheered."))
    write_article(corpus, Article("2024-05-01-ferry-first", "Ferry first",
                                  "https://harbour.example/ferry/1/", "Harbour News",
                                  "2024-05-01", "The first ferry left at dawn. Gulls followed."))
    write_article(corpus, Article("2024-05-03-faehre", "Die Fähre",
                                  "https://hafen.example/faehre", "Hafenblatt", "2024-05-03",
                                  "Die neue Fähre legte im Hafen an. Viele Leute jubelten.",
                                  language="de"))
    (corpus / "2024-05-04-broken.md").write_text("no front matter at all\n", encoding="utf-8")
    return corpus


def saved_files(index_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(index_dir)).replace(p.parent.name, "PART", 1)
            if p.parent != index_dir else p.name: p.read_bytes()
            for p in sorted(index_dir.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("chunk", [1, 2, 256])
def test_workers_save_the_same_index(mini_corpus: Path, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    corpus = grown(mini_corpus)
    monkeypatch.setattr(index_module, "WORK_CHUNK", chunk)
    monkeypatch.setattr(index_module, "PARALLEL_MIN", 0)
    monkeypatch.setattr(index_module, "BUILD_CHUNK", 7)  # several runs of postings
    monkeypatch.setattr(index_module, "available_workers", lambda: 1)
    in_place, in_place_index = load_index(corpus)
    serial = saved_files(corpus / INDEX_DIR_NAME)
    shutil.rmtree(corpus / INDEX_DIR_NAME)

    forked: list[int] = []
    real_map = pool.ordered_map

    def counted(function, tasks, workers, ahead=4):  # type: ignore[no-untyped-def]
        forked.append(workers)
        return real_map(function, tasks, workers, ahead)

    monkeypatch.setattr(index_module, "ordered_map", counted)
    monkeypatch.setattr(index_module, "available_workers", lambda: 2)
    parallel, parallel_index = load_index(corpus)
    assert forked == [2]
    assert saved_files(corpus / INDEX_DIR_NAME) == serial  # byte for byte
    assert [str(p) for p in parallel.problems] == [str(p) for p in in_place.problems]
    assert {p.path.name for p in parallel.problems} == {"2024-05-02-ferry-again.md",
                                                         "2024-05-04-broken.md"}
    assert list(parallel_index.sentences) == list(in_place_index.sentences)
    assert list(parallel_index.sentences) == list(load_index(corpus, cache=False)[1].sentences)
    # Each sentence finds itself, with rank-bm25's top 10 (each article in its language).
    for language in ("en", "de"):
        matches_rank_bm25_per_analyzer(
            parallel_index, analyzer_for(language),
            lambda article_id, code=language: parallel_index.articles[article_id].language == code)


def test_a_small_corpus_is_built_in_place(mini_corpus: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    real_map = pool.ordered_map
    monkeypatch.setattr(index_module, "ordered_map",
                        lambda f, t, w, ahead=4: asked.append(w) or real_map(f, t, w, ahead))
    load_index(mini_corpus)
    assert asked == [1]  # under PARALLEL_MIN files: no pool to start


def test_no_fork_while_other_threads_run() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert pool.available_workers() == 1
    finally:
        stop.set()
        thread.join()


def test_ordered_map_keeps_the_order_of_tasks() -> None:
    tasks = list(range(40))
    assert list(pool.ordered_map(abs, (-t for t in tasks), workers=2, ahead=1)) == tasks
    assert list(pool.ordered_map(abs, (-t for t in tasks), workers=1)) == tasks


def test_postings_from_term_ids_equal_postings_from_terms() -> None:
    documents = [["a", "b", "a"], [], ["c"], ["b", "d", "d", "d"], ["e", "a"]] * 3
    by_terms = PostingsBuilder(0, {}, [])
    by_terms.add(documents)
    by_ids = PostingsBuilder(0, {}, [])
    flat = [t for d in documents for t in d]
    local = {t: n for n, t in enumerate(dict.fromkeys(flat))}
    ids = by_ids.ids(list(local))[[local[t] for t in flat]]
    by_ids.add_ids(ids, np.array([len(d) for d in documents]))
    for got, want in zip(by_ids.finish(), by_terms.finish(), strict=True):
        assert np.array_equal(got, want)


def test_outside_terms_of_an_article_saved_and_in_memory(mini_corpus: Path) -> None:
    from bot.search.index import SentenceIndex, article_sentences, outside_terms

    corpus, saved = load_index(mini_corpus)
    in_memory = SentenceIndex(corpus.articles)
    for article in corpus.articles:
        want = outside_terms(article, article_sentences(article), saved.analyzer_of(article))
        assert saved.outside_terms_of(article.id) == want
        assert in_memory.outside_terms_of(article.id) == want
    assert saved.outside_terms_of("no-such-article") is None


def _worker_signals(_: int) -> tuple[object, int]:
    """In a worker: what Ctrl-C does there, and the signal it gets when its parent dies."""
    import ctypes
    import signal

    death = ctypes.c_int(0)
    ctypes.CDLL(None).prctl(2, ctypes.byref(death))  # PR_GET_PDEATHSIG
    return signal.getsignal(signal.SIGINT), death.value


def test_workers_leave_ctrl_c_to_the_parent_and_end_with_it() -> None:
    import signal

    # An idle worker hit by Ctrl-C printed a KeyboardInterrupt traceback; a parent stopped
    # by SIGTERM left its workers waiting on their queue for ever.
    assert set(pool.ordered_map(_worker_signals, range(4), workers=2)) == {
        (signal.SIG_IGN, signal.SIGTERM)}


PARENT = os.getpid()  # a forked worker inherits it


def _dies_in_a_worker(task: int) -> int:
    if task == 3 and os.getpid() != PARENT:
        os._exit(1)  # as a worker killed out of memory
    return -task


def test_a_worker_that_dies_leaves_the_rest_to_the_parent(caplog: pytest.LogCaptureFixture) -> None:
    tasks = list(range(30))
    assert list(pool.ordered_map(_dies_in_a_worker, tasks, workers=2, ahead=2)) == [
        -t for t in tasks]
    assert "ended abruptly" in caplog.text


def _raises_on_three(task: int) -> int:
    if task == 3:
        raise ValueError("three")
    return task


def test_an_exception_in_a_worker_comes_back_as_raised() -> None:
    with pytest.raises(ValueError, match="three"):
        list(pool.ordered_map(_raises_on_three, range(10), workers=2))
