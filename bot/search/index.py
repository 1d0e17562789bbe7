"""The sentence index: every sentence of every article is one BM25 document.

With the newsbot engine the index is saved beside the corpus (`<corpus>/.newsbot-index/`, a
hidden directory the corpus loader skips) and opened from there while the corpus is unchanged;
new articles are added to it, and any other change rebuilds it (see bot/search/saved_index.py).
"""

from __future__ import annotations

import copy
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import Article, Corpus, load_corpus
from bot.search.engines import DEFAULT_ENGINE, Engine, make_engine, smooth_idf
from bot.search.lang import TextAnalyzer, analyzer_for, language_of, split_sentences_for
from bot.search.progress import Progress

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
        # Every attribute set here is also set by `_restore` (an index opened from disk).
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
    def _restore(
        cls, analyzer: TextAnalyzer, engine_name: str, engine: Engine,
        articles: dict[str, Article], sentences: Sequence[Sentence], first: dict[str, int],
        count: dict[str, int],
    ) -> SentenceIndex:
        """An index from saved parts (bot.search.saved_index), without splitting or analysing."""
        index = cls.__new__(cls)
        index._fixed = None
        index._views = {}
        index._languages = Counter(language_of(a.language) for a in articles.values())
        index.analyzer = analyzer
        index.articles = articles
        index.sentences = sentences
        index._first, index._count = first, count
        index.engine_name, index.engine = engine_name, engine
        return index

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
        add = getattr(self.engine, "add", None)
        if add is not None:
            add(documents)
        else:  # rank-bm25 cannot grow: build it again over every sentence
            self.engine = make_engine(self.engine_name, [
                self.analyzer_of(self.articles[s.article_id]).terms(s.text)
                for s in self.sentences])
        self._views.clear()  # a view holds the engine it was made with
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
        from bot.search.saved_index import save_index

        save_index(self, Path(directory))

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
        from bot.search.saved_index import open_index

        if index_dir is None:
            index_dir = Path(corpus.directory) / INDEX_DIR_NAME
        return open_index(cls, corpus, Path(index_dir), engine)


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
