"""`newsbot eval DATASET`: answer quality measured through the bot's own answer path.

Each data set adds its subparser in `register`, with its own handler.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.common import engine_flag, semantic_flag
from bot.config import Settings
from bot.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    """Add `eval` and its data sets."""
    evaluation = sub.add_parser("eval", help="measure how well questions find their answers")
    datasets = evaluation.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    squad = datasets.add_parser(
        "squad", help="SQuAD v1.1 as sentence retrieval (ReQA protocol): P@1, R@5, R@10, MRR")
    squad.add_argument("path", type=Path, help="the SQuAD v1.1 JSON file (e.g. dev-v1.1.json)")
    squad.add_argument("--json", action="store_true", help="print one JSON object")
    squad.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    engine_flag(squad)
    semantic_flag(squad)
    squad.set_defaults(handler=cmd_eval_squad)


def cmd_eval_squad(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate the bot's retrieval on a data set and print the figures."""
    from bot.evaluation.squad import evaluate, load_squad, report_text

    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit must be at least 1, not {args.limit}")
    evalset = load_squad(args.path)
    report = evaluate(evalset, limit=args.limit, engine=settings.engine,
                      index=semantic_index(evalset.articles, settings))
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(report_text(report))
    return 0


def semantic_index(articles, settings: Settings):  # noqa: ANN001, ANN201 - Articles, Index
    """With the semantic stage on: the data set's index, its sentence vectors computed (in
    memory; `index_seconds` then counts them). Off: None (the evaluation builds the index)."""
    if not settings.semantic:
        return None
    from bot.search.index import SentenceIndex
    from bot.search.semantic import enable

    index = SentenceIndex(articles, engine=settings.engine)
    enable(index)
    return index
