"""Near-duplicate texts: the same wire story published by several outlets.

Each text becomes the set of its word 5-grams ("shingles", Broder 1997), hashed to 64 bits.
Two measures compare the sets: resemblance (Jaccard, |A∩B| / |A∪B|) and containment
(|A∩B| / the smaller set). Outlets trim or add paragraphs to a wire story, which lowers
resemblance a lot and containment little, so a pair is the same story when either is high.
The sets are compared exactly: a corpus of news articles is small enough that MinHash sketches
would only add estimation error.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SHINGLE_WORDS = 5
SAME_STORY_RESEMBLANCE = 0.5
SAME_STORY_CONTAINMENT = 0.7
# Texts with fewer shingles than this share too little to call them the same story.
MIN_SHINGLES = 20

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> frozenset[int]:
    """The hashed word n-grams of a text, case and accents folded."""
    words = _WORD.findall(_fold(text))
    if len(words) < size:
        return frozenset([_hash(" ".join(words))]) if words else frozenset()
    return frozenset(_hash(" ".join(words[i : i + size])) for i in range(len(words) - size + 1))


def _fold(text: str) -> str:
    """Lowercase without accents: outlets differ in how they spell 'Société' or 'cafe'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _hash(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest(), "big")


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


def similarity(a: frozenset[int], b: frozenset[int]) -> Similarity:
    """Resemblance and containment of two shingle sets (0 for sets too small to judge)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return Similarity(0.0, 0.0)
    shared = len(a & b)
    return Similarity(shared / len(a | b), shared / min(len(a), len(b)))


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
