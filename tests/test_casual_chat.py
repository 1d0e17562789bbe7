"""Issue 10 item 6: casual group chat ending in "?" is never answered unasked.

The 40 casual questions of tests/data/casual_chat.txt ("what time is it?", "did you feed the
cat?") asked of the mini corpus and of the bundled one: none is Answer.confident, while real
questions about the articles still are (so the check is not passed by never being sure).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.answer import answer_question
from bot.search.index import SentenceIndex, load_index
from bot.search.phrasing import about_the_chat

CASUAL = [line for line in
          (Path(__file__).parent / "data" / "casual_chat.txt").read_text("utf-8").splitlines()
          if line.strip() and not line.startswith("#")]


@pytest.fixture(params=["mini", "bundled"])
def index(request: pytest.FixtureRequest, mini_corpus: Path, seed_corpus: Path) -> SentenceIndex:
    return load_index(mini_corpus if request.param == "mini" else seed_corpus)[1]


def test_no_casual_question_is_answered_unasked(index: SentenceIndex) -> None:
    assert len(CASUAL) >= 40
    unasked = [q for q in CASUAL if answer_question(index, q).confident]
    assert unasked == []


def test_questions_about_the_articles_are_still_confident(mini_corpus: Path,
                                                          seed_corpus: Path) -> None:
    _, mini = load_index(mini_corpus)
    assert answer_question(mini, "where did the chipmaker open a plant?").confident
    _, bundled = load_index(seed_corpus)
    assert answer_question(bundled, "how many ethnic armenians left?").confident
    # Answered when asked, but not sure enough to be given unasked since the decision's refit
    # on the larger news tune half (probability 0.60 against the unasked 0.65).
    assert answer_question(bundled, "how big was the russian peacekeeping force?").answered


@pytest.mark.parametrize(
    ("message", "personal"),
    [("did you feed the cat?", True), ("are we still on for friday?", True),
     ("anyone seen my charger?", True), ("can you send me the photos?", True),
     ("do you know who won the final?", False), ("can you tell me when it started?", False),
     ("hey bot, who is the kremlin spokesman?", False), ("how big is the us deficit?", False),
     ("since when has glazer been interested in man u lol", False)],
)
def test_about_the_chat(message: str, personal: bool) -> None:
    assert about_the_chat(message) is personal
