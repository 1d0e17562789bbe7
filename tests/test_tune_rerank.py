"""benchmarks/tune_rerank.py's vectorised scoring and tuning, on toy rows: the ranks it reads
off equal the per-question rule (ties broken by lower document number), and the held
weights (sentence, hand-set lede) stay where they were put."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "tune_rerank.py"


def _module():
    spec = importlib.util.spec_from_file_location("tune_rerank_under_test", PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _row(feats, gold, docs, article):
    return (np.array(feats, dtype=np.float64), np.array(gold, dtype=bool),
            np.array(docs), article % 2, "what_which", article)


ROWS = [
    # gold first on the first feature
    _row([[3.0, 0.0], [1.0, 1.0], [2.0, 0.0]], [True, False, False], [5, 6, 7], 0),
    # gold ties with a lower-numbered document: ranked second
    _row([[2.0, 0.0], [2.0, 0.0]], [False, True], [1, 2], 0),
    # gold behind two, unless the second feature counts
    _row([[1.0, 3.0], [2.0, 0.0], [3.0, 0.0]], [True, False, False], [9, 3, 4], 1),
    # no gold among the candidates: counts in the denominator, adds nothing
    _row([[1.0, 0.0]], [False], [2], 1),
]


def test_ranks_and_score_follow_the_rule() -> None:
    tune_rerank = _module()
    flat = tune_rerank.Flat(ROWS)
    assert flat.ranks([1.0, 0.0]).tolist() == [1, 2, 3]
    assert flat.ranks([1.0, 1.0]).tolist() == [1, 2, 1]
    p1, mrr = flat.score([1.0, 0.0])
    assert p1 == 1 / 4 and mrr == (1 + 1 / 2 + 1 / 3) / 4
    assert tune_rerank.Flat(ROWS, half=1).score([1.0, 1.0]) == (0.5, 0.5)
    assert tune_rerank.score(ROWS, [1.0, 1.0], 0) == (0.5, 0.75)


def test_tuning_keeps_the_held_weights() -> None:
    tune_rerank = _module()
    flat = tune_rerank.Flat(ROWS)
    tuned = tune_rerank.tune_flat(flat, [1.0, 0.0], {0}, quiet=True)
    assert tuned[0] == 1.0 and tuned[1] > 0  # the second feature lifts the third question
    assert flat.score(tuned)[0] == 2 / 4
    fitted = tune_rerank.fit_flat(flat, 2, {0: 1.0, 1: 0.25}, epochs=20)
    assert fitted.tolist() == [1.0, 0.25]


def test_tuned_weights_hold_the_sentence_and_the_hand_set_lede() -> None:
    tune_rerank = _module()
    flat = tune_rerank.Flat(ROWS)
    names = ["sentence", "lede"]
    held, current = tune_rerank.starting_point(names, {"sentence": 3.0, "lede": 0.25})
    assert held == {0: 1.0, 1: tune_rerank.HAND_SET["lede"]} and current == [1.0, 1.0]
    for start in ("fit", "current", "best"):
        weights = tune_rerank.tuned_weights(flat, names, {"lede": 0.25}, start, quiet=True)
        assert list(weights) == [1.0, tune_rerank.HAND_SET["lede"]]


def test_a_mixed_objective_adds_its_sets_and_keeps_the_first_above_its_floor() -> None:
    tune_rerank = _module()
    first, second = tune_rerank.Flat(ROWS, half=0), tune_rerank.Flat(ROWS, half=1)
    plain = tune_rerank.Mixed([(first, 1.0), (second, 2.0)])
    a, b = first.score([1.0, 0.0]), second.score([1.0, 0.0])
    assert plain.score([1.0, 0.0]) == (a[0] + 2 * b[0], a[1] + 2 * b[1])
    # A floor above what the first set reaches costs FLOOR_COST times the shortfall.
    floored = tune_rerank.Mixed([(first, 1.0), (second, 2.0)], floor=(a[0] + 0.1, a[1]))
    p1, mrr = floored.score([1.0, 0.0])
    assert abs(p1 - (plain.score([1.0, 0.0])[0] - tune_rerank.FLOOR_COST * 0.1)) < 1e-12
    assert mrr == plain.score([1.0, 0.0])[1]


def test_news_tuning_frees_the_lede() -> None:
    tune_rerank = _module()
    names = ["sentence", "lede"]
    held, _ = tune_rerank.starting_point(names, {"lede": 0.25}, hand={})
    assert held == {0: 1.0}
    flat = tune_rerank.Flat(ROWS)
    weights = tune_rerank.tuned_weights(tune_rerank.Mixed([(flat, 1.0)]), names, {"lede": 0.0},
                                        "current", quiet=True, fit_on=flat, hand={})
    assert weights[0] == 1.0 and weights[1] > 0  # the second feature lifts the third question


def test_other_sets_join_the_objective_on_their_tuning_halves() -> None:
    tune_rerank = _module()
    news, also = [("news", ROWS)], [("xquad.en.json.gz", ROWS)]
    objective, pooled, hand = tune_rerank.pooled_objective(ROWS, 1, news, also,
                                                           news_weight=2.0, also_weight=3.0)
    # SQuAD's odd half, the news set's tuning half (0) and the --also file's odd half.
    assert pooled.questions == 2 + 2 + 2
    weights = [1.0, 1.0]
    odd, tune = tune_rerank.Flat(ROWS, 1).score(weights), tune_rerank.Flat(ROWS, 0).score(weights)
    expected = [odd[i] + 2.0 * tune[i] + 3.0 * odd[i] for i in (0, 1)]
    assert list(objective.score(weights)) == pytest.approx(expected)
    assert hand == {}  # the lede is tuned with news questions
    _, pooled, hand = tune_rerank.pooled_objective(ROWS, 0, [], also)
    assert pooled.questions == 2 + 2 and hand == tune_rerank.HAND_SET  # held without them


@pytest.mark.parametrize("flags", [["--also", "x.json", "--semantic"],
                                   ["--also", "x.json", "--english-grams"],
                                   ["--news", "q.jsonl", "corpus", "--english-grams"]])
def test_other_sets_refuse_the_tables_they_cannot_tune(
        flags: list[str], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    tune_rerank = _module()
    monkeypatch.setattr(sys, "argv", ["tune_rerank.py", *flags])
    with pytest.raises(SystemExit) as stopped:
        tune_rerank.main()  # refused before any data is read
    assert stopped.value.code == 2
    assert "--also" in capsys.readouterr().err
