"""Reading a question in its article's words: chat's auxiliaries and light words, two words
re-read at once, the next article for a chat phrase, kinds ("vehicles" -> "trucks"),
nominalisations ("suspended" -> "suspension")."""

from __future__ import annotations

from bot.search import paraphrase
from bot.search.index import SentenceIndex
from bot.search.paraphrase import align
from bot.search.query import analyse
from bot.search.retrieve import rank
from bot.search.variants import KINDS, derivations
from tests.helpers.articles import news_article

ARTICLES = [
    news_article("jobs", "The company plans to axe 500 jobs at its Leeds plant. "
             "Unions said they would fight the plan."),
    news_article("troops", "Russia has begun to withdraw its peacekeepers from the region. "
             "The Kremlin said the withdrawal would take weeks."),
    news_article("base", "Trucks carrying soldiers drove out of the base at dawn. "
             "The base will close next year, officials said."),
    news_article("archer", "Lord Archer's five-year suspension from the party has ended. "
             "He was jailed in 2001."),
    news_article("shops", "Benetton has 4,400 retail outlets worldwide. "
             "Its sales rose last year."),
    news_article("growth", "The institutes forecast growth of two pct in 1987 for West Germany. "
             "Exports were weak after the tax cuts."),
    news_article("runner", "He runs daily and he runs fast."),
    news_article("plays", "The Pillowman by Martin McDonagh is shortlisted for best play. "
             "The awards are given in London."),
    news_article("court", "TransAmerica filed a lawsuit against Coastal seeking two billion dlrs. "
             "Coastal said the suit had no merit."),
    news_article("spam", "Steve Linford, director of Spamhaus, warned of a virus. "
             "Spamhaus tracks spam gangs."),
]


def _terms(index: SentenceIndex, question: str) -> tuple[str, ...]:
    return analyse(index, question).terms


def test_chat_auxiliaries_are_not_searched_for() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    for question in ("how many jobs is the company going to axe at leeds",
                     "how many jobs is the company trying to axe at leeds",
                     "how many jobs is the company supposed to axe at leeds",
                     "how many jobs is the company gonna axe at leeds"):
        terms = _terms(index, question)
        assert stem("axe") in terms and stem("leeds") in terms, question
        assert not {stem("go"), stem("try"), stem("suppos"), "gonna"} & set(terms), question
    # Before a noun "going to" is a journey, and its words stay.
    assert stem("go") in _terms(index, "who is going to the cup final")


def test_light_words_the_article_lacks_go_beside_a_word_re_read() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    # The article says "axe" for "cut" and never "want": "want" no longer keeps the question
    # from being read in its words.
    terms = _terms(index, "how many jobs does the company want to cut at leeds")
    assert stem("axe") in terms and stem("want") not in terms and stem("cut") not in terms
    # A light word alone is never dropped: the question keeps all its words.
    terms = _terms(index, "how many jobs does the company want at leeds")
    assert stem("want") in terms


def test_two_words_are_re_read_when_the_article_has_a_form_of_each() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    question = "when did the russians pull out their peacekeepers"
    terms = tuple(index.analyzer.query_terms(question))
    aligned = align(question, terms, index)
    assert stem("russia") in aligned and stem("withdraw") in aligned
    assert stem("pull") not in aligned
    # One of the two has no form there: it may be another article, nothing is re-read.
    question = "when did the russians pull out their peacekeepers by train"
    terms = tuple(index.analyzer.query_terms(question))
    assert align(question, terms, index) == terms


def test_a_chat_phrase_is_read_in_the_next_article_of_the_first_search() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    question = "who runs spamhaus"
    terms = tuple(index.analyzer.query_terms(question))
    first = index.search(terms, 1)[0].sentence.article_id
    assert first != "spam"  # the runner's article comes first: the next one is read
    aligned = align(question, terms, index)
    assert stem("director") in aligned and stem("spamhaus") in aligned, (first, aligned)
    assert rank(index, question, 1)[0].sentence.text.startswith("Steve Linford")


def test_a_general_word_is_read_as_the_kind_the_article_names() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    terms = _terms(index, "what vehicles drove out of the base")
    assert stem("truck") in terms and stem("vehicle") not in terms
    assert rank(index, "what vehicles drove out of the base", 1)[0].sentence.text.startswith(
        "Trucks")
    # The table goes from the general word to its kinds, one line a word.
    assert "truck" in KINDS["vehicle"] and "minister" in KINDS["official"]
    for word, kinds in KINDS.items():
        assert word.islower() and word not in kinds, word


def test_a_general_word_some_article_uses_is_read_as_its_article_s_kind() -> None:
    # Another article says "vehicles": no corpus-wide re-reading (reword), only the article's
    # own words (align) take the question to the trucks.
    index = SentenceIndex([*ARTICLES, news_article(
        "traffic", "Police said no vehicles were allowed in the square.")])
    stem = index.analyzer.stem
    assert index.engine.doc_freq(stem("vehicle")) > 0
    terms = _terms(index, "what vehicles drove out of the base")
    assert stem("truck") in terms and stem("vehicle") not in terms
    assert rank(index, "what vehicles drove out of the base", 1)[0].sentence.text.startswith(
        "Trucks")


def test_the_cache_of_question_words_is_bounded() -> None:
    # Keyed on users' words in a bot that runs for months.
    assert paraphrase._word_forms.cache_parameters()["maxsize"] is not None


def test_nominalisations_whose_stem_changes() -> None:
    assert "suspension" in derivations("suspended")
    assert "decision" in derivations("decide")
    assert "delivery" in derivations("delivered")
    assert "reduction" in derivations("reduce")
    assert "qualification" in derivations("qualify")
    assert "deliver" in derivations("delivery")  # and back
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    assert stem("suspension") in _terms(index, "how long was lord archer suspended from the party")


def test_chat_phrases_and_news_words() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    terms = _terms(index, "how many shops has benetton got around the world")
    assert stem("worldwide") in terms and stem("outlet") in terms
    terms = _terms(index, "what growth do the institutes expect for west germany in 1987")
    assert stem("forecast") in terms and stem("expect") not in terms


def test_a_verb_of_making_is_left_out_of_a_who_question_its_article_never_says() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    assert _terms(index, "who wrote the pillowman") == (stem("pillowman"),)
    assert rank(index, "who wrote the pillowman", 1)[0].sentence.text.startswith("The Pillowman")
    # Not asked "who": the verb stays ("when was the pillowman written?").
    assert stem("write") in _terms(index, "when was the pillowman written")


def test_an_inflection_the_stemmer_cuts_short_finds_its_paraphrases() -> None:
    index = SentenceIndex(ARTICLES)
    stem = index.analyzer.stem
    terms = _terms(index, "how much is transamerica suing coastal for")
    assert stem("lawsuit") in terms and stem("suing") not in terms


# Articles on other things, so that a word of a few articles is a telling one, as in a corpus.
FILLER = [news_article(f"other{n}", f"Shares in company {n} rose on Monday.") for n in range(6)]


def test_three_words_are_re_read_when_the_article_has_a_form_of_each() -> None:
    index = SentenceIndex([
        news_article("vaccines", "Kenya said 50 children a year in Kenya suffer serious injuries "
                     "from vaccines. Kenya will pay for the vaccines."),
        news_article("kid", "The kid stayed at home with his mother and two sisters all week."),
        news_article("weather", "It was a bad winter for the farmers of the northern hills."),
        news_article("fall", "He was hurt in a fall from the roof of his house on Sunday."),
        *FILLER,
    ])
    stem = index.analyzer.stem
    question = "how many kids in kenya are badly hurt by vaccines"
    terms = tuple(index.analyzer.query_terms(question))
    aligned = align(question, terms, index)
    assert {stem("child"), stem("serious"), stem("injuries"), stem("kenya")} <= set(aligned)
    assert not {stem("kid"), stem("bad"), stem("hurt")} & set(aligned), aligned
    assert paraphrase.MAX_REREAD == 3


def test_a_word_naming_the_kind_of_answer_is_left_out_where_the_article_never_says_it() -> None:
    index = SentenceIndex([
        news_article("bowl", "The Super Bowl will be watched by millions on 6 February."),
        news_article("vote", "The date of the vote was set for the day after the talks."),
        *FILLER,
    ])
    stem = index.analyzer.stem
    terms = _terms(index, "what date is the super bowl")
    assert stem("date") not in terms and stem("bowl") in terms, terms
    assert rank(index, "what date is the super bowl", 1)[0].sentence.article_id == "bowl"
    # An article that says the word keeps it.
    assert stem("date") in _terms(index, "what date was the vote set for")


def test_a_chat_phrase_s_news_word_finds_the_article_its_words_did_not() -> None:
    index = SentenceIndex([
        news_article("wasp", "Wasp, a short film by Andrea Arnold, has won 30 awards worldwide, "
                     "its director told reporters at the ceremony in London on Sunday."),
        *(news_article(f"band{n}", f"Band {n} picked up an award, its third award, on its world "
                       "tour.") for n in range(4)),
        *(news_article(f"garden{n}", "A wasp stung him in the garden.") for n in range(3)),
        *FILLER,
    ])
    stem = index.analyzer.stem
    question = "how many awards has wasp picked up around the world"
    terms = tuple(index.analyzer.query_terms(question))
    first = {h.sentence.article_id for h in index.search(
        [t for t in terms if t not in paraphrase.LIGHT_TERMS], paraphrase.ALIGN_HITS)}
    assert "wasp" not in first  # the first search's articles are the bands'
    aligned = align(question, terms, index)
    assert {stem("win"), stem("worldwide"), stem("wasp")} <= set(aligned), aligned
    assert rank(index, question, 1)[0].sentence.article_id == "wasp"


def test_a_word_is_read_as_the_form_the_answering_sentence_has() -> None:
    # The first search's articles (other finance ministers') cannot say "japan": the sentence
    # that says it otherwise is found by the question's words and their forms.
    index = SentenceIndex([
        *(news_article(f"minister{n}", f"The finance minister of {country} resigned.")
          for n, country in enumerate(("France", "Chile", "Peru", "Spain"))),
        *(news_article(f"football{n}", "Japan beat Chile at football.") for n in range(3)),
        news_article("yen", "Japan's exports rose in March. Japanese Finance Minister Kiichi "
                     "Miyazawa said the yen was stable on Monday."),
        *FILLER,
    ])
    stem = index.analyzer.stem
    first = {h.sentence.article_id for h in index.search(
        [stem("japan"), stem("finance"), stem("minister")], paraphrase.ALIGN_HITS)}
    assert "yen" not in first
    terms = _terms(index, "who is japan's finance minister")
    assert stem("japanese") in terms and stem("japan") not in terms, terms
    assert rank(index, "who is japan's finance minister", 1)[0].sentence.text.startswith(
        "Japanese Finance Minister")
    # Another article's sentence with the other words does not re-read a word its article
    # never uses: "who is fiat's chairman" is not "order".
    index = SentenceIndex([
        news_article("guinness", "Former Guinness chairman Ernest Saunders ordered the files "
                     "shredded."),
        news_article("cars", "Fiat sold more cars in Italy."),
    ])
    assert stem("fiat") in _terms(index, "who is fiat's chairman")


def test_no_sentence_search_when_a_word_no_sentence_has_has_no_form() -> None:
    index = SentenceIndex([
        *(news_article(f"minister{n}", f"The finance minister of {country} resigned.")
          for n, country in enumerate(("France", "Chile", "Peru", "Spain"))),
        *(news_article(f"football{n}", "Japan beat Chile at football.") for n in range(3)),
        news_article("yen", "Japan's exports rose in March. Japanese Finance Minister Kiichi "
                     "Miyazawa said the yen was stable on Monday."),
        *FILLER,
    ])
    stem = index.analyzer.stem
    searched: list[list[str]] = []
    search = index.search

    def counted(terms: list[str], k: int) -> list:  # type: ignore[type-arg]
        searched.append(list(terms))
        return search(terms, k)

    index.search = counted  # type: ignore[method-assign]
    question = "who is japan's finance minister"
    assert stem("japanese") in align(question, tuple(index.analyzer.query_terms(question)),
                                     index)
    assert len(searched) == 2  # the first search and the sentence-level one
    # "zorblax" is in no sentence and has no form: no sentence could give a reading.
    searched.clear()
    question = "who is japan's zorblax finance minister"
    terms = tuple(index.analyzer.query_terms(question))
    assert stem("zorblax") in terms and index.engine.doc_freq(stem("zorblax")) == 0
    assert align(question, terms, index) == terms
    assert len(searched) == 1, searched
