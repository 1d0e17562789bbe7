"""Near-duplicate texts: the same wire story published by several outlets.

Each text becomes the set of its word 5-grams ("shingles", Broder 1997), hashed to 64 bits
with Python's own hash (salted per process: the sets are compared, never stored) and kept as a
sorted numpy array: 8 bytes a shingle, against about 90 for a Python set of ints.
Two measures compare the sets: resemblance (Jaccard, |A∩B| / |A∪B|) and containment
(|A∩B| / the smaller set). Outlets trim or add paragraphs to a wire story, which lowers
resemblance a lot and containment little, so a pair is the same story when either is high.
The sets are compared exactly: a corpus of news articles is small enough that MinHash sketches
would only add estimation error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

SHINGLE_WORDS = 5
SAME_STORY_RESEMBLANCE = 0.5
SAME_STORY_CONTAINMENT = 0.7
# Texts with fewer shingles than this share too little to call them the same story.
MIN_SHINGLES = 20

_WORD = re.compile(r"\w+")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


Shingles = np.ndarray  # sorted, unique int64 hashes


def shingles(text: str, size: int = SHINGLE_WORDS) -> Shingles:
    """The hashed word n-grams of a text, case and accents folded, as a sorted unique array."""
    words = _WORD.findall(_fold(text))
    if len(words) < size:
        hashes = [hash(tuple(words))] if words else []
    else:
        # zip of shifted lists builds every n-gram in C: much faster than slicing and joining.
        hashes = list(map(hash, zip(*(words[i:] for i in range(size)))))
    return np.unique(np.array(hashes, dtype=np.int64))


def _fold(text: str) -> str:
    """Lowercase without accents: outlets differ in how they spell 'Société' or 'cafe'."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


@dataclass(frozen=True)
class Similarity:
    """How much two texts share."""

    resemblance: float  # Jaccard of the shingle sets
    containment: float  # shared shingles over the smaller set

    @property
    def same_story(self) -> bool:
        """True when the two texts are one story (possibly trimmed or lightly edited)."""
        return (self.resemblance >= SAME_STORY_RESEMBLANCE
                or self.containment >= SAME_STORY_CONTAINMENT)


def similarity(a: Shingles, b: Shingles) -> Similarity:
    """Resemblance and containment of two shingle sets (0 for sets too small to judge)."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return Similarity(0.0, 0.0)
    shared = np.intersect1d(a, b, assume_unique=True).size
    return Similarity(shared / (a.size + b.size - shared), shared / min(a.size, b.size))


@dataclass(frozen=True)
class Match:
    """A stored text that is the same story as a new one."""

    key: str
    similarity: Similarity


def same_stories(text: str, others: Iterable[tuple[str, str]]) -> list[Match]:
    """Which of the (key, text) pairs tell the same story as `text`, most similar first."""
    mine = shingles(text)
    matches = []
    for key, other in others:
        sim = similarity(mine, shingles(other))
        if sim.same_story:
            matches.append(Match(key, sim))
    return sorted(matches, key=lambda m: (-m.similarity.containment, m.key))
