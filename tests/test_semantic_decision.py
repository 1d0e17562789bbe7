"""The answer decision with the semantic stage on: its inputs (bot.search.semantic.inputs) and
the switch to the decision fitted with them ("decision_semantic"), which an index without the
stage never uses. With the small fake embedder of test_semantic: no [semantic] extra needed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from bot.chat.pages import answer_page
from bot.corpus import load_corpus
from bot.search import decision, semantic
from bot.search.answer import answer_question
from bot.search.decision import (
    MODEL,
    DecisionModel,
    feature_names,
    model_for,
    options,
    semantic_feature_names,
)
from bot.search.index import SentenceIndex
from bot.search.retrieve import analyse, rank_query
from bot.search.semantic.inputs import NAMES, semantic_rows
from tests.test_semantic import FakeEmbedder

QUESTION = "what did the port workers want?"


@pytest.fixture
def plain(mini_corpus: Path) -> SentenceIndex:
    return SentenceIndex(load_corpus(mini_corpus).articles)


@pytest.fixture
def staged(mini_corpus: Path) -> SentenceIndex:
    index = SentenceIndex(load_corpus(mini_corpus).articles)
    semantic.enable(index, None, FakeEmbedder())
    return index


def _options(index: SentenceIndex, question: str = QUESTION) -> list[decision.Option]:
    query = analyse(index, question)
    found = options(index, query, rank_query(index, query, k=20))
    assert len(found) >= 3
    return found


def test_semantic_inputs_read_the_question_against_each_option(staged: SentenceIndex) -> None:
    stage = semantic.stage_for(staged)
    assert stage is not None
    docs = [0, 1, 2, len(staged) - 1]
    windows = [staged.window_docs(d) for d in docs]
    rows = semantic_rows(stage, QUESTION, docs, windows)
    values = [dict(zip(NAMES, row)) for row in rows]
    cosines = [stage.similarity(QUESTION, d) for d in docs]
    best = max(cosines)
    assert [v["sem_cosine"] for v in values] == pytest.approx(cosines, abs=1e-6)
    for v, window in zip(values, windows):
        # The window holds the sentence itself: its best cosine is at least the sentence's.
        assert v["sem_window"] == pytest.approx(
            max(stage.similarity(QUESTION, d) for d in window), abs=1e-6)
        assert v["sem_window"] >= v["sem_cosine"] - 1e-9
        assert v["sem_best"] == pytest.approx(best, abs=1e-6)
        assert v["sem_gap"] == pytest.approx(v["sem_cosine"] - best, abs=1e-6)
        assert v["sem_window_gap"] <= 1e-9
    assert max(v["sem_gap"] for v in values) == pytest.approx(0.0, abs=1e-9)
    z = [v["sem_z"] for v in values]
    assert sum(z) == pytest.approx(0.0, abs=1e-9)
    assert np.std(z) == pytest.approx(1.0, abs=1e-6)
    assert semantic_rows(stage, QUESTION, [], []) == []


def test_equal_cosines_standardise_to_zero(staged: SentenceIndex) -> None:
    stage = semantic.stage_for(staged)
    assert stage is not None
    rows = semantic_rows(stage, QUESTION, [3, 3], [staged.window_docs(3)] * 2)
    assert [dict(zip(NAMES, r))["sem_z"] for r in rows] == [0.0, 0.0]
    assert [dict(zip(NAMES, r))["sem_gap"] for r in rows] == [0.0, 0.0]


def test_rows_have_the_stages_inputs_only_when_it_is_on(plain: SentenceIndex,
                                                        staged: SentenceIndex) -> None:
    assert semantic_feature_names() == feature_names() + NAMES
    assert all(len(o.row or []) == len(feature_names()) for o in _options(plain))
    on = _options(staged)
    assert all(len(o.row or []) == len(semantic_feature_names()) for o in on)
    # The decision's own inputs do not change with the stage: only what follows them.
    for option in on:
        values = dict(zip(semantic_feature_names(), option.row or []))
        assert -1.0 <= values["sem_cosine"] <= values["sem_window"] <= 1.0 + 1e-6


def _semantic_model(weight: float, threshold: float = 0.5) -> DecisionModel:
    """A decision reading only the cosine: it picks the option closest in meaning."""
    return DecisionModel({"sem_cosine": weight}, 0.0, {"sem_cosine": 1.0}, 0.0,
                         threshold, threshold, 0.99, names=semantic_feature_names())


def test_without_a_semantic_model_the_stage_keeps_the_plain_decision(
        staged: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", None)
    assert model_for(staged) is MODEL
    width = len(feature_names())
    for option in _options(staged):
        row = (option.row or [])[:width]
        others = [o for o in _options(staged) if o.candidate.doc != option.candidate.doc]
        assert option.selected == MODEL.selection(row)
        assert option.probability == MODEL.confidence(decision.answer_row(
            row, option.selected, [o.selected for o in others]))


def test_the_semantic_model_is_used_only_with_the_stage(
        plain: SentenceIndex, staged: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    model = _semantic_model(20.0)
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", model)
    assert model_for(plain) is MODEL
    assert model_for(staged) is model
    on = _options(staged)
    cosine = semantic_feature_names().index("sem_cosine")
    closest = max(on, key=lambda o: (o.row or [])[cosine])
    assert max(on, key=lambda o: o.selected) is closest
    assert closest.selected == pytest.approx(1 / (1 + np.exp(-20.0 * (closest.row or [])[cosine])))
    # The plain index's options are judged by the plain model, as before.
    for option in _options(plain):
        assert option.selected == MODEL.selection(option.row or [])


def test_the_semantic_models_thresholds_apply_with_the_stage(
        plain: SentenceIndex, staged: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    question = "how many dockworkers were on strike?"
    before = answer_question(plain, question)
    assert before.answered and before.unasked == MODEL.unasked
    # A semantic decision that never trusts a quote (threshold above any probability, and no
    # option covers the whole question by the rule): the staged index abstains, the plain
    # one answers as before.
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", _semantic_model(1.0, threshold=1.01))
    monkeypatch.setattr("bot.search.answer.covers_all", lambda names, row: False)
    assert not answer_question(staged, question).answered
    assert answer_question(plain, question).quotes == before.quotes
    # An answer it gives carries its own threshold for answering unasked.
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", _semantic_model(1.0, threshold=0.0))
    found = answer_question(staged, question)
    assert found.answered and found.unasked == 0.99
    assert found.confident is (found.confidence >= 0.99 and found.terms >= 2)


def test_a_groups_page_keeps_the_threshold_of_the_decision_that_answered(
        plain: SentenceIndex, staged: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    """A group's "?" message is answered when the page's Answer.confident (bot.chat.handlers):
    the page (bot.chat.pages, a copy with only its quotes) keeps the unasked threshold of the
    decision that answered, the semantic stage's with the stage on."""
    question = "how many dockworkers were on strike?"
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", _semantic_model(1.0, threshold=0.0))
    for index, unasked in ((staged, 0.99), (plain, MODEL.unasked)):
        page = answer_page(index, question, start=0, size=1)
        assert page.answer.answered and page.answer.unasked == unasked
        whole = answer_question(index, question, top=2)
        assert page.answer.confidence == whole.confidence
        assert page.answer.confident is whole.confident is (
            whole.confidence >= unasked and whole.terms >= 2)
    # A quote sure enough by the plain decision's bar (its probability a constant 0.88) is not
    # by the semantic one's (0.99): with the stage on, the group gets no unasked answer.
    sure = DecisionModel({"sem_cosine": 1.0}, 0.0, {}, 2.0, 0.0, 0.0, 0.99,
                         names=semantic_feature_names())
    monkeypatch.setattr(decision, "SEMANTIC_MODEL", sure)
    page = answer_page(staged, question)
    assert page.answer.answered and page.answer.terms >= 2
    assert page.answer.confidence == pytest.approx(1 / (1 + np.exp(-2.0)))
    assert MODEL.unasked < page.answer.confidence < 0.99
    assert not page.answer.confident


def test_a_stored_semantic_decision_reads_known_inputs() -> None:
    """weights.json's "decision_semantic", when there is one: every input it weighs is one
    an option's row has with the stage on, and it has its own thresholds."""
    stored = decision.WEIGHTS_DATA.get(decision.SEMANTIC_ENTRY)
    if stored is None:
        pytest.skip("weights.json has no decision fitted with the semantic stage")
    model = DecisionModel.load(decision.SEMANTIC_ENTRY)
    assert model.semantic and model.names == semantic_feature_names()
    assert set(model.select) <= set(semantic_feature_names())
    assert set(model.answer) <= set(semantic_feature_names()) | set(decision.ANSWER_EXTRA)
    assert any(model.select.get(n) or model.answer.get(n) for n in NAMES)
    assert 0.0 < model.threshold < 1.0 and 0.0 < model.unasked < 1.0
    assert not MODEL.semantic


def test_the_semantic_decisions_trees_may_read_the_stages_inputs(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """tune_decision.py --semantic --select-trees stores trees that split on the stage's inputs
    too: decision_semantic loads them and finds their columns in its own rows."""
    class Folder:  # resources.files("bot.search") pointed at tmp_path
        def joinpath(self, name: str) -> Path:
            return tmp_path / name

    monkeypatch.setattr(decision.resources, "files", lambda package: Folder())
    (tmp_path / "sem_trees.json").write_text(json.dumps({
        "features": ["first", "sem_window"], "trees": [
            {"feature": [1, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 0, 0],
             "right": [2, 0, 0], "value": [0, -1.0, 2.0]}]}), "utf-8")
    monkeypatch.setattr(decision, "WEIGHTS_DATA", {decision.SEMANTIC_ENTRY: {
        "select": {"weights": {"first": 0.5}, "bias": 0.0, "trees_file": "sem_trees.json",
                   "trees_scale": 1.0},
        "answer": {"weights": {}, "bias": 0.0}, "threshold": 0.5}})
    model = DecisionModel.load(decision.SEMANTIC_ENTRY)
    assert model.trees is not None
    names = semantic_feature_names()
    near, far = [0.0] * len(names), [0.0] * len(names)
    near[names.index("sem_window")] = 0.9
    far[names.index("first")] = 1.0
    assert model.selections([near, far]) == pytest.approx(
        [1 / (1 + math.exp(-2.0)), 1 / (1 + math.exp(-(0.5 - 1.0)))], abs=1e-12)
    # The plain decision has no such input: the same file is a clear error for it.
    with pytest.raises(ValueError, match="sem_window"):
        decision._forest("sem_trees.json")
