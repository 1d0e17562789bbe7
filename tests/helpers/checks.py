"""Small checks several test files share."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

from rank_bm25 import BM25Okapi

from bot.search.engines import top_k_from_scores
from bot.search.index import SentenceIndex


def matches_rank_bm25(index: SentenceIndex, questions: Iterable[str]) -> None:
    """Top 5 ids and scores equal rank-bm25's over the index's own sentences, bit for bit."""
    reference = BM25Okapi([index.analyzer.terms(s.text) for s in index.sentences])
    for question in questions:
        terms = index.analyzer.query_terms(question)
        want = top_k_from_scores(reference.get_scores(terms), 5)
        assert [(h.doc, h.score) for h in index.search(terms, 5)] == want


def run_python(code: str) -> str:
    """The stdout of `code` run in a fresh interpreter (what it imports is its own)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
