"""bot.search.trees: the numpy evaluation of stored gradient-boosted trees gives LightGBM's
own scores (tests/data/trees_fixture.json, written by benchmarks/make_trees_fixture.py)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from bot.search.trees import Forest, from_lightgbm

FIXTURE = json.loads((Path(__file__).parent / "data" / "trees_fixture.json").read_text("utf-8"))


@pytest.mark.parametrize("kind", ["binary", "rank", "regression"])
def test_raw_scores_equal_lightgbm(kind: str) -> None:
    model = FIXTURE["models"][kind]
    forest = Forest.from_json(model["forest"])
    assert len(forest) == 25
    got = forest.raw(np.array(FIXTURE["rows"]))
    expected = np.array(model["raw"])
    assert np.max(np.abs(got - expected)) <= 1e-9
    # One row at a time gives the same as all at once.
    assert forest.raw(FIXTURE["rows"][3])[0] == got[3]


def test_probability_equals_lightgbm() -> None:
    model = FIXTURE["models"]["binary"]
    raw = Forest.from_json(model["forest"]).raw(FIXTURE["rows"])
    for r, p in zip(raw, model["probability"]):
        assert abs(1.0 / (1.0 + math.exp(-r)) - p) <= 1e-12


def test_a_hand_made_tree() -> None:
    # x0 <= 0.5 ? (x1 <= 2 ? 1 : 2) : 3, and a stump always 0.25
    forest = Forest.from_json({"features": ["a", "b"], "trees": [
        {"feature": [0, 1, -1, -1, -1], "threshold": [0.5, 2.0, 0, 0, 0],
         "left": [1, 2, 0, 0, 0], "right": [4, 3, 0, 0, 0], "value": [0, 0, 1.0, 2.0, 3.0]},
        {"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [0.25]}]})
    rows = [[0.5, 2.0], [0.5, 2.5], [0.6, 0.0], [-1.0, -1.0]]
    assert forest.raw(rows).tolist() == [1.25, 2.25, 3.25, 1.25]
    assert forest.depth == 2


def test_no_trees_scores_zero() -> None:
    assert Forest.from_json({"features": ["a"], "trees": []}).raw([[1.0], [2.0]]).tolist() == [0, 0]


def test_from_lightgbm_reads_a_dump() -> None:
    dump = {"tree_info": [{"tree_structure": {
        "split_feature": 1, "threshold": 0.3, "decision_type": "<=",
        "left_child": {"leaf_value": -0.5}, "right_child": {"leaf_value": 0.7}}}]}
    forest = Forest.from_json(from_lightgbm(dump, ["a", "b"]))
    assert forest.raw([[9.0, 0.3], [9.0, 0.31]]).tolist() == [-0.5, 0.7]
    with pytest.raises(ValueError):
        from_lightgbm({"tree_info": [{"tree_structure": {
            "split_feature": 0, "threshold": "1||2", "decision_type": "==",
            "left_child": {"leaf_value": 0}, "right_child": {"leaf_value": 1}}}]}, ["a"])


def test_decision_model_adds_the_trees_to_the_select_score() -> None:
    from bot.search import decision

    names = decision.feature_names()
    forest = Forest.from_json({"features": ["first", "sentence_cover"], "trees": [
        {"feature": [1, -1, -1], "threshold": [0.5, 0, 0], "left": [1, 0, 0],
         "right": [2, 0, 0], "value": [0, -1.0, 2.0]}]})
    model = decision.DecisionModel({"first": 0.5}, -0.25, {}, 0.0, 0.5, 0.5, 0.6, forest, 0.75)
    low = [0.0] * len(names)
    high = list(low)
    low[names.index("first")] = 1.0
    high[names.index("sentence_cover")] = 0.9
    got = model.selections([low, high])
    assert got[0] == pytest.approx(1 / (1 + math.exp(-(0.5 - 0.25 - 0.75))), abs=1e-12)
    assert got[1] == pytest.approx(1 / (1 + math.exp(-(-0.25 + 1.5))), abs=1e-12)
    assert model.selection(high) == got[1]
    # Without trees: the logistic alone.
    linear = decision.DecisionModel({"first": 0.5}, -0.25, {}, 0.0, 0.5, 0.5)
    assert linear.selections([low])[0] == pytest.approx(1 / (1 + math.exp(-0.25)), abs=1e-12)


def test_decision_model_loads_trees_named_in_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.search import decision

    stored = FIXTURE["models"]["binary"]["forest"]
    named = {**stored, "features": list(decision.feature_names()[:len(stored["features"])])}
    asked: list[str] = []

    def forest(name: str, names: tuple[str, ...] = ()) -> Forest:
        asked.append(name)
        return Forest.from_json(named)

    monkeypatch.setattr(decision, "_forest", forest)
    monkeypatch.setattr(decision, "WEIGHTS_DATA", {"decision": {
        "select": {"weights": {}, "bias": 0.0, "trees_file": "t.json", "trees_scale": 2.0},
        "answer": {"weights": {}, "bias": 0.0}, "threshold": 0.45}})
    model = decision.DecisionModel.load()
    assert asked == ["t.json"] and model.trees is not None and model.trees_scale == 2.0
    row = [0.0] * len(decision.feature_names())
    row[:6] = FIXTURE["rows"][0]
    raw = FIXTURE["models"]["binary"]["raw"][0]
    assert model.selection(row) == pytest.approx(1 / (1 + math.exp(-2.0 * raw)), abs=1e-12)


@pytest.mark.parametrize("data, says", [
    ({"features": ["a"], "trees": [{"feature": [0, -1, -1]}]}, "KeyError"),
    ({"features": ["a"], "trees": [{"feature": [0, -1], "threshold": [0.5, 0], "left": [1, 0],
                                    "right": [2, 0], "value": [0, 1]}]}, "children"),
    ({"features": ["a"], "trees": [{"feature": [0, -1, -1], "threshold": [0.5, 0, 0],
                                    "left": [0, 0, 0], "right": [2, 0, 0],
                                    "value": [0, 1, 2]}]}, "children"),
    ({"features": ["a"], "trees": [{"feature": [3, -1, -1], "threshold": [0.5, 0, 0],
                                    "left": [1, 0, 0], "right": [2, 0, 0],
                                    "value": [0, 1, 2]}]}, "column 3"),
    ({"features": ["a"], "trees": [{"feature": [-1], "threshold": [0], "left": [0],
                                    "right": [0], "value": []}]}, "length"),
    ({"features": ["a"], "trees": ["not a tree"]}, "malformed"),
])
def test_malformed_trees_are_a_clear_error(data: dict, says: str) -> None:
    with pytest.raises(ValueError, match="malformed trees") as raised:
        Forest.from_json(data)
    assert says in str(raised.value)


def test_a_missing_or_bad_trees_file_names_itself(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    from bot.search import decision

    class Folder:  # resources.files("bot.search") pointed at tmp_path
        def joinpath(self, name: str) -> Path:
            return tmp_path / name

    monkeypatch.setattr(decision.resources, "files", lambda package: Folder())
    with pytest.raises(ValueError, match="missing.json"):
        decision._forest("missing.json")
    (tmp_path / "bad.json").write_text("{not json", "utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        decision._forest("bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"features": ["no_such_input"], "trees": [
        {"feature": [-1], "threshold": [0], "left": [0], "right": [0], "value": [1.0]}]}), "utf-8")
    with pytest.raises(ValueError, match="no_such_input"):
        decision._forest("other.json")
