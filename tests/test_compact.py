"""Per-article state as arrays (bot/search/compact.py) and NLTK without SciPy."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from bot.common.columns import StringColumn, encode_strings
from bot.corpus import Article, write_article
from bot.search.bm25 import NewsbotEngine
from bot.search.bm25 import engine as engine_module
from bot.search.compact import PerArticle, SavedFiles, UrlKeys, int_array
from bot.search.index import load_index
from tests.helpers.checks import run_python


def _files() -> SavedFiles:
    numbers = {"a": 0, "b": 1, "c": 2}
    return SavedFiles(numbers, np.array([10, 20, 30]), np.array([1, 2, 3]))


def test_per_article_reads_saved_values_and_keeps_additions_per_copy() -> None:
    values = PerArticle({"a": 0, "b": 1}, int_array(np.array([5, 7])))
    values["c"] = 9
    other = values.copy()
    other["d"] = 11
    assert (values["a"], values["b"], values["c"]) == (5, 7, 9)
    assert "d" not in values and other["d"] == 11
    assert list(other) == ["a", "b", "c", "d"] and len(values) == 3


def test_saved_files_is_the_dict_it_replaces() -> None:
    files = _files()
    files["b.md"] = (21, 2)  # a stat noted since loading
    files["new.md"] = (5, 5)
    plain = {"a.md": (10, 1), "b.md": (21, 2), "c.md": (30, 3), "new.md": (5, 5)}
    assert dict(files) == plain and len(files) == len(plain)
    assert files.get("a.md") == (10, 1) and files.get("zz.md") is None and "c.md" in files


def test_saved_files_against_a_listing_gives_what_the_set_operations_give() -> None:
    files = _files()
    files["b.md"] = (21, 2)
    files["gone.md"] = (1, 1)
    plain = dict(files)
    listings = [
        {"a.md": (10, 1), "b.md": (21, 2), "c.md": (30, 3), "gone.md": (1, 1)},  # the same
        {"a.md": (10, 1), "b.md": (20, 2), "c.md": (31, 3), "x.md": (4, 4)},  # changes
        {"b.md": (21, 2)},  # removals
        {},
    ]
    for listing in listings:
        missing, differ = files.against(listing)
        assert set(missing) == plain.keys() - listing.keys()
        assert {(name, listing[name]) for name in differ} == listing.items() - plain.items()


def test_saved_files_of_an_empty_corpus_see_every_listed_file_as_new() -> None:
    files = SavedFiles({}, np.array([], dtype=np.int64), np.array([], dtype=np.int64))
    assert files.against({"a.md": (10, 1), "b.md": (20, 2)}) == ([], ["a.md", "b.md"])
    assert files.against({}) == ([], [])


def test_a_first_article_joins_the_saved_index_of_an_empty_corpus(tmp_path: Path) -> None:
    load_index(tmp_path)  # saves an index of no articles
    write_article(tmp_path, Article("a1", "Cats", "http://example.test/a", "src",
                                    "2024-01-01", "The cat sat on the mat. It was happy."))
    corpus, index = load_index(tmp_path)
    assert list(index.articles) == ["a1"] and not corpus.problems


def test_url_keys_find_the_first_article_with_a_key() -> None:
    keys_column = StringColumn(*encode_strings(["u1", "u2", "u1"]))
    ids = ["a", "b", "c"]
    keys = UrlKeys(ids, [keys_column], {i: n for n, i in enumerate(ids)})
    assert keys.get("u1") == "a" and keys.get("u2") == "b" and keys.get("u3") is None
    grown = keys.copy()
    grown["u3"] = "d"
    grown["u1"] = "e"  # taken already: the first article keeps it
    assert grown.get("u3") == "d" and grown.get("u1") == "a" and keys.get("u3") is None
    assert grown.setdefault("u4", "f") == "f" and "u4" in grown


def test_the_search_wing_loads_nltk_without_scipy_and_scipy_still_imports() -> None:
    code = ("import sys, bot.search.text\n"
            "print(sorted({'scipy', 'sklearn'} & set(sys.modules)))\n"
            "import importlib.util\n"
            "if importlib.util.find_spec('scipy'):\n"
            "    import scipy.stats\n"
            "print(bot.search.text.Analyzer().terms('Runners were running'))\n")
    assert run_python(code).splitlines() == ["[]", "['runner', 'run']"]


def test_numba_loads_without_scipy_and_its_kernel_still_compiles() -> None:
    code = ("import sys, bot.search, numba\n"
            "print('scipy' in sys.modules)\n"
            "@numba.njit\n"
            "def double(x):\n"
            "    return 2 * x\n"
            "print(double(21))\n"
            "import importlib.util\n"
            "if importlib.util.find_spec('scipy'):\n"
            "    import scipy.stats\n"
            "    assert sys.modules['scipy'] is not None\n")
    assert run_python(code).splitlines() == ["False", "42"]


def _resident_kb(path: str) -> int:
    total, current = 0, ""
    with open("/proc/self/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5:
                current = fields[5] if len(fields) > 5 else ""
            elif fields[0] == "Rss:" and current == path:
                total += int(fields[1])
    return total


def test_mapped_postings_are_given_back_and_queries_score_the_same(tmp_path: Path) -> None:
    if not os.path.exists("/proc/self/smaps"):
        pytest.skip("no /proc/self/smaps here")
    documents = [[f"t{i % 50}", f"u{i % 7}", "common"] for i in range(60_000)]
    NewsbotEngine(documents).save(tmp_path / "engine")
    engine = NewsbotEngine.load(tmp_path / "engine")
    engine.use_kernel = False
    docs_file = str((tmp_path / "engine" / "docs.npy").resolve())
    first = [engine.top_k(["common", f"t{i}"], 5) for i in range(3)]
    assert _resident_kb(docs_file) > 0  # the queries mapped their postings
    engine_module.release_pages(engine._state)
    assert _resident_kb(docs_file) == 0
    again = [engine.top_k(["common", f"t{i}"], 5)
             for i in range(engine_module.RELEASE_QUERIES + 3)][:3]
    assert again == first
