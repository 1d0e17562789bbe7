"""Question words of the languages XQuAD adds (Greek, Turkish, Vietnamese) are not search terms."""

from __future__ import annotations

from bot.search.lang import analyzer_for


def test_turkish_question_words_with_the_copula_are_not_terms() -> None:
    analyzer = analyzer_for("tr")
    # "nedir" (what is) was the term "ne", "kimdir" (who is) a one-letter "k".
    assert analyzer.query_terms("Başarılı dönüşümün alıcısı kimdir?") == analyzer.query_terms(
        "Başarılı dönüşümün alıcısı")
    assert analyzer.query_terms("Anarşinin Maskesi'nde sergilenen ilke neydi?") == \
        analyzer.query_terms("Anarşinin Maskesi'nde sergilenen ilke")
    for word in ("nedir", "nelerdir", "kimdi", "kaçtır", "hangisidir", "nerededir"):
        assert analyzer.query_terms(f"Kale {word}?") == analyzer.query_terms("Kale"), word
    # Words that only begin like one stay: "neden" is a question word, "nehir" a river.
    assert analyzer.query_terms("nehir") == ["nehir|tr"]


def test_greek_whose_is_a_question_word() -> None:
    analyzer = analyzer_for("el")
    assert analyzer.query_terms("Ποιανού το σπίτι κάηκε;") == analyzer.query_terms(
        "Το σπίτι κάηκε;")
