"""Two-word question words: their second word is dropped from a question, not from text."""

from bot.search.lang import analyzer_for


def test_turkish_when_and_how_many_leave_no_term() -> None:
    turkish = analyzer_for("tr")
    assert turkish.query_terms("Bu ferman ne zaman ilan edildi?") == turkish.query_terms(
        "Bu ferman ilan edildi?")
    assert turkish.query_terms("Josh Norman kaç tane top çalmıştır?") == turkish.query_terms(
        "Josh Norman top çalmıştır?")
    assert turkish.query_terms("Kaç tanesini almıştır?") == turkish.query_terms("almıştır?")
    # ... typed without Turkish letters too, as its stopwords are ("kac" is "kaç").
    assert turkish.query_terms("Josh Norman kac tane top calmistir?") == turkish.query_terms(
        "Josh Norman top calmistir?")
    # "zaman" (time) is a search term anywhere else, and in sentences always.
    assert turkish.stem("zaman") in turkish.query_terms("Oynadığı zaman kaç yaşındaydı?")
    assert turkish.stem("zaman") in turkish.terms("Ne zaman geldiği bilinmiyor.")


def test_hindi_which_drops_only_its_own_second_word() -> None:
    hindi = analyzer_for("hi")
    assert hindi.query_terms("कौन सा देश?") == hindi.query_terms("कौन से देश?") == hindi.query_terms(
        "देश?") != []
    # A word that merely begins like "सा" / "से" is a search term ("सेना", army; "साल", year).
    assert hindi.query_terms("कौन सेना जीती?") == hindi.query_terms("सेना जीती?")
    assert hindi.query_terms("कौन साल?") == [hindi.stem("साल")]


def test_other_languages_have_no_phrases() -> None:
    greek = analyzer_for("el")
    assert greek.query_terms("Πότε ήρθε ο χρόνος;") == greek.terms("Πότε ήρθε ο χρόνος;")


def test_arabic_framing_words_are_known_with_their_article() -> None:
    arabic = analyzer_for("ar")
    framed = arabic.query_terms("ما هو الاسم الذي أطلق على القلعة؟")
    assert framed == arabic.query_terms("ما هو اسم الذي أطلق على القلعة؟")
    assert arabic.stem("اسم") not in framed
    # ... in questions only: a sentence keeps the word.
    assert arabic.stem("اسم") in arabic.terms("كان الاسم القديم للقلعة معروفا")


def test_a_questions_ngrams_come_from_the_words_of_its_search_terms() -> None:
    from bot.search.lang.grams import words_of

    # The words that are not search terms make no n-grams either (bot.search.lang.grams).
    assert words_of("tr", "Bu ferman ne zaman ilan edildi?", question=True) == words_of(
        "tr", "Bu ferman ilan edildi?", question=True)
    assert "zaman" in words_of("tr", "Ne zaman geldiği bilinmiyor.")
    arabic = words_of("ar", "ما هو الاسم الذي أطلق على القلعة؟", question=True)
    assert "الاسم" not in arabic and arabic
    assert "الاسم" in words_of("ar", "كان الاسم القديم للقلعة معروفا")
