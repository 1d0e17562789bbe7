"""WordNet's related words (bot/search/synonyms.txt.gz, read by bot.search.synonyms) and the
re-reading of a question word by them (bot.search.paraphrase.align), after the hand tables."""

from __future__ import annotations

import gzip
from importlib import resources

from bot.search import paraphrase, synonyms
from bot.search.answer import answer_question
from bot.search.index import SentenceIndex
from bot.search.query import analyse
from tests.helpers.articles import news_article

ARTICLES = [
    news_article("drug", "The main consequence of the new drug was fewer headaches, doctors said. "
             "The drug was approved in May."),
    news_article("tax", "The effect of the tax was small, the ministry said. "
             "Prices rose by two pct."),
    news_article("vaccine", "The vaccine was approved in June after a long trial. "
             "Its outcome pleased the company."),
]


def test_the_table_lists_related_words_by_kind_most_frequent_sense_first() -> None:
    assert synonyms.related("effect", "N")[:1] == ("consequence",)
    assert "suspension" in synonyms.related("suspend", "D")
    assert "officer" in synonyms.related("official", "O")
    assert "conveyance" in synonyms.related("vehicle", "H")


def test_a_question_word_is_looked_up_by_its_listed_forms() -> None:
    assert synonyms.lemmas("vehicles") == ["vehicle"]
    assert synonyms.lemmas("suspended") == ["suspended", "suspend"]
    assert synonyms.lemmas("spoke") == ["speak"]  # an irregular verb form, not the wheel's
    assert "speech" in synonyms.related("spoke", "D")
    assert synonyms.related("suprnovaorg") == ()
    assert synonyms.lemmas("xqzw") == []
    # Nouns' and adjectives' kinds read a plural's singular, not a verb form's base: "closed"
    # is not "close" as the last of something.
    assert synonyms.lemmas("kids", nominal=True) == ["kid"]
    assert synonyms.lemmas("closed", nominal=True) == ["closed"]
    assert "last" not in synonyms.related("closed", "N")
    assert "child" in synonyms.related("kids", "Q")


def test_the_table_is_read_once_and_carries_wordnet_s_licence() -> None:
    assert synonyms._table() is synonyms._table()
    raw = resources.files("bot.search").joinpath("synonyms.txt.gz").read_bytes()
    header = [line for line in gzip.decompress(raw).decode("utf-8").splitlines()[:40]
              if line.startswith("#")]
    assert any("WordNet 3.0 Copyright 2006 by Princeton University" in line for line in header)
    assert all("\t" not in line for line in header)


def test_a_word_its_article_never_uses_is_read_as_its_synonym_there() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    terms = analyse(index, "what was the main effect of the new drug").terms
    assert stem("consequence") in terms and stem("effect") not in terms
    answer = answer_question(index, "what was the main effect of the new drug", top=1)
    assert answer.answered and "consequence" in answer.quotes[0].text


def test_a_word_its_article_uses_is_left_alone() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    terms = analyse(index, "what was the effect of the tax").terms
    assert stem("effect") in terms and stem("consequence") not in terms


def test_a_synonym_only_another_article_uses_does_not_make_a_question_answerable() -> None:
    # The vaccine article lacks "effect" and every synonym of it; the drug article says
    # "consequence" and the vaccine one "outcome", but neither is read into the other.
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    question = "what side effect did the vaccine trial find"
    terms = analyse(index, question).terms
    assert stem("effect") in terms
    assert not {stem("consequence"), stem("result")} & set(terms)
    assert not answer_question(index, question, top=1).answered


def test_verbs_synonyms_and_chat_words_are_not_taken() -> None:
    stem = SentenceIndex(ARTICLES).analyzer.stem
    assert "pass" in synonyms.related("spend", "F")  # WordNet's first verb sense ...
    assert stem("pass") not in paraphrase._wordnet_terms("spending", stem)  # ... not read
    assert stem("go") not in paraphrase._wordnet_terms("die", stem)
    assert stem("adequate") in paraphrase._wordnet_terms("enough", stem)
    # A word most often a verb keeps its noun's synonyms out: "fall" is not "autumn".
    assert "autumn" in synonyms.related("fall", "N")
    assert paraphrase._wordnet_terms("fall", stem) == ()
