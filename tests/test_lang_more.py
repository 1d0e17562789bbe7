"""Greek, Turkish and Vietnamese, the XQuAD languages without XQuAD files here: detected, split
into sentences, analysed, and asked (small hand-written articles of our own)."""

from __future__ import annotations

import unicodedata

import pytest

from bot.common.language import detect_language
from bot.corpus import Article
from bot.search.index import SentenceIndex
from bot.search.lang import analyzer_for, split_sentences_for
from bot.search.lang.questions import expected_answer_in, question_type_in
from bot.search.lang.route import question_language
from bot.search.qtypes import Expect, QType
from bot.search.retrieve import rank
from tests.helpers.checks import matches_rank_bm25_per_analyzer

GREEK = ("Η Ελλάδα κέρδισε το Ευρωπαϊκό Πρωτάθλημα Ποδοσφαίρου το 2004 στην Πορτογαλία. "
         "Στον τελικό νίκησε την οικοδέσποινα Πορτογαλία με 1-0. "
         "Το μοναδικό γκολ το πέτυχε ο Άγγελος Χαριστέας με κεφαλιά. "
         "Προπονητής της ομάδας ήταν ο Γερμανός Ότο Ρεχάγκελ. "
         "Η νίκη γιορτάστηκε με μεγάλες εκδηλώσεις στην Αθήνα.")
TURKISH = ("Türkiye Cumhuriyeti 29 Ekim 1923'te ilan edildi. "
           "Cumhuriyetin ilk cumhurbaşkanı Mustafa Kemal Atatürk oldu. "
           "Başkent olarak İstanbul yerine Ankara seçildi. "
           "Ankara'nın nüfusu o yıllarda yaklaşık 30 bin kişiydi. "
           "Yeni başkentte kısa sürede birçok bakanlık binası inşa edildi.")
VIETNAMESE = ("Hà Nội là thủ đô của nước Cộng hòa Xã hội chủ nghĩa Việt Nam. "
              "Năm 1010, vua Lý Thái Tổ dời đô từ Hoa Lư về Đại La và đổi tên thành Thăng Long. "
              "Hồ Hoàn Kiếm nằm ở trung tâm thành phố. "
              "Thành phố có khoảng 8 triệu dân vào năm 2019. "
              "Nhà máy thủy điện Hòa Bình cung cấp điện cho thủ đô.")
ENGLISH = ("Greece won the European Championship in 2004 in Portugal. "
           "The only goal of the final was scored by Angelos Charisteas.")
TEXTS = {"el": GREEK, "tr": TURKISH, "vi": VIETNAMESE, "en": ENGLISH}

# (question, language, the sentence that must come first: its start)
QUESTIONS = [
    ("Ποιος πέτυχε το γκολ στον τελικό;", "el", "Το μοναδικό γκολ"),
    ("Ποιος ήταν ο προπονητής της ομάδας;", "el", "Προπονητής της ομάδας"),
    ("ΠΟΥ ΓΙΟΡΤΑΣΤΗΚΕ Η ΝΙΚΗ;", "el", "Η νίκη γιορτάστηκε"),  # capitals, no accents
    ("Cumhuriyetin ilk cumhurbaşkanı kimdi?", "tr", "Cumhuriyetin ilk"),
    ("ISTANBUL yerine başkent olarak neresi seçildi?", "tr", "Başkent olarak"),
    ("Ankara'nın nüfusu kaç kişiydi?", "tr", "Ankara'nın nüfusu"),
    ("Ai dời đô về Đại La?", "vi", "Năm 1010"),
    ("Hồ Hoàn Kiếm nằm ở đâu?", "vi", "Hồ Hoàn Kiếm"),
    ("Thành phố có bao nhiêu dân?", "vi", "Thành phố có"),
    ("Nhà máy thuỷ điện Hoà Bình cung cấp gì?", "vi", "Nhà máy thủy điện"),  # the other style
    (unicodedata.normalize("NFD", "Thủ đô của Việt Nam là gì?"), "vi", "Hà Nội là"),
    ("Who scored the goal in the final?", "en", "The only goal"),
]


def article(language: str, body: str) -> Article:
    return Article(id=f"story-{language}", title="News", url=f"https://example.com/{language}",
                   source="Example", published="2024-05-01", body=body, language=language)


@pytest.fixture(scope="module")
def index() -> SentenceIndex:
    return SentenceIndex([article(lang, text) for lang, text in TEXTS.items()])


@pytest.mark.parametrize("language", ["el", "tr", "vi"])
def test_detected_and_split(language: str) -> None:
    text = TEXTS[language]
    assert detect_language(text) == language
    spans = split_sentences_for(text, language)
    assert len(spans) == 5  # "29 Ekim 1923'te", "1-0", "8 triệu" end nothing


@pytest.mark.parametrize(("question", "language", "first"), QUESTIONS)
def test_the_answer_sentence_comes_first(index: SentenceIndex, question: str, language: str,
                                         first: str) -> None:
    assert question_language(index, question) == language
    hits = rank(index, question, 3)
    assert hits and hits[0].sentence.text.startswith(first), [h.sentence.text for h in hits]


def test_words_of_each_language_meet_their_other_spellings() -> None:
    el, tr, vi = analyzer_for("el"), analyzer_for("tr"), analyzer_for("vi")
    # Greek: accents, capitals and the final sigma do not matter; stopwords go.
    assert el.terms("Η Αθήνα") == el.terms("ΑΘΗΝΑ") == el.terms("αθηνα") != []
    assert el.terms("ο δρόμος") == el.terms("ΟΙ ΔΡΟΜΟΙ")
    # Turkish: "İ"/"I" lower-cased the Turkish way, its letters typed as ASCII, a name's suffix.
    assert tr.terms("İstanbul'da") == tr.terms("istanbul") == tr.terms("ISTANBUL") != []
    assert tr.terms("Kadıköy") == tr.terms("Kadikoy") and tr.terms("Beşiktaş") == tr.terms(
        "Besiktas")
    # ... and so are its stopwords ("cunku", "icin"), but "su" (water) is no "şu" (that);
    # numbers are search terms.
    assert tr.terms("Çünkü su ve üç yüz kişi için") == tr.terms(
        "cunku su ve uc yuz kisi icin") == ["su|tr", "uc|tr", "yuz|tr", "kis|tr"]
    # ... and a noun's possessive "-sI" goes at the end of a word as before a case ending
    # (Snowball keeps its "s": "oyuncus"), but a consonant root's "-I" keeps the root whole.
    assert tr.terms("Varşova Üniversitesi oyuncusu") == tr.terms(
        "Varşova Üniversitesinde oyuncusundan") != []
    assert len(tr.terms("Varşova Üniversitesi oyuncusu")) == 3
    assert tr.terms("kursu") != tr.terms("kur") and tr.terms("ikisi") == tr.terms("iki") != []
    # Turkish words are lemmatised before Snowball stems them (bot.search.lang.analyzer), so a
    # noun meets its case forms where Snowball alone cut into the root ("sistem" -> "siste",
    # "sistemini" -> "sistem"; "kasaba" -> "kasap", "kasabası" -> "kasaba").
    for word, form in (("sistem", "sistemini"), ("kasaba", "kasabası"), ("cümle", "cümlenin"),
                       ("fırtına", "fırtınanın"), ("oyunu", "oyununda")):
        assert tr.terms(word) == tr.terms(form) != []
    # Greek words take their lemma from simplemma's lexicon read without accents
    # (bot.search.lang.words.greek_lemma), where Snowball gave "γειτονιά" and "γειτονιάς" two stems.
    assert el.terms("γειτονιά") == el.terms("της γειτονιάς") == el.terms("ΓΕΙΤΟΝΙΑΣ") != []
    assert el.terms("φρούριο") == el.terms("του φρουρίου") != []
    assert el.terms("Αμαζόνιος") == el.terms("του Αμαζονίου") != []
    # Vietnamese: composed or not, either tone placement; function syllables go.
    assert vi.terms("hoà bình") == vi.terms("hòa bình") == vi.terms(
        unicodedata.normalize("NFD", "hòa bình"))
    assert vi.terms("thuỷ điện của") == vi.terms("thủy điện")
    assert vi.terms("quý") == ["quý|vi"] and vi.terms("hoàn") == ["hoàn|vi"]


def test_greek_stopwords_are_spelled_as_words_are_read() -> None:
    from bot.search.lang.stopwords import stopwords
    from bot.search.lang.words import greek_form

    words = stopwords("el")
    assert "ποιοσ" in words and "ποιεσ" in words  # question words, written "ποιος", "ποιες"
    assert [w for w in words if greek_form(w) != w] == []  # none that no token can equal


def test_question_words() -> None:
    assert question_type_in("Πότε κέρδισε η Ελλάδα;", "el") is QType.WHEN
    assert expected_answer_in("ΠΟΣΑ γκολ μπήκαν;", "el") is Expect.NUMBER
    assert question_type_in("Hangi yılda kuruldu?", "tr") is QType.WHEN
    assert question_type_in("Kaç kişi öldü?", "tr") is QType.HOW_MANY
    assert question_type_in("Kitabı kim yazdı?", "tr") is QType.WHO
    assert question_type_in("Hà Nội trở thành thủ đô năm nào?", "vi") is QType.WHEN
    assert question_type_in("Có bao nhiêu người?", "vi") is QType.HOW_MANY
    assert question_type_in("Tại sao họ dời đô?", "vi") is QType.WHY_HOW


def test_sentence_ends() -> None:
    greek = "Ποιος κέρδισε; Ο Γιάννης κέρδισε το 2004. Τι έγινε μετά; Τίποτα."
    assert [greek[a:b] for a, b in split_sentences_for(greek, "el")] == [
        "Ποιος κέρδισε;", "Ο Γιάννης κέρδισε το 2004.", "Τι έγινε μετά;", "Τίποτα."]
    turkish = "Atatürk 19. yüzyılın sonunda doğdu. Dr. Ahmet geldi."
    assert [turkish[a:b] for a, b in split_sentences_for(turkish, "tr")] == [
        "Atatürk 19. yüzyılın sonunda doğdu.", "Dr. Ahmet geldi."]
    vietnamese = "TP. Hồ Chí Minh là thành phố lớn nhất. Ông Nam nói vậy."
    assert len(split_sentences_for(vietnamese, "vi")) == 2


@pytest.mark.parametrize("language", ["el", "tr", "vi"])
def test_rank_bm25_parity(index: SentenceIndex, language: str) -> None:
    matches_rank_bm25_per_analyzer(index, analyzer_for(language),
                                   lambda article_id: article_id == f"story-{language}")


def test_numbers_and_names_as_each_language_writes_them() -> None:
    from bot.search.lang.kinds import kinds_of, name_spans, number_spans, place_spans

    def found(spans: list[tuple[int, int]] | None, text: str) -> list[str]:
        return [text[a:b] for a, b in spans or []]

    greek = "Ο Davis είχε τέσσερα fumbles, δύο interceptions και μια δεκαετία στην ομάδα."
    assert found(number_spans(greek, "el"), greek) == ["τέσσερα", "δύο"]
    turkish = "Altında iki yüz bin kişi ve on iki oyuncu vardı; binlerce taraftar geldi."
    assert found(number_spans(turkish, "tr"), turkish) == ["iki yüz bin", "on iki", "binlerce"]
    vietnamese = "Năm 1990, Ba Lan có hai trăm người và ba lần vô địch."
    assert found(number_spans(vietnamese, "vi"), vietnamese) == ["hai trăm", "ba lần"]
    # "tư" (four) is a number after "mươi" only: "đầu tư" is investment, "tư nhân" private.
    invest = "Đầu tư tư nhân hai mươi tư tỷ đồng."
    assert found(number_spans(invest, "vi"), invest) == ["hai mươi tư tỷ"]
    # Their capitals mark names; "who" expects one, "where" no place.
    text = "Kupayı getiren Mustafa Kemal ve İsmet İnönü oldu."
    assert found(name_spans(text, "tr"), text) == ["Mustafa Kemal ve İsmet İnönü"]
    assert place_spans(text, "tr") is None
    # ... so benchmarks/xquad_kinds.py measures names there, and no places.
    assert kinds_of("tr") == ["number", "name"] and kinds_of("es")[-2:] == ["name", "place"]
    assert expected_answer_in("Kupayı kim getirdi?", "tr") is Expect.NAME
    assert expected_answer_in("Ποιος κέρδισε;", "el") is Expect.NAME
    assert expected_answer_in("Ai là người chiến thắng?", "vi") is Expect.NAME
    assert expected_answer_in("Nerede oynandı?", "tr") is Expect.NONE


def test_the_greek_lexicon_keeps_only_its_own_table() -> None:
    """simplemma's accented Greek dictionary is read once into the unaccented table and then
    freed, not held until the garbage collector's next full pass (24 MB)."""
    import gc

    from simplemma.strategies.dictionaries.dictionary_factory import MappingStrToByteString

    from bot.search.lang import words

    def dictionaries() -> int:
        return sum(isinstance(o, MappingStrToByteString) for o in gc.get_objects())

    words._greek_lexicon.cache_clear()
    before = dictionaries()
    try:
        gc.disable()  # a collection would free it anyway: refcounts alone must
        assert words.greek_lemma("γειτονιασ") == "γειτονια"
        assert dictionaries() == before
    finally:
        gc.enable()
