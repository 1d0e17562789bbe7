"""Strings kept as columns: one UTF-8 blob and where each string starts (numpy, memory-mapped).

Millions of short strings as Python objects cost tens of bytes each; as a column they cost
their bytes, and one is decoded only when it is asked for.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable, Sequence
from typing import overload

import numpy as np

# Reads of a large memory-mapped blob between two releases of its pages (see ByteReader).
RELEASE_READS = 1024
RELEASE_BYTES = 1 << 20  # smaller blobs are left mapped as they are
# The same for a column of article strings: bodies, each several pages, are read a few per
# answer (its sources), and 1,024 of them kept most of a million-sentence index's bodies
# (80 of 134 MB) resident; sentence texts are read by the thousand, often again.
COLUMN_RELEASE_READS = 64


class ByteReader:
    """Bytes start..end of a blob; a large memory-mapped one gives its pages back now and then.

    A column read a few strings at a time, anywhere (sentence texts, article bodies), would
    otherwise end up wholly mapped into the process: the kernel maps the pages around each
    one read, so after a few hundred questions most of a million-sentence index's texts
    count in the process's resident memory. Every RELEASE_READS reads the mapping's pages
    are dropped (madvise MADV_DONTNEED: they stay in the page cache, shared and reclaimable,
    and a later read maps them again at the cost of a minor fault). Reading through the
    mapping, not with pread, keeps the GIL: a read never waits for a busy background thread.
    """

    def __init__(self, blob: np.ndarray, every: int = RELEASE_READS) -> None:
        self._every = every  # reads between two releases
        self._blob = np.asarray(blob).view(np.ndarray).reshape(-1).view(np.uint8)  # bytes
        handle = getattr(blob, "_mmap", None)
        self._mmap = (handle if isinstance(blob, np.memmap) and blob.nbytes >= RELEASE_BYTES
                      and hasattr(mmap, "MADV_DONTNEED") else None)
        self._reads = 0

    def get(self, start: int, end: int) -> bytes:
        """The bytes from start to end."""
        data = self._blob[start:end].tobytes()
        if self._mmap is not None:
            self._reads += 1  # a lost count between threads only delays a release
            if self._reads >= self._every:
                self._reads = 0
                self.release()
        return data

    def counted(self, reads: int) -> None:
        """Count reads made through the blob's own array (several strings at once): its
        pages are given back after `every` of them, as after `get`'s."""
        if self._mmap is not None:
            self._reads += reads
            if self._reads >= self._every:
                self._reads = 0
                self.release()

    def release(self) -> None:
        """Give the mapped pages back (they are read again from the page cache when needed)."""
        handle = self._mmap  # read once: another thread may drop it meanwhile
        if handle is not None:
            try:
                handle.madvise(mmap.MADV_DONTNEED)
            except (OSError, ValueError):  # closed, or an advice the system does not take
                self._mmap = None


def encode_strings(strings: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """(blob uint8, offsets int64 n + 1) holding the strings end to end."""
    encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)),
              out=offsets[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets


class StringColumn(Sequence[str]):
    """A read-only sequence of strings over a blob and its offsets (see encode_strings)."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        self._reader = ByteReader(blob, COLUMN_RELEASE_READS)
        # Plain ndarray views: numpy's memmap subclass makes each element read much slower.
        self.blob = np.asarray(blob).view(np.ndarray)
        self.offsets = np.asarray(offsets).view(np.ndarray)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, item: int) -> str: ...

    @overload
    def __getitem__(self, item: slice) -> list[str]: ...

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self[i] for i in range(*item.indices(len(self)))]
        if item < 0:
            item += len(self)
        if not 0 <= item < len(self):
            raise IndexError("string number out of range")
        start, end = self.offsets[item : item + 2].tolist()
        return self._reader.get(start, end).decode("utf-8", "surrogatepass")

    def all(self) -> list[str]:
        """Every string at once (one decode of the whole blob)."""
        text = self.blob.tobytes()
        bounds = self.offsets.tolist()
        return [text[a:b].decode("utf-8", "surrogatepass") for a, b in zip(bounds, bounds[1:])]

    def check(self) -> bool:
        """Whether the offsets fit the blob (rising, from 0 to its end)."""
        offsets = self.offsets
        return (len(offsets) >= 1 and int(offsets[0]) == 0 and int(offsets[-1]) == len(self.blob)
                and not (len(offsets) > 1 and bool(np.any(np.diff(offsets) < 0))))


def join_strings(first: tuple[np.ndarray, np.ndarray],
                 second: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Two (blob, offsets) columns, one after the other."""
    return (np.concatenate((first[0], second[0])),
            np.concatenate((first[1], second[1][1:] + len(first[0]))))


__all__ = ["ByteReader", "StringColumn", "encode_strings", "join_strings"]
