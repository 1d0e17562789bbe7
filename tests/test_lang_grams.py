"""The paragraph n-gram feature of languages other than English (bot.search.lang.grams)."""

from __future__ import annotations

import gc
import threading
import weakref
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from bot.corpus import Article
from bot.search import features
from bot.search.index import SentenceIndex
from bot.search.lang import grams
from bot.search.retrieve import feature_names, rank


def _article(number: int, body: str, language: str, title: str = "Bericht") -> Article:
    return Article(f"2024-05-0{number}-a{number}", title, f"https://example.org/{number}",
                   "Blatt", f"2024-05-0{number}", body, language=language)


GERMAN = [
    _article(1, "Lady Gaga sang die Nationalhymne vor dem Spiel. Das Publikum jubelte laut.\n\n"
                "Die Halbzeitshow bestritt eine britische Band.", "de"),
    _article(2, "Die Multiplikation zweier Zahlen ergibt ein Produkt. Sie ist kommutativ.\n\n"
                "Primzahlen haben genau zwei Teiler.", "de"),
    _article(3, "Der Fluss fließt durch die Stadt. Im Sommer führt er wenig Wasser.", "de"),
]


def test_the_feature_is_in_the_table_of_other_languages_only() -> None:
    german = SentenceIndex(GERMAN)
    assert feature_names(german)[-2:] == (grams.NAME, grams.ARTICLE_NAME)
    english = SentenceIndex([_article(4, "The ferry sailed at dawn. Gulls followed.", "en")])
    assert grams.NAME not in feature_names(english)
    assert features.weights_for(english) == features.weight_vector()  # English unchanged
    chinese = SentenceIndex([_article(5, "渡轮在黎明时启航。海鸥跟着它。", "zh")])
    assert grams.NAME not in feature_names(chinese)
    weights = features.weights_for(german)
    assert len(weights) == len(feature_names(german)) and weights[-2] > 0 and weights[-1] > 0


def test_paragraph_scores_are_rank_bm25_over_the_paragraphs_ngrams() -> None:
    index = SentenceIndex(GERMAN)
    found = grams.paragraph_grams(index)
    assert found is not None and found.n == 5  # five paragraphs
    bags: list[list[str]] = [[] for _ in range(found.n)]
    for doc, sentence in enumerate(index.sentences):
        bags[int(found.unit_of[doc])].extend(grams.grams(grams.words_of("de", sentence.text)))
    question = "Wer hat die Hymne gesungen?"  # "Hymne": only inside "Nationalhymne"
    want = BM25Okapi(bags).get_scores(grams.grams(grams.words_of("de", question, True)))
    assert np.allclose(found.scores(question), want)
    anthem = next(d for d, s in enumerate(index.sentences) if "Nationalhymne" in s.text)
    river = next(d for d, s in enumerate(index.sentences) if "Fluss" in s.text)
    assert found.score(question, anthem) > found.score(question, river) >= 0.0
    assert grams.paragraph_grams(index) is found  # worked out once per index


def test_a_question_finds_its_paragraph_through_a_compound() -> None:
    index = SentenceIndex(GERMAN)
    # No sentence holds "Multiplikationen" ("multiplikation" is another stem), yet its
    # paragraph comes first.
    hits = rank(index, "Was ergeben Multiplikationen?", 3)
    assert hits and "Multiplikation" in hits[0].sentence.text


def test_past_the_size_limit_the_feature_is_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(grams, "MAX_SENTENCES", 2)
    index = SentenceIndex(GERMAN)
    assert grams.paragraph_grams(index) is None
    assert rank(index, "Wer sang die Nationalhymne?", 1)  # still answered, by the words


def test_in_a_mixed_index_only_the_questions_language_counts() -> None:
    english = _article(6, "The national anthem was sung by Lady Gaga.", "en")
    index = SentenceIndex([*GERMAN, english])
    german = index.for_language("de")
    found = grams.paragraph_grams(german)
    assert found is not None and found.n == 5
    english_doc = next(d for d, s in enumerate(index.sentences) if "anthem" in s.text)
    assert found.score("Wer sang die Nationalhymne?", english_doc) == 0.0
    assert grams.paragraph_grams(index.for_language("en")) is None


def test_a_one_paragraph_corpus_scores_nothing_below_zero() -> None:
    # Every gram is in every paragraph: BM25's idf is negative (rank-bm25 floors it at a share
    # of a negative mean); the feature must not push the only article's sentences down.
    index = SentenceIndex([_article(7, "Мост длиной 1200 метров откроют в 2027 году. "
                                       "Строительство началось весной.", "ru")])
    found = grams.paragraph_grams(index)
    assert found is not None and (found.scores("Когда откроют мост?") >= 0).all()
    hits = rank(index, "Когда откроют мост?", 1)
    assert hits and "2027" in hits[0].sentence.text


def test_articles_are_scored_as_one_bag_of_ngrams() -> None:
    index = SentenceIndex(GERMAN)
    found = grams.paragraph_grams(index, whole=True)
    assert found is not None and found.n == 3  # three articles
    assert found is not grams.paragraph_grams(index)
    bags: list[list[str]] = [[] for _ in range(found.n)]
    for doc, sentence in enumerate(index.sentences):
        bags[int(found.unit_of[doc])].extend(grams.grams(grams.words_of("de", sentence.text)))
    question = "Wer hat die Hymne gesungen?"
    want = BM25Okapi(bags).get_scores(grams.grams(grams.words_of("de", question, True)))
    assert np.allclose(found.scores(question), want)
    # Both sentences of the anthem's article share its score, the half-time show's too.
    first = [d for d, s in enumerate(index.sentences) if s.article_id == GERMAN[0].id]
    assert len({found.score(question, d) for d in first}) == 1


def test_a_grown_snapshot_works_its_own_ngrams_out_and_the_old_ones_go_with_it() -> None:
    old = SentenceIndex(GERMAN)
    before = grams.paragraph_grams(old)
    assert before is not None and before.n == 5
    grown = old.with_articles([_article(8, "Die Fähre legte im Morgengrauen ab.", "de")])
    after = grams.paragraph_grams(grown)
    assert after is not None and after.n == 6 and after is not before
    # A question still in flight on the old snapshot keeps its tables, unchanged.
    assert grams.paragraph_grams(old) is before and before.n == 5
    ferry = next(d for d, s in enumerate(grown.sentences) if "Fähre" in s.text)
    assert after.score("Wann legte die Fähre ab?", ferry) > 0.0
    assert before.score("Wann legte die Fähre ab?", ferry) == 0.0  # not in the old one
    # Built once per index, whatever the threads asking at once.
    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(lambda _: grams.paragraph_grams(grown, whole=True), range(8)))
    assert found[0] is not None and all(f is found[0] for f in found)
    # The tables belong to the index object: dropped with it.
    table = weakref.ref(before)
    del old, before
    gc.collect()
    assert table() is None
    assert grams.paragraph_grams(grown) is after


def test_a_build_makes_no_question_on_another_index_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    built = SentenceIndex(GERMAN)
    ready = grams.paragraph_grams(built)
    slow = SentenceIndex(GERMAN[:2])
    started, release = threading.Event(), threading.Event()
    real = grams.ParagraphGrams

    def held(index: SentenceIndex, language: str, whole: bool = False,
             sentences: grams.SentenceGrams | None = None) -> grams.ParagraphGrams:
        started.set()
        release.wait(10)
        return real(index, language, whole, sentences)

    monkeypatch.setattr(grams, "ParagraphGrams", held)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(grams.paragraph_grams, slow)
        assert started.wait(10)
        # While `slow` builds, a question on another index gets its table at once.
        with ThreadPoolExecutor(1) as other:
            assert other.submit(grams.paragraph_grams, built).result(timeout=5) is ready
        release.set()
        assert pending.result(timeout=10) is not None


def test_both_tables_come_from_one_pass_over_the_sentences(
        monkeypatch: pytest.MonkeyPatch) -> None:
    index = SentenceIndex(GERMAN)
    passes: list[grams.SentenceGrams] = []
    real = grams.SentenceGrams

    def counted(index: SentenceIndex, language: str) -> grams.SentenceGrams:
        passes.append(real(index, language))
        return passes[-1]

    monkeypatch.setattr(grams, "SentenceGrams", counted)
    paragraphs = grams.paragraph_grams(index)
    articles = grams.paragraph_grams(index, whole=True)
    assert len(passes) == 1 and paragraphs is not None and articles is not None
    assert paragraphs.ids is articles.ids  # one numbering of the n-grams
    assert grams._BUILT[index].sentences is None  # let go once both tables are built
    # The same tables as each built on its own pass.
    question = "Wer hat die Hymne gesungen?"
    for whole, table in ((False, paragraphs), (True, articles)):
        alone = grams.ParagraphGrams(index, "de", whole, real(index, "de"))
        assert np.array_equal(alone.scores(question), table.scores(question))
        assert np.array_equal(alone.units, table.units)
        assert np.array_equal(alone.counts, table.counts)
