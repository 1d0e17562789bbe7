"""Buttons: callback data round-trips within 64 bytes, pages and contexts are found again."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.chat.buttons import (
    ContextButton,
    PageButton,
    SettingButton,
    answer_keys,
    context_button,
    context_keys,
    decode,
    encode,
    setting_keys,
)
from bot.chat.pages import (
    answer_page,
    article_key,
    corpus_tag,
    find_context,
    sentence_hash,
)
from bot.search.index import load_index


@pytest.mark.parametrize(
    "button",
    [
        PageButton(1, 0, "abcdef"),
        PageButton(36**12 - 1, 9, "0123456789abcdef"),
        ContextButton("deadbeef", 0, "abc123", 0, 0),
        ContextButton("f" * 16, 999_999, "f" * 16, 36**12 - 1, 999_999),  # the widest
        SettingButton(True),
        SettingButton(False),
    ],
)
def test_callback_data_round_trips_within_64_bytes(button) -> None:
    data = encode(button)
    assert len(data.encode("utf-8")) <= 64
    assert decode(data) == button


@pytest.mark.parametrize(
    "data",
    [None, "", "p1", "p1:1:0", "p2:1:0:abc", "p1:1:x:abc", "c1:zz:1:ab:1:0", "s1:q:2",
     "p1:1:0:abc:extra", "legacy-button", "p1:" + "9" * 40 + ":0:abc"],
)
def test_foreign_or_malformed_data_decodes_to_none(data) -> None:
    assert decode(data) is None


def test_answer_keys_for_a_first_page(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    page = answer_page(index, "comet", start=0, size=1)
    assert page.has_more and len(page.answer.quotes) == 1
    rows = answer_keys(page, question=7, corpus="abc123")
    texts = [[k.text for k in row] for row in rows]
    assert texts[0] == ["Context"]
    assert texts[1] == ["More ›"]
    assert decode(rows[1][0].data) == PageButton(7, 1, "abc123")
    assert rows[2][0].url == page.answer.quotes[0].sources[0].url
    for row in rows:
        for key in row:
            assert (key.data is None) != (key.url is None)


def test_second_page_has_previous_and_numbers_contexts(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    page = answer_page(index, "comet", start=1, size=1)
    assert not page.has_more and len(page.answer.quotes) == 1
    rows = answer_keys(page, question=7, corpus="abc123")
    assert [k.text for k in rows[1]] == ["‹ Previous"]
    assert decode(rows[1][0].data) == PageButton(7, 0, "abc123")
    first = answer_page(index, "comet", start=0, size=1)
    assert page.answer.quotes[0].text != first.answer.quotes[0].text


def test_no_keys_without_an_answer(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    page = answer_page(index, "capital of france", start=0, size=3)
    assert not page.answer.answered
    assert answer_keys(page, question=1, corpus="x") == []


def test_pages_match_the_plain_answer(mini_corpus: Path) -> None:
    from bot.search.answer import answer_question

    _, index = load_index(mini_corpus)
    for question in ("comet", "union", "strike at the port"):
        plain = answer_question(index, question, top=3)
        assert answer_page(index, question, 0, 3).answer.quotes == plain.quotes


def test_context_is_found_and_checked(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    page = answer_page(index, "comet", start=0, size=1)
    button = context_button(page, 0, question=3)
    found = find_context(index, button.article, button.position, button.sentence)
    assert found is not None
    assert found.focus == page.answer.quotes[0].sentences[0]
    assert found.focus in found.sentences and len(found.sentences) >= 2
    # A changed sentence, a missing article, a position past the end: all None.
    assert find_context(index, button.article, button.position, "000000") is None
    assert find_context(index, article_key("gone"), 0, button.sentence) is None
    assert find_context(index, button.article, 500, button.sentence) is None


def test_context_keys_lead_back_only_when_possible() -> None:
    with_back = context_keys(ContextButton("a", 1, "b", 5, 3), "https://e.example/x", "abc123")
    assert decode(with_back[0][0].data) == PageButton(5, 3, "abc123")
    assert with_back[1][0].url == "https://e.example/x"
    without = context_keys(ContextButton("a", 1, "b", 0, 0), "https://e.example/x", "abc123")
    assert len(without) == 1 and without[0][0].url


def test_corpus_tag_changes_with_the_corpus(mini_corpus: Path) -> None:
    corpus, _ = load_index(mini_corpus)
    tag = corpus_tag(corpus)
    assert tag == corpus_tag(corpus) and len(tag) == 6
    (mini_corpus / "2024-03-06-farm-gazette-drought.md").unlink()
    changed, _ = load_index(mini_corpus)
    assert corpus_tag(changed) != tag


def test_setting_keys_toggle() -> None:
    assert decode(setting_keys(False)[0][0].data) == SettingButton(True)
    assert decode(setting_keys(True)[0][0].data) == SettingButton(False)


def test_sentence_hash_depends_on_text_only(mini_corpus: Path) -> None:
    _, index = load_index(mini_corpus)
    one, two = index.sentences[0], index.sentences[1]
    assert sentence_hash(one) != sentence_hash(two)
    assert sentence_hash(one) == sentence_hash(replace(one, position=99))


def test_previous_from_a_short_last_page_steps_back_a_full_page(mini_corpus: Path) -> None:
    # Pages 1-3, 4-6, 7-9, 10: Previous on the last page (quote 10 alone) shows 7-9.
    _, index = load_index(mini_corpus)
    assert answer_page(index, "comet", start=0, size=3).size == 3
    page = answer_page(index, "comet", start=0, size=1)
    last = replace(page, start=9, has_more=False, size=3)
    rows = answer_keys(last, question=7, corpus="abc123")
    [previous] = [k for row in rows for k in row if k.text == "‹ Previous"]
    assert decode(previous.data) == PageButton(7, 6, "abc123")
