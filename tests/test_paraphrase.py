"""News paraphrases: a question word no article has is read as the word reporters use."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.search.answer import answer_question
from bot.search.index import load_index
from bot.search.paraphrase import PARAPHRASES, reword


def same(word: str) -> str:
    return word


def test_only_words_no_article_has_are_reworded() -> None:
    freqs = {"spokesman": 3, "kremlin": 5, "strong": 2, "force": 4, "number": 9}

    def freq(term: str) -> int:
        return freqs.get(term, 0)

    assert reword(("speak", "kremlin"), same, freq) == ("spokesman", "kremlin")
    # "size": its first paraphrase some article has; "contingent": "force".
    assert reword(("size", "russian", "contingent"), same, freq) == ("strong", "russian", "force")
    # A word the articles have keeps its meaning.
    freqs["speak"] = 1
    assert reword(("speak", "kremlin"), same, freq) == ("speak", "kremlin")
    # No paraphrase known to the articles, or not in the table: as asked.
    assert reword(("confirm", "zebra"), same, freq) == ("confirm", "zebra")


def test_a_paraphrase_already_asked_is_not_asked_twice() -> None:
    assert reword(("film", "movie"), same, lambda t: 1 if t == "movie" else 0) \
        == ("film", "movie")


def test_the_table_is_small_and_lower_case() -> None:
    assert 40 <= len(PARAPHRASES) <= 400
    for word, others in PARAPHRASES.items():
        assert word.islower() and others and all(o.islower() for o in others), word


@pytest.mark.parametrize(
    ("question", "expect"),
    [("who speaks for the kremlin?", "Kremlin spokesman Dmitry Peskov"),
     ("what's the size of the russian contingent?", "2,000-strong"),
     ("Did the Kremlin give more details about the withdrawal?", "further details"),
     ("who confirmed that the peacekeepers are withdrawing?", "Yes, that"),
     ],
)
def test_natural_questions_on_the_bundled_story(seed_corpus: Path, question: str,
                                                expect: str) -> None:
    _, index = load_index(seed_corpus)
    answer = answer_question(index, question)
    assert answer.answered and expect in answer.quotes[0].text, question
