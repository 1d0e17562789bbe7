"""Other forms of a question word, and the question read in the words of its article."""

from __future__ import annotations

from bot.corpus import Article
from bot.search.index import SentenceIndex
from bot.search.paraphrase import _phrase_options, align
from bot.search.query import analyse
from bot.search.variants import PLACES, derivations, forms


def test_derivations_go_both_ways() -> None:
    assert "director" in derivations("directed")  # the agent of a verb
    assert "direct" in derivations("director")  # and back
    assert "presenter" in derivations("presented")
    assert "referee" in derivations("refereed")
    # A root must be a word: "metal" is no "met" + "al"; superlatives are other questions.
    assert "met" not in derivations("metal")
    assert "high" not in derivations("highest")
    assert "kenya" in derivations("kenyan")


def test_short_words_and_non_words_have_no_derivations() -> None:
    assert derivations("run") == []
    assert derivations("2,000") == []


def test_the_table_knows_countries_peoples_and_abbreviations() -> None:
    assert forms("russian")[0] == "russia"
    assert "britain" in forms("uk") and "united kingdom" in forms("uk")
    assert "france" in forms("french")
    assert "united states" in forms("us")
    for word, others in PLACES.items():
        assert word.islower() and word not in others, word


ARTICLES = [
    Article("film", "A film from Baghdad", "https://example.com/film", "News", "2024-05-02",
            "Director Oday Rasheed made the film on discarded film stock. "
            "The film was shown at a festival in Berlin."),
    Article("troops", "Troops leave", "https://example.com/troops", "News", "2024-05-02",
            "Russia has begun to withdraw its peacekeepers from the region. "
            "The Kremlin said the withdrawal would take weeks."),
    Article("bank", "Rates", "https://example.com/bank", "News", "2024-05-02",
            "The central bank told lenders to cut rates. Lenders said they would comply."),
]


def test_a_word_its_article_never_uses_is_read_as_the_article_words() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    question = "who directed the film made on discarded stock"
    aligned = align(question, tuple(index.analyzer.query_terms(question)), index)
    # The film's article never says "directed": it says "director".
    assert stem("director") in aligned and stem("directed") not in aligned
    question = "when did the russian peacekeepers begin to withdraw"
    assert stem("russia") in align(question, tuple(index.analyzer.query_terms(question)), index)
    # Two words the article lacks: it may not be the article asked about, nothing is re-read.
    question = "when did the russian peacekeepers go home"
    terms = tuple(index.analyzer.query_terms(question))
    assert align(question, terms, index) == terms


def test_a_word_its_article_uses_is_kept() -> None:
    index = SentenceIndex(ARTICLES)
    question = "when did russia begin to withdraw the peacekeepers"
    terms = tuple(index.analyzer.query_terms(question))
    assert align(question, terms, index) == terms


def test_the_analysed_question_carries_the_article_words() -> None:
    index = SentenceIndex(ARTICLES)
    query = analyse(index, "who directed the film made from discarded stock")
    assert index.analyzer.stem("director") in query.terms


def test_when_the_asker_is_is_not_searched_for() -> None:
    index = SentenceIndex(ARTICLES)
    plain = analyse(index, "how many peacekeepers has russia withdrawn").terms
    for framed in ("how many peacekeepers has russia withdrawn right now",
                   "how many peacekeepers has russia withdrawn at the moment btw",
                   "how many peacekeepers has russia withdrawn as things stand"):
        assert analyse(index, framed).terms == plain, framed


def test_a_phrasal_verb_is_read_as_the_news_word() -> None:
    articles = [Article("spam", "Spam", "https://example.com/spam", "News", "2024-05-02",
                        "Steve Linford, director of Spamhaus, warned of more spam. "
                        "Spamhaus tracks spammers around the world."),
                Article("tv", "Ratings", "https://example.com/tv", "News", "2024-05-02",
                        "The show drew four million viewers. The producer was pleased."),
                Article("run", "Marathon", "https://example.com/run", "News", "2024-05-02",
                        "She won the race in record time. The course was flat and fast.")]
    index = SentenceIndex(articles)
    stem = index.analyzer.stem
    question = "who runs spamhaus"
    aligned = align(question, tuple(index.analyzer.query_terms(question)), index)
    assert stem("director") in aligned and stem("run") not in aligned
    # "run" alone is no phrase: "how did the run go" keeps it.
    assert _phrase_options("how did the run go", stem) == {}
    assert _phrase_options("how many people are out of work", stem)[stem("work")][0] \
        == stem("unemployment")


def test_numbers_written_out_and_in_digits() -> None:
    assert forms("six") == ["6"] and forms("6") == ["six"]
    assert forms("third")[0] == "3rd" and forms("12th") == ["twelfth"]
    assert forms("pct") == ["percent"]


def test_a_place_of_two_words_is_one_form() -> None:
    # "south" alone is no Africa, and "african" no "south".
    assert "africa" not in forms("south") and "south" not in forms("african")
    assert forms("saudi")[0] == "saudi arabia"
    assert PLACES["south africa"] == ("south african",)
