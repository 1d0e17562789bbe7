"""Pieces every subcommand shares: the --corpus and --engine flags, loading the corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.config import Settings
from bot.errors import BotError

if TYPE_CHECKING:
    from bot.search.library import Snapshot


def corpus_flag(parser: argparse.ArgumentParser) -> None:
    """--corpus DIR."""
    parser.add_argument(
        # SUPPRESS: `newsbot --corpus X check` keeps X (a subparser default would replace it).
        "--corpus", type=Path, metavar="DIR", default=argparse.SUPPRESS,
        help="corpus directory (default: $NEWSBOT_CORPUS or ./corpus)",
    )


def engine_flag(parser: argparse.ArgumentParser) -> None:
    """--engine NAME."""
    from bot.config import ENGINE_CHOICES

    parser.add_argument(
        "--engine", choices=ENGINE_CHOICES, default=argparse.SUPPRESS,
        help="BM25 engine (default: $NEWSBOT_ENGINE or newsbot; rank-bm25 is the reference)",
    )


def semantic_flag(parser: argparse.ArgumentParser) -> None:
    """--semantic / --no-semantic."""
    parser.add_argument(
        "--semantic", action=argparse.BooleanOptionalAction, default=argparse.SUPPRESS,
        help="also rank sentences by meaning (default: $NEWSBOT_SEMANTIC or off; "
             "needs pip install 'newsbot[semantic]')",
    )


def load_snapshot(settings: Settings) -> Snapshot:
    """Load and index the corpus, warning about each file that did not load."""
    from bot.search.index import load_index
    from bot.search.library import Snapshot, enable_semantic

    corpus, index = load_index(settings.corpus_dir, engine=settings.engine,
                               index_dir=settings.index_dir)
    for problem in corpus.problems:
        print(messages.skipped_file(str(problem)), file=sys.stderr)
    if not corpus.articles:
        raise BotError(messages.no_articles_loaded(str(settings.corpus_dir)))
    snapshot = Snapshot(corpus, index)
    if settings.semantic:
        enable_semantic(snapshot, settings.corpus_dir, settings.index_dir)
    return snapshot
