"""Per-article state of a saved index as arrays, not one Python object per article.

An index opened from disk serves 100k+ articles. Kept as dicts of tuples and ints, their
sentence spans, file stats and url keys cost about 100 bytes an entry each (about 100 MB at
a million sentences). Here the saved articles share one dict (id -> number, the order of the
saved parts) and everything else is an array indexed by that number; what is added after
loading goes into a small dict of its own (copied with a snapshot, never the arrays).
"""

from __future__ import annotations

import copy
from array import array
from collections.abc import Iterable, Iterator, Mapping, MutableMapping, Sequence
from itertools import chain, repeat
from operator import itemgetter
from typing import Self, TypeVar

import numpy as np

from bot.common.columns import StringColumn
from bot.corpus import ARTICLE_SUFFIX

FileStat = tuple[int, int]  # an article file's size and modification time in ns
_STRIP = itemgetter(slice(None, -len(ARTICLE_SUFFIX)))
V = TypeVar("V")


def int_array(values: Iterable[int] | np.ndarray) -> array:
    """A compact array of ints whose items read as Python ints (faster than numpy's)."""
    if isinstance(values, np.ndarray):
        return array("q", np.ascontiguousarray(values, dtype=np.int64).tobytes())
    return array("q", values)


class SavedThenAdded(MutableMapping[str, V]):
    """A map over the saved articles (their one shared dict: id -> number, in saved order)
    and those added since (a small dict of its own, copied with a snapshot). Saved entries
    never change and nothing is removed: an index that loses articles is rebuilt."""

    _numbers: Mapping[str, int]
    _extra: dict[str, V]
    _SAVED = "is saved: its value cannot change"

    def copy(self) -> Self:
        """The same values; later additions to either are not seen by the other."""
        other = copy.copy(self)
        other._extra = dict(self._extra)
        return other

    def __setitem__(self, article_id: str, value: V) -> None:
        if article_id in self._numbers:
            raise KeyError(f"{article_id} {self._SAVED}")
        self._extra[article_id] = value

    def __delitem__(self, article_id: str) -> None:
        raise TypeError("articles are never removed from an index: it is rebuilt")

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._extra or article_id in self._numbers

    def __iter__(self) -> Iterator[str]:
        return chain(self._numbers, self._extra)

    def __len__(self) -> int:
        return len(self._numbers) + len(self._extra)


class PerArticle(SavedThenAdded[int]):
    """An int per article: the saved ones' in an array (by number), later ones in a dict."""

    def __init__(self, numbers: Mapping[str, int], values: array) -> None:
        self._numbers = numbers  # shared by every table of the index and its snapshots
        self._values = values
        self._extra = {}

    def __getitem__(self, article_id: str) -> int:
        number = self._numbers.get(article_id)
        if number is not None:
            return self._values[number]
        return self._extra[article_id]


class SavedFiles(MutableMapping[str, FileStat]):
    """Article file name -> (size, mtime ns): the saved articles' from their columns (the
    file of article `id` is `id + ARTICLE_SUFFIX`), stats noted since in a dict."""

    def __init__(self, numbers: Mapping[str, int], sizes: np.ndarray,
                 mtimes: np.ndarray) -> None:
        self._numbers = numbers
        self._sizes = int_array(sizes)
        self._mtimes = int_array(mtimes)
        self._extra: dict[str, FileStat] = {}

    def copy(self) -> SavedFiles:
        other = copy.copy(self)
        other._extra = dict(self._extra)
        return other

    def _saved(self, name: str) -> int | None:
        if not name.endswith(ARTICLE_SUFFIX):
            return None
        return self._numbers.get(name[: -len(ARTICLE_SUFFIX)])

    def __getitem__(self, name: str) -> FileStat:
        found = self._extra.get(name)
        if found is not None:
            return found
        number = self._saved(name)
        if number is None:
            raise KeyError(name)
        return self._sizes[number], self._mtimes[number]

    def __setitem__(self, name: str, stat: FileStat) -> None:
        self._extra[name] = (int(stat[0]), int(stat[1]))

    def __delitem__(self, name: str) -> None:
        raise TypeError("file stats are only ever added or updated")

    def __contains__(self, name: object) -> bool:
        return name in self._extra or (isinstance(name, str) and self._saved(name) is not None)

    def __iter__(self) -> Iterator[str]:
        saved = (article_id + ARTICLE_SUFFIX for article_id in self._numbers)
        return chain(saved, (name for name in self._extra if self._saved(name) is None))

    def __len__(self) -> int:
        return len(self._numbers) + sum(1 for name in self._extra if self._saved(name) is None)

    def against(self, listing: Mapping[str, FileStat]) -> tuple[list[str], list[str]]:
        """(names here that the listing lacks, names of the listing that are new here or
        have another stat), in vectors: what `keys() - listing.keys()` and
        `listing.items() - items()` give, without a Python object per saved file."""
        names = list(listing)
        numbers = np.fromiter(map(self._numbers.get, map(_STRIP, names), repeat(-1)),
                              dtype=np.int64, count=len(names))
        stats = np.array(list(listing.values()), dtype=np.int64).reshape(-1, 2)
        saved = numbers >= 0
        if not all(name.endswith(ARTICLE_SUFFIX) for name in names):
            saved &= np.fromiter((name.endswith(ARTICLE_SUFFIX) for name in names), dtype=bool,
                                 count=len(names))
        extra = self._extra
        at = np.where(saved, numbers, 0)
        sizes = np.frombuffer(self._sizes, dtype=np.int64)
        mtimes = np.frombuffer(self._mtimes, dtype=np.int64)
        if len(sizes):
            same = saved & (sizes[at] == stats[:, 0]) & (mtimes[at] == stats[:, 1])
        else:  # nothing saved (an empty corpus): every listed file is new
            same = np.zeros(len(names), dtype=bool)
        # Where a stat was noted since loading, it is the one to compare with.
        differ = [names[i] for i in np.flatnonzero(~same).tolist()
                  if extra.get(names[i]) != listing[names[i]]]
        for name, stat in extra.items():
            number = self._saved(name)
            if (number is not None and name in listing and stat != listing[name]
                    and (self._sizes[number], self._mtimes[number]) == listing[name]):
                differ.append(name)
        missing: list[str] = []
        if int(np.count_nonzero(saved)) < len(self._numbers):
            missing = [a + ARTICLE_SUFFIX for a in self._numbers
                       if a + ARTICLE_SUFFIX not in listing]
        missing.extend(name for name in extra if name not in listing
                       and self._saved(name) is None)
        return missing, differ


class UrlKeys:
    """Each article's normalised url -> its id (the first article with it): the saved ones
    found through a sorted array of their keys' hashes (checked against the saved column),
    later ones in a dict."""

    def __init__(self, ids: Sequence[str], columns: Sequence[StringColumn],
                 numbers: Mapping[str, int]) -> None:
        self._ids = ids  # saved article ids, by number
        self._columns = list(columns)  # each part's url_key column
        self._starts = np.cumsum([0] + [len(c) for c in columns[:-1]]).tolist()
        hashes = np.fromiter((hash(key) for column in columns for key in column.all()),
                             dtype=np.int64, count=len(ids))
        self._order = np.argsort(hashes, kind="stable")  # the first article first on a tie
        self._hashes = hashes[self._order]
        self._extra: dict[str, str] = {}

    def copy(self) -> UrlKeys:
        other = copy.copy(self)
        other._extra = dict(self._extra)
        return other

    def _key_of(self, number: int) -> str:
        which = int(np.searchsorted(self._starts, number, side="right")) - 1
        return self._columns[which][number - self._starts[which]]

    def get(self, key: str, default: str | None = None) -> str | None:
        """The id of the first article with this url key."""
        wanted = hash(key)
        at = int(np.searchsorted(self._hashes, wanted))
        while at < len(self._hashes) and int(self._hashes[at]) == wanted:
            number = int(self._order[at])
            if self._key_of(number) == key:
                return self._ids[number]
            at += 1
        return self._extra.get(key, default)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __setitem__(self, key: str, article_id: str) -> None:
        if self.get(key) is None:
            self._extra[key] = article_id

    def setdefault(self, key: str, article_id: str) -> str:
        found = self.get(key)
        if found is None:
            self._extra[key] = article_id
            return article_id
        return found


__all__ = ["FileStat", "PerArticle", "SavedFiles", "SavedThenAdded", "UrlKeys", "int_array"]
