"""The `newsbot` command: parse arguments, call the core, print. Errors become one line + exit 1.

    newsbot                     the main job: the bot with a token, else questions in the terminal
    newsbot ask QUESTION        answer one question from the corpus
    newsbot check               load the corpus and report every problem
    newsbot ingest FILE ...     turn a page copied as text into a corpus file
    newsbot run [--webhook URL] start the Telegram bot (long polling, or a webhook)
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.config import ENV_VARS, Settings, check_webhook_url, load_settings
from bot.errors import BotError, ConfigError

if TYPE_CHECKING:
    from bot.library import Snapshot

logger = logging.getLogger(__name__)

EXAMPLE_QUESTION = "when did the withdrawal start?"
Command = Callable[[argparse.Namespace, Settings], int]


def _corpus_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus", type=Path, metavar="DIR",
        help="corpus directory (default: $NEWSBOT_CORPUS or ./corpus)",
    )


def _engine_flag(parser: argparse.ArgumentParser) -> None:
    from bot.config import ENGINE_CHOICES

    parser.add_argument(
        "--engine", choices=ENGINE_CHOICES, default=argparse.SUPPRESS,
        help="BM25 engine (default: $NEWSBOT_ENGINE or newsbot; rank-bm25 is the reference)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    env_help = "\n".join(f"  {name:<20} {text}" for name, text in ENV_VARS.items())
    parser = argparse.ArgumentParser(
        prog="newsbot",
        description="Answer questions about news articles with exact quotes and source links. "
        "Without a command: run the Telegram bot if TELEGRAM_BOT_TOKEN is set, "
        "otherwise answer questions in the terminal.",
        epilog=f"environment variables (also read from ./.env):\n{env_help}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newsbot {__version__}")
    _corpus_flag(parser)
    _engine_flag(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = sub.add_parser("ask", help="answer a question from the corpus")
    ask.add_argument("question", nargs="+", help="the question (quote it or not)")
    ask.add_argument("--top", type=int, metavar="K", help="how many quotes at most (default 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    _corpus_flag(ask)
    _engine_flag(ask)

    check = sub.add_parser("check", help="load the corpus and report every problem")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    _corpus_flag(check)
    _engine_flag(check)

    ingest = sub.add_parser("ingest", help="turn a page copied as text into a corpus file")
    ingest.add_argument("file", type=Path, help="the page as a text file ('-' for stdin)")
    ingest.add_argument("--url", required=True, help="the article's URL")
    ingest.add_argument("--source", required=True, help="the outlet, e.g. 'Insider Paper'")
    ingest.add_argument("--published", required=True,
                        help="ISO 8601 date or date-time, e.g. 2024-04-17T17:50:00+05:00")
    ingest.add_argument("--title", help="the headline (default: found in the page)")
    ingest.add_argument("--author", help="the author (default: found in a byline, if any)")
    ingest.add_argument("--language", default="en", help="language code (default en)")
    ingest.add_argument("--force", action="store_true",
                        help="replace an existing article with the same URL")
    _corpus_flag(ingest)

    run = sub.add_parser("run", help="start the Telegram bot (long polling, or --webhook)")
    run.add_argument("--webhook", metavar="URL",
                     help="receive updates at this public HTTPS URL instead of polling "
                          "(default: $NEWSBOT_WEBHOOK_URL); the server listens on "
                          "$NEWSBOT_WEBHOOK_LISTEN:$NEWSBOT_WEBHOOK_PORT")
    _corpus_flag(run)
    _engine_flag(run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        settings = settings.with_overrides(corpus_dir=getattr(args, "corpus", None),
                                           engine=getattr(args, "engine", None))
        logging.basicConfig(
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
            level=getattr(logging, settings.log_level),
        )
        # httpx logs every request URL at INFO, and Bot API URLs contain the token.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        command = COMMANDS.get(args.command or "", cmd_default)
        return command(args, settings)
    except BotError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`newsbot ask ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141


def _load(settings: Settings) -> Snapshot:
    """Load and index the corpus, warning about each file that did not load."""
    from bot.index import load_index
    from bot.library import Snapshot

    corpus, index = load_index(settings.corpus_dir, engine=settings.engine,
                               index_dir=settings.index_dir)
    for problem in corpus.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    if not corpus.articles:
        raise BotError(f"no articles could be loaded from {settings.corpus_dir}")
    return Snapshot(corpus, index)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question."""
    from bot.answer import answer_question
    from bot.render import answer_to_json, answer_to_text

    top = args.top if args.top is not None else settings.top
    if not 1 <= top <= 10:
        raise ConfigError(f"--top must be between 1 and 10, not {top}")
    index = _load(settings).index
    answer = answer_question(index, " ".join(args.question), top=top)
    if args.json:
        print(json.dumps(answer_to_json(answer), ensure_ascii=False))
    else:
        print(answer_to_text(answer))
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print the corpus summary and every problem; non-zero exit if there are problems."""
    from bot.answer import format_date

    from bot.index import load_index

    corpus, index = load_index(settings.corpus_dir, engine=settings.engine,
                               index_dir=settings.index_dir)
    if args.json:
        print(json.dumps({
            "directory": str(corpus.directory),
            "articles": len(corpus.articles),
            "sentences": len(index),
            "sources": sorted({a.source for a in corpus.articles}),
            "problems": [{"file": p.path.name, "reason": p.reason} for p in corpus.problems],
        }, ensure_ascii=False))
    else:
        print(f"{corpus.directory}: {len(corpus.articles)} articles, {len(index)} sentences")
        for article in sorted(corpus.articles, key=lambda a: (a.published, a.id)):
            print(f"  {article.id}: {article.source}, {format_date(article.published)}: "
                  f"{article.title}")
        if corpus.problems:
            print(f"{len(corpus.problems)} problem(s):")
            for problem in corpus.problems:
                print(f"  {problem}")
        else:
            print("no problems")
    return 1 if corpus.problems else 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Clean a pasted page and write it as an article file."""
    from bot.ingest import ingest_text_file

    path, replaced = ingest_text_file(
        args.file, corpus_dir=settings.corpus_dir, url=args.url, source=args.source,
        published=args.published, title=args.title, author=args.author,
        language=args.language, overwrite=args.force,
    )
    print(f"{'replaced' if replaced else 'wrote'} {path}")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Start the Telegram bot; without a token, say how to get one."""
    if not settings.token:
        print(NO_TOKEN_HELP, file=sys.stderr)
        return 2
    from bot.app import run_bot
    from bot.library import Library

    webhook = getattr(args, "webhook", None)
    if webhook:
        settings = settings.with_overrides(webhook_url=check_webhook_url(webhook))

    library = Library.from_snapshot(settings.corpus_dir, _load(settings),
                                    index_dir=settings.index_dir)
    run_bot(settings, library)
    return 0


def cmd_default(args: argparse.Namespace, settings: Settings) -> int:
    """The main job: the bot when a token is set, otherwise questions in the terminal."""
    if settings.token:
        return cmd_run(args, settings)
    return terminal_session(settings, sys.stdin, interactive=sys.stdin.isatty())


def terminal_session(settings: Settings, stream, interactive: bool) -> int:
    """Answer the example question, then each question typed (or piped) until end of input."""
    from bot.answer import answer_question
    from bot.render import answer_to_text

    index = _load(settings).index
    print("No TELEGRAM_BOT_TOKEN set, so newsbot answers in the terminal "
          "(see README to run the Telegram bot).\n")
    print(f"Example: {EXAMPLE_QUESTION}")
    print(answer_to_text(answer_question(index, EXAMPLE_QUESTION, top=settings.top)))
    if interactive:
        print("\nAsk a question (empty line or Ctrl-D to quit).")
    while True:
        if interactive:
            try:
                question = input("\n? ")
            except EOFError:
                print()
                break
        else:
            question = stream.readline()
            if not question:
                break
        if not question.strip():
            if interactive:
                break
            continue
        if not interactive:
            print(f"\n? {question.strip()}")
        print(answer_to_text(answer_question(index, question, top=settings.top)))
    return 0


NO_TOKEN_HELP = """\
newsbot run needs a Telegram bot token, and TELEGRAM_BOT_TOKEN is not set.

To get one: open Telegram, talk to @BotFather, send /newbot, choose a name and a username,
and copy the token it gives you (it looks like 123456789:ABCdef...). Then either
  export TELEGRAM_BOT_TOKEN=123456789:ABCdef...
or put the line TELEGRAM_BOT_TOKEN=... in a .env file here (see .env.example).

Without a token, `newsbot ask "QUESTION"` answers in the terminal."""

COMMANDS: dict[str, Command] = {
    "ask": cmd_ask,
    "check": cmd_check,
    "ingest": cmd_ingest,
    "run": cmd_run,
}
