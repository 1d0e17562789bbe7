"""The sentence index: every sentence of every article is one BM25 document.

With the newsbot engine the index is saved beside the corpus (`<corpus>/.newsbot-index/`, a
hidden directory the corpus loader skips; files in bot/search/saved_index.py) and opened from
there while the corpus is unchanged; new articles are added to it, and any other change
rebuilds it. That policy lives in one place: `open_index` below.
"""

from __future__ import annotations

import copy
import logging
import operator
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import numpy as np

from bot.corpus import Article, Corpus, article_digest, corpus_hash, corpus_lock, load_corpus
from bot.search.bm25 import IndexFormatError, NewsbotEngine
from bot.search.engines import DEFAULT_ENGINE, Engine, make_engine, smooth_idf
from bot.search.lang import (
    TextAnalyzer,
    analyzer_for,
    analyzer_name,
    language_of,
    split_sentences_for,
)
from bot.search.progress import Progress
from bot.search.saved_index import (
    SavedIndex,
    encode_sentences,
    join_columns,
    pipeline_version,
    read_meta,
    read_saved,
    write_saved,
)

logger = logging.getLogger(__name__)
INDEX_DIR_NAME = ".newsbot-index"


@dataclass(frozen=True)
class Sentence:
    """One sentence, exactly as written, and where it stands in its article."""

    article_id: str
    position: int  # 0-based number of the sentence in its article
    paragraph: int  # 0-based number of its paragraph
    text: str


@dataclass(frozen=True)
class Hit:
    """A sentence that matched a question, with its BM25 score."""

    doc: int  # the sentence's number in the index
    sentence: Sentence
    score: float


def article_sentences(article: Article) -> list[Sentence]:
    """The sentences of an article, in order."""
    sentences: list[Sentence] = []
    for number, paragraph in enumerate(article.paragraphs):
        for begin, end in split_sentences_for(paragraph, article.language):
            sentences.append(Sentence(article.id, len(sentences), number, paragraph[begin:end]))
    return sentences


class SentenceIndex:
    """BM25 over the sentences of a set of articles; hits know their article and position.

    Each article is analysed in its own language (bot.search.lang), unless one `analyzer` is
    given for all. `analyzer` is the one questions are analysed with: the most common
    language's, and another language's in the view `for_language` returns.
    """

    def __init__(
        self,
        articles: Iterable[Article],
        analyzer: TextAnalyzer | None = None,
        engine: str = DEFAULT_ENGINE,
    ) -> None:
        # Every attribute set here is also set by `from_saved` (an index opened from disk).
        articles = list(articles)
        self._fixed = analyzer
        self._views: dict[str, SentenceIndex] = {}
        self._languages: Counter[str] = Counter(language_of(a.language) for a in articles)
        self.analyzer = analyzer or analyzer_for(_main_language(self._languages))
        self.articles: dict[str, Article] = {}
        # A list when built here; a SentenceTable (decoded on access) when opened from disk.
        self.sentences: Sequence[Sentence] = []
        # First index and count of each article's sentences in self.sentences, for context.
        self._first: dict[str, int] = {}
        self._count: dict[str, int] = {}
        self.engine_name = engine
        documents = self._take(articles, self.sentences, count=False)
        if len(documents) >= 100_000:
            logger.info("building the %s index over %d sentences", engine, len(documents))
        self.engine: Engine = make_engine(engine, documents)

    @classmethod
    def from_saved(cls, saved: SavedIndex, articles: Mapping[str, Article]) -> SentenceIndex:
        """An index from its saved form, without splitting or analysing; `articles` holds at
        least the saved ones."""
        index = cls.__new__(cls)
        index._fixed = None
        index._views = {}
        index.analyzer = analyzer_for(saved.language)
        index.articles = {a: articles[a] for a in saved.article_ids}
        index._languages = Counter(language_of(a.language) for a in index.articles.values())
        index.sentences = SentenceTable(saved.columns, saved.article_ids)
        index._first = dict(zip(saved.article_ids, saved.first))
        index._count = dict(zip(saved.article_ids, saved.count))
        index.engine_name, index.engine = saved.engine_name, saved.engine
        return index

    def saved_form(self) -> SavedIndex:
        """What `saved_index.write_saved` writes of this index (newsbot engine only)."""
        if not isinstance(self.engine, NewsbotEngine):
            raise TypeError(f"only the newsbot engine can be saved, not {self.engine_name!r}")
        article_ids = list(self.articles)
        numbers = {article_id: n for n, article_id in enumerate(article_ids)}
        sentences = self.sentences
        if isinstance(sentences, SentenceTable):
            # Saved columns are copied as they are; only sentences added since are encoded.
            columns = join_columns(sentences.columns(), _encode(sentences.added(), numbers))
        else:
            columns = _encode(sentences, numbers)
        return SavedIndex(
            self.analyzer.language, self.engine_name, self.engine, columns, article_ids,
            [article_digest(self.articles[a]) for a in article_ids],
            [self._first[a] for a in article_ids], [self._count[a] for a in article_ids],
            [language_of(self.articles[a].language) for a in article_ids],
            {lang: analyzer_name(lang) for lang in sorted(self._languages)},
        )

    def analyzer_of(self, article: Article) -> TextAnalyzer:
        """The analyzer of an article's sentences: its language's (or the one given to all)."""
        return self._fixed or analyzer_for(article.language)

    @property
    def languages(self) -> Counter[str]:
        """How many articles the index holds in each language (ISO 639-1)."""
        return self._languages

    def for_language(self, code: str | None) -> SentenceIndex:
        """This index with questions analysed in another language (the same data, shared).

        Article terms carry their language (bot.search.lang.analyzer), so such a question
        only meets sentences of articles in that language.
        """
        language = language_of(code)
        if self._fixed is not None or language_of(self.analyzer.language) == language:
            return self
        view = self._views.get(language)
        if view is None:
            view = copy.copy(self)
            view.analyzer = analyzer_for(language)
            view._views = {}
            self._views[language] = view
        return view

    def _take(self, articles: list[Article], sentences, count: bool = True) -> list[list[str]]:
        """Split and analyse articles into `sentences`; returns their search terms."""
        documents: list[list[str]] = []
        with Progress(len(articles), "splitting and analysing", "articles") as progress:
            for article in articles:
                self.articles[article.id] = article
                self._first[article.id] = len(sentences)
                split = article_sentences(article)
                self._count[article.id] = len(split)
                sentences.extend(split)
                analyzer = self.analyzer_of(article)
                documents.extend(analyzer.terms(s.text) for s in split)
                if count:
                    self._languages[language_of(article.language)] += 1
                progress.update(1)
        return documents

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Index more articles in place (queries see them at once); returns how many were new.

        An article whose id is already indexed is skipped: a changed article needs a rebuild.
        """
        new = list({a.id: a for a in articles if a.id not in self.articles}.values())
        if not new:
            return 0
        # The sentences go in first, so a hit on a new document always finds its sentence.
        documents = self._take(new, self.sentences)
        self.engine.add(documents)
        return len(new)

    def __len__(self) -> int:
        return len(self.sentences)

    def search(self, terms: Sequence[str], k: int) -> list[Hit]:
        """The k best sentences for the query terms, best first (only scores above zero)."""
        return [Hit(doc, self.sentences[doc], score) for doc, score in self.engine.top_k(terms, k)]

    def idf(self, term: str) -> float:
        """How telling a term is in this index (never negative, highest for unseen terms)."""
        return smooth_idf(self.engine.doc_freq(term), len(self.sentences))

    def coverage(self, terms: Sequence[str], sentence: Sentence) -> float:
        """The idf-weighted share of the distinct query terms that the sentence contains."""
        wanted = set(terms)
        if not wanted:
            return 0.0
        present = set(self.analyzer.terms(sentence.text))
        total = sum(self.idf(t) for t in wanted)
        return sum(self.idf(t) for t in wanted & present) / total if total else 0.0

    def article_docs(self, article_id: str) -> range:
        """The numbers of an article's sentences in this index, in order."""
        first = self._first[article_id]
        return range(first, first + self._count[article_id])

    def neighbours(self, sentence: Sentence, before: int = 1, after: int = 1) -> list[Sentence]:
        """The sentence with up to `before` and `after` sentences around it in its article."""
        first = self._first[sentence.article_id]
        count = self._count[sentence.article_id]
        lo = max(0, sentence.position - before)
        hi = min(count, sentence.position + after + 1)
        return list(self.sentences[first + lo : first + hi])

    def save(self, directory: Path | str) -> None:
        """Save the index as plain files, atomically (newsbot engine only)."""
        write_saved(Path(directory), self.saved_form())

    @classmethod
    def open(
        cls,
        corpus: Corpus,
        index_dir: Path | str | None = None,
        engine: str = DEFAULT_ENGINE,
    ) -> SentenceIndex:
        """The corpus's index: the saved one if it still fits, updated or rebuilt if not.

        `index_dir` defaults to `<corpus>/.newsbot-index`. A saved index that is damaged or
        from another version is rebuilt with a log line; one that cannot be written (a
        read-only corpus) is only logged. Engines other than newsbot are built every time.
        """
        if index_dir is None:
            index_dir = Path(corpus.directory) / INDEX_DIR_NAME
        return open_index(corpus, Path(index_dir), engine)


class SentenceTable(Sequence[Sentence]):
    """Sentences kept as columns (memory-mapped); a Sentence is made when one is asked for."""

    def __init__(self, columns: Mapping[str, np.ndarray], article_ids: Sequence[str]) -> None:
        self._text = columns["text"]
        self._offsets = columns["text_offsets"]
        self._article = columns["article"]
        self._position = columns["position"]
        self._paragraph = columns["paragraph"]
        self._article_ids = list(article_ids)
        self._saved = len(self._article)
        self._tail: list[Sentence] = []  # added after loading

    def __len__(self) -> int:
        return self._saved + len(self._tail)

    @overload
    def __getitem__(self, item: int) -> Sentence: ...

    @overload
    def __getitem__(self, item: slice) -> list[Sentence]: ...

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(len(self)))]
        number = operator.index(item)
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError("sentence number out of range")
        if number >= self._saved:
            return self._tail[number - self._saved]
        start, end = int(self._offsets[number]), int(self._offsets[number + 1])
        return Sentence(self._article_ids[int(self._article[number])],
                        int(self._position[number]), int(self._paragraph[number]),
                        self._text[start:end].tobytes().decode("utf-8"))

    def extend(self, sentences: Sequence[Sentence]) -> None:
        """Append sentences (of articles added after loading)."""
        self._tail.extend(sentences)

    def columns(self) -> dict[str, np.ndarray]:
        """The saved columns (article numbers refer to the saved article list)."""
        return {"text": self._text, "text_offsets": self._offsets, "article": self._article,
                "position": self._position, "paragraph": self._paragraph}

    def added(self) -> list[Sentence]:
        """The sentences appended since loading."""
        return list(self._tail)


def _encode(sentences: Sequence[Sentence], numbers: Mapping[str, int]) -> dict[str, np.ndarray]:
    """The saved columns of a list of sentences (article numbers from `numbers`)."""
    return encode_sentences([s.text for s in sentences],
                            [numbers[s.article_id] for s in sentences],
                            [s.position for s in sentences], [s.paragraph for s in sentences])


def open_index(corpus: Corpus, directory: Path, engine: str = DEFAULT_ENGINE) -> SentenceIndex:
    """The corpus's index, reusing a saved one where it can (see SentenceIndex.open).

    The one place that decides: a saved index of every current article, made by the same
    splitter and analyzer, is used as is; one whose articles are all still there, unchanged,
    is extended by the new ones; anything else (an edited or removed article, other code, a
    damaged file) is rebuilt with a log line saying why. Only the newsbot engine is saved.
    """
    if engine != "newsbot":
        return SentenceIndex(corpus.articles, engine=engine)
    started = time.perf_counter()
    digests = corpus.article_digests
    by_id = {a.id: a for a in corpus.articles}
    index = None
    try:
        meta = read_meta(directory)
        if meta is None:
            # Worth a line only when it takes a while (a CLI question on a small corpus).
            logger.log(logging.INFO if len(by_id) >= 1000 else logging.DEBUG,
                       "no saved index in %s: indexing %d articles", directory, len(by_id))
        elif meta.get("pipeline") != pipeline_version():
            logger.info("the sentence splitter or analyzer changed since the index was saved: "
                        "rebuilding it")
        elif meta["corpus_hash"] == corpus_hash(digests):
            index = SentenceIndex.from_saved(read_saved(directory, meta), by_id)
            logger.debug("opened the saved index: %d sentences in %.2f s", len(index),
                         time.perf_counter() - started)
            return index
        else:
            saved = dict(zip(meta["articles"]["ids"], meta["articles"]["digests"]))
            gone = [a for a, d in saved.items() if digests.get(a) != d]
            if gone:
                logger.info("%d saved article(s) changed or were removed: rebuilding the index",
                            len(gone))
            else:
                index = SentenceIndex.from_saved(read_saved(directory, meta), by_id)
                added = index.add_articles(a for a in corpus.articles if a.id not in saved)
                logger.debug("opened the saved index and added %d new article(s) in %.2f s",
                             added, time.perf_counter() - started)
    except (IndexFormatError, KeyError, TypeError, ValueError) as exc:
        logger.warning("the saved index in %s is unusable (%s): rebuilding it", directory, exc)
        index = None
    if index is None:
        index = SentenceIndex(corpus.articles, engine=engine)
    try:
        # Under the corpus lock: two processes starting at once must not swap in two indexes.
        with corpus_lock(corpus.directory):
            index.save(directory)
    except OSError as exc:  # a read-only corpus, a full disk, or the lock held too long
        logger.warning("cannot save the index in %s (%s): it will be rebuilt next time",
                       directory, exc)
    return index


def _main_language(languages: Counter[str]) -> str:
    """The most common language (English on a tie or when there is none)."""
    if not languages:
        return "en"
    top = max(languages.values())
    return "en" if languages.get("en") == top else min(k for k, v in languages.items() if v == top)


def load_index(
    directory: Path | str,
    engine: str = DEFAULT_ENGINE,
    index_dir: Path | str | None = None,
    cache: bool = True,
) -> tuple[Corpus, SentenceIndex]:
    """Load a corpus directory and its index; problem files are in the returned Corpus.

    With `cache` (the default) the index is saved in and reopened from `index_dir` (default
    `<directory>/.newsbot-index`); without it, it is built in memory every time.
    """
    corpus = load_corpus(directory)
    if not cache:
        return corpus, SentenceIndex(corpus.articles, engine=engine)
    return corpus, SentenceIndex.open(corpus, index_dir, engine=engine)
