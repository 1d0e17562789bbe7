"""The first stage alone on SQuAD dev: the engine's BM25 over our sentences, no reranking.

    python benchmarks/squad_baseline.py PATH/TO/squad-dev-v1.1.json

The same harness as `newsbot eval squad` (bot.evaluation.squad), with the ranker swapped for the
engine's search, so the difference is what the reranking of bot.search.retrieve adds. Uses the
newsbot engine (the same scores as rank-bm25, faster).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import evaluate, load_squad  # noqa: E402
from bot.search.index import Hit, SentenceIndex  # noqa: E402


def engine_only(index: SentenceIndex, question: str, k: int) -> list[Hit]:
    """BM25 over sentences with the question's search terms, as the v1 bot ranked."""
    return index.search(index.analyzer.query_terms(question), k)


if __name__ == "__main__":
    report = evaluate(load_squad(sys.argv[1]), ranker=engine_only, engine="newsbot")
    print(json.dumps(report.to_json()))
