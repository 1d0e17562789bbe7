"""`newsbot run`: the Telegram bot, by long polling or a webhook."""

from __future__ import annotations

import argparse
import sys

from bot.cli.common import corpus_flag, engine_flag, load_snapshot, semantic_flag
from bot.config import Settings, check_webhook_url

NO_TOKEN_HELP = """\
newsbot run needs a Telegram bot token, and TELEGRAM_BOT_TOKEN is not set.

To get one: open Telegram, talk to @BotFather, send /newbot, choose a name and a username,
and copy the token it gives you (it looks like 123456789:ABCdef...). Then either
  export TELEGRAM_BOT_TOKEN=123456789:ABCdef...
or put the line TELEGRAM_BOT_TOKEN=... in a .env file here (see .env.example).

Without a token, `newsbot ask "QUESTION"` answers in the terminal."""


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
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    from bot.chat.app import run_bot
    from bot.search.library import Library

    webhook = getattr(args, "webhook", None)
    if webhook:
        settings = settings.with_overrides(webhook_url=check_webhook_url(webhook))

    library = Library.from_snapshot(settings.corpus_dir, load_snapshot(settings),
                                    index_dir=settings.index_dir)
    run_bot(settings, library)
    return 0
