"""The `newsbot` command: parse arguments, call the core, print. Errors become one line + exit 1.

    newsbot                     the main job: the bot with a token, else questions in the terminal
    newsbot ask QUESTION        answer one question from the corpus
    newsbot check               load the corpus and report every problem
    newsbot ingest FILE|URL     add an article: from a URL, a saved .html page or pasted text
    newsbot follow FEED_URL...  check RSS/Atom feeds and ingest their new articles
    newsbot run [--webhook URL] start the Telegram bot (long polling, or a webhook)
    newsbot eval squad FILE     measure retrieval on SQuAD v1.1 (P@1, R@5, R@10, MRR)
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence

from bot import __version__, messages
from bot.cli import articles, ask, evals, run
from bot.cli.common import corpus_flag, engine_flag, semantic_flag
from bot.common import redact
from bot.common.textnorm import without_surrogates
from bot.config import Settings, default_command, help_epilog, load_settings
from bot.errors import BotError

logger = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description=messages.CLI_DESCRIPTION,
        epilog=help_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsbot {__version__}")
    corpus_flag(parser)
    engine_flag(parser)
    semantic_flag(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in (ask, articles, run, evals):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _without_surrogates(args)
    try:
        # Only the variables this command reads, and none that a flag given replaces.
        command = args.command or default_command()
        settings = load_settings(command=command, flags=vars(args))
        # The token must not reach a log line or a traceback, at any log level.
        redact.protect(settings.token, settings.webhook_secret)
        logging.basicConfig(
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            level=getattr(logging, settings.log_level),
        )
        # httpx logs every request URL at INFO, and Bot API URLs contain the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # APScheduler (the bot's job queue) logs every run of every job at INFO.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        handler: Command = getattr(args, "handler", cmd_default)
        return handler(args, settings)
    except BotError as exc:
        print(messages.cli_error(redact.redact(str(exc))), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`newsbot ask ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _without_surrogates(args: argparse.Namespace) -> None:
    """Make the bytes of typed text that were not UTF-8 U+FFFD (see without_surrogates).

    Paths (Path values, and ingest's FILE, a URL only once it is seen to be one) keep their
    bytes: a file may be named in any.
    """
    for name, value in vars(args).items():
        if isinstance(value, str) and name != "file":
            setattr(args, name, without_surrogates(value))
        elif isinstance(value, list) and all(isinstance(item, str) for item in value):
            setattr(args, name, [without_surrogates(item) for item in value])


def cmd_default(args: argparse.Namespace, settings: Settings) -> int:
    """The main job: the bot when a token is set, otherwise questions in the terminal."""
    if settings.token:
        return run.cmd_run(args, settings)
    if isinstance(sys.stdin, io.TextIOWrapper):  # a byte that is not UTF-8: U+FFFD, no crash
        sys.stdin.reconfigure(errors="replace")
    return ask.terminal_session(settings, sys.stdin, interactive=sys.stdin.isatty())
