"""Small checks several test files share."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterable

from rank_bm25 import BM25Okapi

from bot.search.engines import RankBM25Engine, top_k_from_scores
from bot.search.index import SentenceIndex
from bot.search.lang import TextAnalyzer


def matches_rank_bm25(index: SentenceIndex, questions: Iterable[str]) -> None:
    """Top 5 ids and scores equal rank-bm25's over the index's own sentences, bit for bit."""
    reference = BM25Okapi([index.analyzer.terms(s.text) for s in index.sentences])
    for question in questions:
        terms = index.analyzer.query_terms(question)
        want = top_k_from_scores(reference.get_scores(terms), 5)
        assert [(h.doc, h.score) for h in index.search(terms, 5)] == want


def matches_rank_bm25_per_analyzer(index: SentenceIndex, analyzer: TextAnalyzer,
                                    asked: Callable[[str], bool]) -> None:
    """Each sentence of the articles `asked` picks, asked with `analyzer`, finds itself and the
    same top 10 as rank-bm25 over every article analysed in its own language."""
    reference = RankBM25Engine([index.analyzer_of(index.articles[s.article_id]).terms(s.text)
                                for s in index.sentences])
    for sentence in index.sentences:
        if not asked(sentence.article_id):
            continue
        query = analyzer.query_terms(sentence.text)
        got = index.engine.top_k(query, 10)
        want = reference.top_k(query, 10)
        assert got, f"{analyzer.language}: a sentence must find itself"
        assert [d for d, _ in got] == [d for d, _ in want]
        assert all(abs(a - b) < 1e-9 for (_, a), (_, b) in zip(got, want))


def run_python(code: str) -> str:
    """The stdout of `code` run in a fresh interpreter (what it imports is its own)."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()
