"""Question typing: the wh-type for reporting and the kind of phrase that answers."""

from __future__ import annotations

import pytest

from bot.search.qtypes import Expect, QType, expected_answer, question_type


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        ("When did the withdrawal start?", QType.WHEN),
        ("who confirmed it", QType.WHO),
        ("Whose troops left?", QType.WHO),
        ("Where are the peacekeepers going?", QType.WHERE),
        ("How many peacekeepers were there?", QType.HOW_MANY),
        ("how much did it cost", QType.HOW_MANY),
        ("What did Peskov say?", QType.WHAT),
        ("The Broncos beat which team?", QType.WHAT),
        ("Whic team won?", QType.WHAT),
        ("Why did the Armenians leave?", QType.WHY_HOW),
        ("How did Baku take the territory?", QType.WHY_HOW),
        ("How long was the offensive?", QType.WHY_HOW),
        ("Did NAB exonerate Nawaz Sharif?", QType.OTHER),
        ("", QType.OTHER),
    ],
)
def test_question_type(question: str, qtype: QType) -> None:
    assert question_type(question) is qtype


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        ("when did the withdrawal start", Expect.DATE),
        ("In what year was the ceasefire signed?", Expect.DATE),
        ("What was the only year without a series?", Expect.DATE),
        ("How many ethnic Armenians left?", Expect.NUMBER),
        ("how long was the offensive", Expect.NUMBER),
        ("What percentage voted?", Expect.NUMBER),
        ("Who is Hikmet Hajiyev?", Expect.NAME),
        ("Which company owned NBC?", Expect.NAME),
        ("Where did the ceasefire come from?", Expect.PLACE),
        ("Which city hosted the game?", Expect.PLACE),
        ("What did the videos show?", Expect.NONE),
        ("Why did they leave?", Expect.NONE),
    ],
)
def test_expected_answer(question: str, expect: Expect) -> None:
    assert expected_answer(question) is expect
