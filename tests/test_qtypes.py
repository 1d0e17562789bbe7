"""Question typing: the wh-type for reporting and the kind of phrase that answers."""

from __future__ import annotations

import pytest

from bot.search.qtypes import (
    Expect,
    QType,
    Unit,
    answer_unit,
    expected_answer,
    question_type,
)


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
        # The phrase after the wh-word, to its last typed noun.
        ("what was germany's growth rate for the whole of 2004?", Expect.NUMBER),
        ("what income tax rate do georgians pay", Expect.NUMBER),
        ("what was the highest oil price last year?", Expect.NUMBER),  # not "last year"
        ("what did the average uk house price drop to in december?", Expect.NUMBER),
        ("what does the console cost in the uk", Expect.NUMBER),
        ("what proportion of uk teen girls use makeup?", Expect.NUMBER),
        ("what's the size of the russian contingent?", Expect.NUMBER),
        ("what age are the lessons aimed at?", Expect.NUMBER),
        ("what years was the two ronnies on air", Expect.DATE),
        ("which of glazer's sons are leading the bid", Expect.NAME),
        ("who's doing the half-time show at the super bowl", Expect.NAME),
        ("which film festival screened the movie?", Expect.NAME),
        ("what show won best new comedy", Expect.NAME),
        ("what's the new two ronnies show going to be called?", Expect.NAME),  # its title
        ("whats unocal's stake in veslefrikk", Expect.NUMBER),  # chat's "whats"
        ("what will indonesia's debt service ratio be in 1987/88?", Expect.NUMBER),
        ("which ubs economist thinks the fed will keep raising rates", Expect.NAME),
        ("what kind of character does he play", Expect.NONE),
        ("what city is the hotel going up in?", Expect.PLACE),
        ("max jail term for ip pirates in china now?", Expect.NUMBER),
        ("bridge toll", Expect.NONE),
        ("what did azerbaijani state media report?", Expect.NONE),  # "state" modifies media
    ],
)
def test_expected_answer(question: str, expect: Expect) -> None:
    assert expected_answer(question) is expect


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("how old is kevin spacey?", Unit.AGE),
        ("what age are the lessons aimed at", Unit.AGE),
        ("how long does the wedding cantata last", Unit.DURATION),
        ("max jail term for ip pirates in china now?", Unit.DURATION),
        ("how many years did he spend in jail", Unit.DURATION),
        ("how much did hide and seek take in its opening weekend", Unit.MONEY),
        ("how much would the new runway cost", Unit.MONEY),
        ("how much money do teenagers have", Unit.MONEY),
        ("what proportion of uk teen girls use makeup?", Unit.SHARE),
        ("what's the unemployment rate in portugal", Unit.SHARE),
        ("how many people watch it", None),
        ("how long ago did it happen", None),
        ("by how much did retail sales rise", None),  # a share or an amount
    ],
)
def test_answer_unit(question: str, unit: Unit | None) -> None:
    assert answer_unit(question) is unit


@pytest.mark.parametrize(
    ("question", "expect"),
    [
        # An owner's possessive: the owned noun is asked ("rate"), not the owner ("bank").
        ("what's the bank of japan's discount rate at", Expect.NUMBER),
        # The head noun anywhere in the phrase, not only at its ends.
        ("which wood gundy analyst follows supermarkets general", Expect.NAME),
        ("which bristol-myers subsidiary came up with the vaccine", Expect.NAME),
        # "worth": an amount.
        ("what's the global trade in pirated goods worth according to the eu", Expect.NUMBER),
        ("what was the date of tesla's death?", Expect.DATE),  # not the death
        ("what was the chinese name of gou's calendar?", Expect.NAME),
        ("what is the bundesbank's money growth target for 1987", Expect.NUMBER),
        ("what did the videos show?", Expect.NONE),  # still no noun asked
    ],
)
def test_the_asked_noun_is_found_in_chat_phrasing(question: str, expect: Expect) -> None:
    assert expected_answer(question) is expect


def test_worth_asks_for_money() -> None:
    assert answer_unit("what is the club worth") is Unit.MONEY
    # "Worth a look" is no sum, for the unit as for the type.
    assert answer_unit("which film is worth a look") is None



@pytest.mark.parametrize(
    ("question", "unit"),
    [("how much sugar do the french want to dump into intervention", None),  # tonnes
     ("how much nutrasweet did monsanto sell", None),
     ("how much money does georgia expect the amnesty to bring in", Unit.MONEY),
     ("how much profit did it make", Unit.MONEY),
     ("how much did hide and seek take", Unit.MONEY)],
)
def test_how_much_of_a_thing_is_no_money(question: str, unit: Unit | None) -> None:
    assert answer_unit(question) is unit
