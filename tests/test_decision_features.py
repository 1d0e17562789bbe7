"""The answer decision's own features: the question's head word, the order of its terms, and
the features that compare an option with the question's others."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.corpus import Article
from bot.search.decision import (
    cased_names,
    feature_names,
    head_word,
    names_a_thing,
    options,
    question_names,
    role_word,
    ruled_out,
)
from bot.search.index import SentenceIndex, load_index
from bot.search.retrieve import analyse, rank_query


@pytest.fixture
def mini_index(mini_corpus: Path) -> SentenceIndex:
    return load_index(mini_corpus)[1]


@pytest.mark.parametrize(("question", "head"), [
    ("who is the head of the national audit office", "head"),
    ("who is costa rica's economy minister", "minister"),
    ("what's switzerland's unemployment rate", "rate"),
    ("who's mexico's finance minister", "minister"),
    ("whos the wales manager", "manager"),
    ("how many civil service jobs does Brown want to cut", "jobs"),
    ("how much foreign debt has korea got", "debt"),
    ("which company built the wolong panda network", "company"),
    ("how many people work at the grangemouth refinery", "people"),
    ("when did the strike end?", ""),
    ("who directed underexposure", ""),
    ("the price of tea", ""),
])
def test_head_word_is_the_noun_asked_about(question: str, head: str) -> None:
    assert head_word(question) == head


def _values(index: SentenceIndex, question: str) -> list[dict[str, float]]:
    query = analyse(index, question)
    found = options(index, query, rank_query(index, query, k=20))
    assert found
    return [dict(zip(feature_names(), o.row or [])) for o in found]


def test_every_option_has_every_input(mini_index: SentenceIndex) -> None:
    query = analyse(mini_index, "when did the dockworkers strike end?")
    for option in options(mini_index, query, rank_query(mini_index, query, k=20)):
        assert option.row is not None and len(option.row) == len(feature_names())
        assert 0.0 <= option.probability <= 1.0


def test_list_features_compare_an_option_with_the_others(mini_index: SentenceIndex) -> None:
    values = _values(mini_index, "when did the dockworkers strike end?")
    best_cover = max(v["sentence_cover"] for v in values)
    for v in values:
        assert v["cover_best"] == (1.0 if v["sentence_cover"] == best_cover else 0.0)
        assert v["cover_gap"] == pytest.approx(v["sentence_cover"] - best_cover)
        assert 0.0 <= v["agree"] <= 1.0
        assert 0.0 <= v["distinct_cover"] <= 1.0
    # The question-wide share of terms no option has is the same for every option.
    assert len({v["absent"] for v in values}) == 1


def test_order_counts_terms_said_in_the_question_order(mini_index: SentenceIndex) -> None:
    values = _values(mini_index, "when did the dockworkers strike end?")
    # The first sentence of the story says "Dockworkers ... ended a nine-day strike": two of
    # the three terms in the question's order, the third after them.
    assert max(v["order"] for v in values) >= 2 / 3
    assert all(0.0 <= v["order"] <= 1.0 for v in values)


def test_negation_asked_of_a_sentence_without_one(mini_index: SentenceIndex) -> None:
    said = _values(mini_index, "when did the dockworkers strike end?")
    assert all(v["negation"] == 0.0 for v in said)
    negated = _values(mini_index, "when did the dockworkers strike not end?")
    assert any(v["negation"] == 1.0 for v in negated)


@pytest.mark.parametrize(("question", "names"), [
    ("how much did gencorp earn last year", {"gencorp"}),
    ("who runs spamhaus", {"spamhaus"}),
    ("How many Huguenots settled in Lower Saxony?", {"lower", "saxoni", "huguenot"}),
    ("how many people work at the refinery", set()),
])
def test_question_names_are_words_no_word_list_has_or_capitalised(
        mini_index: SentenceIndex, question: str, names: set[str]) -> None:
    query = analyse(mini_index, question)
    assert question_names(query, mini_index.analyzer.stem) == names


def test_a_name_the_articles_never_mention_is_missing_everywhere(
        mini_index: SentenceIndex) -> None:
    plain = _values(mini_index, "when did the strike end?")
    assert all(v["names_asked"] == 0.0 and v["name_missing"] == 0.0 for v in plain)
    named = _values(mini_index, "when did the gencorp strike end?")
    for v in named:
        assert v["names_asked"] == 1.0
        assert v["name_missing"] == v["name_missing_window"] == v["name_missing_article"] == 1.0
        assert v["name_missing_least"] == 0.0  # missing from every option alike


def test_a_word_the_articles_write_with_a_capital_is_a_name(mini_index: SentenceIndex) -> None:
    # "harbour" is an English word, but the articles only say "Harbour City"; "city" is also
    # written lower case ("The city council ..."), and "strike" always is.
    query = analyse(mini_index, "when did the harbour city strike end")
    assert question_names(query, mini_index.analyzer.stem) == set()
    assert cased_names(query, mini_index) == {"harbour"}
    # A word no list has stays a name, whatever the articles do with it.
    query = analyse(mini_index, "how much did gencorp earn last year")
    assert cased_names(query, mini_index) == {"gencorp"}


def test_cased_names_missing_and_the_focus_words_missing(mini_index: SentenceIndex) -> None:
    values = _values(mini_index, "how many container movements did the harbour strike halt")
    assert all(v["cased_asked"] == 1.0 for v in values)
    # The sentence that answers lacks "harbour" (its neighbour has it) and has every other
    # word; the lede has the name and lacks what is asked about it.
    answer = max(values, key=lambda v: v["plain_cover"])
    assert answer["cased_missing"] == 1.0 and answer["cased_missing_window"] == 0.0
    assert answer["focus_missing"] == 0.0
    assert any(v["cased_missing"] == 0.0 and v["focus_missing"] > 0.5 for v in values)
    assert all(0.0 <= v["focus_missing"] <= 1.0 for v in values)
    plain = _values(mini_index, "when did the strike end?")
    assert all(v["cased_asked"] == 0.0 and v["cased_missing"] == 0.0 for v in plain)


def test_scores_standardised_among_the_options(mini_index: SentenceIndex) -> None:
    values = _values(mini_index, "when did the dockworkers strike end?")
    for name in ("score_z", "cover_z"):
        column = [v[name] for v in values]
        assert sum(column) == pytest.approx(0.0, abs=1e-9)
    best = max(values, key=lambda v: v["score_share"])
    assert best["score_z"] == max(v["score_z"] for v in values)
    assert all(0.0 <= v["passage"] <= 1.0 for v in values)


@pytest.mark.parametrize(("question", "role"), [
    ("who directed underexposure", "directed"),
    ("who chairs the italian banking association", "chairs"),
    ("who refereed the everton v man united cup tie", "refereed"),
    ("who is the head of the national audit office", ""),
    ("who's germany's finance minister", ""),
    ("who will arsenal face", ""),
    ("when did the strike end?", ""),
])
def test_role_word_is_the_verb_of_a_who_question(question: str, role: str) -> None:
    assert role_word(question) == role


def _story(*sentences: str) -> SentenceIndex:
    body = " ".join(sentences)
    return SentenceIndex([Article("film", "A film festival", "https://example.org/film",
                                  "test", "2005-01-27", body)])


def test_role_near_finds_the_name_by_the_role_the_verb_names() -> None:
    index = _story(
        "The Rotterdam festival will screen Underexposure, one of the first Iraqi features.",
        "Director Oday Rasheed made Underexposure on discarded Kodak film.",
        "Critics praised the film when it was shown.")
    by_text = {o.candidate.sentence.text: dict(zip(feature_names(), o.row or []))
               for o in _options(index, "who directed underexposure")}
    assert by_text["Director Oday Rasheed made Underexposure on discarded Kodak film."][
        "role_near"] == 1.0
    assert by_text["The Rotterdam festival will screen Underexposure, one of the first Iraqi "
                   "features."]["role_near"] == 0.0
    plain = _options(index, "who made underexposure")  # "made": under five letters, no role
    assert all(dict(zip(feature_names(), o.row or []))["role_near"] == 0.0 for o in plain)


def test_phrase_agree_counts_options_that_state_the_same_answer() -> None:
    index = _story(
        "The festival screened 12 films from Iraq this year.",
        "Organisers said 12 films from Iraq were shown at the festival.",
        "The festival sold 40,000 tickets, its organisers said.")
    values = {o.candidate.sentence.text: dict(zip(feature_names(), o.row or []))
              for o in _options(index, "how many films did the festival show")}
    assert values["The festival screened 12 films from Iraq this year."]["phrase_agree"] == 0.5
    assert values["The festival sold 40,000 tickets, its organisers said."]["phrase_agree"] == 0.0


def _options(index: SentenceIndex, question: str) -> list:
    query = analyse(index, question)
    return options(index, query, rank_query(index, query, k=20))


def test_soft_cover_counts_a_question_word_said_in_other_words() -> None:
    index = _story(
        "The company constructed a new plant in Ohio last year.",
        "Its shares rose on Monday after the results.",
        "Analysts expect the firm to build more plants next year.")  # "build" is a word here
    values = {o.candidate.sentence.text: dict(zip(feature_names(), o.row or []))
              for o in _options(index, "where did the company build its plant")}
    plant = values["The company constructed a new plant in Ohio last year."]
    # "build" is not in the sentence, "constructed" (WordNet's synonym) is.
    assert plant["soft_cover"] > plant["sentence_cover"]
    assert plant["soft_window_cover"] >= plant["soft_cover"]
    assert all(v["soft_cover"] >= v["sentence_cover"] - 1e-9 for v in values.values())


@pytest.mark.parametrize(("question", "named"), [
    ("when was the ceasefire", True),
    ("who is the president?", True),
    ("who confirmed it?", False),
    ("is that true?", False),
    ("who's driving?", False),
    ("what is in the", False),
])
def test_names_a_thing_with_the(question: str, named: bool) -> None:
    assert names_a_thing(question) is named


def test_a_named_one_word_question_needs_less_rarity() -> None:
    names = feature_names()
    row = [0.0] * len(names)
    row[names.index("single_term")] = 1.0
    row[names.index("rarity")] = 0.589  # a word in 2 of 24 sentences: "ceasefire", "true"
    assert ruled_out(names, row, asks=True)
    assert not ruled_out(names, row, asks=True, named=True)
    row[names.index("rarity")] = 0.503  # in 3 of 24: still too common, named or not
    assert ruled_out(names, row, asks=True, named=True)
    assert not ruled_out(names, row, asks=False)  # a look-up of one word is never ruled out
