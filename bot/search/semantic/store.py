"""Sentence vectors on disk, beside the saved index, grown by appending.

    <index dir>-semantic/          (e.g. <corpus>/.newsbot-index-semantic/)
        meta.json                  format, version, model, dimension, rows, the code that split
                                   the sentences, and the blocks: one per article, in row order
                                   (article id, article digest, sentence count, digest of the
                                   sentences' texts)
        vectors-<generation>.f16   the rows, float16, row after row (dimension values each)

A block is the vectors of one article's sentences, in their order. Rows are only ever appended
(an article added, or changed: its new block goes at the end), so indexing a large corpus can
be stopped and resumed, and adding an article writes only its own rows. The vector file is
written first and meta.json replaced after it: rows past meta.json's count are ignored (a write
cut short). A rewrite (compaction) goes to a new generation's file, then meta.json names it.
It is a directory of its own, beside the index's, so the saved index's format can change
without touching it. Several processes may share a store (the bot, and `newsbot ask` on the same
corpus): each reads and writes it under a lock file, appends after the rows others added, and
keeps its new rows in memory if another rewrote the store meanwhile. No pickle.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

FORMAT = "newsbot-vectors"
VERSION = 1
DTYPE = np.dtype("<f2")  # half the memory of float32; cosines move by < 0.001


@dataclass(frozen=True)
class Block:
    """The vectors of one article's sentences: which article, which text, how many."""

    article_id: str
    digest: str  # bot.corpus.article_digest: changes whenever the article's text does
    count: int
    texts: str = ""  # texts_digest of its sentences: checked when the splitter has changed


def texts_digest(texts: Sequence[str]) -> str:
    """A digest of a run of sentences' exact texts."""
    return hashlib.sha256("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()[:24]


class StoreFormatError(Exception):
    """A saved vector store that cannot be used as it is."""


class _Moved(Exception):
    """Another process rewrote the store since this one read it."""


class VectorStore:
    """Rows of float16 vectors in blocks; saved in `directory` when there is one."""

    def __init__(self, model_id: str, dimension: int, splitter: str,
                 directory: Path | None = None) -> None:
        self.model_id, self.dimension, self.splitter = model_id, dimension, splitter
        # The splitter the saved rows were made with; another one: check each block's texts.
        self.saved_splitter = splitter
        self.directory = directory
        self.blocks: list[Block] = []
        self._starts: list[int] = []  # first row of each block
        self._data = np.zeros((0, dimension), dtype=DTYPE)  # a memmap when saved
        self._buffer: np.ndarray | None = None  # in memory: rows with room to grow
        self._file: str | None = None
        # The saved store was unusable (another model's, another format) when opened: the
        # first write replaces it, else every run would embed everything again.
        self._replace = False

    def __len__(self) -> int:
        return len(self._data)

    @property
    def data(self) -> np.ndarray:
        """Every row (read-only use)."""
        return self._data

    def block_rows(self) -> dict[tuple[str, str, int], tuple[int, Block]]:
        """First row of each block and the block, by (article id, digest, count); the last
        one wins."""
        return {(b.article_id, b.digest, b.count): (s, b)
                for b, s in zip(self.blocks, self._starts)}

    # -- reading -------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, model_id: str, dimension: int,
             splitter: str) -> VectorStore:
        """The store saved in `directory`, or an empty one there if none is usable."""
        store = cls(model_id, dimension, splitter, directory)
        try:
            store._load()
        except StoreFormatError as exc:
            logger.warning("the sentence vectors in %s are unusable (%s): computing them again",
                           directory, exc)
            store.blocks, store._starts = [], []
            store._data = np.zeros((0, dimension), dtype=DTYPE)
            store._file = None
            store._replace = True
        return store

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Hold the store's lock file (one process reads or writes the store at a time)."""
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _load(self) -> None:
        assert self.directory is not None
        if not (self.directory / "meta.json").exists():
            return
        try:
            with self._locked():
                read = self._read_meta()
        except OSError:  # a read-only directory: read it as it is
            read = self._read_meta()
        if read is None:
            return
        self._file, blocks = read
        self._set_blocks(blocks)
        self._data = self._map(sum(b.count for b in blocks))

    def _read_meta(self) -> tuple[str, list[Block]] | None:
        """The saved file name and blocks (None: no store yet); StoreFormatError if unusable."""
        assert self.directory is not None
        path = self.directory / "meta.json"
        if not path.exists():
            return None
        try:
            meta = json.loads(path.read_text(encoding="utf-8"))
            if meta.get("format") != FORMAT or meta.get("version") != VERSION:
                raise StoreFormatError(f"{path} is not a version {VERSION} vector store")
            if meta.get("model") != self.model_id or meta.get("dimension") != self.dimension:
                raise StoreFormatError(f"made by model {meta.get('model')!r}, "
                                       f"this newsbot uses {self.model_id!r}")
            splitter = str(meta["splitter"])
            rows, name = int(meta["rows"]), str(meta["file"])
            ids, digests, counts, texts = (meta["blocks"][k]
                                           for k in ("ids", "digests", "counts", "texts"))
            if not len(ids) == len(digests) == len(counts) == len(texts) \
                    or sum(counts) != rows:
                raise StoreFormatError("its blocks do not add up to its rows")
            file = self.directory / name
            if "/" in name or os.sep in name or not file.is_file() \
                    or file.stat().st_size < rows * self.dimension * DTYPE.itemsize:
                raise StoreFormatError(f"{name} is missing or short")
        except StoreFormatError:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise StoreFormatError(f"cannot read {path}: {exc}") from None
        self.saved_splitter = splitter
        return name, [Block(str(i), str(d), int(c), str(t))
                      for i, d, c, t in zip(ids, digests, counts, texts)]

    def _set_blocks(self, blocks: list[Block]) -> None:
        self.blocks = list(blocks)
        self._starts = []
        start = 0
        for block in blocks:
            self._starts.append(start)
            start += block.count

    def _map(self, rows: int) -> np.ndarray:
        if rows == 0 or self._file is None or self.directory is None:
            return np.zeros((0, self.dimension), dtype=DTYPE)
        return np.memmap(self.directory / self._file, dtype=DTYPE, mode="r",
                         shape=(rows, self.dimension))

    # -- growing -------------------------------------------------------------------------

    def append(self, blocks: Sequence[Block], vectors: np.ndarray) -> int:
        """Add blocks of rows at the end; returns the first new row."""
        if sum(b.count for b in blocks) != len(vectors):
            raise ValueError("the blocks do not match the rows")
        rows = np.ascontiguousarray(vectors, dtype=DTYPE).reshape(-1, self.dimension)
        if self.directory is not None:
            try:
                return self._append_file(rows, blocks)
            except OSError as exc:
                logger.warning("cannot save sentence vectors in %s (%s): keeping them in memory",
                               self.directory, exc)
                self.directory = None
            except _Moved as exc:
                logger.info("the sentence vectors in %s changed (%s): keeping new ones in memory",
                            self.directory, exc)
                self.directory = None
        start = len(self._data)
        self._append_memory(rows)
        self._add_blocks(blocks, start)
        return start

    def _add_blocks(self, blocks: Sequence[Block], start: int) -> None:
        for block in blocks:
            self.blocks.append(block)
            self._starts.append(start)
            start += block.count

    def _append_memory(self, rows: np.ndarray) -> None:
        n, need = len(self._data), len(self._data) + len(rows)
        if self._buffer is None or len(self._buffer) < need:
            grown = np.empty((max(need, 2 * n, 1024), self.dimension), dtype=DTYPE)
            grown[:n] = self._data
            self._buffer = grown
        self._buffer[n:need] = rows
        self._data = self._buffer[:need]

    def _append_file(self, rows: np.ndarray, blocks: Sequence[Block]) -> int:
        assert self.directory is not None
        with self._locked():
            n = len(self._data)
            try:
                disk = self._read_meta()
            except StoreFormatError as exc:
                if not (self._replace and self._file is None and n == 0):
                    raise _Moved(str(exc)) from None
                disk = None  # still the unusable store found when opening: replace it
            if disk is None:
                if n:
                    raise _Moved("its files are gone")
            else:
                name, saved = disk
                rows_saved = sum(b.count for b in saved)
                if (self._file is not None and name != self._file) or rows_saved < n:
                    raise _Moved("another process rewrote it")
                if rows_saved > n:  # another process appended: keep its rows, add after them
                    self._set_blocks(saved)
                    n = rows_saved
                self._file = name
            if self._file is None:
                self._file = f"vectors-{secrets.token_hex(4)}.f16"
            path = self.directory / self._file
            with open(path, "r+b" if path.exists() else "w+b") as out:
                out.truncate(n * self.dimension * DTYPE.itemsize)  # rows of a cut-short write
                out.seek(0, os.SEEK_END)
                out.write(rows.tobytes())
                out.flush()
                os.fsync(out.fileno())
            self._add_blocks(blocks, n)
            self._write_meta()
            self._data = self._map(n + len(rows))
            if self._replace:  # the replaced store's rows
                self._replace = False
                self._remove_stale()
        return n

    def rewrite(self, blocks: Sequence[Block], vectors: np.ndarray) -> None:
        """Replace every row (compaction): a new generation's file, then meta.json."""
        if sum(b.count for b in blocks) != len(vectors):
            raise ValueError("the blocks do not match the rows")
        data = np.ascontiguousarray(vectors, dtype=DTYPE).reshape(-1, self.dimension)
        self._buffer = None
        if self.directory is None:
            self.blocks, self._starts = [], []
            self._data = np.zeros((0, self.dimension), dtype=DTYPE)
            self._append_memory(data)
            self._add_blocks(blocks, 0)
            return
        with self._locked():
            self._file = f"vectors-{secrets.token_hex(4)}.f16"
            with open(self.directory / self._file, "wb") as out:
                out.write(data.tobytes())
                out.flush()
                os.fsync(out.fileno())
            self._set_blocks(list(blocks))
            self._write_meta()
            self._data = self._map(len(data))
            self._remove_stale()

    def _remove_stale(self) -> None:
        """Remove the vector files meta.json no longer names: an old generation's, one left
        by a rewrite that was cut short, a replaced store's."""
        assert self.directory is not None
        for stale in self.directory.glob("vectors-*.f16"):
            if stale.name != self._file:
                try:
                    stale.unlink()
                except OSError:
                    pass

    def adopt_splitter(self) -> None:
        """Record that the blocks in use were checked against the current splitter."""
        if self.saved_splitter == self.splitter:
            return
        if self.directory is None or self._file is None:
            self.saved_splitter = self.splitter
            return
        try:
            with self._locked():
                disk = self._read_meta()
                if disk is not None and disk[0] == self._file \
                        and sum(b.count for b in disk[1]) == len(self._data):
                    self.saved_splitter = self.splitter
                    self._write_meta()
        except (OSError, StoreFormatError) as exc:
            logger.debug("cannot record the splitter in %s: %s", self.directory, exc)

    def _write_meta(self) -> None:
        assert self.directory is not None
        meta = {
            "format": FORMAT, "version": VERSION, "model": self.model_id,
            "dimension": self.dimension, "dtype": DTYPE.str, "splitter": self.saved_splitter,
            "rows": sum(b.count for b in self.blocks), "file": self._file,
            "blocks": {"ids": [b.article_id for b in self.blocks],
                       "digests": [b.digest for b in self.blocks],
                       "counts": [b.count for b in self.blocks],
                       "texts": [b.texts for b in self.blocks]},
        }
        tmp = self.directory / f"meta.json.{secrets.token_hex(4)}.tmp"
        tmp.write_text(json.dumps(meta), encoding="utf-8")
        os.replace(tmp, self.directory / "meta.json")
