"""The sentence index: every sentence of every article is one BM25 document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.corpus import Article, Corpus, load_corpus
from bot.engines import DEFAULT_ENGINE, Engine, make_engine, smooth_idf
from bot.text import Analyzer, split_sentences


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
        for begin, end in split_sentences(paragraph):
            sentences.append(Sentence(article.id, len(sentences), number, paragraph[begin:end]))
    return sentences


class SentenceIndex:
    """BM25 over the sentences of a set of articles; hits know their article and position."""

    def __init__(
        self,
        articles: Iterable[Article],
        analyzer: Analyzer | None = None,
        engine: str = DEFAULT_ENGINE,
    ) -> None:
        self.analyzer = analyzer or Analyzer()
        self.articles: dict[str, Article] = {}
        self.sentences: list[Sentence] = []
        # First index of each article's sentences in self.sentences, for context look-ups.
        self._first: dict[str, int] = {}
        documents: list[list[str]] = []
        for article in articles:
            self.articles[article.id] = article
            self._first[article.id] = len(self.sentences)
            for sentence in article_sentences(article):
                self.sentences.append(sentence)
                documents.append(self.analyzer.terms(sentence.text))
        self.engine_name = engine
        self.engine: Engine = make_engine(engine, documents)

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

    def neighbours(self, sentence: Sentence, before: int = 1, after: int = 1) -> list[Sentence]:
        """The sentence with up to `before` and `after` sentences around it in its article."""
        first = self._first[sentence.article_id]
        count = self._article_length(sentence.article_id)
        lo = max(0, sentence.position - before)
        hi = min(count, sentence.position + after + 1)
        return self.sentences[first + lo : first + hi]

    def _article_length(self, article_id: str) -> int:
        first = self._first[article_id]
        end = first
        while end < len(self.sentences) and self.sentences[end].article_id == article_id:
            end += 1
        return end - first


def load_index(directory: Path | str, engine: str = DEFAULT_ENGINE) -> tuple[Corpus, SentenceIndex]:
    """Load a corpus directory and index it; problem files are in the returned Corpus."""
    corpus = load_corpus(directory)
    return corpus, SentenceIndex(corpus.articles, engine=engine)
