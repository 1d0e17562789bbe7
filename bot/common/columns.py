"""Strings kept as columns: one UTF-8 blob and where each string starts (numpy, memory-mapped).

Millions of short strings as Python objects cost tens of bytes each; as a column they cost
their bytes, and one is decoded only when it is asked for.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable, Sequence
from typing import overload

import numpy as np

# Smaller memory-mapped blobs are read through the mapping (no file descriptor kept for them).
PREAD_BYTES = 1 << 20


class ByteReader:
    """Bytes start..end of a blob: read from its file (os.pread) when it is memory-mapped.

    A memory-mapped column read a few strings at a time, anywhere, would be paged into the
    process (the kernel maps pages around each one read): after a few hundred questions
    most of the sentence texts and article bodies of a million-sentence index count in its
    resident memory. Read with pread, they stay in the page cache, shared and reclaimable.
    """

    def __init__(self, blob: np.ndarray) -> None:
        self._blob = np.asarray(blob).view(np.ndarray).reshape(-1).view(np.uint8)  # bytes
        self._fd = -1
        self._base = 0
        filename = getattr(blob, "filename", None)
        if (isinstance(blob, np.memmap) and filename and hasattr(os, "pread")
                and blob.nbytes >= PREAD_BYTES):
            try:
                self._fd = os.open(filename, os.O_RDONLY)
            except OSError:
                return  # read through the mapping instead
            self._base = int(getattr(blob, "offset", 0))
            weakref.finalize(self, os.close, self._fd)

    def get(self, start: int, end: int) -> bytes:
        """The bytes from start to end."""
        if self._fd < 0 or end <= start:
            return self._blob[start:end].tobytes()
        return os.pread(self._fd, end - start, self._base + start)


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
        self._reader = ByteReader(blob)
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
