"""Analysis added for XQuAD's languages and the three it also has (Greek, Turkish, Vietnamese):
German compound heads, and rank-bm25 parity for each analyzer."""

from __future__ import annotations

import pytest

from bot.corpus import Article
from bot.search.index import SentenceIndex
from bot.search.lang import analyzer_for
from tests.helpers.checks import matches_rank_bm25_per_analyzer


def article(article_id: str, body: str, language: str) -> Article:
    return Article(id=article_id, title="News", url=f"https://example.com/{article_id}",
                   source="Example", published="2024-05-01", body=body, language=language)


def test_german_sentences_hold_their_compounds_heads() -> None:
    de = analyzer_for("de")
    # Both parts known words: the head follows the compound; a prefix ("unter") is no part.
    assert de.terms("Die Bibelübersetzung") == ["bibelubersetz|de", "ubersetz|de"]
    assert de.terms("Gefängnisstrafe") == ["gefangnisstraf|de", "straf|de"]
    assert de.terms("Staatsanwaltschaft")[1:] == ["anwaltschaft|de"]
    assert de.terms("Unternehmer") == ["unternehm|de"]
    # A question's compounds stay whole, so "Übersetzung" asked finds "Bibelübersetzung".
    assert de.query_terms("Wer schrieb die Bibelübersetzung?") == ["schrieb|de",
                                                                 "bibelubersetz|de"]
    assert set(de.query_terms("die Übersetzung")) <= set(de.terms("die Bibelübersetzung"))


def test_a_run_of_letters_too_long_for_a_word_is_not_split(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import simplemma

    from bot.search.lang.analyzer import LanguageAnalyzer

    looked_up: list[str] = []

    def is_known(token: str, lang: str) -> bool:
        looked_up.append(token)
        return token in ("bibel", "übersetzung")

    monkeypatch.setattr(simplemma, "is_known", is_known)
    de = LanguageAnalyzer("de")  # its own caches, not the shared analyzer's
    # Every cut of a long run would be tried (time growing with the square of its length).
    assert de.terms("ab" * 25_000) == [de.stem("ab" * 25_000)] and looked_up == []
    assert de.compound_head("bibelübersetzung") == "übersetzung" and looked_up


def test_german_questions_lose_their_framing_words() -> None:
    de = analyzer_for("de")
    # "heißt" frames the question; in a sentence it stays a word.
    assert de.query_terms("Wie heißt die Bibelübersetzung? Wofür war sie?") == [
        "bibelubersetz|de"]
    assert "heisst|de" in de.terms("Sie heißt Lutherbibel.")
    # So do the "kind" of "what kind of" and Arabic's "name" of "what is the name of".
    assert de.query_terms("Welche Art von Schule?") == de.query_terms("Welche Schule?") != []
    assert "art|de" in de.terms("Die Art der Schule.")
    ar = analyzer_for("ar")
    assert ar.query_terms("ما هو اسم المدرسة؟") == ar.query_terms("ما هي المدرسة؟") != []
    assert ar.query_terms("ما نوع المدرسة؟") == ar.query_terms("ما هي المدرسة؟")
    assert len(ar.terms("اسم المدرسة")) == 2
    # Thai "the number of" and "called" frame a question; in a sentence they stay words.
    th = analyzer_for("th")
    assert th.query_terms("ทีมมีจำนวนผู้เล่นกี่คน") == th.query_terms("ทีมมีผู้เล่นกี่คน") != []
    assert "จำนวน|th" in th.terms("ทีมมีจำนวนผู้เล่นสิบคน")
    ro = analyzer_for("ro")
    assert ro.query_terms("Cum se numește școala?") == ro.query_terms("Care este școala?") != []
    assert ro.stem("numește") in ro.terms("Școala se numește Colegiul Sava.")


def test_every_form_of_a_question_word_is_a_stopword() -> None:
    # Russian "какую" (which, accusative) and Hindi "किन" (which, plural) were search terms.
    ru, hi = analyzer_for("ru"), analyzer_for("hi")
    assert ru.query_terms("Какую школу он окончил?") == ru.query_terms("Школу он окончил?")
    assert ru.query_terms("Каким образом?") == ru.query_terms("Образом?")
    assert hi.query_terms("किन देशों में?") == hi.query_terms("देशों में?") != []
    assert hi.query_terms("कौन सा देश?") == hi.query_terms("देश?") != []


PARITY = {
    "de": ["Die Bibelübersetzung wurde 1534 gedruckt.", "Die Übersetzung der Bibel war beliebt.",
           "Der Staatsanwalt verlangte eine Gefängnisstrafe."],
}


@pytest.mark.parametrize("language", sorted(PARITY))
def test_rank_bm25_parity(language: str) -> None:
    articles = [article(f"a{i}", text, language) for i, text in enumerate(PARITY[language])]
    articles.append(article("f-en", "The minister spoke about the bridge.", "en"))
    index = SentenceIndex(articles)
    matches_rank_bm25_per_analyzer(index, analyzer_for(language),
                                   lambda article_id: not article_id.startswith("f-"))


def test_digits_of_every_script_are_read_as_ascii() -> None:
    assert analyzer_for("hi").terms("सन १९९१ में") == analyzer_for("hi").terms("सन 1991 में")
    assert analyzer_for("th").terms("ปี ๒๕๓๔") == analyzer_for("th").terms("ปี 2534")
    assert analyzer_for("ar").terms("عام ١٩٩١") == analyzer_for("ar").terms("عام 1991")
    assert analyzer_for("fa").terms("سال ۱۳۹۹") == analyzer_for("fa").terms("سال 1399")
    assert "2015|zh" in analyzer_for("zh").terms("２０１５年")
    # A number behind an Arabic clitic ("و2005", and 2005; "ب2015") is the number.
    assert analyzer_for("ar").terms("بين 2000 و2005 ب2015") == ["2000|ar", "2005|ar", "2015|ar"]
