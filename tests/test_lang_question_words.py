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


def test_how_old_how_long_and_percentages_ask_for_a_number() -> None:
    from bot.search.lang.questions import expected_answer_in
    from bot.search.qtypes import Expect

    number = {
        "de": ["Wie alt war Peyton Manning?", "Wie lange wütete die Pest?",
               "Welcher Prozentsatz stimmte dafür?"],
        "ar": ["ما نسبة الأراضي التي تمت إزالة الغابات منها؟", "ما عدد القنوات؟"],
        "el": ["Τι ποσοστό ψήφισε υπέρ;", "Πόσον καιρό κράτησαν οι μάχες;"],
        "tr": ["Dünyanın karbonunun ne kadarı Amazon ormanında depolanmaktadır?",
               "Doktor ne sıklıkta seyahat eder?"],
        "vi": ["Jacksonville cách Miami bao xa?", "Bệnh dịch đã kéo dài bao lâu?"],
    }
    for language, questions in number.items():
        for question in questions:
            assert expected_answer_in(question, language) is Expect.NUMBER, question
    date = {"tr": ["En son veba salgını ne zamandı?", "ABC hangi on yılda geçti?"],
            "vi": ["ABC đã hoàn thành việc chuyển đổi trong thập kỷ nào?"],
            "ar": ["في أي عقد أتمت الشبكة انتقالها؟"], "th": ["เอบีซีเปลี่ยนในทศวรรษใด"],
            "ru": ["В каком десятилетии ABC завершил переход?"]}
    for language, questions in date.items():
        for question in questions:
            assert expected_answer_in(question, language) is Expect.DATE, question
    # Not every "wie": how something is done asks for no number.
    assert expected_answer_in("Wie wurden die Siedler assimiliert?", "de") is Expect.NONE


def test_a_hindi_question_word_is_not_read_inside_a_longer_word() -> None:
    from bot.search.lang.questions import expected_answer_in, question_type_in
    from bot.search.qtypes import Expect, QType

    # "कबूलनामे" (confession) and "कब्जे" (occupation) begin with "कब" (when) before a vowel
    # sign or virama, which Python's \w leaves out; "लेकिन" (but) holds "किन" (which).
    assert expected_answer_in("कबूलनामे को खारिज करने के बाद, लूथर ने क्या कहा?", "hi") is Expect.NONE
    assert expected_answer_in("जापानी कब्जे के दौरान किस मठ ने मेजबानी की?", "hi") is Expect.NONE
    assert question_type_in("लूथर का जन्म कब हुआ?", "hi") is QType.WHEN
    assert question_type_in("लूथर के कितने बच्चे थे?", "hi") is QType.HOW_MANY


def test_one_list_of_question_words_for_the_stopwords_and_the_question_types() -> None:
    from bot.search.lang.questions import question_type_in
    from bot.search.lang.stopwords import QUESTION_WORDS_BY_KIND, stopwords
    from bot.search.qtypes import QType

    asks = {"when": QType.WHEN, "how_many": QType.HOW_MANY, "who": QType.WHO,
            "where": QType.WHERE, "why": QType.WHY_HOW, "what": QType.WHAT, "how": QType.WHY_HOW,
            "other": QType.OTHER}
    for language, kinds in QUESTION_WORDS_BY_KIND.items():
        for kind, words in kinds.items():
            for word in words:
                # Never a search term, and read as asking what its kind asks.
                assert word in stopwords(language), (language, word)
                assert question_type_in(f"{word} X?", language) is asks[kind], (language, word)
