"""`newsbot run`: the Telegram bot, by long polling or a webhook."""

from __future__ import annotations

import argparse
import sys

from bot import messages
from bot.cli.common import corpus_flag, engine_flag, load_snapshot, semantic_flag
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add `run`."""
    run = sub.add_parser("run", help="start the Telegram bot (long polling, or --webhook)")
    run.add_argument("--webhook", metavar="URL",
                     help="receive updates at this public HTTPS URL instead of polling "
                          "(default: $NEWSBOT_WEBHOOK_URL); the server listens on "
                          "$NEWSBOT_WEBHOOK_LISTEN:$NEWSBOT_WEBHOOK_PORT")
    corpus_flag(run)
    engine_flag(run)
    semantic_flag(run)
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot; without a token, say how to get one."""
    if not settings.token:
        print(messages.NO_TOKEN_HELP, file=sys.stderr)
        return 2
    from bot.chat.app import run_bot
    from bot.search.library import Library

    library = Library.from_snapshot(settings.corpus_dir, load_snapshot(settings),
                                    index_dir=settings.index_dir)
    run_bot(settings, library)
    return 0
