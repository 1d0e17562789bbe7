"""The sentence index on disk: plain files, read and written as columns (memory-mapped).

    <corpus>/.newsbot-index/
        meta.json          format, version, analyzer language, engine, corpus hash, the hash of
                           the splitting and analysing code, each language's analyzer, and
                           each article's id, content digest, first sentence, sentence count
                           and language
        text.npy           every sentence's UTF-8 text, end to end (uint8)
        text_offsets.npy   where each sentence's text starts and ends (int64, n + 1)
        article.npy        the article number of each sentence (int32)
        position.npy       its 0-based number in the article (int32)
        paragraph.npy      its 0-based paragraph (int32)
        engine/            the newsbot BM25 engine's own files (bot/search/bm25/store.py)

A plain reader and writer: it checks that what it reads is whole and consistent, and knows
nothing of when a saved index may be reused, extended or rebuilt (bot/search/index.py decides).
The whole directory is written aside and renamed into place (bot.common.atomic). No pickle.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.common.atomic import write_atomically
from bot.corpus import corpus_hash
from bot.search.bm25 import IndexFormatError, NewsbotEngine

FORMAT = "newsbot-sentences"
FORMAT_VERSION = 2  # 2: article entries as columns (faster to read at 100k+ articles)
COLUMNS = ("text", "text_offsets", "article", "position", "paragraph")
# The code whose output a saved index holds (paths relative to the bot package).
_PIPELINE = ("corpus.py", "search/index.py", "search/stopwords.py", "search/text.py",
             "search/lang/__init__.py", "search/lang/analyzer.py", "search/lang/sentences.py",
             "search/lang/stopwords.py", "search/lang/words.py")


def pipeline_version() -> str:
    """A hash of the code that turns articles into sentences and terms.

    A saved index holds that code's output: when it changes (a new stopword, another
    tokeniser), the index is rebuilt rather than mixing old terms with new questions.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for name in _PIPELINE:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class SavedIndex:
    """What a saved index holds: sentence columns, article entries and the engine."""

    language: str  # the analyzer's language
    engine_name: str
    engine: NewsbotEngine
    columns: Mapping[str, np.ndarray]  # COLUMNS; article numbers index `article_ids`
    article_ids: Sequence[str]
    digests: Sequence[str]  # per article, bot.corpus.article_digest
    first: Sequence[int]  # per article, its first sentence's number
    count: Sequence[int]  # per article, how many sentences it has
    # Per article, its language (ISO 639-1); and how each language is analysed, for the record.
    languages: Sequence[str] = ()
    analyzers: Mapping[str, str] = field(default_factory=dict)

    @property
    def n_sentences(self) -> int:
        return len(self.columns["article"])


def encode_sentences(texts: Sequence[str], articles: Sequence[int], positions: Sequence[int],
                     paragraphs: Sequence[int]) -> dict[str, np.ndarray]:
    """The saved columns of a run of sentences (article numbers as given)."""
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)),
              out=offsets[1:])
    n = len(encoded)
    return {
        "text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
        "text_offsets": offsets,
        "article": np.fromiter(articles, np.int32, n),
        "position": np.fromiter(positions, np.int32, n),
        "paragraph": np.fromiter(paragraphs, np.int32, n),
    }


def join_columns(first: Mapping[str, np.ndarray], second: Mapping[str, np.ndarray]) -> dict:
    """Columns of two runs of sentences, one after the other."""
    joined = {name: np.concatenate((first[name], second[name]))
              for name in ("text", "article", "position", "paragraph")}
    joined["text_offsets"] = np.concatenate(
        (first["text_offsets"], second["text_offsets"][1:] + len(first["text"])))
    return joined


def write_saved(directory: Path, saved: SavedIndex) -> None:
    """Write a saved index aside, then rename it into place."""
    ids = list(saved.article_ids)
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "language": saved.language,
        "analyzers": dict(saved.analyzers),
        "pipeline": pipeline_version(),
        "engine": saved.engine_name,
        "corpus_hash": corpus_hash(dict(zip(ids, saved.digests))),
        "n_sentences": saved.n_sentences,
        "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                   for name, a in saved.columns.items()},
        "articles": {"ids": ids, "digests": list(saved.digests), "first": list(saved.first),
                     "count": list(saved.count), "languages": list(saved.languages)},
    }

    def write(tmp: Path) -> None:
        for name in COLUMNS:
            np.save(tmp / f"{name}.npy", saved.columns[name], allow_pickle=False)
        (tmp / "engine").mkdir()
        saved.engine.write_files(tmp / "engine")
        # Last, so a directory without it is never taken for a whole index.
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")

    write_atomically(directory, write)


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


def read_saved(directory: Path, meta: dict) -> SavedIndex:
    """Open a saved index (columns memory-mapped); IndexFormatError if it is not sound."""
    try:
        columns = {}
        for name in COLUMNS:
            columns[name] = np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            expected = meta["arrays"][name]
            if (str(columns[name].dtype) != expected["dtype"]
                    or list(columns[name].shape) != expected["shape"]):
                raise IndexFormatError(f"{name}.npy does not match meta.json")
        entries = meta["articles"]
        ids, first, count = entries["ids"], entries["first"], entries["count"]
        digests = entries["digests"]
        languages = entries.get("languages") or ["en"] * len(ids)
        analyzers = dict(meta.get("analyzers") or {})
        n = int(meta["n_sentences"])
        language, engine_name = str(meta["language"]), str(meta["engine"])
    except IndexFormatError:
        raise
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise IndexFormatError(f"cannot read saved index in {directory}: {exc}") from None
    offsets = columns["text_offsets"]
    if (any(len(columns[c]) != n for c in ("article", "position", "paragraph"))
            or len(offsets) != n + 1 or int(offsets[0]) != 0
            or int(offsets[-1]) != len(columns["text"])
            or not len(ids) == len(first) == len(count) == len(digests) == len(languages)
            or sum(count) != n):
        raise IndexFormatError(f"saved index in {directory} is inconsistent: sentence columns")
    engine = NewsbotEngine.load(directory / "engine")
    if engine.n_docs != n:
        raise IndexFormatError(f"saved index in {directory} is inconsistent: "
                               f"{engine.n_docs} documents for {n} sentences")
    return SavedIndex(language, engine_name, engine, columns, ids, digests, first, count,
                      languages, analyzers)
