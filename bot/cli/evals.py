"""`newsbot eval DATASET`: answer quality measured through the bot's own answer path.

Each data set adds its subparser in `register`, with its own handler.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.cli.common import corpus_flag, engine_flag, load_snapshot
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
    squad.set_defaults(handler=cmd_eval_squad)
    dialogues = datasets.add_parser(
        "dialogues", help="follow-up questions in conversations: first quote right against "
                          "the same questions written out in full; off-topic false answers")
    dialogues.add_argument("path", type=Path, help="a dialogue file "
                           "(e.g. benchmarks/dialogues/dialogues.txt)")
    dialogues.add_argument("--json", action="store_true", help="print one JSON object")
    dialogues.add_argument("--half", choices=("tune", "test", "all"), default="all",
                           help="only the conversations of one half (default: all)")
    dialogues.add_argument("--misses", action="store_true",
                           help="also list the follow-ups whose first quote was wrong")
    corpus_flag(dialogues)
    engine_flag(dialogues)
    dialogues.set_defaults(handler=cmd_eval_dialogues)


def cmd_eval_squad(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate the bot's retrieval on a data set and print the figures."""
    from bot.evaluation.squad import evaluate, load_squad, report_text

    if args.limit is not None and args.limit < 1:
        raise ConfigError(f"--limit must be at least 1, not {args.limit}")
    report = evaluate(load_squad(args.path), limit=args.limit, engine=settings.engine)
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(report_text(report))
    return 0


def cmd_eval_dialogues(args: argparse.Namespace, settings: Settings) -> int:
    """Play the conversations of a dialogue file through the bot and print the figures."""
    from bot.evaluation.dialogues import HALVES, evaluate, load_dialogues, report_text

    dialogues = load_dialogues(args.path)  # a bad file is reported before the corpus loads
    index = load_snapshot(settings).index
    halves = HALVES if args.half == "all" else (args.half,)
    report = evaluate(index, dialogues, top=settings.top, halves=halves)
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(report_text(report))
        if args.misses:
            for miss in report.halves["all"].misses:
                print(json.dumps(miss, ensure_ascii=False))
    return 0
