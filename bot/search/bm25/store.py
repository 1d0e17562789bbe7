"""The engine on disk: plain numpy .npy arrays and JSON (no pickle), opened memory-mapped.

    meta.json       format, version, k1, b, epsilon, sizes, and each array's dtype and shape
    vocab.json      the terms, in term-id order (from first_term)
    offsets.npy, docs.npy, tfs.npy, weights.npy, max_weight.npy   one segment's postings
    doc_len.npy     each document's length (from first_doc)

A saved engine may hold only the documents from `first_doc` on and the terms they brought
from `first_term` on (a part added after a base, see bot/search/saved_index.py); its rows
cover every term id up to its last.

A plain reader and writer: it knows the files, not how the engine queries them.
"""

from __future__ import annotations

import json
import mmap as mmap_module
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.common.atomic import write_atomically
from bot.search.bm25.postings import Segment, widen

FORMAT = "newsbot-bm25"
FORMAT_VERSION = 1
_ARRAYS = ("offsets", "docs", "tfs", "weights", "max_weight", "doc_len")


class IndexFormatError(ValueError):
    """A saved index is missing, truncated, inconsistent or of another format version."""


@dataclass(frozen=True)
class StoredEngine:
    """What is saved of an engine: its parameters, terms, one segment and document lengths."""

    k1: float
    b: float
    epsilon: float
    terms: list[str]  # the terms with ids from first_term on, in id order
    segment: Segment  # the postings of its documents (global ids), rows for every term id
    doc_len: np.ndarray  # int32 per document, from first_doc on
    total_len: int  # the sum of doc_len
    first_doc: int = 0
    first_term: int = 0


def save_engine(stored: StoredEngine, directory: Path) -> None:
    """Write an engine's files into a new directory, atomically (temp dir + rename)."""
    write_atomically(Path(directory), lambda tmp: write_engine_files(stored, tmp))


def write_engine_files(stored: StoredEngine, directory: Path) -> None:
    """Write an engine's files into an existing directory (see save_engine for the atomic way)."""
    segment, n_terms = stored.segment, stored.first_term + len(stored.terms)
    arrays = {
        "offsets": widen(segment.offsets, n_terms + 1, segment.offsets[-1]
                         if len(segment.offsets) else 0),
        "docs": segment.docs,
        "tfs": segment.tfs,
        "weights": segment.weights,
        "max_weight": widen(segment.max_weight, n_terms, 0),
        "doc_len": stored.doc_len,
    }
    meta = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "k1": stored.k1,
        "b": stored.b,
        "epsilon": stored.epsilon,
        "n_docs": len(stored.doc_len),
        "n_terms": n_terms,
        "first_doc": stored.first_doc,
        "first_term": stored.first_term,
        "n_postings": len(segment.docs),
        "total_len": stored.total_len,
        "weight_avgdl": segment.avgdl,
        "arrays": {name: {"dtype": str(a.dtype), "shape": list(a.shape)}
                   for name, a in arrays.items()},
    }
    for name, array in arrays.items():
        np.save(directory / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
    (directory / "vocab.json").write_text(json.dumps(stored.terms, ensure_ascii=False),
                                          encoding="utf-8")
    (directory / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")


def release_mapped(*arrays: np.ndarray) -> None:
    """Drop the pages of memory-mapped arrays from the process (madvise MADV_DONTNEED): they
    stay in the page cache, and a later read maps them again. Other arrays are left alone."""
    for array in arrays:
        handle = getattr(array, "_mmap", None)
        if isinstance(array, np.memmap) and handle is not None:
            try:
                handle.madvise(mmap_module.MADV_DONTNEED)
            except (AttributeError, OSError, ValueError):  # closed, or no such advice
                pass


def load_engine(directory: Path | str, mmap: bool = True) -> StoredEngine:
    """Read a saved engine (memory-mapped); raise IndexFormatError if it is not sound."""
    directory = Path(directory)
    try:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("version") != FORMAT_VERSION:
            raise IndexFormatError(
                f"format {meta.get('format')!r} version {meta.get('version')!r}, "
                f"expected {FORMAT!r} version {FORMAT_VERSION}"
            )
        arrays = {}
        for name in _ARRAYS:
            arrays[name] = np.load(directory / f"{name}.npy", allow_pickle=False,
                                   mmap_mode="r" if mmap and name != "doc_len" else None)
            expected = meta["arrays"][name]
            if (str(arrays[name].dtype) != expected["dtype"]
                    or list(arrays[name].shape) != expected["shape"]):
                raise IndexFormatError(f"{name}.npy does not match meta.json")
        terms = json.loads((directory / "vocab.json").read_text(encoding="utf-8"))
    except IndexFormatError:
        raise
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise IndexFormatError(f"cannot read saved index in {directory}: {exc}") from None
    n_docs, n_terms = int(meta["n_docs"]), int(meta["n_terms"])
    first_doc, first_term = int(meta.get("first_doc", 0)), int(meta.get("first_term", 0))
    offsets, docs = arrays["offsets"], arrays["docs"]
    problems = [
        (len(terms) != n_terms - first_term or len(set(terms)) != len(terms), "vocabulary size"),
        (len(offsets) != n_terms + 1 or (n_terms + 1 and int(offsets[0]) != 0)
         or int(offsets[-1]) != len(docs), "term offsets"),
        (len(arrays["doc_len"]) != n_docs
         or int(arrays["doc_len"].sum(dtype=np.int64)) != meta["total_len"], "doc lengths"),
        (len(docs) != len(arrays["tfs"]) or len(docs) != len(arrays["weights"])
         or len(docs) != meta["n_postings"], "postings size"),
    ]
    if not problems[1][0] and n_terms and np.any(np.diff(offsets) < 0):
        problems.append((True, "term offsets"))
    if not problems[3][0] and len(docs) and (int(docs.min()) < first_doc
                                             or int(docs.max()) >= first_doc + n_docs):
        problems.append((True, "document ids"))
    bad = [what for failed, what in problems if failed]
    if bad:
        raise IndexFormatError(f"saved index in {directory} is inconsistent: {bad[0]}")
    release_mapped(docs)  # read whole by the checks above: no query needs all of it
    segment = Segment(offsets, docs, arrays["tfs"], arrays["weights"],
                      arrays["max_weight"], float(meta["weight_avgdl"]))
    return StoredEngine(float(meta["k1"]), float(meta["b"]), float(meta["epsilon"]),
                        list(terms), segment, np.asarray(arrays["doc_len"], dtype=np.int32),
                        int(meta["total_len"]), first_doc, first_term)
