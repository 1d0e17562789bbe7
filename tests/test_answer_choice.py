"""Which option the answer path quotes first, and when a full cover is trusted: the near-equal
rule (bot.search.decision.TIE) and the full cover's floor (COVER_FLOOR), with the decision's
probabilities set by hand on real options of the bundled corpus."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.search import answer as answer_module
from bot.search.answer import answer_question
from bot.search.decision import COVER_FLOOR, TIE, Option
from bot.search.index import SentenceIndex, load_index

QUESTION = "when did the withdrawal start?"
NEAR, APART = 0.001, 0.05  # gaps in selection probability on either side of TIE


@pytest.fixture(scope="module")
def index() -> SentenceIndex:
    return load_index(Path(__file__).parent.parent / "corpus")[1]


def _rig(monkeypatch: pytest.MonkeyPatch, set_values: Callable[[list[Option]], None]
         ) -> list[Option]:
    """Make the answer path's options those of the real decision, with the probabilities
    `set_values` gives them; returns the options of the last call."""
    real = answer_module.options
    seen: list[Option] = []

    def rigged(*args: object, **kwargs: object) -> list[Option]:
        found = real(*args, **kwargs)  # type: ignore[arg-type]
        for option in found:
            option.selected, option.probability = 0.0, 0.0
        set_values(found)
        seen[:] = found
        return found

    monkeypatch.setattr(answer_module, "options", rigged)
    return seen


def test_of_near_equal_options_the_one_the_answer_model_trusts_most_comes_first(
        index: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def values(found: list[Option]) -> None:
        found[0].selected, found[0].probability = 0.5, 0.6
        found[1].selected, found[1].probability = 0.5 - NEAR, 0.9  # a near equal
        found[2].selected, found[2].probability = 0.5 - APART, 0.95  # not near

    assert NEAR < TIE < APART

    seen = _rig(monkeypatch, values)
    answer = answer_question(index, QUESTION)
    assert answer.answered and answer.confidence == 0.9
    assert seen[1].candidate.sentence.text in answer.quotes[0].text
    assert seen[0].candidate.sentence.text not in answer.quotes[0].text


def test_options_further_apart_than_the_tie_keep_the_select_models_order(
        index: SentenceIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    def values(found: list[Option]) -> None:
        found[0].selected, found[0].probability = 0.5, 0.6
        found[1].selected, found[1].probability = 0.5 - APART, 0.9

    assert TIE < APART

    seen = _rig(monkeypatch, values)
    answer = answer_question(index, QUESTION)
    assert answer.answered and answer.confidence == 0.6
    assert seen[0].candidate.sentence.text in answer.quotes[0].text


@pytest.mark.parametrize(("probability", "answered"), [(0.1, False), (0.3, True)])
def test_a_full_cover_is_trusted_only_from_the_floor_up(
        index: SentenceIndex, monkeypatch: pytest.MonkeyPatch, probability: float,
        answered: bool) -> None:
    # Every option covers the whole question (covers_all), none reaches the threshold.
    monkeypatch.setattr(answer_module, "covers_all", lambda names, row: True)

    def values(found: list[Option]) -> None:
        found[0].selected, found[0].probability = 0.5, probability

    _rig(monkeypatch, values)
    assert 0.1 < COVER_FLOOR <= 0.3 < answer_module.MODEL.threshold
    assert answer_question(index, QUESTION).answered is answered


def test_first_choice_is_shared_by_the_answer_path_and_the_tuning_script() -> None:
    from bot.search.decision import first_choice

    selected = [0.30, 0.5, 0.5 - NEAR, 0.5 - APART]
    trust = [0.99, 0.6, 0.9, 0.95]
    # Places 1 and 2 are near equals; 2 is trusted more. Place 0 and 3 are not near the best.
    assert first_choice(selected, lambda i: trust[i]) == 2
    # Equally trusted near equals: the select model's order decides.
    assert first_choice(selected, lambda i: 0.5) == 1
    assert first_choice([0.4], lambda i: 0.0) == 0
