"""Typo correction of unknown question words against the index's terms."""

from __future__ import annotations

from pathlib import Path

from bot.search.answer import answer_question
from bot.search.index import load_index
from bot.search.spelling import (
    Correction,
    apply,
    correct_word,
    corrections,
    edits1,
    english_words,
    is_word,
)

VOCABULARY = {"withdraw": 12, "peacekeep": 9, "start": 5, "armenia": 7, "armenian": 3}


def stem(word: str) -> str:
    return {"withdrawal": "withdraw", "withdrawing": "withdraw", "peacekeepers": "peacekeep",
            "started": "start"}.get(word, word)


def doc_freq(term: str) -> int:
    return VOCABULARY.get(term, 0)


def test_edits1() -> None:
    assert {"a", "b", "ba", "xb", "abc", "cab"} <= edits1("ab")
    assert "ab" not in edits1("ab")
    assert "withdrawal" in edits1("withdrawl")


def test_unknown_word_is_corrected_to_the_most_frequent_neighbour() -> None:
    # "withdraw" and "withdrawal" share a term: a tie goes to the longer word (a letter left
    # out is the likelier slip).
    assert correct_word("withdrawl", stem, doc_freq) == "withdrawal"
    assert correct_word("armnia", stem, doc_freq) == "armenia"


def test_known_short_and_function_words_are_left_alone() -> None:
    assert correct_word("armenian", stem, doc_freq) is None  # known
    assert correct_word("armen", stem, doc_freq) is None  # no neighbour known
    assert correct_word("wth", stem, doc_freq) is None  # too short
    assert correct_word("2020", stem, doc_freq) is None


def test_a_mistyped_little_word_is_read_as_it() -> None:
    # Left as typed, "wiht" would be a word no article has (the question looks off-topic);
    # read as "with", search ignores it like any function word.
    assert correct_word("whic", stem, doc_freq) == "which"
    assert correct_word("wiht", stem, doc_freq) == "with"
    assert correct_word("thier", stem, doc_freq) == "their"


def test_a_doubled_plural_s_is_no_inflection() -> None:
    assert not is_word("surpluss")  # "surpluses" is the plural
    assert is_word("surpluses") and is_word("bosses")


def test_corrections_in_a_question() -> None:
    fixes = corrections("When did the withdrawl start, withdrawl?", stem, doc_freq)
    assert [f.word for f in fixes] == ["withdrawl"]
    assert apply("When did the Withdrawl start?", [Correction("withdrawl", "withdrawal")]) \
        == "When did the withdrawal start?"


def test_a_typo_still_finds_the_answer(seed_corpus: Path) -> None:
    _, index = load_index(seed_corpus)
    answer = answer_question(index, "when did the withdrawl start")
    assert answer.answered
    assert [c.word for c in answer.corrections] == ["withdrawl"]
    assert "withdraw" in answer.quotes[0].text


def test_real_words_are_never_corrected() -> None:
    # One edit from a word the articles use, but words: correcting them asks something else.
    vocabulary = {"prime": 9, "hold": 4, "true": 6, "along": 3, "say": 20}

    def freq(term: str) -> int:
        return vocabulary.get(term, 0)

    for word in ("price", "gold", "truce", "long", "skye"):
        assert correct_word(word, lambda w: w, freq) is None, word
    assert english_words() >= {"price", "gold", "truce", "skye", "withdrawal"}
    assert "withdrawl" not in english_words()


def test_real_words_in_questions_on_the_seed_corpus(seed_corpus: Path) -> None:
    _, index = load_index(seed_corpus)
    for question in ("what is the price of gold", "was there a truce", "how long did it last",
                     "is Skye in Scotland"):
        answer = answer_question(index, question)
        assert answer.corrections == (), question
    # "price of gold" is not "prime hold": no quote of the Armenian Prime Minister.
    assert not answer_question(index, "what is the price of gold").answered


def test_inflections_of_words_are_words() -> None:
    # Plurals, -ies, -ed, -ing of listed words are words too: "bookies" is not "booklies".
    vocabulary = {"booklie": 3, "book": 9}

    def freq(term: str) -> int:
        return vocabulary.get(term, 0)

    def stem(word: str) -> str:
        return {"booklies": "booklie"}.get(word, word)

    for word in ("bookies", "glazers", "stopped", "withdrawing", "carried"):
        assert is_word(word), word
    assert correct_word("bookies", stem, freq) is None
    for word in ("novemeber", "finchly", "goverment", "minster", "withdrawls"):
        assert not is_word(word), word


def test_an_english_word_beats_a_non_word_of_the_same_term() -> None:
    # "novemeber": "november" (a deletion) and "novembeer" (a swap) share the term; the
    # English word wins though it is shorter.
    def stem(word: str) -> str:
        return "novemb" if word in ("november", "novembeer") else word

    assert correct_word("novemeber", stem, lambda t: 5 if t == "novemb" else 0) == "november"


def test_the_first_letter_is_kept() -> None:
    # "finchly": "inchly" has the term "inch" (frequent), "finchley", the articles' name,
    # keeps the first letter, which is rarely the mistyped one.
    stems = {"inchly": "inch", "finchley": "finchley"}
    freqs = {"inch": 40, "finchley": 2}
    assert correct_word("finchly", lambda w: stems.get(w, w),
                        lambda t: freqs.get(t, 0)) == "finchley"


def test_a_doubled_letter_beats_a_changed_one() -> None:
    # "seatle": "settle" (a letter changed) is more frequent, "seattle" doubles a letter typed
    # once, the commoner slip.
    freqs = {"settle": 30, "seattle": 3}
    assert correct_word("seatle", lambda w: w, lambda t: freqs.get(t, 0)) == "seattle"


def test_parts_of_hyphenated_words_are_the_users_own() -> None:
    assert corrections("the how-manyth awards", lambda w: w,
                       lambda t: 9 if t == "anyth" else 0) == []


def test_a_listed_word_is_shown_rather_than_a_guessed_inflection() -> None:
    # "spokesmans" and "handleing" pass is_word's inflection guess and are longer, but search
    # the same term as the listed "spokesman" and "handling": the reply shows the real word.
    stems = {"spokesman": "spokesman", "spokesmans": "spokesman",
             "handling": "handl", "handleing": "handl"}

    def stem(word: str) -> str:
        return stems.get(word, word)

    def freq(term: str) -> int:
        return {"spokesman": 4, "handl": 3}.get(term, 0)

    assert is_word("spokesmans") and "spokesmans" not in english_words()
    assert correct_word("spokesmann", stem, freq) == "spokesman"
    assert correct_word("handeling", stem, freq) == "handling"


def test_an_overlong_word_is_not_corrected() -> None:
    # One letter off a word the index has, but 31 letters long: no slip of a word, and its
    # edits would be many long strings to stem (a 1,000-letter one took 0.3 s).
    word = "a" * 31
    assert correct_word(word, lambda w: w, lambda t: 1 if t == "a" * 30 else 0) is None
    assert correct_word(word[1:], lambda w: w, lambda t: 1 if t == "a" * 29 else 0) == "a" * 29
