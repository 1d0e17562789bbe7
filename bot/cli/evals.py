"""`newsbot eval DATASET`: answer quality measured through the bot's own answer path.

Each data set adds its subparser in `register`, with its own handler.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot import messages
from bot.cli.common import engine_flag, semantic_flag
from bot.config import Settings
from bot.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    """Add `eval` and its data sets."""
    evaluation = sub.add_parser("eval", help="measure how well questions find their answers")
    datasets = evaluation.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    squad = _dataset(
        datasets, "squad",
        "SQuAD v1.1 as sentence retrieval (ReQA protocol): P@1, R@5, R@10, MRR",
        "the SQuAD v1.1 JSON file, or .json.gz (e.g. dev-v1.1.json, xquad.ru.json.gz)")
    _limit_flag(squad)
    _vectors_flag(squad)
    squad.set_defaults(handler=cmd_eval_squad)
    squad2 = _dataset(
        datasets, "squad2",
        "SQuAD 2.0 as answer-or-abstain: accuracy, answered precision, answer rate",
        "the SQuAD 2.0 JSON file, .json or .json.gz (e.g. squad2-dev-half.json.gz)")
    squad2.add_argument("--half", choices=("even", "odd", "all"), default="all",
                        help="articles by their number in the file: even (tuning), odd (held out)")
    _limit_flag(squad2)
    _vectors_flag(squad2)
    squad2.set_defaults(handler=cmd_eval_squad2)
    news = _dataset(
        datasets, "news",
        "the news question set: first quote right, false answers, abstentions",
        "the questions, JSON lines (benchmarks/news/questions.jsonl)",
        corpus_builder="benchmarks/news/build_corpus.py")
    news.add_argument("--half", choices=("tune", "test", "all"), default="all",
                      help="questions by their half: tune, or test (held out)")
    _limit_flag(news)
    news.set_defaults(handler=cmd_eval_news)
    dialogues = _dataset(
        datasets, "dialogues",
        "follow-up questions in conversations: first quote right against the same questions "
        "written out in full; off-topic false answers",
        "a dialogue file (benchmarks/dialogues/dialogues.txt)",
        corpus_builder="benchmarks/dialogues/build_corpus.py")
    dialogues.add_argument("--half", choices=("tune", "test", "all"), default="all",
                           help="conversations by their half: tune, or test (held out)")
    dialogues.add_argument("--misses", action="store_true",
                           help="also list the follow-ups whose first quote was wrong")
    dialogues.set_defaults(handler=cmd_eval_dialogues)


def _dataset(datasets: argparse._SubParsersAction, name: str, summary: str, path_help: str,
             corpus_builder: str | None = None) -> argparse.ArgumentParser:
    """A data set's subparser with the flags every data set has: its file, --corpus (when it
    is asked against a built corpus), --json, --engine and --semantic."""
    parser: argparse.ArgumentParser = datasets.add_parser(name, help=summary)
    parser.add_argument("path", type=Path, help=path_help)
    if corpus_builder is not None:
        parser.add_argument("--corpus", type=Path, metavar="DIR", required=True,
                            help=f"the corpus {corpus_builder} builds")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    engine_flag(parser)
    semantic_flag(parser)
    return parser


def _limit_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N questions")


def _vectors_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vectors", type=Path, metavar="DIR",
                        help="with --semantic: keep the sentence vectors in DIR between runs")


def cmd_eval_squad(args: argparse.Namespace, settings: Settings) -> int:
    """Evaluate the bot's retrieval on a data set and print the figures."""
    from bot.evaluation.squad import evaluate, load_squad, report_text

    _check_limit(args)
    evalset = load_squad(args.path)
    report = evaluate(evalset, limit=args.limit, engine=settings.engine,
                      index=_semantic_index(evalset.articles, settings, args.vectors))
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(report_text(report))
    return 0


def _check_limit(args: argparse.Namespace) -> None:
    if args.limit is not None and args.limit < 1:
        raise ConfigError(messages.at_least_one("--limit", args.limit))


def cmd_eval_squad2(args: argparse.Namespace, settings: Settings) -> int:
    """SQuAD 2.0 as answer-or-abstain through answer_question."""
    from bot.evaluation.squad2 import evaluate, load_squad2

    _check_limit(args)
    evalset = load_squad2(args.path)
    report = evaluate(evalset, half=args.half, limit=args.limit, engine=settings.engine,
                      index=_semantic_index(evalset.articles, settings, args.vectors))
    print(json.dumps(report.to_json()) if args.json else report.tally.text())
    return 0


def cmd_eval_news(args: argparse.Namespace, settings: Settings) -> int:
    """The news question set as answer-or-abstain, on the corpus built for it."""
    from bot.evaluation.news import evaluate, load_questions, open_corpus

    _check_limit(args)
    if not args.corpus.is_dir():
        raise ConfigError(f"--corpus {args.corpus}: not a directory "
                          "(build it with benchmarks/news/build_corpus.py)")
    questions = load_questions(args.path)
    index = open_corpus(args.corpus, settings.engine)
    _semantic_beside(index, args.corpus, settings)
    report = evaluate(questions, index, half=args.half, limit=args.limit)
    print(json.dumps(report.to_json()) if args.json else report.text())
    return 0


def cmd_eval_dialogues(args: argparse.Namespace, settings: Settings) -> int:
    """Play the conversations of a dialogue file through the bot and print the figures."""
    from bot.evaluation.dialogues import HALVES, evaluate, load_dialogues, report_text
    from bot.evaluation.news import open_corpus

    if not args.corpus.is_dir():
        raise ConfigError(f"--corpus {args.corpus}: not a directory "
                          "(build it with benchmarks/dialogues/build_corpus.py)")
    dialogues = load_dialogues(args.path)  # a bad file is reported before the corpus loads
    index = open_corpus(args.corpus, settings.engine)
    _semantic_beside(index, args.corpus, settings)
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


def _semantic_index(articles, settings: Settings,  # noqa: ANN001, ANN202 - Articles, Index
                    vectors: Path | None = None):
    """With the semantic stage on: the data set's articles indexed and their sentences
    embedded, the vectors kept in `vectors` (None: in memory only); off: None, and the
    evaluation builds its index as usual."""
    if not settings.semantic:
        if vectors is not None:
            raise ConfigError("--vectors goes with --semantic (or NEWSBOT_SEMANTIC=on)")
        return None
    from bot.search.index import SentenceIndex
    from bot.search.semantic import enable

    index = SentenceIndex(articles, engine=settings.engine)
    enable(index, vectors)
    return index


def _semantic_beside(index, corpus: Path, settings: Settings) -> None:  # noqa: ANN001 - Index
    """With the semantic stage on: the index's sentence vectors, kept beside the built corpus
    (where a saved index would be), so the next evaluation reuses them."""
    if settings.semantic:
        from bot.search.index import INDEX_DIR_NAME
        from bot.search.semantic import enable, store_dir

        enable(index, store_dir(corpus / INDEX_DIR_NAME))
