"""Sentence splitting on tricky news text, tokens, stopwords and stems."""

from __future__ import annotations

import pytest

from bot.common.textnorm import fold, sentence_key
from bot.search.text import Analyzer, raw_tokens, split_sentences


def sentences(paragraph: str) -> list[str]:
    return [paragraph[a:b] for a, b in split_sentences(paragraph)]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        # Abbreviations do not end sentences.
        ("The U.S. Army sent 200 troops. They left on Monday.",
         ["The U.S. Army sent 200 troops.", "They left on Monday."]),
        ("Gen. Smith met Mr. Jones and Dr. Lee on Jan. 5. Talks went well.",
         ["Gen. Smith met Mr. Jones and Dr. Lee on Jan. 5.", "Talks went well."]),
        ("Troops left the U.S. The next day they returned.",
         ["Troops left the U.S.", "The next day they returned."]),
        ("The vote is at 3 p.m. on Friday. Results follow.",
         ["The vote is at 3 p.m. on Friday.", "Results follow."]),
        # A quote that ends a sentence stays with it, straight or curly.
        ('Peskov said: "Yes, that\'s true." He did not provide further details.',
         ['Peskov said: "Yes, that\'s true."', "He did not provide further details."]),
        ("Peskov said: “Yes, that’s true.” He did not provide further details.",
         ["Peskov said: “Yes, that’s true.”", "He did not provide further details."]),
        ("“Is it over?” she asked. “Yes!” he said.",
         ["“Is it over?” she asked.", "“Yes!” he said."]),
        # Numbers with separators and decimals.
        ("Russia deployed a 2,000-strong force. Prices rose 17.5 percent in 2023.",
         ["Russia deployed a 2,000-strong force.", "Prices rose 17.5 percent in 2023."]),
        # A headline without a full stop is one sentence.
        ("Russian peacekeepers started withdrawal from Nagorno-Karabakh: Kremlin",
         ["Russian peacekeepers started withdrawal from Nagorno-Karabakh: Kremlin"]),
        # A dateline is not part of the first sentence.
        ("Moscow, (APP - UrduPoint / Pakistan Point News - 17th Apr, 2024) Russian "
         "peacekeepers have begun withdrawing. More later.",
         ["Russian peacekeepers have begun withdrawing.", "More later."]),
        ("LONDON (Reuters) - Shares fell on Monday. Bonds rose.",
         ["Shares fell on Monday.", "Bonds rose."]),
        ("KYIV — Air raid sirens sounded overnight.", ["Air raid sirens sounded overnight."]),
        # No sentence starts with a closing bracket or a comma: Punkt cut these after "Mich."
        # and the quote began "), chairman of ..." without the name.
        ("Rep. John Dingell (D-Mich.), chairman of the committee, will hold hearings. Fine.",
         ["Rep. John Dingell (D-Mich.), chairman of the committee, will hold hearings.",
          "Fine."]),
        ("Sens. Mitch McConnell (Ky.) and Pete Wilson (Calif.), both Republicans, said no.",
         ["Sens. Mitch McConnell (Ky.) and Pete Wilson (Calif.), both Republicans, said no."]),
        # ... but a bracket that closes a sentence stays with it when the next one follows.
        ("They asked (and for how long?)They were watched. Fine.",
         ["They asked (and for how long?)", "They were watched.", "Fine."]),
        ("It was done. (See below.) Then more.", ["It was done.", "(See below.)", "Then more."]),
    ],
)
def test_split_sentences(paragraph: str, expected: list[str]) -> None:
    assert sentences(paragraph) == expected


def test_spans_are_exact_substrings() -> None:
    paragraph = "  First one.   Second one!  "
    for begin, end in split_sentences(paragraph):
        assert paragraph[begin:end] == paragraph[begin:end].strip()
    assert sentences(paragraph) == ["First one.", "Second one!"]


def test_empty_paragraph_has_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences("   ") == []


def test_tokens() -> None:
    assert raw_tokens("Azerbaijan’s 2,000-strong force, 17.5% of U.S. troops didn't") == [
        "azerbaijan", "2000", "strong", "force", "17.5", "of", "usa", "troops", "did", "not",
    ]
    assert raw_tokens("Nagorno-Karabakh") == ["nagorno", "karabakh"]
    assert raw_tokens("") == []


def test_fold_and_sentence_key_ignore_typography() -> None:
    assert fold("“Yes, that’s true” — he said") == '"Yes, that\'s true" - he said'
    assert sentence_key("Peskov said: “Yes, that’s true.”") == sentence_key(
        'Peskov  said: "Yes, that\'s TRUE."'
    )
    assert sentence_key("the force") != sentence_key("a force")


def test_terms_stem_and_drop_stopwords() -> None:
    analyzer = Analyzer()
    assert analyzer.terms("Russian peacekeepers have begun withdrawing") == [
        "russian", "peacekeep", "begin", "withdraw",
    ]
    assert analyzer.terms("the withdrawal") == analyzer.terms("withdrawing") == ["withdraw"]
    assert analyzer.terms("He said") == analyzer.terms("says") == ["say"]


def test_question_words_do_not_become_terms() -> None:
    analyzer = Analyzer()
    # "start" and "begin" share a term (SYNONYM_STEMS), so the question finds "have begun".
    assert analyzer.query_terms("When did the withdrawal start?") == ["withdraw", "begin"]
    assert analyzer.query_terms("Who won the cup?") == ["win", "cup"]
    # "what happened" only frames the question (QUESTION_FRAMING): no article says "happened".
    assert analyzer.query_terms("Can you please tell me what happened in May?") == ["may"]
    assert analyzer.query_terms("what is it?") == []


def test_unknown_language_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="unknown language 'klingon'; choose one of .*english"):
        Analyzer("klingon")
