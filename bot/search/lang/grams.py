"""Character n-grams of a question against whole paragraphs and articles: two more reranker
features for languages other than English (paragraph_grams, article_grams).

A question and the paragraph that answers it were often written apart (XQuAD: translated
separately), so they share a word's stem less often than in English ("Nationalhymne" / "Hymne",
"multipliziert" / "Multiplikation", "oynamış" / "oynadı"); its other languages lose the right
article or paragraph about twice as often as English (10 % of even-half questions against
5.4 %). Their character 3- to 5-grams still meet. Each paragraph of the language's articles is
a bag of the n-grams of its words (stopwords out, each word's edges marked: "_haus_" -> "_ha",
"hau" ... "us_"; Thai: of its runs of letters, before segmentation), and a candidate sentence
scores its paragraph's BM25 (rank-bm25's BM25Okapi: k1 1.5, b 0.75, its idf floor) against the
question's n-grams, over every paragraph of that language (article_grams: its article's, over
every article). Chinese and Japanese are left out
(their runs' n-grams lowered XQuAD Chinese; see README).

The paragraphs' n-grams are worked out on the first question in the language and kept with the
index (about 13 times the postings of its words; XQuAD's German, 1,282 sentences: 0.13 s and
12.6 MB for both tables, benchmarks/xquad_grams_cost.py), for at most MAX_SENTENCES sentences
of the language: past that the feature is 0 (a large corpus would pay seconds at its first
question, and the memory; keeping them in the saved index would lift the limit). They belong to
one index object: a snapshot grown by new articles works them out again on its first question
in the language.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import regex

from bot.search.lang import analyzer_for, language_of

if TYPE_CHECKING:
    from bot.search.index import SentenceIndex

NAME = "paragraph_grams"
ARTICLE_NAME = "article_grams"  # the same over whole articles
# English: measured with both features (benchmarks/tune_rerank.py --english-grams), retuned on
# SQuAD v1.1 dev's even articles, they added 0.15 points P@1 there, 0.05 on the odd ones and
# nothing on XQuAD English (README, "English reranking against issue 14's"): not worth a
# table past MAX_SENTENCES. CJK runs lose.
LEFT_OUT = frozenset({"en", "zh", "ja"})
RUNS = frozenset({"th"})  # n-grams of the runs of letters (its words are a segmenter's guess)
SIZES = (3, 5)
K1, B = 1.5, 0.75
EPSILON = 0.25  # rank-bm25's floor for a negative idf: this share of the mean idf
MAX_SENTENCES = 10_000  # of the language's articles: past that the feature is 0
_QUESTIONS = 64  # question scores kept per index
_RUN = regex.compile(r"[\p{L}\p{M}\p{N}]+")


def used_for(language: str) -> bool:
    """True if questions in this language are ranked with the feature."""
    return language_of(language) not in LEFT_OUT


def grams(words: Sequence[str], low: int = SIZES[0], high: int = SIZES[1]) -> list[str]:
    """The character n-grams (low..high letters) of each word, its edges marked."""
    out: list[str] = []
    for word in words:
        marked = f"_{word}_"
        if len(marked) <= low:
            out.append(marked)
            continue
        for n in range(low, high + 1):
            out.extend(marked[i:i + n] for i in range(len(marked) - n + 1))
    return out


def words_of(language: str, text: str, question: bool = False) -> list[str]:
    """The words n-grams are taken from: the language's tokens without stopwords (and, in a
    question, without the words that only frame it and the second word of a two-word question
    word, as its search terms), or Thai's runs of letters."""
    from bot.search.lang.analyzer import LanguageAnalyzer
    from bot.search.lang.words import _folded, sara_am

    analyzer = analyzer_for(language)
    assert isinstance(analyzer, LanguageAnalyzer)
    if language in RUNS:
        return _RUN.findall(sara_am(_folded(text)))
    if question:  # the words its search terms come from: the analyzer's reading, not a copy
        return analyzer.question_words(text)
    return [t for t in analyzer.raw_tokens(text) if analyzer.keeps(t)]


class SentenceGrams:
    """The n-grams of every sentence of one language's articles in an index, numbered: worked
    out once for both tables (paragraphs and articles), which took as long again each when
    each read the sentences itself (XQuAD Arabic's first question: 0.3 s of 0.6 s)."""

    def __init__(self, index: SentenceIndex, language: str) -> None:
        # Each gram numbered when first met, so the tables count numbers, not each its own
        # copy of the strings (10,377 sentences: 274 MB at the peak with strings).
        self.ids: dict[str, int] = {}
        number = self.ids.setdefault
        known: dict[str, list[int]] = {}  # a word's grams' numbers: most words come back
        flat: list[int] = []
        docs: list[int] = []
        sizes: list[int] = []
        for article_id in _articles_in(index, language):
            for doc in index.article_docs(article_id):
                before = len(flat)
                for word in words_of(language, index.sentences[doc].text):
                    ids = known.get(word)
                    if ids is None:
                        ids = known[word] = [number(g, len(self.ids)) for g in grams([word])]
                    flat.extend(ids)
                docs.append(doc)
                sizes.append(len(flat) - before)
        self.grams = np.array(flat, dtype=np.int64)  # every sentence's, in index order
        self.docs = np.array(docs, dtype=np.int64)  # the sentences, in that order
        self.sizes = np.array(sizes, dtype=np.int64)  # how many grams each has


class ParagraphGrams:
    """BM25 over the n-grams of every paragraph (or, with `whole`, every article) of one
    language's articles in an index."""

    def __init__(self, index: SentenceIndex, language: str, whole: bool = False,
                 sentences: SentenceGrams | None = None) -> None:
        self.language = language
        found = sentences if sentences is not None else SentenceGrams(index, language)
        self.ids = found.ids  # shared by the two tables: read only once built
        units: dict[tuple[str, int], int] = {}
        self.unit_of = np.full(len(index.sentences), -1, dtype=np.int64)
        for doc in found.docs.tolist():
            sentence = index.sentences[doc]
            self.unit_of[doc] = units.setdefault(
                (sentence.article_id, -1 if whole else sentence.paragraph), len(units))
        self.n = len(units)
        # Postings in one block (compressed rows: a gram's paragraphs and counts are
        # units[starts[g]:starts[g + 1]], paragraphs in order): a dict of small arrays took
        # 25 MB for XQuAD's 240 German paragraphs.
        unit_of_gram = np.repeat(self.unit_of[found.docs], found.sizes)
        keys, counts = np.unique(found.grams * max(self.n, 1) + unit_of_gram,
                                 return_counts=True)
        lengths = np.bincount(unit_of_gram, minlength=self.n).astype(np.float64)
        mean = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
        self.norm = K1 * (1 - B + B * lengths / mean)
        self.units = (keys % max(self.n, 1)).astype(np.int32)
        self.counts = counts.astype(np.float64)
        df = np.bincount(keys // max(self.n, 1), minlength=len(self.ids))
        self.starts = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        idf = np.log(self.n - df + 0.5) - np.log(df + 0.5)
        # rank-bm25's floor; never below 0: in a corpus of one or two paragraphs every gram is
        # in half of them or more, and negative scores would push its sentences down.
        floor = max(0.0, EPSILON * float(idf.mean())) if len(idf) else 0.0
        self.idf = np.where(idf >= 0, idf, floor)
        self._scores: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def scores(self, question: str) -> np.ndarray:
        """BM25 of every paragraph against the question's n-grams (kept for a few questions)."""
        with self._lock:
            found = self._scores.get(question)
            if found is not None:
                self._scores.move_to_end(question)
                return found
        out = np.zeros(self.n, dtype=np.float64)
        for gram in grams(words_of(self.language, question, question=True)):
            gram_id = self.ids.get(gram)
            if gram_id is not None:
                lo, hi = self.starts[gram_id], self.starts[gram_id + 1]
                units, counts = self.units[lo:hi], self.counts[lo:hi]
                out[units] += self.idf[gram_id] * counts * (K1 + 1) / (counts + self.norm[units])
        with self._lock:
            self._scores[question] = out
            while len(self._scores) > _QUESTIONS:
                self._scores.popitem(last=False)
        return out

    def score(self, question: str, doc: int) -> float:
        """The BM25 of the paragraph of sentence `doc` (0 for a sentence of another language)."""
        unit = int(self.unit_of[doc]) if doc < len(self.unit_of) else -1
        return float(self.scores(question)[unit]) if unit >= 0 else 0.0


def _articles_in(index: SentenceIndex, language: str) -> list[str]:
    """The ids of the index's articles in `language`, in index order."""
    from bot.search.index import ArticleMap

    articles = index.articles
    headers = articles.headers() if isinstance(articles, ArticleMap) else articles.values()
    return [a.id for a in headers if language_of(a.language) == language]


class _Tables:
    """An index's tables (key: `whole`), the lock under which each is built once, and the
    sentences' n-grams they are built from while one of them is still to build."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.found: dict[bool, ParagraphGrams | None] = {}
        self.sentences: SentenceGrams | None = None


_BUILT: weakref.WeakKeyDictionary[SentenceIndex, _Tables] = weakref.WeakKeyDictionary()
# Guards _BUILT only: a build holds its own index's lock, so it never makes a question on
# another index (another language, the next snapshot) wait.
_BUILT_LOCK = threading.Lock()


def paragraph_grams(index: SentenceIndex, whole: bool = False) -> ParagraphGrams | None:
    """The n-gram paragraphs (with `whole`, articles) of the language an index view's
    questions are in (worked out once per index); None for a language left out or a corpus
    past MAX_SENTENCES."""
    language = language_of(index.analyzer.language)
    if not used_for(language):
        return None
    with _BUILT_LOCK:
        tables = _BUILT.get(index)
        if tables is None:
            tables = _BUILT[index] = _Tables()
    with tables.lock:
        if whole not in tables.found:
            if _sentence_count(index, language) > MAX_SENTENCES:
                tables.found[whole] = None
            else:
                if tables.sentences is None:
                    tables.sentences = SentenceGrams(index, language)
                tables.found[whole] = ParagraphGrams(index, language, whole, tables.sentences)
                if len(tables.found) == 2:  # both built: the sentences' n-grams are done with
                    tables.sentences = None
        return tables.found[whole]


def _sentence_count(index: SentenceIndex, language: str) -> int:
    """How many sentences the language's articles have in the index."""
    return sum(len(index.article_docs(a)) for a in _articles_in(index, language))
