"""The sentence index: every sentence of every article is one BM25 document.

With the newsbot engine the index is saved beside the corpus (`<corpus>/.newsbot-index/`, a
hidden directory the corpus loader skips; files in bot/search/saved_index.py) and is the
serving state: a start lists the corpus directory against the saved manifest and reads only
new or changed files. New articles become a new part (the saved base is not rewritten); an
edited or removed article rebuilds the index, from the saved texts and the changed files.
That policy lives in one place: `sync` below (used at start and by a running Library).
"""

from __future__ import annotations

import bisect
import copy
import inspect
import logging
import operator
import threading
import time
from array import array
from collections import Counter, deque
from collections.abc import Collection, Iterable, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import overload

import numpy as np

from bot.common.columns import ByteReader, StringColumn, encode_strings
from bot.common.urls import url_key
from bot.corpus import (
    ARTICLE_SUFFIX,
    SAME_URL,
    Article,
    Corpus,
    Problem,
    article_digest,
    corpus_listing,
    corpus_lock,
    load_corpus,
    read_article,
    same_url_reason,
    url_already_seen,
)
from bot.errors import CorpusError
from bot.search.bm25 import IndexFormatError, NewsbotEngine
from bot.search.bm25.postings import PostingsBuilder
from bot.search.compact import (
    FileStat,
    PerArticle,
    SavedFiles,
    SavedThenAdded,
    UrlKeys,
    int_array,
)
from bot.search.engines import DEFAULT_ENGINE, Engine, make_engine, smooth_idf
from bot.search.forward import AnalyzerKey, ForwardIndex, analyzer_key, doc_freqs
from bot.search.lang import TextAnalyzer, analyzer_for, language_of, split_sentences_for
from bot.search.pool import available_workers, ordered_map
from bot.search.progress import Progress
from bot.search.saved_index import (
    ARTICLE_STRINGS,
    FileProblem,
    Part,
    SavedIndex,
    next_part_number,
    pipeline_version,
    read_meta,
    read_saved,
    write_meta,
    write_part,
    write_saved,
)

logger = logging.getLogger(__name__)
INDEX_DIR_NAME = ".newsbot-index"
# Parts after the base before they are merged into one, and the share of the sentences the
# parts after the base may reach before the whole index is written again as one base.
MAX_PARTS = 8
BASE_SHARE = 0.2
# Sentence texts read between two releases of their mapped pages (bot.common.columns): each
# read maps the page-cache folio around it (75 KB a read on average, measured at 1M after a
# fresh build), so after 1,024 reads up to 76 MB of texts could count in the serving RSS.
TEXT_RELEASE_READS = 256



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


# What a saved index's sentences and terms depend on: the analysis code and this function.
PIPELINE = pipeline_version(inspect.getsource(article_sentences))
UNKNOWN = "\x00"  # a saved "outside" value: the article's terms must come from its text
# Per-article string columns saved beside ARTICLE_STRINGS (optional: an older index lacks them).
EXTRA_STRINGS = ("outside", "title_terms")


def title_terms_text(title: str, analyzer: TextAnalyzer) -> str:
    """The distinct terms of an article's title, joined by spaces (saved with the index, so
    answering never analyses a title again: German's compound heads would load simplemma's
    lexicon, about a second, for the first question after a start)."""
    return " ".join(sorted(set(analyzer.terms(title))))


def outside_terms(article: Article, sentences: Sequence[Sentence],
                  analyzer: TextAnalyzer) -> str | None:
    """The distinct terms of the article's body outside its sentences (a dateline), joined
    by spaces; None when a sentence does not stand between whitespace in its paragraph.

    Terms never span whitespace (a token is letters and digits with inner dots, commas and
    apostrophes), so the terms of title + body are then those of the title, of the sentences
    and of these pieces: an article's vocabulary needs no second analysis of its body.
    """
    texts: dict[int, list[str]] = {}
    for sentence in sentences:
        texts.setdefault(sentence.paragraph, []).append(sentence.text)
    pieces: list[str] = []
    for number, paragraph in enumerate(article.paragraphs):
        at = 0
        for text in texts.get(number, ()):
            found = paragraph.find(text, at)
            end = found + len(text)
            if (found < 0 or (found > 0 and not paragraph[found - 1].isspace())
                    or (end < len(paragraph) and not paragraph[end].isspace())):
                return None
            pieces.append(paragraph[at:found])
            at = end
        pieces.append(paragraph[at:])
    rest = "\n".join(piece for piece in pieces if piece and not piece.isspace())
    return " ".join(sorted(set(analyzer.terms(rest)))) if rest else ""


@dataclass
class Stored:
    """Where an index stands on disk: its parts, and the corpus files it was made from."""

    directory: Path
    corpus_dir: Path  # whose lock every writer of the index holds
    # Each saved part: its name, and the article, sentence and term numbers it starts at.
    parts: list[tuple[str, int, int, int]] = field(default_factory=list)
    # Article file name -> stat (SavedFiles when opened from disk: arrays, not a dict).
    files: MutableMapping[str, FileStat] = field(default_factory=dict)
    problems: dict[str, FileProblem] = field(default_factory=dict)  # file name -> problem
    touched: dict[str, FileStat] = field(default_factory=dict)  # stats newer than the parts'
    upto: tuple[int, int, int] = (0, 0, 0)  # articles, sentences and terms saved so far
    # The corpus directory as last listed by a sync (a watcher starts from it).
    listing: Mapping[str, FileStat] | None = None
    # Each article's normalised url -> its id, and for how many articles (a new file's url is
    # checked against it; worked out again when the count is not the index's).
    url_keys: tuple[int, UrlKeys | dict[str, str]] | None = None
    # Snapshots of one line of growth share this object: one writer at a time.
    lock: threading.Lock = field(default_factory=threading.Lock)
    # What answering keeps about the line's articles (bot.search.answer: the "not found"
    # summary's state, updated with a snapshot's new articles rather than made again).
    caches: dict[str, object] = field(default_factory=dict)


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
        # A dict when built here; an ArticleMap (decoded on access) when opened from disk.
        self.articles: MutableMapping[str, Article] = {}
        # A list when built here; a SentenceTable (decoded on access) when opened from disk.
        self.sentences: Sequence[Sentence] = []
        # First index and count of each article's sentences in self.sentences, for context
        # (dicts when built here, PerArticle arrays when opened from disk).
        self._first: dict[str, int] | PerArticle = {}
        self._count: dict[str, int] | PerArticle = {}
        # Terms of each article's body outside its sentences (see outside_terms).
        self._outside: dict[str, str | None] = {}
        # Terms of each article's title (title_terms_text), and the analyzer they came from.
        self._title_terms: dict[str, tuple[AnalyzerKey, str]] = {}
        self.engine_name = engine
        self.stored: Stored | None = None  # set once saved or opened from disk
        documents = self._take(articles, self.sentences, count=False)
        if len(documents) >= 100_000:
            logger.info("building the %s index over %d sentences", engine, len(documents))
        self.engine: Engine = make_engine(engine, documents)
        self.forward: ForwardIndex | None = None  # the newsbot engine's term ids per sentence
        if isinstance(self.engine, NewsbotEngine):
            self.forward = ForwardIndex(self.engine.vocabulary)
            self._forward_add(0, documents, self._keys(articles))

    @classmethod
    def from_saved(cls, saved: SavedIndex, directory: Path, corpus_dir: Path) -> SentenceIndex:
        """An index serving its saved form as it is: nothing is split, analysed or read."""
        index = cls.__new__(cls)
        index._fixed = None
        index._views = {}
        index.analyzer = analyzer_for(saved.language)
        ids = [part.articles["id"].all() for part in saved.parts]
        codes = Counter(code for part in saved.parts for code in part.articles["language"].all())
        index._languages = Counter()
        for code, count in codes.items():  # each distinct code normalised once
            index._languages[language_of(code)] += count
        # One dict for every saved article (id -> its number, in part order); their sentence
        # spans and file stats are arrays by that number (bot/search/compact.py).
        numbers: dict[str, int] = {}
        for part_ids in ids:
            numbers.update(zip(part_ids, range(len(numbers), len(numbers) + len(part_ids))))
        index.articles = ArticleMap(saved.parts, ids, numbers)
        index.sentences = SentenceTable(saved.parts, ids)
        counts = np.concatenate([part.numbers["count"] for part in saved.parts]).astype(np.int64)
        firsts = np.concatenate([np.cumsum(part.numbers["count"]) - part.numbers["count"]
                                 + part.engine.first_doc for part in saved.parts])
        index._first = PerArticle(numbers, int_array(firsts))
        index._count = PerArticle(numbers, int_array(counts))
        index._outside = {}
        index._title_terms = {}
        stored = Stored(directory, corpus_dir)
        stored.files = SavedFiles(
            numbers, np.concatenate([part.numbers["size"] for part in saved.parts]),
            np.concatenate([part.numbers["mtime_ns"] for part in saved.parts]))
        first_article = 0
        for name, part, part_ids in zip(saved.part_names, saved.parts, ids):
            stored.parts.append((name, first_article, part.engine.first_doc,
                                 part.engine.first_term))
            first_article += len(part_ids)
        stored.problems = {p[0]: p for p in saved.problems}
        stored.touched = dict(saved.touched)
        stored.files.update(stored.touched)
        stored.upto = (first_article, len(index.sentences),
                       sum(len(part.engine.terms) for part in saved.parts))
        index.engine_name = saved.engine_name
        engine = NewsbotEngine.from_stored([part.engine for part in saved.parts])
        index.engine = engine
        index.forward = ForwardIndex(engine.vocabulary)
        for part in saved.parts:
            term_ids = part.sentences.get("terms")
            analyzers = set(part.articles["analyzer"].all()) if term_ids is not None else set()
            key = analyzer_key(analyzer_for(analyzers.pop())) if len(analyzers) == 1 else None
            index.forward.append(part.engine.first_doc, term_ids,
                                 np.asarray(part.engine.doc_len), key)
        index.stored = stored
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
                self._outside[article.id] = outside_terms(article, split, analyzer)
                self._title_terms[article.id] = (analyzer_key(analyzer),
                                                 title_terms_text(article.title, analyzer))
                if count:
                    self._languages[language_of(article.language)] += 1
                progress.update(1)
        return documents

    def _keys(self, articles: Iterable[Article]) -> AnalyzerKey | None:
        """The analyzer of all these articles' sentences, if they share one."""
        keys = {analyzer_key(self.analyzer_of(a)) for a in articles}
        return keys.pop() if len(keys) == 1 else None

    def _forward_add(self, first: int, documents: list[list[str]],
                     key: AnalyzerKey | None) -> None:
        """Keep the term ids of documents just given to the newsbot engine."""
        engine, forward = self.engine, self.forward
        if forward is None or not isinstance(engine, NewsbotEngine) or not documents:
            return
        ids = engine._term_ids  # every term of these documents has one now
        lengths = np.fromiter(map(len, documents), dtype=np.int64, count=len(documents))
        flat = np.fromiter(map(ids.__getitem__, chain.from_iterable(documents)), dtype=np.int32,
                           count=int(lengths.sum()))
        forward.append(first, flat, lengths, key)

    def add_articles(self, articles: Iterable[Article]) -> int:
        """Index more articles in place (queries see them at once); returns how many were new.

        An article whose id is already indexed is skipped: a changed article needs a rebuild.
        """
        new = list({a.id: a for a in articles if a.id not in self.articles}.values())
        if not new:
            return 0
        # The sentences go in first, so a hit on a new document always finds its sentence.
        first = len(self.sentences)
        documents = self._take(new, self.sentences)
        self.engine.add(documents)
        self._forward_add(first, documents, self._keys(new))
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

    def sentence_terms(self, doc: int) -> Sequence[str]:
        """A sentence's search terms in order, as `analyzer.terms` gives them (from the
        stored term ids when they were made by this analyzer)."""
        if self.forward is not None:
            found = self.forward.terms(doc, analyzer_key(self.analyzer))
            if found is not None:
                return found
        return self.analyzer.terms(self.sentences[doc].text)

    def sentence_length(self, doc: int) -> int:
        """How many search terms a sentence has (len of sentence_terms)."""
        if self.forward is not None:
            found = self.forward.length(doc, analyzer_key(self.analyzer))
            if found is not None:
                return found
        return len(self.sentence_terms(doc))

    def _article_ids(self, article_id: str) -> tuple[np.ndarray, np.ndarray] | None:
        """The stored term ids of an article's sentences, if made by this analyzer."""
        if self.forward is None:
            return None
        docs = self.article_docs(article_id)
        if not len(docs):
            return None
        return self.forward.ids(docs.start, len(docs), analyzer_key(self.analyzer))

    def line_caches(self) -> dict[str, object] | None:
        """Caches shared by the snapshots of this index's line of growth (a saved index and
        those new files made from it, which hold its articles first and in the same order);
        None for an index not saved."""
        return self.stored.caches if self.stored is not None else None

    def articles_since(self, count: int) -> list[Article]:
        """The articles after the first `count`, in index order."""
        articles = self.articles
        if isinstance(articles, ArticleMap):
            return articles.since(count)
        return list(articles.values())[count:]

    def outside_terms_of(self, article_id: str) -> str | None:
        """The distinct terms of an article's body outside its sentences (a dateline),
        joined by spaces, as kept or saved (see outside_terms); None when not known."""
        if article_id in self._outside:
            return self._outside[article_id]
        if isinstance(self.articles, ArticleMap):
            return self.articles.outside(article_id)
        return None

    def article_vocabulary(self, article_id: str) -> frozenset[str]:
        """Every term of an article, its title included: the set of
        `analyzer.terms(title + "\\n" + body)`, from the stored term ids when they can serve."""
        found = self._article_ids(article_id)
        outside = self.outside_terms_of(article_id) if found is not None else None
        if found is None or outside is None:
            article = self.articles[article_id]
            return frozenset(self.analyzer.terms(article.title + "\n" + article.body))
        vocabulary = self.forward.vocabulary if self.forward is not None else []
        terms = {vocabulary[i] for i in np.unique(found[0]).tolist()}
        terms.update(outside.split())
        terms.update(self.title_terms_of(article_id))
        return frozenset(terms)

    def title_terms_of(self, article_id: str) -> frozenset[str]:
        """The terms of an article's title by this index's analyzer: as kept or saved when
        the article was analysed by it, else from the title."""
        key = analyzer_key(self.analyzer)
        found = self._title_terms.get(article_id)
        if found is None and isinstance(self.articles, ArticleMap):
            found = self.articles.title_terms(article_id)
        if found is not None and found[0] == key:
            return frozenset(found[1].split())
        return frozenset(self.analyzer.terms(self.article_title(article_id)))

    def article_title(self, article_id: str) -> str:
        """An article's title (its body is not read)."""
        if isinstance(self.articles, ArticleMap):
            return self.articles.title(article_id)
        return self.articles[article_id].title

    def article_df(self, article_id: str) -> tuple[int, Counter[str]]:
        """How many sentences an article has, and in how many of them each term occurs."""
        docs = self.article_docs(article_id)
        found = self._article_ids(article_id)
        if found is not None and self.forward is not None:
            ids, offsets = found
            n = len(offsets) - 1
            sentence = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
            pairs = np.unique(ids.astype(np.int64) * n + sentence)  # (term, sentence), once
            terms, counts = np.unique(pairs // n, return_counts=True)
            vocabulary = self.forward.vocabulary
            return len(docs), Counter(dict(zip([vocabulary[t] for t in terms.tolist()],
                                               counts.tolist())))
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(self.sentence_terms(doc)))
        return len(docs), df

    def article_doc_freqs(self, article_id: str,
                          terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """How many sentences an article has, and in how many of them each term occurs."""
        wanted = list(dict.fromkeys(terms))
        docs = self.article_docs(article_id)
        found = self._article_ids(article_id)
        engine = self.engine
        if found is not None and isinstance(engine, NewsbotEngine):
            tids = [engine.term_id(t) for t in wanted]
            counts = doc_freqs(found[0], found[1], [-1 if t is None else t for t in tids])
            return len(docs), dict(zip(wanted, counts))
        df: Counter[str] = Counter()
        for doc in docs:
            df.update(set(self.sentence_terms(doc)))
        return len(docs), {t: df[t] for t in wanted}

    def paragraph_docs(self, doc: int) -> range:
        """The documents of a sentence's paragraph: the run of sentences around it of the
        same article and paragraph."""
        sentence = self.sentences[doc]
        docs = self.article_docs(sentence.article_id)
        numbers = (self.sentences.paragraphs(docs)
                   if isinstance(self.sentences, SentenceTable) else None)
        if numbers is None:  # sentences in hand: walk to the paragraph's ends
            sentences, paragraph = self.sentences, sentence.paragraph
            begin, end = doc, doc + 1
            while begin > docs.start and sentences[begin - 1].paragraph == paragraph:
                begin -= 1
            while end < docs.stop and sentences[end].paragraph == paragraph:
                end += 1
            return range(begin, end)
        # Paragraph numbers rise through an article: its paragraph is one run of them.
        begin = docs.start + bisect.bisect_left(numbers, sentence.paragraph)
        end = docs.start + bisect.bisect_right(numbers, sentence.paragraph)
        return range(begin, end)

    def window_docs(self, doc: int) -> range:
        """The sentence and its neighbours in the same article."""
        docs = self.article_docs(self.sentences[doc].article_id)
        return range(max(docs.start, doc - 1), min(docs.stop, doc + 2))

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

    def with_articles(self, articles: Iterable[Article]) -> SentenceIndex:
        """A new index with more articles; this one stays as it is, for questions in flight.

        The big parts (saved columns, engine segments) are shared; articles already indexed
        are skipped (a changed article needs a rebuild).
        """
        new = list({a.id: a for a in articles if a.id not in self.articles}.values())
        clone = copy.copy(self)
        clone.articles = (self.articles.copy() if isinstance(self.articles, ArticleMap)
                          else dict(self.articles))
        clone.sentences = (self.sentences.copy() if isinstance(self.sentences, SentenceTable)
                           else list(self.sentences))
        clone._first, clone._count = self._first.copy(), self._count.copy()
        clone._outside = dict(self._outside)
        clone._title_terms = dict(self._title_terms)
        clone._languages, clone._views = Counter(self._languages), {}
        clone.forward = self.forward.copy() if self.forward is not None else None
        first = len(clone.sentences)
        documents = clone._take(new, clone.sentences)
        clone.engine = self.engine.added(documents)
        clone._forward_add(first, documents, clone._keys(new))
        return clone

    def part(self, first_article: int, first_doc: int, first_term: int,
             files: Mapping[str, FileStat]) -> Part:
        """The articles from number `first_article` on, their sentences (from `first_doc`) and
        postings (terms from `first_term`), as a saved part (newsbot engine only)."""
        if not isinstance(self.engine, NewsbotEngine):
            raise TypeError(f"only the newsbot engine can be saved, not {self.engine_name!r}")
        ids = list(self.articles)[first_article:]
        numbers = {article_id: n for n, article_id in enumerate(ids)}
        sentences = self.sentences[first_doc:]
        texts = [s.text for s in sentences]
        encoded, offsets = encode_strings(texts)
        columns = {
            "text": encoded, "text_offsets": offsets,
            "article": np.fromiter((numbers[s.article_id] for s in sentences), np.int32,
                                   len(sentences)),
            "position": np.fromiter((s.position for s in sentences), np.int32, len(sentences)),
            "paragraph": np.fromiter((s.paragraph for s in sentences), np.int32,
                                     len(sentences)),
        }
        articles = [self.articles[a] for a in ids]
        digests = (self.articles.digests() if isinstance(self.articles, ArticleMap)
                   else _Digests(self.articles))
        values = {
            "id": ids, "title": [a.title for a in articles], "url": [a.url for a in articles],
            "source": [a.source for a in articles],
            "published": [a.published for a in articles],
            "author": [a.author for a in articles], "language": [a.language for a in articles],
            "digest": [digests[a] for a in ids],
            "url_key": [url_key(a.url) for a in articles],
            "analyzer": [self.analyzer_of(a).language for a in articles],
            "body": [a.body for a in articles],
            "outside": [_outside_value(self.outside_terms_of(a)) for a in ids],
            "title_terms": [self._saved_title_terms(a) for a in ids],
        }
        strings = {name: StringColumn(*encode_strings(values[name]))
                   for name in (*ARTICLE_STRINGS, *EXTRA_STRINGS)}
        forward_ids = self.forward.ids_since(first_doc) if self.forward is not None else None
        if forward_ids is not None:
            columns["terms"] = forward_ids
        stats = [files.get(a + ARTICLE_SUFFIX, (-1, -1)) for a in ids]
        counts = {
            "count": np.array([self._count[a] for a in ids], dtype=np.int64),
            "size": np.array([s for s, _ in stats], dtype=np.int64),
            "mtime_ns": np.array([m for _, m in stats], dtype=np.int64),
        }
        return Part(columns, strings, counts, self.engine.stored_tail(first_doc, first_term))

    def save(self, directory: Path | str, files: Mapping[str, FileStat] | None = None,
             problems: Sequence[FileProblem] = (), corpus_dir: Path | None = None) -> None:
        """Save the whole index as one part, atomically (newsbot engine only).

        `files` gives each article file's size and modification time, so a later start
        knows which files it need not read; without it every file is read again.
        """
        directory = Path(directory)
        files = dict(files or {})
        part = self.part(0, 0, 0, files)
        with _directory_lock(directory):
            names = write_saved(directory, SavedIndex(self.analyzer.language, self.engine_name,
                                                      [part], list(problems),
                                                      pipeline=PIPELINE))
        self.stored = Stored(directory, corpus_dir or directory.parent, [(names[0], 0, 0, 0)],
                             files,
                             {p[0]: p for p in problems},
                             upto=(len(self.articles), len(self.sentences), self.n_terms))

    def _saved_title_terms(self, article_id: str) -> str:
        """An article's title terms as saved: by its own analyzer (UNKNOWN if not kept)."""
        found = self._title_terms.get(article_id)
        if found is None and isinstance(self.articles, ArticleMap):
            found = self.articles.title_terms(article_id)
        return UNKNOWN if found is None else found[1]

    @property
    def n_terms(self) -> int:
        """How many distinct terms the engine knows (the newsbot engine's vocabulary)."""
        return getattr(self.engine, "vocabulary_size", 0)


def _outside_value(value: str | None) -> str:
    return UNKNOWN if value is None else value


class SentenceTable(Sequence[Sentence]):
    """Sentences of saved parts kept as columns (memory-mapped), then sentences added since;
    a Sentence is made when one is asked for."""

    def __init__(self, parts: Sequence[Part], ids: Sequence[Sequence[str]]) -> None:
        # Plain ndarray views of the memory-mapped columns: numpy's memmap subclass makes
        # each element read several times slower, and answers read thousands.
        self._columns = [tuple(np.asarray(part.sentences[name]).view(np.ndarray) for name in
                               ("text", "text_offsets", "article", "position", "paragraph"))
                         for part in parts]
        self._texts = [ByteReader(part.sentences["text"], TEXT_RELEASE_READS) for part in parts]
        self._ids = list(ids)
        self._starts = [part.engine.first_doc for part in parts]
        self._saved = sum(part.n_sentences for part in parts)
        self._tail: list[Sentence] = []  # added after loading
        self._made: dict[int, Sentence] = {}  # recently made (a reranker asks again and again)

    def copy(self) -> SentenceTable:
        """Another table sharing the saved columns, with its own list of added sentences."""
        table = copy.copy(self)
        table._tail = list(self._tail)
        table._made = {}
        return table

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
        found = self._made.get(number)
        if found is not None:
            return found
        if not 0 <= number < len(self):
            raise IndexError("sentence number out of range")
        if number >= self._saved:
            return self._tail[number - self._saved]
        which = bisect.bisect_right(self._starts, number) - 1 if len(self._starts) > 1 else 0
        _, offsets, article, position, paragraph = self._columns[which]
        local = number - self._starts[which]
        start, end = offsets[local : local + 2].tolist()
        sentence = Sentence(self._ids[which][article[local].item()], position[local].item(),
                            paragraph[local].item(),
                            self._texts[which].get(start, end).decode("utf-8"))
        if len(self._made) >= 8192:
            self._made.clear()
        self._made[number] = sentence
        return sentence

    def paragraphs(self, docs: range) -> list[int] | None:
        """The paragraph numbers of a run of saved sentences of one part (None otherwise)."""
        if not len(docs) or docs.stop > self._saved:
            return None
        which = bisect.bisect_right(self._starts, docs.start) - 1 if len(self._starts) > 1 else 0
        start = self._starts[which]
        column = self._columns[which][4]
        if docs.stop - start > len(column):
            return None
        return column[docs.start - start : docs.stop - start].tolist()

    def extend(self, sentences: Iterable[Sentence]) -> None:
        """Append sentences (of articles added after loading)."""
        self._tail.extend(sentences)


class ArticleMap(SavedThenAdded[Article]):
    """Articles by id: the saved ones made from their columns when asked for, then the ones
    added since (kept as they are). Articles are only ever added."""

    def __init__(self, parts: Sequence[Part], ids: Sequence[Sequence[str]],
                 numbers: Mapping[str, int] | None = None) -> None:
        self._parts = list(parts)
        self._ids = [article_id for part_ids in ids for article_id in part_ids]
        # Each saved article's number (parts in order): one dict, shared with the index.
        self._numbers = numbers if numbers is not None else {
            article_id: number for number, article_id in enumerate(self._ids)}
        self._starts = list(np.cumsum([0] + [len(part_ids) for part_ids in ids[:-1]]).tolist())
        self._extra: dict[str, Article] = {}
        self._made: dict[str, Article] = {}  # recently made ones (an answer asks several times)

    def _place(self, article_id: str) -> tuple[int, int] | None:
        """(part, number in it) of a saved article; None when not saved."""
        number = self._numbers.get(article_id)
        if number is None:
            return None
        which = bisect.bisect_right(self._starts, number) - 1 if len(self._starts) > 1 else 0
        return which, number - self._starts[which]

    _SAVED = "is already indexed"

    def copy(self) -> ArticleMap:
        """Another map sharing the saved columns, with its own added articles."""
        other = super().copy()
        other._made = {}
        return other

    def __getitem__(self, article_id: str) -> Article:
        found = self._extra.get(article_id) or self._made.get(article_id)
        if found is not None:
            return found
        place = self._place(article_id)
        if place is None:
            raise KeyError(article_id)
        which, number = place
        columns = self._parts[which].articles
        article = Article(article_id, columns["title"][number], columns["url"][number],
                          columns["source"][number], columns["published"][number],
                          columns["body"][number], columns["author"][number],
                          columns["language"][number])
        if len(self._made) >= 1024:
            self._made.clear()
        self._made[article_id] = article
        return article

    def since(self, count: int) -> list[Article]:
        """The articles after the first `count` (saved ones first, then those added)."""
        saved = len(self._ids)
        if count >= saved:
            return list(self._extra.values())[count - saved:]
        return [self[i] for i in self._ids[count:]] + list(self._extra.values())

    def headers(self) -> list[Article]:
        """Every article without its body (empty): what a summary of the corpus needs, at a
        fraction of the memory of the whole articles."""
        out: list[Article] = []
        for part, part_ids in zip(self._parts, _split(self._ids, self._parts)):
            fields = [part.articles[name].all()
                      for name in ("title", "url", "source", "published", "author", "language")]
            for article_id, (title, url, source, published, author, language) in zip(
                    part_ids, zip(*fields)):
                out.append(Article(article_id, title, url, source, published, "", author,
                                   language))
        out.extend(self._extra.values())
        return out

    def title(self, article_id: str) -> str:
        """An article's title, without making the Article (nor reading its body)."""
        found = self._extra.get(article_id) or self._made.get(article_id)
        if found is not None:
            return found.title
        place = self._place(article_id)
        if place is None:
            raise KeyError(article_id)
        return self._parts[place[0]].articles["title"][place[1]]

    def outside(self, article_id: str) -> str | None:
        """A saved article's outside_terms (None: not saved, or not known)."""
        place = self._place(article_id)
        if place is None:
            return None
        column = self._parts[place[0]].articles.get("outside")
        value = column[place[1]] if column is not None else UNKNOWN
        return None if value == UNKNOWN else value

    def title_terms(self, article_id: str) -> tuple[AnalyzerKey, str] | None:
        """A saved article's title terms (title_terms_text) and the analyzer that made them
        (None: not saved, or saved by an older newsbot)."""
        place = self._place(article_id)
        if place is None:
            return None
        columns = self._parts[place[0]].articles
        column = columns.get("title_terms")
        value = column[place[1]] if column is not None else UNKNOWN
        if value == UNKNOWN:
            return None
        return analyzer_key(analyzer_for(columns["analyzer"][place[1]])), value

    def digests(self) -> Mapping[str, str]:
        """Each article's digest (bot.corpus.article_digest), the saved ones as saved."""
        return _Digests(self, self)

    def url_keys(self) -> UrlKeys:
        """The normalised url of every article -> its id (the first article's)."""
        keys = UrlKeys(self._ids, [part.articles["url_key"] for part in self._parts],
                       self._numbers)
        for article in self._extra.values():
            keys.setdefault(url_key(article.url), article.id)
        return keys


def _split(ids: list[str], parts: Sequence[Part]) -> list[list[str]]:
    out, start = [], 0
    for part in parts:
        out.append(ids[start : start + part.n_articles])
        start += part.n_articles
    return out


class _Digests(Mapping[str, str]):
    """Article digests, read from the saved column when there is one, else worked out."""

    def __init__(self, articles: Mapping[str, Article], saved: ArticleMap | None = None) -> None:
        self._articles, self._saved = articles, saved

    def __getitem__(self, article_id: str) -> str:
        place = self._saved._place(article_id) if self._saved is not None else None
        if place is not None and self._saved is not None:
            return self._saved._parts[place[0]].articles["digest"][place[1]]
        return article_digest(self._articles[article_id])

    def __iter__(self) -> Iterator[str]:
        return iter(self._articles)

    def __len__(self) -> int:
        return len(self._articles)


class ArticleList(Sequence[Article]):
    """The articles of an index in order, as a sequence (Corpus.articles of a saved index)."""

    def __init__(self, articles: Mapping[str, Article]) -> None:
        self._articles = articles
        self._ids = list(articles)

    def __len__(self) -> int:
        return len(self._ids)

    @overload
    def __getitem__(self, item: int) -> Article: ...

    @overload
    def __getitem__(self, item: slice) -> list[Article]: ...

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self._articles[i] for i in self._ids[item]]
        return self._articles[self._ids[item]]

    def __iter__(self) -> Iterator[Article]:
        return (self._articles[i] for i in self._ids)


# -- the policy: what a start or a running bot does with the saved index ------------------------


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
    """A corpus directory and its index; problem files are in the returned Corpus.

    With `cache` (the default) and the newsbot engine, the index is saved in and reopened
    from `index_dir` (default `<directory>/.newsbot-index`): only files that are new or
    changed since it was saved are read (see `sync`). Otherwise it is built every time.
    """
    directory = Path(directory)
    if not cache or engine != "newsbot":
        corpus = load_corpus(directory)
        return corpus, SentenceIndex(corpus.articles, engine=engine)
    index_dir = Path(index_dir) if index_dir is not None else directory / INDEX_DIR_NAME
    started = time.perf_counter()
    index = open_saved(index_dir, directory)
    if index is None:
        listing = list_files(directory)
        corpus, built = build(directory, index_dir, listing=listing)
        if built.stored is not None:
            built.stored.listing = listing
        return corpus, built
    corpus, synced, changed = _sync(index, directory, in_place=True)
    if changed and synced is index:
        save_added(index)
    logger.debug("opened the saved index: %d sentences in %.2f s", len(synced),
                 time.perf_counter() - started)
    return corpus, synced


def open_saved(index_dir: Path, directory: Path) -> SentenceIndex | None:
    """The saved index as it is, or None (with a log line saying why) if it cannot serve."""
    try:
        meta = read_meta(index_dir)
        if meta is None:
            # Worth a line only when it takes a while (a CLI question on a small corpus).
            logger.debug("no saved index in %s: indexing the corpus", index_dir)
            return None
        if meta.get("pipeline") != PIPELINE:
            logger.info("the sentence splitter or analyzer changed since the index was saved: "
                        "rebuilding it")
            return None
        return SentenceIndex.from_saved(read_saved(index_dir, meta), index_dir, directory)
    except (IndexFormatError, KeyError, TypeError, ValueError) as exc:
        logger.warning("the saved index in %s is unusable (%s): rebuilding it", index_dir, exc)
        return None


def list_files(directory: Path) -> dict[str, FileStat]:
    """Each article file's size and modification time: one listing, one stat per file
    (what bot.corpus.corpus_listing gives)."""
    if not directory.is_dir():
        load_corpus(directory)  # raises the CorpusError that says what is wrong
    return corpus_listing(directory)


def corpus_of(index: SentenceIndex, directory: Path) -> Corpus:
    """The Corpus an index opened from disk serves (its articles made when asked for)."""
    stored = index.stored
    problems = tuple(Problem(directory / name, reason) for name, _, _, reason
                     in sorted(stored.problems.values())) if stored else ()
    digests = (index.articles.digests() if isinstance(index.articles, ArticleMap)
               else _Digests(index.articles))
    return Corpus.known(directory, ArticleList(index.articles), problems, digests)


@dataclass
class _Change:
    """What differs between the corpus directory and an index: files to take in."""

    articles: list[Article] = field(default_factory=list)  # new, in file name order
    files: dict[str, FileStat] = field(default_factory=dict)  # their stats
    problems: dict[str, FileProblem] = field(default_factory=dict)  # new or still failing
    gone: list[str] = field(default_factory=list)  # problem files that are no more
    touched: dict[str, FileStat] = field(default_factory=dict)  # same content, new stat

    def __bool__(self) -> bool:
        return bool(self.articles or self.problems or self.gone or self.touched)


def sync(index: SentenceIndex, directory: Path, in_place: bool = False,
         listing: Mapping[str, FileStat] | None = None,
         base: Mapping[str, FileStat] | None = None) -> tuple[Corpus, SentenceIndex]:
    """The index brought up to date with the corpus directory, reading only what changed.

    The one place that decides: unchanged files are served from the index as they are; new
    files are read and added (in place, or to a new index sharing this one's parts, so that
    questions in flight keep theirs); an edited or removed article, or a new file that takes
    the url of an older one, rebuilds the index from the saved articles and the changed
    files. `save_added` writes what was added. `listing` is the directory as just listed
    (list_files), when the caller has it; `base`, the listing it extends with new names only
    (a watcher that saw files only added): when that is the listing the index was last synced
    with, only the new names are compared.
    """
    corpus, synced, _ = _sync(index, directory, in_place, listing, base)
    return corpus, synced


def _sync(index: SentenceIndex, directory: Path, in_place: bool,
          listing: Mapping[str, FileStat] | None = None,
          base: Mapping[str, FileStat] | None = None) -> tuple[Corpus, SentenceIndex, bool]:
    """sync, and whether anything changed."""
    stored = index.stored
    if stored is None:
        raise ValueError("only an index saved on disk can be synced")
    if listing is None or not directory.is_dir():
        # A directory gone (unmounted, being replaced) raises the CorpusError that says so,
        # rather than an empty listing that would rebuild the index over no articles.
        listing = list_files(directory)
    change = _changes(index, stored, directory, listing, base)
    if change is None:
        corpus, built = build(directory, stored.directory, previous=index, listing=listing)
        if built.stored is not None:
            built.stored.listing = listing
        return corpus, built, True
    stored.listing = listing
    if not change:
        return corpus_of(index, directory), index, False
    if in_place or not change.articles:
        index.add_articles(change.articles)
        grown = index
    else:
        grown = index.with_articles(change.articles)
    with stored.lock:
        stored.files.update(change.files)
        stored.files.update(change.touched)
        stored.touched.update(change.touched)
        stored.problems.update(change.problems)
        for name in change.gone:
            stored.problems.pop(name, None)
    if change.articles:
        logger.info("added %d new article(s): %d sentences", len(change.articles), len(grown))
    return corpus_of(grown, directory), grown, True


def _changes(index: SentenceIndex, stored: Stored, directory: Path,
             listing: Mapping[str, FileStat],
             base: Mapping[str, FileStat] | None = None) -> _Change | None:
    """New files read and checked, or None when the index must be rebuilt."""
    change = _Change()
    files = stored.files
    # Set operations on the dicts' views run in C: a listing of 100k+ files is compared in
    # milliseconds, and only what differs is looked at in Python.
    if base is not None and stored.listing is base and base.items() <= listing.items():
        # The last synced listing plus new names: everything it held was taken in then
        # (indexed, or kept as a problem with its stat), so only the new names can differ
        # (at 1M, 0.14 s of comparing every saved file's stat saved on each new file).
        removed: Collection[str] = ()
        differ: Iterable[tuple[str, FileStat]] = [(name, listing[name])
                                                  for name in listing.keys() - base.keys()]
    elif isinstance(files, SavedFiles):
        missing, differing = files.against(listing)
        removed = missing
        differ = [(name, listing[name]) for name in differing]
    else:
        removed = files.keys() - listing.keys()
        differ = listing.items() - files.items()  # new files, and files with another stat
    if removed:
        logger.info("%d article file(s) removed (%s): rebuilding the index", len(removed),
                    min(removed))
        return None
    for name, stat in sorted(differ):
        if name not in files:
            continue
        try:
            article = read_article(directory / name)
        except CorpusError:
            article = None
        if article is None or article != index.articles[name[: -len(ARTICLE_SUFFIX)]]:
            logger.info("%s changed: rebuilding the index", name)
            return None
        change.touched[name] = stat  # rewritten with the same content
    change.gone = [name for name in stored.problems if name not in listing]
    fresh = sorted(name for name, stat in differ if name not in files
                   and tuple(stored.problems.get(name, ("", -2, -2))[1:3]) != stat)
    if not fresh:
        return change
    keys = _url_keys(index, stored)[1].copy()  # this index's own: a rebuild may still come
    for name in fresh:
        size, mtime = listing[name]
        try:
            article = read_article(directory / name)
        except CorpusError as exc:
            change.problems[name] = (name, size, mtime, str(exc))
            continue
        if article.id in index.articles:  # added by Library.add before its file was seen
            if article != index.articles[article.id]:
                logger.info("%s changed: rebuilding the index", name)
                return None
            change.touched[name] = (size, mtime)
            continue
        key = url_key(article.url)
        winner = keys.get(key)
        if winner is not None:
            if winner + ARTICLE_SUFFIX > name:
                logger.info("%s has the url of %s%s: rebuilding the index", name, winner,
                            ARTICLE_SUFFIX)
                return None  # the new file comes first, so it keeps the url
            change.problems[name] = (name, size, mtime, same_url_reason(winner))
            continue
        keys[key] = article.id
        change.articles.append(article)
        change.files[name] = (size, mtime)
        change.gone.append(name)  # no longer a problem, if it was one
    # The keys of the index these articles are about to join.
    stored.url_keys = (len(index.articles) + len(change.articles), keys)
    return change


def prepare_growth(index: SentenceIndex) -> None:
    """Work out what taking in a new file reads of the whole index (every article's url key),
    so that the first new file after a start does not wait for it (a running bot calls it in
    the background)."""
    stored = index.stored
    if stored is None:
        return
    known = stored.url_keys
    found = _url_keys(index, stored)
    if found is not known:
        stored.url_keys = found  # one assignment: a sync reads the old or the new pair


def _url_keys(index: SentenceIndex, stored: Stored) -> tuple[int, UrlKeys | dict[str, str]]:
    """(how many articles, each article's normalised url -> its id) of the index: as kept
    in `stored` when kept for as many articles, else worked out (read once: a background
    prepare_growth may replace it meanwhile)."""
    count = len(index.articles)
    known = stored.url_keys
    if known is not None and known[0] == count:
        return known
    return count, (index.articles.url_keys() if isinstance(index.articles, ArticleMap)
                   else {url_key(a.url): a.id for a in index.articles.values()})


def build(directory: Path, index_dir: Path, previous: SentenceIndex | None = None,
          listing: Mapping[str, FileStat] | None = None) -> tuple[Corpus, SentenceIndex]:
    """Index the corpus anew and save it; with a `previous` index, its unchanged articles
    are taken from it rather than read again.

    Articles stream through: each is split, analysed and encoded into the saved columns, a
    few thousand sentences at a time go into the engine, and nothing else of it is kept; the
    saved index is then opened memory-mapped, as a later start opens it. Where the index
    cannot be saved (a read-only corpus), it is built in memory.
    """
    listing = dict(listing) if listing is not None else list_files(directory)
    problems: list[Problem] = []
    try:
        # Under the corpus lock: two processes starting at once must not swap in two indexes.
        with corpus_lock(directory):
            index_dir.mkdir(parents=True, exist_ok=True)  # fails early if it cannot be
            index = _build_saved(_sources(directory, listing, previous), problems,
                                 directory, index_dir, listing)
        return corpus_of(index, directory), index
    except OSError as exc:  # a read-only corpus, a full disk, or the lock held too long
        logger.warning("cannot save the index in %s (%s): it will be rebuilt next time",
                       index_dir, exc)
    problems.clear()  # the failed build may have noted some: the files are read again below
    corpus = (load_corpus(directory) if previous is None
              else Corpus(directory, tuple(_articles(directory, listing, previous, problems)),
                          tuple(problems)))
    return corpus, SentenceIndex(corpus.articles)


# Sentences analysed before they go into the engine as one segment (bounds a build's memory).
BUILD_CHUNK = 50_000
# Articles handed to a worker at a time, and the fewest articles a build splits in worker
# processes (below it a pool costs more than it saves: tests and small corpora stay in place).
WORK_CHUNK = 256
PARALLEL_MIN = 4_000


def _build_saved(articles: Iterable[tuple[str, Article | Path | str]], problems: list[Problem],
                 corpus_dir: Path, index_dir: Path, listing: Mapping[str, FileStat],
                 workers: int | None = None) -> SentenceIndex:
    """Stream articles into a saved index (one part), then open it (see build).

    `articles` are (file name, what to index): an article in hand, a file to read, or why a
    file is left out. Reading, splitting and analysing are done chunk by chunk in `workers`
    processes (by default the CPUs here, for a corpus of PARALLEL_MIN files or more); the
    engine, the saved columns and the choice between articles with one url stay here, in file
    order, so the index is the same however many workers made it.
    """
    if workers is None:
        workers = available_workers() if len(listing) >= PARALLEL_MIN else 1
    engine = NewsbotEngine()
    postings = engine.builder()
    languages: Counter[str] = Counter()
    texts = _Blob()
    article_of, positions, paragraphs = array("i"), array("i"), array("i")
    strings = {name: _Blob() for name in (*ARTICLE_STRINGS, *EXTRA_STRINGS)}
    counts, sizes, mtimes = array("q"), array("q"), array("q")
    pending_ids: list[np.ndarray] = []  # term ids of analysed sentences not yet indexed
    pending_lengths: list[np.ndarray] = []
    pending = 0
    term_ids = _Blob()  # the forward index (bot/search/forward.py): int32 term ids
    seen_urls: dict[str, str] = {}
    number = 0
    with Progress(len(listing), "splitting and analysing", "articles") as progress:
        for names, chunk in _in_chunks(articles, workers):
            taken: list[tuple[int, int]] = []  # sentence ranges of the chunk's taken articles
            first_sentence = 0
            for name, item in zip(names, chunk.items, strict=True):
                if isinstance(item, str):
                    problems.append(Problem(corpus_dir / name, item))
                    continue
                article, n_sentences = item.article, len(item.ends)
                first_sentence += n_sentences
                # url_already_seen with the key worked out in the worker.
                first_with_url = seen_urls.setdefault(item.url_key, article.id)
                if first_with_url != article.id:
                    problems.append(Problem(corpus_dir / name, same_url_reason(first_with_url)))
                    continue
                taken.append((first_sentence - n_sentences, first_sentence))
                languages[language_of(article.language)] += 1
                texts.extend(item.texts, item.ends)
                article_of.extend([number] * n_sentences)
                positions.extend(range(n_sentences))
                paragraphs.extend(item.paragraphs)
                values = (article.id, article.title, article.url, article.source,
                          article.published, article.author, article.language, item.digest,
                          item.url_key, item.analyzer, article.body, item.outside,
                          item.title_terms)
                for key, value in zip((*ARTICLE_STRINGS, *EXTRA_STRINGS), values, strict=True):
                    strings[key].add(value.encode("utf-8", "surrogatepass"))
                size, mtime = listing.get(article.id + ARTICLE_SUFFIX, (-1, -1))
                counts.append(n_sentences)
                sizes.append(size)
                mtimes.append(mtime)
                number += 1
            progress.update(len(names))
            ids, lengths, whole = chunk.taken(taken)
            pending_ids.append(_global_ids(postings, chunk.vocabulary, ids, whole))
            pending_lengths.append(lengths)
            pending += len(lengths)
            if pending >= BUILD_CHUNK:
                _add_postings(postings, pending_ids, pending_lengths, term_ids)
                pending_ids, pending_lengths, pending = [], [], 0
    _add_postings(postings, pending_ids, pending_lengths, term_ids)
    del pending_ids, pending_lengths
    engine.add_built(postings)
    del postings
    text, text_offsets = texts.column()
    del texts
    columns = {"text": text, "text_offsets": text_offsets,
               "article": np.frombuffer(article_of, dtype=np.int32),
               "position": np.frombuffer(positions, dtype=np.int32),
               "paragraph": np.frombuffer(paragraphs, dtype=np.int32),
               "terms": np.frombuffer(term_ids.data, dtype=np.int32)}
    del term_ids
    part = Part(columns, {name: StringColumn(*values.column()) for name, values in strings.items()},
                {"count": np.frombuffer(counts, dtype=np.int64),
                 "size": np.frombuffer(sizes, dtype=np.int64),
                 "mtime_ns": np.frombuffer(mtimes, dtype=np.int64)},
                engine.stored_tail(0, 0))
    del strings, engine
    saved_problems = [(p.path.name, *listing.get(p.path.name, (-1, -1)), p.reason)
                      for p in problems]
    with _directory_lock(index_dir):
        main = analyzer_for(_main_language(languages))
        write_saved(index_dir, SavedIndex(main.language, "newsbot", [part], saved_problems,
                                          pipeline=PIPELINE))
    del part, columns, text, text_offsets
    meta = read_meta(index_dir)
    if meta is None:
        raise OSError(f"{index_dir / 'meta.json'} vanished")
    return SentenceIndex.from_saved(read_saved(index_dir, meta), index_dir, corpus_dir)


def _in_chunks(articles: Iterable[tuple[str, Article | Path | str]],
               workers: int) -> Iterator[tuple[list[str], _Chunk]]:
    """The file names of each chunk of WORK_CHUNK articles with the chunk analysed (in
    worker processes when workers > 1), in order."""
    batches: deque[list[tuple[str, Article | Path | str]]] = deque()

    def tasks() -> Iterator[list[Article | Path | str]]:
        batch: list[tuple[str, Article | Path | str]] = []
        for entry in articles:
            batch.append(entry)
            if len(batch) >= WORK_CHUNK:
                batches.append(batch)
                yield [what for _, what in batch]
                batch = []
        if batch:
            batches.append(batch)
            yield [what for _, what in batch]

    for chunk in ordered_map(_analyse_chunk, tasks(), workers):
        # A chunk's task was made (and its names kept) before its result came.
        yield [name for name, _ in batches.popleft()], chunk


@dataclass
class _Analysed:
    """One article split and analysed for a build (made in a worker process)."""

    article: Article
    texts: bytes  # its sentences' texts (UTF-8) end to end
    ends: list[int]  # where each sentence ends in `texts`
    paragraphs: list[int]  # each sentence's paragraph number
    digest: str
    url_key: str
    analyzer: str  # the language of the analyzer its sentences' terms come from
    outside: str  # outside_terms, as saved
    title_terms: str  # title_terms_text


@dataclass
class _Chunk:
    """Articles analysed together: each one, or why its file could not be read; and the
    terms of all their sentences as ids into the chunk's own vocabulary (numbered in the
    order first met), which is what the main process turns into engine ids cheaply."""

    items: list[_Analysed | str]
    vocabulary: list[str]
    ids: np.ndarray  # int32, every sentence's term ids end to end
    lengths: np.ndarray  # int64, terms per sentence

    def taken(self, ranges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray, bool]:
        """The term ids and lengths of the sentences in `ranges` (those of the articles
        taken), in order, and whether that is all of them."""
        n = len(self.lengths)
        if sum(hi - lo for lo, hi in ranges) == n:
            return self.ids, self.lengths, True
        ends = np.concatenate([[0], np.cumsum(self.lengths)])
        ids = [self.ids[ends[lo] : ends[hi]] for lo, hi in ranges]
        lengths = [self.lengths[lo:hi] for lo, hi in ranges]
        return (np.concatenate(ids) if ids else self.ids[:0],
                np.concatenate(lengths) if lengths else self.lengths[:0], False)


def _analyse_chunk(items: Sequence[Article | Path | str]) -> _Chunk:
    """Read (a Path), split and analyse articles: what a build keeps of each (a str, why a
    file is left out, passes through)."""
    vocabulary: dict[str, int] = {}
    number = vocabulary.setdefault
    done: list[_Analysed | str] = []
    ids: list[int] = []
    lengths: list[int] = []
    for item in items:
        if isinstance(item, Path):
            try:
                item = read_article(item)
            except CorpusError as exc:
                done.append(str(exc))
                continue
        if isinstance(item, str):
            done.append(item)
            continue
        article = item
        split = article_sentences(article)
        analyzer = analyzer_for(article.language)  # each article in its own language
        encoded = bytearray()
        ends = []
        for sentence in split:
            encoded += sentence.text.encode("utf-8")
            ends.append(len(encoded))
            terms = analyzer.terms(sentence.text)
            ids.extend([number(term, len(vocabulary)) for term in terms])
            lengths.append(len(terms))
        done.append(_Analysed(article, bytes(encoded), ends, [s.paragraph for s in split],
                              article_digest(article), url_key(article.url), analyzer.language,
                              _outside_value(outside_terms(article, split, analyzer)),
                              title_terms_text(article.title, analyzer)))
    return _Chunk(done, list(vocabulary), np.array(ids, dtype=np.int32),
                  np.array(lengths, dtype=np.int64))


def _global_ids(postings: PostingsBuilder, vocabulary: list[str], ids: np.ndarray,
                whole: bool) -> np.ndarray:
    """A chunk's term ids (into its vocabulary) as the engine's: terms new to the engine
    numbered in the order first met, as if the sentences' terms had been given one by one.
    `whole`: the ids are all the chunk's (its vocabulary is then in the order first met)."""
    if whole:
        return postings.ids(vocabulary)[ids]
    present, first = np.unique(ids, return_index=True)
    order = present[np.argsort(first, kind="stable")]  # the taken terms as first met
    mapping = np.zeros(len(vocabulary), dtype=np.int64)
    mapping[order] = postings.ids([vocabulary[i] for i in order.tolist()])
    return mapping[ids]


def _add_postings(postings: PostingsBuilder, ids: list[np.ndarray], lengths: list[np.ndarray],
                  term_ids: _Blob) -> None:
    """Index sentences given as engine term ids, keeping the ids (the forward index)."""
    if not ids:
        return
    flat = np.concatenate(ids)
    postings.add_ids(flat, np.concatenate(lengths))
    term_ids.data += flat.astype(np.int32).tobytes()


class _Blob:
    """Byte strings end to end as they come: one growing buffer, no object per string (a
    build holds a million sentences and every article body until they are written)."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.ends = array("q")

    def add(self, value: bytes) -> None:
        self.data += value
        self.ends.append(len(self.data))

    def extend(self, values: bytes, ends: Iterable[int]) -> None:
        """Several strings end to end in `values`, each ending at one of `ends` in it."""
        base = len(self.data)
        self.data += values
        self.ends.extend([base + end for end in ends])

    def column(self) -> tuple[np.ndarray, np.ndarray]:
        """(uint8 blob, int64 offsets n + 1); the blob shares the buffer."""
        offsets = np.zeros(len(self.ends) + 1, dtype=np.int64)
        offsets[1:] = np.frombuffer(self.ends, dtype=np.int64)
        return np.frombuffer(self.data, dtype=np.uint8), offsets


def _articles(directory: Path, listing: Mapping[str, FileStat],
              previous: SentenceIndex | None, problems: list[Problem]) -> Iterator[Article]:
    """The articles load_corpus would give, in order, read only where `previous` (if any)
    does not have them unchanged (see _sources); files that do not load are appended to
    `problems`."""
    seen_urls: dict[str, str] = {}
    for name, item in _sources(directory, listing, previous):
        if isinstance(item, Path):
            try:
                item = read_article(item)
            except CorpusError as exc:
                item = str(exc)
        if isinstance(item, str):
            problems.append(Problem(directory / name, item))
        elif (reason := url_already_seen(item, seen_urls)) is not None:
            problems.append(Problem(directory / name, reason))
        else:
            yield item


def _sources(directory: Path, listing: Mapping[str, FileStat],
             previous: SentenceIndex | None) -> Iterator[tuple[str, Article | Path | str]]:
    """Each file of the listing, in order, with what a build takes of it: the article from
    `previous` when it has it unchanged, else the file to read, or why it is left out (a
    problem noted before, for a file not changed since). Articles with one url are left to
    the build (see _articles)."""
    stored = previous.stored if previous is not None else None
    for name in sorted(listing):
        stat = listing[name]
        article_id = name[: -len(ARTICLE_SUFFIX)]
        old_problem = stored.problems.get(name) if stored is not None else None
        if (old_problem is not None and tuple(old_problem[1:3]) == stat
                and not old_problem[3].startswith(SAME_URL)):
            yield name, old_problem[3]
        elif (previous is not None and stored is not None and stored.files.get(name) == stat
                and article_id in previous.articles):
            yield name, previous.articles[article_id]
        else:
            yield name, directory / name


def save_added(index: SentenceIndex) -> None:
    """Write what was added to an index since it was last saved, as a new part.

    The saved base is never rewritten for it: the parts after it are merged into one when
    there are more than MAX_PARTS, and the whole index is written again as one base only
    when those parts hold more than BASE_SHARE of the sentences. Errors are logged.
    """
    stored = index.stored
    if stored is None or not isinstance(index.engine, NewsbotEngine):
        return
    try:
        # The corpus lock before the directory lock, as build() takes them: the other order
        # lets a rebuild and this save each wait for the other until the file lock times out.
        with stored.lock, corpus_lock(stored.corpus_dir), _directory_lock(stored.directory):
            if _parts_on_disk(stored.directory) != [p[0] for p in stored.parts]:
                return  # the index was rebuilt meanwhile: this line of snapshots is done
            _save_added(index, stored)
    except OSError as exc:
        logger.warning("cannot save the index in %s (%s): new articles are read again at "
                       "the next start", stored.directory, exc)


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_LOCK = threading.Lock()


def _directory_lock(directory: Path) -> threading.Lock:
    """One writer at a time per saved index directory in this process."""
    with _LOCKS_LOCK:
        return _LOCKS.setdefault(directory.resolve(), threading.Lock())


def _parts_on_disk(directory: Path) -> list[str] | None:
    try:
        meta = read_meta(directory)
    except IndexFormatError:
        return None
    return [str(name) for name in meta["parts"]] if meta else None


def _save_added(index: SentenceIndex, stored: Stored) -> None:
    directory = stored.directory
    n_articles, n_docs, n_terms = stored.upto
    problems = sorted(stored.problems.values())
    if len(index.articles) < n_articles or len(index) < n_docs:
        return  # an older snapshot than the one saved
    if len(index.articles) > n_articles:
        tail = len(index) - stored.parts[1][2] if len(stored.parts) > 1 else len(index) - n_docs
        if tail > BASE_SHARE * len(index):
            logger.info("writing the saved index again as one base (%d sentences)", len(index))
            part = index.part(0, 0, 0, stored.files)
            names = write_saved(directory, SavedIndex(index.analyzer.language,
                                                      index.engine_name, [part], problems,
                                                      pipeline=PIPELINE))
            stored.parts[:] = [(names[0], 0, 0, 0)]
            stored.touched.clear()
            stored.upto = (len(index.articles), len(index), index.n_terms)
            return
        if len(stored.parts) > MAX_PARTS:
            # Merge the parts after the base, with the new articles, into one.
            _, n_articles, n_docs, n_terms = stored.parts[1]
            del stored.parts[1:]
        name = f"p{next_part_number(directory):06d}"
        write_part(directory / name, index.part(n_articles, n_docs, n_terms, stored.files))
        stored.parts.append((name, n_articles, n_docs, n_terms))
        stored.upto = (len(index.articles), len(index), index.n_terms)
    write_meta(directory, index.analyzer.language, index.engine_name,
               [p[0] for p in stored.parts], problems, stored.touched, PIPELINE)
