"""Articles and questions in other languages: detection, splitting, analysis, routing."""

from __future__ import annotations

import pytest

from bot.common.language import detect_language, normalize_language
from bot.corpus import Article, article_digest
from bot.search.answer import Kind, answer_question
from bot.search.index import SentenceIndex
from bot.search.lang import analyzer_for, split_sentences_for
from bot.search.lang.route import LanguageHint, question_language
from bot.search.lang.sentences import THAI_MIN_CHARS
from bot.search.retrieve import rank
from tests.helpers.checks import matches_rank_bm25_per_analyzer

RU = ("Правительство объявило о строительстве нового моста через реку Волга. "
      "Мост длиной 1200 метров откроют в 2027 году. "
      "Стоимость проекта составит 40 миллиардов рублей, сообщил министр транспорта.")
EN = ("The government announced a new bridge over the Volga river. "
      "The bridge, 1,200 metres long, will open in 2027. "
      "The project will cost 40 billion roubles, the transport minister said.")


def article(article_id: str, body: str, language: str, title: str = "Bridge") -> Article:
    return Article(id=article_id, title=title, url=f"https://example.com/{article_id}",
                   source="Example", published="2024-05-01", body=body, language=language)


def sentences(paragraph: str, language: str) -> list[str]:
    return [paragraph[a:b] for a, b in split_sentences_for(paragraph, language)]


@pytest.mark.parametrize(("tag", "code"), [("ru-RU", "ru"), ("pt_BR", "pt"), ("EN", "en"),
                                           ("zh-Hans", "zh"), ("", ""), ("english", "")])
def test_normalize_language(tag: str, code: str) -> None:
    assert normalize_language(tag) == code


@pytest.mark.parametrize(("text", "code"), [
    (RU, "ru"), (EN, "en"),
    ("Die Regierung hat eine neue Brücke über den Fluss angekündigt.", "de"),
    ("El gobierno anunció un nuevo puente sobre el río.", "es"),
    ("أعلنت الحكومة عن بناء جسر جديد فوق النهر.", "ar"),
    ("सरकार ने नदी पर एक नए पुल की घोषणा की।", "hi"),
    ("政府宣布在河上修建一座新桥。", "zh"),
    ("รัฐบาลประกาศสร้างสะพานใหม่ข้ามแม่น้ำ", "th"),
])
def test_detect_language_of_a_sentence(text: str, code: str) -> None:
    assert detect_language(text) == code


def test_detection_keeps_to_the_candidates_and_leans_on_the_prior() -> None:
    assert detect_language("Путин", candidates=["ru"]) == "ru"
    # A name alone says little: the prior (the user's language) decides.
    assert detect_language("Barcelona?", ["en", "es"], prior={"es": 0.6, "en": 0.1}) == "es"
    assert detect_language("Barcelona?", ["en", "es"], prior={"en": 0.6, "es": 0.1}) == "en"
    # A clear question wins over the prior.
    assert detect_language("Когда откроют мост?", ["en", "ru"], prior={"en": 0.6}) == "ru"
    assert detect_language("123", ["en", "ru"], prior={"ru": 0.6}) == "ru"


def test_sentence_splitting_per_language() -> None:
    assert sentences("黑豹队的防守只丢了308分。他们排名第六！是吗？对", "zh") == [
        "黑豹队的防守只丢了308分。", "他们排名第六！", "是吗？", "对"]
    assert sentences("पैंथर्स ने 308 अंक दिए। टीम छठे स्थान पर रही। ठीक", "hi") == [
        "पैंथर्स ने 308 अंक दिए।", "टीम छठे स्थान पर रही।", "ठीक"]
    assert sentences("لم يتخلى الفريق سوى عن 308 نقطة. هل هذا صحيح؟ نعم", "ar") == [
        "لم يتخلى الفريق سوى عن 308 نقطة.", "هل هذا صحيح؟", "نعم"]
    assert sentences("Am 3. Oktober kam z. B. Dr. Müller. Er blieb im 19. Jahrhundert.", "de") == [
        "Am 3. Oktober kam z. B. Dr. Müller.", "Er blieb im 19. Jahrhundert."]
    assert sentences("Sie spielen in der vierten Liga (5. Rang in Polen). Sie kamen 1990. Dann.",
                     "de") == ["Sie spielen in der vierten Liga (5. Rang in Polen).",
                               "Sie kamen 1990.", "Dann."]
    assert sentences("Его наградил т. е. министр. Это было в 1990 г. в Москве. Конец.", "ru") == [
        "Его наградил т. е. министр.", "Это было в 1990 г. в Москве.", "Конец."]
    thai = ("ทีมรับของแพนเธอร์สเสียไปเพียง 308 คะแนน และอยู่อันดับที่หกของลีก "
            "ในขณะที่เป็นผู้นำในเอ็นเอฟแอลด้วยการสกัดบอล 24 ครั้ง "
            "และได้รับเลือกให้เล่นในโปรโบว์ลสี่ครั้ง คาวันน์ ชอร์ต "
            "ผู้เล่นตำแหน่งดีเฟนซีฟแทคเกิลนำทีมด้วยการแซ็ค 11 ครั้ง "
            "ในขณะที่ทำให้ฝ่ายตรงข้ามฟัมเบิลไปสามครั้งและเอาลูกบอลกลับมาครองได้สองครั้ง มาริโอ แอดดิสัน "
            "เพื่อนร่วมทีมแซ็คเพิ่มไปอีกหกครั้งครึ่ง")
    spans = split_sentences_for(thai, "th")
    assert len(spans) > 1
    # In order, the paragraph's own text, cut only at spaces; no clause shorter than the
    # minimum stands alone (but the last, which may be half as long).
    assert spans[0][0] == 0 and spans[-1][1] == len(thai)
    for (_, end), (begin, _) in zip(spans, spans[1:]):
        assert end < begin and not thai[end:begin].strip()
    assert all(b - a >= THAI_MIN_CHARS for a, b in spans[:-1])
    assert spans[-1][1] - spans[-1][0] >= THAI_MIN_CHARS // 2


def test_analyzers_stem_stop_and_tag_their_terms() -> None:
    ru = analyzer_for("ru").terms("Сколько очков уступила защита в 2015 году?")
    assert ru == ["очк|ru", "уступ|ru", "защит|ru", "2015|ru", "год|ru"]
    assert analyzer_for("ru").terms("мостом") == analyzer_for("ru").terms("мосты")
    assert analyzer_for("de").terms("Die Brücken") == analyzer_for("de").terms("der Brücke")
    assert analyzer_for("es").terms("los puentes 2.000") == ["puent|es", "2000|es"]
    assert "防守|zh" in analyzer_for("zh").terms("黑豹队的防守丢了多少分？")
    # English terms carry no tag: an English index is unchanged.
    assert analyzer_for("en").terms("bridges") == ["bridg"]
    assert analyzer_for("pt-BR").language == "pt"


def test_hindi_loanwords_spelt_two_ways_meet() -> None:
    hi = analyzer_for("hi")
    for one, other in [("चैंपियनशिप", "चैम्पियनशिप"), ("डिफ़ेंस", "डिफ़ेन्स"), ("पहुँच", "पहुंच"),
                       ("इंटर्सेप्शन", "इन्टरसेप्शन"), ("फ़ुटबॉल", "फुटबोल"),
                       ("कैरोलिन", "कैरोलीन"), ("मूल", "मुल")]:
        assert hi.terms(one) == hi.terms(other) != []
    # A half nasal opening a word is no anusvara ("न्यूटन" keeps its न).
    assert hi.terms("न्यूटन") == ["नयुटन|hi"]
    # Snowball cuts auxiliaries to one letter ("किए" -> "क"): such stems are no search terms.
    assert hi.terms("पूरे किए गए 24 इंटरसेप्शन") == ["पुर|hi", "24|hi", "इंटरसेपशन|hi"]


def test_arabic_derived_verbs_meet_their_verbal_nouns() -> None:
    ar = analyzer_for("ar")
    for verb, noun in [("تستعمله", "باستعمال"), ("استخدم", "استخدام"), ("اعترض", "اعتراضاً"),
                       ("انتشر", "انتشار"), ("اتصل", "الاتصالات"), ("استقل", "استقلال"),
                       ("احتل", "احتلال")]:
        assert ar.terms(verb) == ar.terms(noun) != []
    # Short stems are no verbal nouns: "امام" (in front of) would become "ام" (mother).
    from bot.search.lang import arabic

    assert arabic.normalise("امام") == "امام" and arabic.normalise("اعتراض") == "اعترض"
    # Form II's verbal noun "تفعيل" meets its verb's stem.
    assert arabic.normalise("تطوير") == "طور" and arabic.normalise("تحديد") == "حدد"
    # A two-letter noun meets itself behind the article and a clitic; "الله" stays whole.
    for word in ("الطب", "بالطب", "للطب"):
        assert ar.terms(word) == ar.terms("طب") != []
    assert ar.terms("البث") == ar.terms("بث")  # not simplemma's "لبث" (he stayed)
    assert arabic.without_article("الله") == "الله"
    # A question with the verb finds the sentence with the noun.
    index = SentenceIndex([Article("2024-05-01-ar", "تقرير", "https://example.org/ar", "صحيفة",
                                   "2024-05-01", "يعمل المصنع منذ عام 1990. "
                                   "انتشار المرض بدأ في الشتاء بسرعة كبيرة.",
                                   language="ar")])
    hits = rank(index, "متى انتشر المرض؟", 1)
    assert hits and "انتشار" in hits[0].sentence.text


def test_arabic_god_behind_a_clitic_stays_one_word() -> None:
    # "الله" is excepted from the two-letter nouns: behind a clitic too, where the rule read
    # "له" as its noun and Snowball cut that to the one-letter term "ل".
    from bot.search.lang import arabic

    ar = analyzer_for("ar")
    for word in ("والله", "بالله", "فالله"):
        assert arabic.without_article(word) == "الله"
        assert ar.terms(word) == ar.terms("الله") == ["الله|ar"]
    assert arabic.without_article("") == "" and arabic.normalise("") == ""
    assert ar.terms("FIFA") == ["fifa|ar"]  # other scripts pass through both rules


def test_thai_sara_am_survives_folding() -> None:
    # NFKC splits "ำ" in two; the segmenter's dictionary must still see "ทำ" and "ตำแหน่ง".
    assert analyzer_for("th").raw_tokens("การทำ 11 คะแนนในตำแหน่ง") == [
        "การ", "ทำ", "11", "คะแนน", "ใน", "ตำแหน่ง"]
    from bot.search.lang.questions import QType, question_type_in

    assert question_type_in("ทำไมทีมถึงแพ้", "th") is QType.WHY_HOW


def test_arabic_lemmas_before_stems() -> None:
    ar = analyzer_for("ar")
    # A broken plural and its singular, a word with an attached pronoun and without.
    for plural, singular in [("نقاط", "نقطة"), ("جوائز", "جائزة"), ("مدن", "مدينة"),
                             ("بمباراتهم", "مباراة")]:
        assert ar.terms(plural) == ar.terms(singular) != []


def test_spanish_keeps_long_function_words_as_terms() -> None:
    es = analyzer_for("es")
    assert es.terms("¿Quién ganó durante el año?") == ["gan|es", "durant|es", "año|es"]
    assert es.terms("cuántos estados") == ["estad|es"]


@pytest.mark.parametrize("language", ["ru", "de", "es", "ar", "hi", "zh", "th", "ro", "ja", "en"])
def test_rank_bm25_parity_per_analyzer(language: str) -> None:
    texts = {
        "ru": [RU, "Мост через Волгу откроют в 2027 году.", "Министр транспорта сообщил."],
        "de": ["Die neue Brücke wird 2027 eröffnet.", "Der Minister sprach über Brücken."],
        "es": ["El nuevo puente abrirá en 2027.", "El ministro habló de los puentes."],
        "ar": ["سيفتتح الجسر الجديد في عام 2027.", "تحدث الوزير عن الجسور الجديدة."],
        "hi": ["नया पुल 2027 में खुलेगा।", "मंत्री ने पुलों के बारे में बात की।"],
        "zh": ["新桥将于2027年开通。", "交通部长谈到了新桥的费用。"],
        "th": ["สะพานใหม่จะเปิดในปี 2027", "รัฐมนตรีพูดถึงสะพานใหม่"],
        "ro": ["Noul pod va fi deschis în 2027.", "Ministrul a vorbit despre poduri."],
        "ja": ["新しい橋は2027年に開通する。", "大臣は新しい橋について話した。"],
        "en": [EN, "The minister spoke about bridges."],
    }[language]
    articles = [article(f"a{i}", text, language) for i, text in enumerate(texts)]
    # Articles in two other languages beside them: one index, each article in its own terms.
    others = [article("f-ru", RU, "ru"), article("f-en", EN, "en"),
              article("f-ar", "تحدث الوزير عن الطقس.", "ar")]
    index = SentenceIndex(articles + [a for a in others if a.language != language])
    analyzer = index.analyzer_of(articles[0])
    assert analyzer.language in (language, "english")
    matches_rank_bm25_per_analyzer(index, analyzer,
                                   lambda article_id: not article_id.startswith("f-"))


def mixed_index() -> SentenceIndex:
    return SentenceIndex([article("bridge-en", EN, "en", "New Volga bridge"),
                          article("bridge-ru", RU, "ru", "Новый мост через Волгу")])


def test_mixed_corpus_russian_question_gets_the_russian_quote() -> None:
    index = mixed_index()
    assert index.languages == {"en": 1, "ru": 1}
    answer = answer_question(index, "Когда откроют мост через Волгу?")
    assert answer.kind is Kind.ANSWER and answer.language == "ru"
    assert answer.quotes[0].sentences[0].article_id == "bridge-ru"
    assert answer.quotes[0].text == "Мост длиной 1200 метров откроют в 2027 году."
    assert all(s.article_id == "bridge-ru" for q in answer.quotes for s in q.sentences)


def test_mixed_corpus_english_question_gets_the_english_quote() -> None:
    index = mixed_index()
    answer = answer_question(index, "When will the Volga bridge open?")
    assert answer.kind is Kind.ANSWER and answer.language == "en"
    assert answer.quotes[0].sentences[0].article_id == "bridge-en"
    assert answer.quotes[0].text == "The bridge, 1,200 metres long, will open in 2027."
    hits = rank(index, "How much will the project cost?", 5)
    assert hits and all(h.sentence.article_id == "bridge-en" for h in hits)


def test_short_questions_follow_the_askers_language() -> None:
    index = SentenceIndex([
        article("es", "El nuevo puente de Barcelona abrirá en 2027.", "es"),
        article("en", "The new Barcelona bridge will open in 2027.", "en"),
    ])
    spanish_user = LanguageHint(user_language="es-ES")
    assert question_language(index, "Barcelona", spanish_user) == "es"
    assert question_language(index, "Barcelona", LanguageHint(user_language="en")) == "en"
    # Earlier questions in the chat count too.
    assert question_language(index, "Barcelona", LanguageHint(recent=("es", "es"))) == "es"
    answer = answer_question(index, "Barcelona 2027", hint=LanguageHint(user_language="es"))
    assert answer.quotes and answer.quotes[0].sentences[0].article_id == "es"


def test_an_articles_language_is_part_of_its_digest() -> None:
    english = article("a", EN, "en")
    assert article_digest(english) == article_digest(article("a", EN, "en-GB"))
    assert article_digest(english) != article_digest(article("a", EN, "ru"))


def test_saved_index_keeps_each_articles_language(tmp_path) -> None:  # noqa: ANN001
    from bot.corpus import write_article
    from bot.search.index import INDEX_DIR_NAME, load_index
    from bot.search.saved_index import read_meta, read_saved

    for a in (article("bridge-en", EN, "en", "New Volga bridge"),
              article("bridge-ru", RU, "ru", "Новый мост через Волгу")):
        write_article(tmp_path, a)
    _, built = load_index(tmp_path)
    directory = tmp_path / INDEX_DIR_NAME
    saved = read_saved(directory, read_meta(directory))
    recorded = {article_id: (language, analyzer) for part in saved.parts
                for article_id, language, analyzer in zip(part.articles["id"].all(),
                                                          part.articles["language"].all(),
                                                          part.articles["analyzer"].all())}
    assert recorded == {"bridge-en": ("en", "english"), "bridge-ru": ("ru", "ru")}
    _, reopened = load_index(tmp_path)
    assert reopened.languages == built.languages == {"en": 1, "ru": 1}
    answer = answer_question(reopened, "Какова стоимость проекта?")
    assert answer.language == "ru" and answer.quotes
    assert answer.quotes[0].text == ("Стоимость проекта составит 40 миллиардов рублей, "
                                     "сообщил министр транспорта.")
    # The same text declared English now: analysed anew, not taken from the saved index.
    write_article(tmp_path, article("bridge-ru", RU, "en", "Новый мост через Волгу"),
                  overwrite=True)
    _, rebuilt = load_index(tmp_path)
    assert rebuilt.languages == {"en": 2}


def test_ingestion_detects_the_language_a_page_does_not_state(tmp_path) -> None:  # noqa: ANN001
    from bot.corpus import read_article
    from bot.ingest.ingestor import Given, Ingestor

    text = "Новый мост через Волгу\n\n" + RU + "\n\n" + RU
    given = Given(url="https://example.com/most", source="Пример", published="2024-05-01")
    result = Ingestor(tmp_path).add_text(text, given)
    assert result.article.language == "ru"
    assert read_article(result.path).language == "ru"
    # A language stated by the user wins over the text.
    stated = Given(url="https://example.com/most-2", source="Пример", published="2024-05-02",
                   language="uk", title="Volga bridge")
    other = EN + "\n\n" + EN
    assert Ingestor(tmp_path).add_text(other, stated).article.language == "uk"


def test_other_languages_rank_with_their_own_weights() -> None:
    from bot.search.features import RERANK_WEIGHTS, table_for, weight_vector, weights_for
    from bot.search.lang import weights as lang_weights

    index = mixed_index()
    english, russian = index.for_language("en"), index.for_language("ru")
    assert weights_for(english) == weight_vector(RERANK_WEIGHTS)
    table = lang_weights.for_language("ru")
    assert table is not None and table == lang_weights.for_language("th")
    # The Russian table has one feature more (bot.search.lang.grams), weighted from it too.
    assert weights_for(russian) == weight_vector(table, table_for(russian))
    assert weights_for(russian)[:len(weights_for(english))] != weights_for(english)
    assert lang_weights.for_language("en") is None
