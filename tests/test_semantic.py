"""The semantic stage: its vector store (saved beside the index, appended, reused, compacted)
with a small fake embedder, so it is tested without the [semantic] extra; the real model where
the extra is installed; the setting and the flag."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot import cli
from bot.config import load_settings
from bot.corpus import load_corpus, read_article
from bot.errors import ConfigError
from bot.search import semantic
from bot.search.index import SentenceIndex, load_index
from bot.search.library import Library
from bot.search.semantic import model as semantic_model
from bot.search.semantic.store import Block, VectorStore

DATA = Path(__file__).parent / "data"


class FakeEmbedder:
    """Bag of hashed words: texts sharing words get close vectors; counts what it embeds."""

    model_id = "fake-bag-of-words"
    dimension = 32

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts):
        self.embedded.extend(texts)
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                out[row, hashlib.md5(word.encode()).digest()[0] % self.dimension] += 1.0
        return semantic_model.normalise(out)


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "index-semantic"


def test_every_sentence_gets_its_own_texts_vector(mini_corpus: Path, store_dir: Path) -> None:
    index = SentenceIndex(load_corpus(mini_corpus).articles)
    embedder = FakeEmbedder()
    stage = semantic.enable(index, store_dir, embedder)
    assert len(stage) == len(index) == len(embedder.embedded)
    assert semantic.stage_for(index) is stage
    docs = np.arange(len(index))
    expected = embedder.embed([s.text for s in index.sentences])
    assert np.allclose(stage.vectors(docs), expected, atol=2e-3)  # float16 on disk
    # A question worded as a sentence is closest to that sentence.
    target = len(index) // 2
    sims = stage.similarities(index.sentences[target].text, docs)
    assert sims[target] == pytest.approx(1.0, abs=2e-3)
    assert sims.max() == pytest.approx(sims[target], abs=1e-6)


def test_saved_vectors_are_reused_and_new_articles_only_are_embedded(
        mini_corpus: Path, store_dir: Path) -> None:
    corpus = load_corpus(mini_corpus)
    first = FakeEmbedder()
    index = SentenceIndex(corpus.articles[:-2])
    semantic.enable(index, store_dir, first)
    assert len(first.embedded) == len(index)

    # Reopened (another process, the same corpus): nothing is embedded again.
    again = FakeEmbedder()
    semantic.enable(SentenceIndex(corpus.articles[:-2]), store_dir, again)
    assert again.embedded == []

    # Articles added in place: only their sentences are embedded, and saved.
    before = len(index)
    index.add_articles(corpus.articles[-2:])
    stage = semantic.stage_for(index)
    assert stage is not None
    assert stage.sync(index) == len(index) - before
    assert first.embedded[before:] == [s.text for s in index.sentences[before:]]
    assert len(stage) == len(index)

    # The whole corpus indexed afresh (another order of work): still nothing to embed.
    third = FakeEmbedder()
    full = SentenceIndex(corpus.articles)
    stage = semantic.enable(full, store_dir, third)
    assert third.embedded == []
    expected = FakeEmbedder().embed([s.text for s in full.sentences])
    assert np.allclose(stage.vectors(np.arange(len(full))), expected, atol=2e-3)


def test_a_changed_article_is_embedded_again_and_the_rest_kept(
        mini_corpus: Path, store_dir: Path) -> None:
    semantic.enable(SentenceIndex(load_corpus(mini_corpus).articles), store_dir, FakeEmbedder())
    path = sorted(mini_corpus.glob("*.md"))[0]
    path.write_text(path.read_text("utf-8") + "\nA brand new closing sentence about ferries.\n",
                    encoding="utf-8")
    changed = read_article(path)
    corpus = load_corpus(mini_corpus)
    index = SentenceIndex(corpus.articles)
    embedder = FakeEmbedder()
    stage = semantic.enable(index, store_dir, embedder, digests=corpus.article_digests)
    assert embedder.embedded == [s.text for s in index.sentences
                                 if s.article_id == changed.id]
    expected = FakeEmbedder().embed([s.text for s in index.sentences])
    assert np.allclose(stage.vectors(np.arange(len(index))), expected, atol=2e-3)


def test_a_store_mostly_of_stale_rows_is_compacted(tmp_path: Path, store_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(semantic, "COMPACT_MIN_ROWS", 0)
    corpus = load_corpus(DATA / "mini_corpus")
    semantic.enable(SentenceIndex(corpus.articles), store_dir, FakeEmbedder())
    old_files = sorted(p.name for p in store_dir.glob("vectors-*.f16"))
    small = SentenceIndex(corpus.articles[:2])  # most saved rows are now of other articles
    stage = semantic.enable(small, store_dir, FakeEmbedder())
    assert len(stage.store) == len(small)
    new_files = sorted(p.name for p in store_dir.glob("vectors-*.f16"))
    assert len(new_files) == 1 and new_files != old_files
    expected = FakeEmbedder().embed([s.text for s in small.sentences])
    assert np.allclose(stage.vectors(np.arange(len(small))), expected, atol=2e-3)
    reopened = FakeEmbedder()
    semantic.enable(SentenceIndex(corpus.articles[:2]), store_dir, reopened)
    assert reopened.embedded == []


def test_after_a_splitter_change_only_articles_split_differently_are_embedded(
        mini_corpus: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    articles = load_corpus(mini_corpus).articles
    index = SentenceIndex(articles)
    semantic.enable(index, store_dir, FakeEmbedder())
    # As if another splitter had cut the first article's sentences elsewhere.
    meta = json.loads((store_dir / "meta.json").read_text("utf-8"))
    first = meta["blocks"]["ids"][0]
    meta["blocks"]["texts"][0] = "0" * 24
    (store_dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    monkeypatch.setattr(semantic, "splitter_version", lambda: "another splitter")
    embedder = FakeEmbedder()
    stage = semantic.enable(SentenceIndex(articles), store_dir, embedder)
    assert embedder.embedded == [s.text for s in index.sentences if s.article_id == first]
    assert json.loads((store_dir / "meta.json").read_text("utf-8"))["splitter"] == \
        "another splitter"
    expected = FakeEmbedder().embed([s.text for s in index.sentences])
    assert np.allclose(stage.vectors(np.arange(len(index))), expected, atol=2e-3)
    again = FakeEmbedder()
    semantic.enable(SentenceIndex(articles), store_dir, again)
    assert again.embedded == []


def test_rows_past_a_cut_short_write_are_ignored(mini_corpus: Path, store_dir: Path) -> None:
    corpus = load_corpus(mini_corpus)
    semantic.enable(SentenceIndex(corpus.articles[:3]), store_dir, FakeEmbedder())
    meta = json.loads((store_dir / "meta.json").read_text("utf-8"))
    with open(store_dir / meta["file"], "ab") as out:  # a write that never reached meta.json
        out.write(b"\x01" * 100)
    index = SentenceIndex(corpus.articles)
    embedder = FakeEmbedder()
    stage = semantic.enable(index, store_dir, embedder)
    expected = FakeEmbedder().embed([s.text for s in index.sentences])
    assert np.allclose(stage.vectors(np.arange(len(index))), expected, atol=2e-3)
    assert len(embedder.embedded) == sum(
        1 for s in index.sentences if s.article_id not in {a.id for a in corpus.articles[:3]})


@pytest.mark.parametrize("damage", ["garbage", "other_model", "short_file"])
def test_an_unusable_store_is_computed_again_with_a_warning(
        mini_corpus: Path, store_dir: Path, damage: str,
        caplog: pytest.LogCaptureFixture) -> None:
    articles = load_corpus(mini_corpus).articles
    semantic.enable(SentenceIndex(articles), store_dir, FakeEmbedder())
    meta_path = store_dir / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8"))
    if damage == "garbage":
        meta_path.write_text("{not json", encoding="utf-8")
    elif damage == "other_model":
        meta["model"] = "another-model"
        meta_path.write_text(json.dumps(meta), encoding="utf-8")
    else:
        (store_dir / meta["file"]).write_bytes(b"\0" * 10)
    index = SentenceIndex(articles)
    embedder = FakeEmbedder()
    with caplog.at_level(logging.WARNING):
        stage = semantic.enable(index, store_dir, embedder)
    assert "unusable" in caplog.text
    assert len(embedder.embedded) == len(index) == len(stage)
    # The vectors computed again replaced the unusable store: the next run embeds nothing
    # (an upgrade to another model re-embeds a corpus once, not at every start).
    again = FakeEmbedder()
    semantic.enable(SentenceIndex(articles), store_dir, again)
    assert again.embedded == []
    assert len(list(store_dir.glob("vectors-*.f16"))) == 1



def test_the_model_is_read_when_the_stage_is_turned_on(
        mini_corpus: Path, store_dir: Path) -> None:
    """Every vector saved already: nothing to embed, yet a model that cannot be read fails
    when the stage is turned on (one ConfigError), not at every question afterwards."""
    articles = load_corpus(mini_corpus).articles
    semantic.enable(SentenceIndex(articles), store_dir, FakeEmbedder())

    class Unreadable(FakeEmbedder):
        def load(self) -> None:
            raise ConfigError("the model file is not the one newsbot was built for")

    embedder = Unreadable()
    index = SentenceIndex(articles)
    with pytest.raises(ConfigError, match="not the one newsbot was built for"):
        semantic.enable(index, store_dir, embedder)
    assert semantic.stage_for(index) is None
    assert embedder.embedded == []

    class Counting(FakeEmbedder):
        loads = 0

        def load(self) -> None:
            self.loads += 1

    counting = Counting()
    stage = semantic.enable(index, store_dir, counting)
    assert counting.loads == 1 and counting.embedded == [] and len(stage) == len(index)

def test_two_processes_appending_keep_each_others_rows(tmp_path: Path) -> None:
    one = VectorStore.open(tmp_path, "m", 4, "s")
    two = VectorStore.open(tmp_path, "m", 4, "s")
    one.append([Block("a", "da", 2)], np.eye(4, dtype=np.float32)[:2])
    two.append([Block("b", "db", 1)], np.eye(4, dtype=np.float32)[2:3])  # after a's rows
    three = VectorStore.open(tmp_path, "m", 4, "s")
    assert [b.article_id for b in three.blocks] == ["a", "b"]
    assert np.array_equal(np.asarray(three.data), np.eye(4)[:3])
    assert {key: start for key, (start, _) in three.block_rows().items()} == {
        ("a", "da", 2): 0, ("b", "db", 1): 2}


def test_a_read_only_place_keeps_the_vectors_in_memory(
        mini_corpus: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory", encoding="utf-8")
    index = SentenceIndex(load_corpus(mini_corpus).articles)
    with caplog.at_level(logging.WARNING):
        stage = semantic.enable(index, blocked / "vectors", FakeEmbedder())
    assert len(stage) == len(index)
    assert "cannot save sentence vectors" in caplog.text


def test_library_adds_vectors_with_articles_and_reload_keeps_the_stage(
        mini_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    embedder = FakeEmbedder()
    monkeypatch.setattr(semantic_model, "default_embedder", lambda: embedder)
    extra = tmp_path / "extra.md"
    shutil.copy(DATA / "ferry_article.md", extra)
    library = Library(mini_corpus, semantic=True)
    index = library.current.index
    stage = semantic.stage_for(index)
    assert stage is not None and len(stage) == len(index)
    assert (mini_corpus / ".newsbot-index-semantic" / "meta.json").is_file()
    before = len(index)
    grown = library.add([read_article(extra)]).index  # a new snapshot: the old one is whole
    added_stage = semantic.stage_for(grown)
    assert added_stage is not None and len(added_stage) == len(grown) > before
    assert embedder.embedded[-(len(grown) - before):] == [
        s.text for s in grown.sentences[before:]]  # only the new sentences were embedded
    assert len(stage) == len(index) == before
    reloaded = library.reload()
    new_stage = semantic.stage_for(reloaded.index)
    assert new_stage is not None and len(new_stage) == len(reloaded.index)


def test_off_by_default_and_on_by_setting() -> None:
    assert load_settings(environ={}, env_file=None).semantic is False
    assert load_settings(environ={"NEWSBOT_SEMANTIC": "on"}, env_file=None).semantic is True
    assert load_settings(environ={"NEWSBOT_SEMANTIC": " OFF "}, env_file=None).semantic is False
    with pytest.raises(ConfigError, match="NEWSBOT_SEMANTIC must be on or off"):
        load_settings(environ={"NEWSBOT_SEMANTIC": "maybe"}, env_file=None)


def test_semantic_without_the_extra_is_a_one_line_error(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(semantic_model, "missing",
                        lambda: "the semantic stage needs onnxruntime: "
                                f"{semantic_model.INSTALL_HINT}")
    code = cli.main(["ask", "--semantic", "--corpus", str(mini_corpus), "ferry fares"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == ("newsbot: the semantic stage needs onnxruntime: "
                           "pip install 'newsbot[semantic]'")


def test_no_semantic_flag_overrides_the_setting(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NEWSBOT_SEMANTIC", "on")
    monkeypatch.setattr(semantic_model, "missing", lambda: "must not be asked")
    assert cli.main(["ask", "--no-semantic", "--corpus", str(mini_corpus), "ferry fares"]) == 0
    assert "must not be asked" not in capsys.readouterr().err


needs_model = pytest.mark.skipif(
    not semantic_model.available(),
    reason="the [semantic] extra is not installed (pip install 'newsbot[semantic]')")


@needs_model
def test_the_real_model_puts_a_paraphrase_closer_than_another_topic() -> None:
    model = semantic_model.default_embedder()
    question = semantic_model.query_vectors(model, ["what's the size of the russian contingent"])
    vectors = model.embed([
        "Russia had deployed a 2,000-strong peacekeeping force in the region.",
        "Shares of the carmaker rose after strong quarterly sales.",
    ])
    assert question.shape == (1, semantic_model.DIMENSION)
    assert vectors.shape == (2, semantic_model.DIMENSION)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert question[0] @ vectors[0] > question[0] @ vectors[1] + 0.05
    # Batching and order do not change a text's vector.
    alone = model.embed(["Shares of the carmaker rose after strong quarterly sales."])[0]
    assert np.allclose(alone, vectors[1], atol=1e-4)


@needs_model
def test_the_real_model_indexes_the_bundled_corpus(seed_corpus: Path) -> None:
    _, index = load_index(seed_corpus)
    stage = semantic.enable(index, seed_corpus / ".newsbot-index-semantic")
    sims = stage.similarities("who speaks for the kremlin?", np.arange(len(index)))
    assert "Kremlin spokesman" in index.sentences[int(sims.argmax())].text


def test_the_reranker_has_the_semantic_features_only_with_the_stage(mini_corpus: Path) -> None:
    from bot.search import features, retrieve

    articles = load_corpus(mini_corpus).articles
    plain, with_stage = SentenceIndex(articles), SentenceIndex(articles)
    stage = semantic.enable(with_stage, None, FakeEmbedder())
    assert "semantic" not in retrieve.feature_names(plain)
    names = retrieve.feature_names(with_stage)
    assert names[-2:] == ("semantic", "semantic_window")
    assert len(features.weights_for(with_stage)) == len(names)
    assert len(features.weights_for(plain)) == len(retrieve.feature_names(plain))

    question = "When did the Harbour Bridge open?"
    query = retrieve.analyse(with_stage, question)
    docs, from_engine = retrieve.candidates(with_stage, query)
    rows = retrieve.features(with_stage, query, docs, from_engine)
    cosines = stage.similarities(query.text, docs)
    for doc, row, cosine in zip(docs, rows, cosines):
        assert row[-2] == pytest.approx(float(cosine), abs=1e-5)
        window = range(max(0, doc - 1), min(len(with_stage), doc + 2))
        same = [d for d in window
                if with_stage.sentences[d].article_id == with_stage.sentences[doc].article_id]
        assert row[-1] == pytest.approx(float(stage.similarities(query.text, same).max()),
                                        abs=1e-5)
    # The stage only reorders the candidates: the same sentences, the articles' own words.
    ranked = retrieve.rank(with_stage, question, 50)
    assert {h.doc for h in ranked} <= set(docs)
    assert all(h.sentence.text == with_stage.sentences[h.doc].text for h in ranked)


def test_eval_squad_with_the_stage_keeps_the_vectors_where_asked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    embedder = FakeEmbedder()
    monkeypatch.setattr(semantic_model, "default_embedder", lambda: embedder)
    vectors = tmp_path / "vectors"
    tiny = str(DATA / "squad_tiny.json")
    assert cli.main(["eval", "squad", tiny, "--json", "--semantic", "--vectors",
                     str(vectors)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["questions"] > 0
    assert (vectors / "meta.json").is_file() and embedder.embedded
    questions = {q["question"] for article in json.loads(Path(tiny).read_text("utf-8"))["data"]
                 for p in article["paragraphs"] for q in p["qas"]}
    embedder.embedded.clear()
    assert cli.main(["eval", "squad", tiny, "--json", "--semantic", "--vectors",
                     str(vectors)]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["p_at_1"], again["mrr"]) == (report["p_at_1"], report["mrr"])
    # The second run embedded the questions only: the sentences' vectors were kept.
    assert embedder.embedded and set(embedder.embedded) <= questions
    assert cli.main(["eval", "squad", tiny, "--vectors", str(vectors)]) == 1
    assert "--vectors goes with --semantic" in capsys.readouterr().err


def test_check_with_the_stage_brings_the_vectors_up_to_date(
        mini_corpus: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    embedder = FakeEmbedder()
    monkeypatch.setattr(semantic_model, "default_embedder", lambda: embedder)
    assert cli.main(["check", "--semantic", "--json", "--corpus", str(mini_corpus)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sentence_vectors"] == report["sentences"] == len(embedder.embedded)
    assert cli.main(["check", "--json", "--corpus", str(mini_corpus)]) == 0
    assert "sentence_vectors" not in json.loads(capsys.readouterr().out)


def test_a_language_with_its_own_table_keeps_its_ngram_features_with_the_stage(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.corpus import Article
    from bot.search import features, retrieve
    from bot.search.semantic import weights as semantic_weights

    body = ("Мост через залив открыли в мае. Его длина составляет два километра. "
            "Проезд по мосту стоит сто рублей.")
    article = Article(id="2024-05-01-most", title="Мост", url="https://example.com/most",
                      source="Пример", published="2024-05-01", body=body, language="ru")
    index = SentenceIndex([article])
    semantic.enable(index, None, FakeEmbedder())
    assert index.analyzer.language == "ru"
    # No table of its own: rerank_semantic, without the n-gram features (as before).
    monkeypatch.setattr(semantic_weights, "_tables", lambda: {})
    assert "paragraph_grams" not in retrieve.feature_names(index)
    assert features.weights_for(index) == features.weight_vector(
        features.SEMANTIC_WEIGHTS, features.table_for(index))
    # A table of its own: the n-gram features come back, its weights rank them.
    own = {"sentence": 1.0, "paragraph_grams": 2.0, "semantic": 3.0}
    monkeypatch.setattr(semantic_weights, "_tables", lambda: {"ru": own})
    names = retrieve.feature_names(index)
    assert "paragraph_grams" in names and names[-2:] == ("semantic", "semantic_window")
    weights = dict(zip(names, features.weights_for(index)))
    assert weights["paragraph_grams"] == 2.0 and weights["semantic"] == 3.0
    assert weights["semantic_window"] == 0.0  # not in its table: counts 0
    hits = retrieve.rank(index, "Сколько стоит проезд по мосту?", 3)
    assert hits and hits[0].sentence.text == "Проезд по мосту стоит сто рублей."
