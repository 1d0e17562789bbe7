"""Near-duplicates: the same wire story at two outlets, and stories that only share a topic."""

from __future__ import annotations

import numpy as np

from bot.corpus import read_article
from bot.ingest.dedup import (
    MIN_SHINGLES,
    Similarity,
    same_stories,
    shingles,
    similarity,
)
from bot.ingest.extract import extract_article
from tests.helpers.paths import MINI_CORPUS
from tests.helpers.web_server import WEB_DATA


def body(name: str) -> str:
    return extract_article((WEB_DATA / name).read_text(encoding="utf-8"), "http://x.test/a").body


def test_shingles_are_word_five_grams_folded_for_case_and_accents() -> None:
    assert len(shingles("one two three four five six seven")) == 3
    assert len(shingles("one two three four five one two three four five")) == 5  # unique
    assert np.array_equal(shingles("Café Société opens its doors today"),
                          shingles("cafe societe OPENS its doors, today!"))
    assert shingles("").size == 0
    assert len(shingles("too short")) == 1


def test_identical_texts_resemble_completely() -> None:
    text = body("valley-courier-reservoir.html")
    assert similarity(shingles(text), shingles(text)) == Similarity(1.0, 1.0)


def test_the_same_wire_story_at_two_outlets_is_one_story() -> None:
    # The Ledger drops two paragraphs and the standfirst, and adds one of its own.
    courier, ledger = body("valley-courier-reservoir.html"), body("northern-ledger-reservoir.html")
    sim = similarity(shingles(courier), shingles(ledger))
    assert sim.containment > 0.8
    assert sim.resemblance < sim.containment  # trimming hurts resemblance more
    assert sim.same_story


def test_a_lightly_edited_copy_is_the_same_story() -> None:
    courier = body("valley-courier-reservoir.html")
    edited = (courier.replace("on Monday night", "late on Monday")
              .replace("Board chair Helen Marsh", "Chairwoman Helen Marsh")
              .replace("15 percent", "15%"))
    assert similarity(shingles(courier), shingles(edited)).same_story


def test_different_stories_from_the_same_outlet_are_not() -> None:
    sim = similarity(shingles(body("valley-courier-reservoir.html")),
                     shingles(body("valley-courier-ferry.html")))
    assert sim.resemblance < 0.05
    assert not sim.same_story


def test_two_write_ups_of_one_event_sharing_a_sentence_are_not_the_same_story() -> None:
    # Both mini-corpus port-strike articles open with the same sentence, then differ.
    harbour = read_article(MINI_CORPUS / "2024-03-01-daily-harbour-port-strike.md").body
    coastal = read_article(MINI_CORPUS / "2024-03-02-coastal-times-port-strike.md").body
    sim = similarity(shingles(harbour), shingles(coastal))
    assert 0 < sim.containment < 0.7
    assert not sim.same_story


def test_texts_too_short_to_judge_are_never_the_same_story() -> None:
    short = "The strike is over and the port is open again."
    assert len(shingles(short)) < MIN_SHINGLES
    assert similarity(shingles(short), shingles(short)) == Similarity(0.0, 0.0)


def test_same_stories_lists_matches_most_similar_first() -> None:
    courier = body("valley-courier-reservoir.html")
    others = [
        ("ferry", body("valley-courier-ferry.html")),
        ("ledger", body("northern-ledger-reservoir.html")),
        ("copy", courier),
    ]
    matches = same_stories(courier, others)
    assert [m.key for m in matches] == ["copy", "ledger"]
    assert matches[0].similarity.containment == 1.0
