"""The sentence index on disk: plain files, read and written as columns (memory-mapped).

It is the serving state: it holds everything answering needs (sentence texts and positions,
article metadata and bodies, digests) and a manifest of the article files (size and
modification time), so a start reads no article file that has not changed.

    <corpus>/.newsbot-index/
        meta.json          format, version, analyzer language, engine, the hash of the
                           splitting and analysing code, the parts in order, and the files
                           that could not be loaded (name, size, mtime, reason)
        p000001/           a part: a run of articles, their sentences and their postings
            part.json      sizes, the part's first sentence, each array's dtype and shape
            text.npy, text_offsets.npy        each sentence's UTF-8 text, end to end
            article.npy, position.npy, paragraph.npy   per sentence (article: in the part)
            a_<field>.npy, a_<field>_offsets.npy      per article, strings: id, title, url,
                           source, published, author, language, digest, url_key, analyzer, body
            a_count.npy, a_size.npy, a_mtime_ns.npy   per article: sentences, file size, mtime
            terms.npy      each sentence's term ids, end to end (int32; lengths: the engine's
                           doc_len): the forward index, bot/search/forward.py (optional)
            a_outside.npy, a_outside_offsets.npy   per article, the terms of its body outside
                           its sentences (a dateline), "\x00" when not known (optional)
            a_title_terms.npy, a_title_terms_offsets.npy   per article, the terms of its title
                           by its analyzer, "\x00" when not known (optional)
            engine/        the newsbot BM25 engine's postings of those sentences (bm25/store.py)
        p000002/ ...       parts added later: new articles only, the base is not rewritten

A plain reader and writer: it checks that what it reads is whole and consistent, and knows
nothing of when a saved index may be reused, extended or rebuilt (bot/search/index.py decides).
Each part is written aside and renamed into place (bot.common.atomic), then meta.json is
replaced in one rename, so a crash never leaves a broken index. No pickle.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import mmap
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.common.atomic import write_atomically
from bot.common.columns import StringColumn
from bot.search.bm25 import IndexFormatError
from bot.search.bm25.store import StoredEngine, load_engine, write_engine_files

FORMAT = "newsbot-sentences"
FORMAT_VERSION = 3  # 3: parts, article metadata and bodies, a manifest of the files
SENTENCE_COLUMNS = ("text", "text_offsets", "article", "position", "paragraph")
ARTICLE_STRINGS = ("id", "title", "url", "source", "published", "author", "language", "digest",
                   "url_key", "analyzer", "body")
ARTICLE_NUMBERS = ("count", "size", "mtime_ns")
# Columns a part may lack (written by an older newsbot): readers then analyse the text.
OPTIONAL_SENTENCE_COLUMNS = ("terms",)
OPTIONAL_ARTICLE_STRINGS = ("outside", "title_terms")
# The code whose output a saved index holds (paths relative to the bot package): every module
# these import too (tests/test_layering.py checks), bot/errors.py aside (messages only).
_PIPELINE = ("corpus.py", "common/urls.py", "common/language.py", "common/textnorm.py",
             "search/stopwords.py", "search/text.py", "search/lang/__init__.py",
             "search/lang/analyzer.py", "search/lang/sentences.py", "search/lang/stopwords.py",
             "search/lang/words.py", "search/lang/hindi.py", "search/lang/arabic.py")


# The libraries whose output that code saves (sentences, stems, lemmas, words, a detected
# language): a new release may cut or stem differently, so their versions are hashed too.
# (tests/test_layering.py checks every third-party module the code above imports is here.)
_LIBRARIES = ("nltk", "regex", "snowballstemmer", "simplemma", "jieba", "pythainlp",
              "python-crfsuite", "py3langid", "stopwordsiso")


def _library_version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


def pipeline_version(splitter: str = "") -> str:
    """A hash of the code that turns articles into sentences and terms.

    A saved index holds that code's output: when it changes (a new stopword, another
    tokeniser, a new release of a stemmer it calls), the index is rebuilt rather than mixing
    old terms with new questions.
    `splitter` is the source of the function that cuts an article into sentences (it lives
    with the index, whose other code does not change what is saved).
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(splitter.encode("utf-8"))
    for name in _PIPELINE:
        digest.update((package / name).read_bytes())
    for distribution in _LIBRARIES:
        digest.update(f"{distribution}=={_library_version(distribution)}".encode())
    return digest.hexdigest()[:32]


@dataclass(frozen=True)
class Part:
    """One saved run of articles, their sentences and the postings of those sentences."""

    sentences: Mapping[str, np.ndarray]  # SENTENCE_COLUMNS; article numbers within the part
    articles: Mapping[str, StringColumn]  # ARTICLE_STRINGS
    numbers: Mapping[str, np.ndarray]  # ARTICLE_NUMBERS, int64
    engine: StoredEngine  # first_doc: the part's first sentence number in the whole index

    @property
    def n_sentences(self) -> int:
        return len(self.sentences["article"])

    @property
    def n_articles(self) -> int:
        return len(self.numbers["count"])


FileProblem = tuple[str, int, int, str]  # file name, size, mtime in ns, why it did not load


@dataclass(frozen=True)
class SavedIndex:
    """A whole saved index: its parts in order and the files that did not load."""

    language: str  # the analyzer's language
    engine_name: str
    parts: Sequence[Part]
    problems: Sequence[FileProblem]
    part_names: Sequence[str] = ()
    # Files rewritten with the same content since their part was saved: their newer stats.
    touched: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    pipeline: str = ""  # pipeline_version() of the code that made it


def write_part(directory: Path, part: Part) -> None:
    """Write one part into a new directory, atomically."""
    arrays: dict[str, np.ndarray] = dict(part.sentences)
    for name, column in part.articles.items():
        arrays[f"a_{name}"], arrays[f"a_{name}_offsets"] = column.blob, column.offsets
    for name, values in part.numbers.items():
        arrays[f"a_{name}"] = np.asarray(values, dtype=np.int64)
    meta = {
        "n_sentences": part.n_sentences,
        "n_articles": part.n_articles,
        "first_doc": part.engine.first_doc,
        "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                   for name, a in arrays.items()},
    }

    def write(tmp: Path) -> None:
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        (tmp / "engine").mkdir()
        write_engine_files(part.engine, tmp / "engine")
        (tmp / "part.json").write_text(json.dumps(meta), encoding="utf-8")

    write_atomically(directory, write)


def write_meta(directory: Path, language: str, engine_name: str, part_names: Sequence[str],
               problems: Sequence[FileProblem], touched: Mapping[str, tuple[int, int]],
               pipeline: str) -> None:
    """Point the index at its parts (one rename), then remove parts no longer listed."""
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "language": language,
        "pipeline": pipeline,
        "engine": engine_name,
        "parts": list(part_names),
        "problems": [list(p) for p in problems],
        "touched": {name: list(stat) for name, stat in touched.items()},
    }
    tmp = directory / f".meta.json.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(meta, ensure_ascii=False))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, directory / "meta.json")
    for path in directory.iterdir():
        if path.is_dir() and path.name.startswith("p") and path.name not in part_names:
            shutil.rmtree(path, ignore_errors=True)


def write_saved(directory: Path, saved: SavedIndex) -> list[str]:
    """Write a whole index: every part afresh, then meta.json; returns the part names.

    Whatever else the directory held (older parts, an older layout) is removed after the
    new meta.json is in place.
    """
    directory.mkdir(parents=True, exist_ok=True)
    start = next_part_number(directory)
    names = [f"p{start + i:06d}" for i in range(len(saved.parts))]
    for name, part in zip(names, saved.parts):
        write_part(directory / name, part)
    write_meta(directory, saved.language, saved.engine_name, names, saved.problems,
               saved.touched, saved.pipeline)
    for path in directory.iterdir():
        if path.name.startswith(".") or path.name == "meta.json" or path.name in names:
            continue  # hidden: another writer's temporary files (bot.common.atomic clears them)
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return names


def next_part_number(directory: Path) -> int:
    """A part number not used yet in the directory."""
    numbers = [int(p.name[1:]) for p in directory.glob("p*") if p.name[1:].isdigit()]
    return max(numbers, default=0) + 1


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


def read_part(directory: Path) -> Part:
    """Open one part (memory-mapped); IndexFormatError if it is not sound."""
    try:
        meta = json.loads((directory / "part.json").read_text(encoding="utf-8"))
        arrays = {}
        for name, expected in meta["arrays"].items():
            arrays[name] = np.load(directory / f"{name}.npy", mmap_mode="r", allow_pickle=False)
            if (str(arrays[name].dtype) != expected["dtype"]
                    or list(arrays[name].shape) != expected["shape"]):
                raise IndexFormatError(f"{name}.npy does not match part.json")
        sentences = {name: arrays[name] for name in SENTENCE_COLUMNS + OPTIONAL_SENTENCE_COLUMNS
                     if name in arrays or name in SENTENCE_COLUMNS}
        articles = {name: StringColumn(arrays[f"a_{name}"], arrays[f"a_{name}_offsets"])
                    for name in ARTICLE_STRINGS + OPTIONAL_ARTICLE_STRINGS
                    if f"a_{name}" in arrays or name in ARTICLE_STRINGS}
        numbers = {name: np.asarray(arrays[f"a_{name}"]) for name in ARTICLE_NUMBERS}
        n, n_articles = int(meta["n_sentences"]), int(meta["n_articles"])
        first_doc = int(meta["first_doc"])
    except IndexFormatError:
        raise
    # EOFError: an empty .npy; AttributeError: JSON of the wrong shape (a list for a dict).
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError) as exc:
        raise IndexFormatError(f"cannot read saved index part {directory}: {exc}") from None
    offsets = sentences["text_offsets"]
    article = sentences["article"]
    if (any(len(sentences[c]) != n for c in ("article", "position", "paragraph"))
            or len(offsets) != n + 1 or int(offsets[0]) != 0
            or int(offsets[-1]) != len(sentences["text"])
            or any(len(c) != n_articles or not c.check() for c in articles.values())
            or any(len(v) != n_articles for v in numbers.values())
            or int(numbers["count"].sum()) != n
            or (n and (int(article.min()) < 0 or int(article.max()) >= n_articles))):
        raise IndexFormatError(f"saved index part {directory} is inconsistent")
    engine = load_engine(directory / "engine")
    if len(engine.doc_len) != n or engine.first_doc != first_doc:
        raise IndexFormatError(f"saved index part {directory} is inconsistent: "
                               f"{len(engine.doc_len)} documents for {n} sentences")
    for name in RANDOM_ACCESS:
        _read_at_random(arrays.get(name))
    terms = sentences.get("terms")
    if terms is not None and len(terms) != engine.total_len:
        raise IndexFormatError(f"saved index part {directory} is inconsistent: "
                               f"{len(terms)} term ids for {engine.total_len} terms")
    return Part(sentences, articles, numbers, engine)


# Columns read a few entries at a time, anywhere: the kernel's read-ahead would page in (and
# count in the process's resident memory) far more of them than answers touch.
RANDOM_ACCESS = ("text", "terms", "a_body")


def _read_at_random(array: np.ndarray | None) -> None:
    """Tell the kernel a memory-mapped array is read at random (no read-ahead)."""
    handle = getattr(array, "_mmap", None)
    advise = getattr(handle, "madvise", None)
    if advise is not None and hasattr(mmap, "MADV_RANDOM"):
        try:
            advise(mmap.MADV_RANDOM)
        except OSError:  # an advice the system does not take: reads still work
            pass


def read_saved(directory: Path, meta: dict) -> SavedIndex:
    """Open a saved index and its parts; IndexFormatError if anything is not sound."""
    try:
        names = [str(name) for name in meta["parts"]]
        problems = [(str(a), int(b), int(c), str(d)) for a, b, c, d in meta["problems"]]
        touched = {str(name): (int(size), int(mtime))
                   for name, (size, mtime) in meta.get("touched", {}).items()}
        language, engine_name = str(meta["language"]), str(meta["engine"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexFormatError(f"cannot read saved index in {directory}: {exc}") from None
    parts = [read_part(directory / name) for name in names]
    first_doc = first_term = 0
    for part in parts:
        if part.engine.first_doc != first_doc or part.engine.first_term != first_term:
            raise IndexFormatError(f"saved index in {directory} is inconsistent: parts")
        first_doc += part.n_sentences
        first_term += len(part.engine.terms)
    return SavedIndex(language, engine_name, parts, problems, names, touched,
                      str(meta.get("pipeline", "")))


__all__ = ["ARTICLE_NUMBERS", "ARTICLE_STRINGS", "FileProblem", "OPTIONAL_ARTICLE_STRINGS",
           "OPTIONAL_SENTENCE_COLUMNS", "Part", "SENTENCE_COLUMNS",
           "SavedIndex", "next_part_number", "pipeline_version", "read_meta", "read_part",
           "read_saved", "write_meta", "write_part", "write_saved"]
