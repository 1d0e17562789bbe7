"""The sentence index on disk: plain files, opened memory-mapped, checked against the corpus.

    <corpus>/.newsbot-index/
        meta.json          format, version, analyzer language, engine, corpus hash, and each
                           article's id, content digest, first sentence and sentence count
        text.npy           every sentence's UTF-8 text, end to end (uint8)
        text_offsets.npy   where each sentence's text starts and ends (int64, n + 1)
        article.npy        the article number of each sentence (int32)
        position.npy       its 0-based number in the article (int32)
        paragraph.npy      its 0-based paragraph (int32)
        engine/            the newsbot BM25 engine's own files (bot/search/bm25.py)

The whole directory is written aside and renamed into place (bm25.write_atomically). Opening
checks the format version, the sizes and shapes, and compares the corpus hash: equal, the
index is used as is; when the saved articles are all still there, unchanged, the new ones are
added; otherwise it is rebuilt. No pickle anywhere.
"""

from __future__ import annotations

import hashlib
import json
import logging
import operator
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

import numpy as np

from bot.corpus import Article, Corpus, article_digest, corpus_hash
from bot.search.bm25 import IndexFormatError, NewsbotEngine, write_atomically
from bot.search.lang import analyzer_for, language_of

if TYPE_CHECKING:
    from bot.search.index import Sentence, SentenceIndex

logger = logging.getLogger(__name__)

FORMAT = "newsbot-sentences"
FORMAT_VERSION = 2  # 2: article entries as columns (faster to read at 100k+ articles)
_COLUMNS = ("text", "text_offsets", "article", "position", "paragraph")


def pipeline_version() -> str:
    """A hash of the code that turns articles into sentences and terms.

    A saved index holds that code's output: when it changes (a new stopword, another
    tokeniser), the index is rebuilt rather than mixing old terms with new questions.
    """
    import bot.corpus
    import bot.search.index
    import bot.search.lang
    import bot.search.lang.analyzer
    import bot.search.lang.sentences
    import bot.search.lang.stopwords
    import bot.search.lang.words
    import bot.search.stopwords
    import bot.search.text

    digest = hashlib.sha256()
    for module in (bot.corpus, bot.search.index, bot.search.stopwords, bot.search.text,
                   bot.search.lang, bot.search.lang.analyzer, bot.search.lang.sentences,
                   bot.search.lang.stopwords, bot.search.lang.words):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:32]


class SentenceTable(Sequence["Sentence"]):
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
        from bot.search.index import Sentence

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


def save_index(index: SentenceIndex, directory: Path) -> None:
    """Write the index's files aside, then rename them into place."""
    if not isinstance(index.engine, NewsbotEngine):
        raise TypeError(f"only the newsbot engine can be saved, not {index.engine_name!r}")
    article_ids = list(index.articles)
    numbers = {article_id: n for n, article_id in enumerate(article_ids)}
    sentences = index.sentences
    if isinstance(sentences, SentenceTable):
        # Saved columns are copied as they are; only sentences added since are encoded.
        columns = _join(sentences.columns(), _columns(sentences.added(), numbers))
    else:
        columns = _columns(sentences, numbers)
    digests = {a: article_digest(index.articles[a]) for a in article_ids}
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "language": index.analyzer.language,
        # Each language's analyzer (articles name their language: see "articles" below).
        "analyzers": {lang: _analyzer_name(lang) for lang in sorted(index.languages)},
        "pipeline": pipeline_version(),
        "engine": index.engine_name,
        "corpus_hash": corpus_hash(digests),
        "n_sentences": len(sentences),
        "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                   for name, a in columns.items()},
        "articles": {"ids": article_ids, "digests": [digests[a] for a in article_ids],
                     "first": [index._first[a] for a in article_ids],
                     "count": [index._count[a] for a in article_ids],
                     "languages": [language_of(index.articles[a].language) for a in article_ids]},
    }

    def write(tmp: Path) -> None:
        for name, array in columns.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        (tmp / "engine").mkdir()
        engine = index.engine
        assert isinstance(engine, NewsbotEngine)  # only the newsbot engine is saved
        engine.write_files(tmp / "engine")
        # Last, so a directory without it is never taken for a whole index.
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    write_atomically(directory, write)


def _analyzer_name(language: str) -> str:
    """How a language's terms are made, e.g. 'ru: words, stopwords-iso, snowball russian'."""
    analyzer = analyzer_for(language)
    stemmer = getattr(analyzer, "stemmer_name", "nltk snowball english")
    return f"{language}: {type(analyzer).__name__}, stemmer {stemmer}"


def _columns(sentences: Sequence[Sentence], numbers: Mapping[str, int]) -> dict[str, np.ndarray]:
    """The saved columns of a list of sentences."""
    encoded = [s.text.encode("utf-8") for s in sentences]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)),
              out=offsets[1:])
    n = len(sentences)
    return {
        "text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "text_offsets": offsets,
        "article": np.fromiter((numbers[s.article_id] for s in sentences), np.int32, n),
        "position": np.fromiter((s.position for s in sentences), np.int32, n),
        "paragraph": np.fromiter((s.paragraph for s in sentences), np.int32, n),
    }


def _join(first: Mapping[str, np.ndarray], second: Mapping[str, np.ndarray]) -> dict:
    """Columns of two runs of sentences, one after the other."""
    joined = {name: np.concatenate((first[name], second[name]))
              for name in ("text", "article", "position", "paragraph")}
    joined["text_offsets"] = np.concatenate(
        (first["text_offsets"], second["text_offsets"][1:] + len(first["text"])))
    return joined


def read_meta(directory: Path) -> dict | None:
    """The saved index's metadata; None if there is none; IndexFormatError if unreadable."""
    path = directory / "meta.json"
    if not path.exists():
        return None
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexFormatError(f"cannot read {path}: {exc}") from None
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise IndexFormatError(f"{path} is not a newsbot index")
    if meta.get("version") != FORMAT_VERSION:
        raise IndexFormatError(f"{path} is format version {meta.get('version')!r}, "
                               f"this newsbot reads version {FORMAT_VERSION}")
    return meta


def load_saved(cls: type[SentenceIndex], directory: Path, meta: dict,
               articles: Mapping[str, Article]) -> SentenceIndex:
    """Open a saved index whose articles are all in `articles`; IndexFormatError if unsound."""
    try:
        columns = {}
        for name in _COLUMNS:
            columns[name] = np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            expected = meta["arrays"][name]
            if (str(columns[name].dtype) != expected["dtype"]
                    or list(columns[name].shape) != expected["shape"]):
                raise IndexFormatError(f"{name}.npy does not match meta.json")
        entries = meta["articles"]
        ids, first, count = entries["ids"], entries["first"], entries["count"]
        n = int(meta["n_sentences"])
        language = str(meta["language"])
    except IndexFormatError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexFormatError(f"cannot read saved index in {directory}: {exc}") from None
    offsets = columns["text_offsets"]
    if (any(len(columns[c]) != n for c in ("article", "position", "paragraph"))
            or len(offsets) != n + 1 or int(offsets[0]) != 0
            or int(offsets[-1]) != len(columns["text"])
            or not len(ids) == len(first) == len(count) == len(entries["digests"])
            or sum(count) != n):
        raise IndexFormatError(f"saved index in {directory} is inconsistent: sentence columns")
    engine = NewsbotEngine.load(directory / "engine")
    if engine.n_docs != n:
        raise IndexFormatError(f"saved index in {directory} is inconsistent: "
                               f"{engine.n_docs} documents for {n} sentences")
    return cls._restore(
        analyzer_for(language), "newsbot", engine, {a: articles[a] for a in ids},
        SentenceTable(columns, ids), dict(zip(ids, first)), dict(zip(ids, count)),
    )


def open_index(cls: type[SentenceIndex], corpus: Corpus, directory: Path,
               engine: str) -> SentenceIndex:
    """See SentenceIndex.open."""
    if engine != "newsbot":
        return cls(corpus.articles, engine=engine)
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
            index = load_saved(cls, directory, meta, by_id)
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
                index = load_saved(cls, directory, meta, by_id)
                added = index.add_articles(a for a in corpus.articles if a.id not in saved)
                logger.debug("opened the saved index and added %d new article(s) in %.2f s",
                             added, time.perf_counter() - started)
    except (IndexFormatError, KeyError, TypeError, ValueError) as exc:
        logger.warning("the saved index in %s is unusable (%s): rebuilding it", directory, exc)
        index = None
    if index is None:
        index = cls(corpus.articles, engine=engine)
    try:
        save_index(index, directory)
    except OSError as exc:
        logger.warning("cannot save the index in %s (%s): it will be rebuilt next time",
                       directory, exc)
    return index
