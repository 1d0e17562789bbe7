"""The newsbot BM25 engine gives rank-bm25's exact scores and order; its saved index is sound."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.common.atomic import write_atomically
from bot.search.bm25 import IndexFormatError, NewsbotEngine, loader, start_kernel, store
from bot.search.bm25 import engine as engine_module
from bot.search.engines import ENGINES, RankBM25Engine, make_engine, top_k_from_scores

NEWS = [
    ["port", "workers", "strike", "over", "pay"],
    ["the", "port", "reopened", "after", "the", "strike"],
    ["union", "leaders", "call", "strike", "at", "port"],
    [],
    ["comet", "seen", "over", "the", "harbour"],
    ["flu", "cases", "rise", "in", "winter"],
    ["strike", "strike", "strike"],
    ["the", "the", "the", "port"],
    ["budget", "vote", "delayed"],
    ["port", "port"],
]


@pytest.fixture(params=["kernel", "numpy"])
def path(request: pytest.FixtureRequest) -> str:
    """Run a test on the compiled kernel and on the numpy path (the same results)."""
    if request.param == "kernel":
        start_kernel(wait=True)
        if loader.loaded() is None:
            pytest.skip("numba is not installed")
    return request.param


def engine_for(documents, path: str, **params) -> NewsbotEngine:
    engine = NewsbotEngine(documents, **params)
    engine.use_kernel = path == "kernel"
    return engine


def reference_top_k(documents, query, k, **params):
    return top_k_from_scores(BM25Okapi(documents, **params).get_scores(query), k)


QUERIES = [
    ["port"],  # in half the documents or more: idf floored to epsilon * average idf
    ["strike", "pay"],
    ["strike", "strike", "pay"],  # a repeated query term counts again
    ["zzz"],  # unknown
    ["zzz", "comet", "zzz"],
    ["the", "port", "budget"],
    ["winter", "flu", "rise", "port", "strike"],
]


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("k", [1, 3, 10, 20])
def test_top_k_equals_rank_bm25_exactly(path: str, query: list[str], k: int) -> None:
    engine = engine_for(NEWS, path)
    assert engine.top_k(query, k) == reference_top_k(NEWS, query, k)


def test_scores_equal_rank_bm25_bit_for_bit() -> None:
    engine = NewsbotEngine(NEWS)
    reference = BM25Okapi(NEWS)
    for query in QUERIES:
        assert engine.get_scores(query).tolist() == reference.get_scores(query).tolist()
    assert engine.idf("port") == reference.idf["port"]
    assert engine.idf("comet") == reference.idf["comet"]
    assert engine.idf("zzz") == 0.0
    assert engine.doc_freq("port") == 5 and engine.doc_freq("zzz") == 0


def test_ties_go_to_the_lower_document(path: str) -> None:
    docs = [["a", "x"], ["b", "y"], ["a", "x"], ["c", "z"], ["d", "w"], ["e", "v"], ["a", "x"]]
    hits = engine_for(docs, path).top_k(["a"], k=2)
    assert [doc for doc, _ in hits] == [0, 2]
    assert hits[0][1] == hits[1][1] > 0
    assert engine_for(docs, path).top_k(["a"], k=5) == RankBM25Engine(docs).top_k(["a"], k=5)


def test_other_parameters_match_too(path: str) -> None:
    params = {"k1": 1.2, "b": 0.5, "epsilon": 0.1}
    engine = engine_for(NEWS, path, **params)
    for query in QUERIES:
        assert engine.top_k(query, 4) == reference_top_k(NEWS, query, 4, **params)


def test_negative_average_idf_still_matches(path: str) -> None:
    """Every term in most documents: the floor itself is negative, and so are many scores."""
    docs = [["a", "b"], ["a", "b"], ["a", "c"], ["a", "b", "c"], ["b"]]
    engine = engine_for(docs, path)
    for query in (["a"], ["a", "b"], ["c", "a"], ["b", "b", "c"]):
        assert engine.top_k(query, 3) == reference_top_k(docs, query, 3)


def test_nothing_to_find(path: str) -> None:
    assert engine_for([], path).top_k(["a"], 3) == []
    assert engine_for([[], []], path).top_k(["a"], 3) == []
    engine = engine_for(NEWS, path)
    assert engine.top_k([], 3) == []
    assert engine.top_k(["port"], 0) == []
    assert engine.n_docs == len(NEWS)


def random_corpus(rng: random.Random, n_docs: int, vocabulary: int) -> list[list[str]]:
    words = [f"w{i}" for i in range(vocabulary)]
    weights = [1 / (i + 1) ** rng.uniform(0.6, 1.4) for i in range(vocabulary)]
    return [rng.choices(words, weights, k=rng.randint(0, 14)) for _ in range(n_docs)]


@pytest.mark.parametrize("seed", range(12))
def test_random_corpora_and_incremental_adds_match(path: str, seed: int) -> None:
    rng = random.Random(seed)
    docs = random_corpus(rng, rng.randint(20, 120), rng.randint(5, 60))
    engine = engine_for(docs[: len(docs) // 3], path)
    rest = docs[len(docs) // 3 :]
    while rest:  # several small adds: delta segments, merged as they come
        size = rng.randint(1, 9)
        engine.add(rest[:size])
        rest = rest[size:]
    assert engine.n_docs == len(docs)
    reference = BM25Okapi(docs)
    words = sorted({w for d in docs for w in d}) + ["unknown"]
    for _ in range(25):
        query = rng.choices(words, k=rng.randint(1, 7))
        k = rng.randint(1, 10)
        assert engine.top_k(query, k) == top_k_from_scores(reference.get_scores(query), k)


def test_pruning_on_a_larger_corpus_stays_exact(path: str) -> None:
    """Thousands of documents, a skewed vocabulary: most postings are skipped, none wrongly."""
    rng = random.Random(7)
    docs = random_corpus(rng, 3000, 400)
    engine = engine_for(docs[:2500], path)
    engine.add(docs[2500:])
    reference = BM25Okapi(docs)
    words = sorted({w for d in docs for w in d})
    for _ in range(40):
        query = rng.choices(words, k=rng.randint(1, 8))
        assert engine.top_k(query, 5) == top_k_from_scores(reference.get_scores(query), 5)


def test_documents_numbered_past_16_bits(path: str) -> None:
    """Build runs keep documents as 16-bit offsets from a base: the base can be anything."""
    docs = [[f"w{i % 50}"] for i in range(70_000)] + [["rare", "w1"], ["rare"]]
    engine = engine_for(docs[:69_999], path)
    engine.add(docs[69_999:])
    assert engine.top_k(["rare", "w1"], 3) == reference_top_k(docs, ["rare", "w1"], 3)


def test_a_big_merge_keeps_the_scores(monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    monkeypatch.setattr(engine_module, "MERGE_SHARE", 0.0)  # every add folds the delta into the base
    engine = engine_for(NEWS[:4], path)
    for doc in NEWS[4:]:
        engine.add([doc])
    assert len(engine._state.segments) == 1
    for query in QUERIES:
        assert engine.top_k(query, 5) == reference_top_k(NEWS, query, 5)


def test_registered_as_the_default_engine() -> None:
    from bot.search.engines import DEFAULT_ENGINE

    assert DEFAULT_ENGINE == "newsbot"
    assert {"newsbot", "rank-bm25"} <= set(ENGINES)
    assert isinstance(make_engine("newsbot", NEWS), NewsbotEngine)


# -- the saved index -----------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path: Path, path: str) -> None:
    engine = NewsbotEngine(NEWS[:6])
    engine.add(NEWS[6:])  # two segments, merged on save
    engine.save(tmp_path / "index")
    loaded = NewsbotEngine.load(tmp_path / "index")
    loaded.use_kernel = path == "kernel"
    assert isinstance(loaded._state.segments[0].docs, np.memmap)
    assert loaded.n_docs == len(NEWS)
    for query in QUERIES:
        assert loaded.top_k(query, 5) == reference_top_k(NEWS, query, 5)
    more = [["comet", "tail"], ["port", "strike", "ends"]]
    loaded.add(more)  # on top of the memory-mapped base
    for query in QUERIES + [["tail"]]:
        assert loaded.top_k(query, 5) == reference_top_k(NEWS + more, query, 5)


def test_saved_files_are_plain(tmp_path: Path) -> None:
    NewsbotEngine(NEWS).save(tmp_path / "index")
    names = sorted(p.name for p in (tmp_path / "index").iterdir())
    assert names == ["doc_len.npy", "docs.npy", "max_weight.npy", "meta.json", "offsets.npy",
                     "tfs.npy", "vocab.json", "weights.npy"]
    meta = json.loads((tmp_path / "index" / "meta.json").read_text())
    assert meta["format"] == "newsbot-bm25" and meta["version"] == store.FORMAT_VERSION
    for name in names:
        if name.endswith(".npy"):
            np.load(tmp_path / "index" / name, allow_pickle=False)  # no pickled objects


@pytest.mark.parametrize("damage", ["truncate", "drop", "meta", "version", "vocab", "ids"])
def test_a_damaged_index_is_refused(tmp_path: Path, damage: str) -> None:
    index = tmp_path / "index"
    NewsbotEngine(NEWS).save(index)
    if damage == "truncate":
        data = (index / "docs.npy").read_bytes()
        (index / "docs.npy").write_bytes(data[: len(data) - 8])
    elif damage == "drop":
        (index / "tfs.npy").unlink()
    elif damage == "meta":
        (index / "meta.json").write_text("{not json")
    elif damage == "version":
        meta = json.loads((index / "meta.json").read_text())
        meta["version"] = 999
        (index / "meta.json").write_text(json.dumps(meta))
    elif damage == "vocab":
        (index / "vocab.json").write_text(json.dumps(["only", "two"]))
    else:
        docs = np.load(index / "docs.npy")
        docs[0] = 10_000
        np.save(index / "docs.npy", docs)
    with pytest.raises(IndexFormatError):
        NewsbotEngine.load(index)


def test_a_failed_write_keeps_the_old_index(tmp_path: Path) -> None:
    index = tmp_path / "index"
    NewsbotEngine(NEWS[:3]).save(index)

    def crash(directory: Path) -> None:
        (directory / "meta.json").write_text("half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(index, crash)
    assert NewsbotEngine.load(index).n_docs == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index"]  # no temporary left


def test_a_leftover_temporary_directory_is_cleared(tmp_path: Path) -> None:
    leftover = tmp_path / ".index.tmp-999999999-2"
    leftover.mkdir()
    (leftover / "docs.npy").write_bytes(b"partial")
    NewsbotEngine(NEWS).save(tmp_path / "index")
    assert not leftover.exists()
    assert NewsbotEngine.load(tmp_path / "index").n_docs == len(NEWS)


@pytest.mark.parametrize("name", ["newsbot", "rank-bm25"])
def test_add_is_part_of_every_engine(name: str) -> None:
    """Engines grow through `add` (the protocol): the same results as one built over all."""
    grown = make_engine(name, NEWS[:4])
    grown.add(NEWS[4:7])
    grown.add([])
    grown.add(NEWS[7:])
    assert grown.n_docs == len(NEWS)
    for query in QUERIES:
        assert grown.top_k(query, 5) == reference_top_k(NEWS, query, 5)
    assert grown.doc_freq("strike") == sum("strike" in d for d in NEWS)
