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
import json
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.config import ENV_VARS, Settings, check_webhook_url, load_settings
from bot.errors import BotError, ConfigError, IngestError

if TYPE_CHECKING:
    from bot.ingest.ingestor import IngestResult
    from bot.search.library import Snapshot

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

    ingest = sub.add_parser(
        "ingest", help="add an article from a URL, a saved .html page or a page copied as text",
        description="Add one article to the corpus. FILE is an http(s) URL (the page is fetched "
        "and its article extracted), a saved .html page, or a page copied as text ('-' for "
        "stdin). For URLs and HTML, --url, --source, --published, --title and --author "
        "override what the page says and fill what it does not; a page with no publication "
        "date needs --published. For text, --url, --source and --published are required.",
    )
    ingest.add_argument("file", metavar="FILE",
                        help="a URL, an .html file, or a text file ('-' for stdin)")
    ingest.add_argument("--url", help="the article's URL (default for pages: its canonical URL)")
    ingest.add_argument("--source", help="the outlet, e.g. 'Insider Paper' "
                        "(default for pages: the site name)")
    ingest.add_argument("--published",
                        help="ISO 8601 date or date-time, e.g. 2024-04-17T17:50:00+05:00 "
                        "(default for pages: the date they give)")
    ingest.add_argument("--title", help="the headline (default: found in the page)")
    ingest.add_argument("--author", help="the author (default: found in a byline, if any)")
    ingest.add_argument("--language", help="language code (default: the page's, else en)")
    ingest.add_argument("--update", "--force", dest="force", action="store_true",
                        help="replace an existing article with the same URL")
    ingest.add_argument("--json", action="store_true",
                        help="print one JSON object (URLs and HTML pages)")
    _corpus_flag(ingest)

    evaluation = sub.add_parser("eval", help="measure how well questions find their answers")
    datasets = evaluation.add_subparsers(dest="dataset", metavar="DATASET", required=True)
    squad = datasets.add_parser(
        "squad", help="SQuAD v1.1 as sentence retrieval (ReQA protocol): P@1, R@5, R@10, MRR")
    squad.add_argument("path", type=Path, help="the SQuAD v1.1 JSON file (e.g. dev-v1.1.json)")
    squad.add_argument("--json", action="store_true", help="print one JSON object")
    squad.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    _engine_flag(squad)

    follow = sub.add_parser(
        "follow", help="check RSS/Atom feeds on an interval and ingest their new articles",
        description="Check each feed, fetch the page of every entry not seen before and add "
        "its article to the corpus. What was seen is remembered in the data directory. A "
        "feed that is down, slow or malformed is reported and skipped; the others go on. "
        "Exits 1 when no feed could be read in the last check.",
    )
    follow.add_argument("feeds", nargs="*", metavar="FEED_URL",
                        help="RSS or Atom feed URLs (default: $NEWSBOT_FEEDS)")
    follow.add_argument("--once", action="store_true", help="check once and exit (for cron)")
    follow.add_argument("--passes", type=int, metavar="N", help="stop after N checks")
    follow.add_argument("--interval", metavar="SECONDS",
                        help="seconds between checks (default: $NEWSBOT_FEED_INTERVAL or 900)")
    follow.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="where the feed entries seen are remembered "
                        "(default: $NEWSBOT_DATA_DIR or ./.newsbot)")
    _corpus_flag(follow)

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
        # APScheduler (the bot's job queue) logs every run of every job at INFO.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
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
    from bot.search.index import load_index
    from bot.search.library import Snapshot

    corpus, index = load_index(settings.corpus_dir, engine=settings.engine,
                               index_dir=settings.index_dir)
    for problem in corpus.problems:
        print(f"warning: skipped {problem}", file=sys.stderr)
    if not corpus.articles:
        raise BotError(f"no articles could be loaded from {settings.corpus_dir}")
    return Snapshot(corpus, index)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question."""
    from bot.search.answer import answer_question
    from bot.search.render import answer_to_json, answer_to_text

    top = args.top if args.top is not None else settings.top
    if not 1 <= top <= 10:
        raise ConfigError(f"--top must be between 1 and 10, not {top}")
    index = _load(settings).index
    answer = answer_question(index, " ".join(args.question), top=top)
    if args.json:
        print(json.dumps(answer_to_json(answer), ensure_ascii=False))
    else:
        print(answer_to_text(answer, bold=sys.stdout.isatty()))
    return 0


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print the corpus summary and every problem; non-zero exit if there are problems."""
    from bot.search.answer import format_date
    from bot.search.index import load_index

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
    """Add one article: from a URL or an HTML page, else from a page copied as text."""
    from bot.ingest.ingestor import ingest_text_file, looks_like_html_file, looks_like_url

    if looks_like_url(args.file) or looks_like_html_file(Path(args.file)):
        return _ingest_page(args, settings)
    missing = [f"--{name}" for name in ("url", "source", "published") if not getattr(args, name)]
    if missing:
        raise IngestError(f"a page copied as text needs {', '.join(missing)} "
                          "(only URLs and .html pages have their own metadata)")
    path, replaced = ingest_text_file(
        Path(args.file), corpus_dir=settings.corpus_dir, url=args.url, source=args.source,
        published=args.published, title=args.title, author=args.author,
        language=args.language or "en", overwrite=args.force,
    )
    print(f"{'replaced' if replaced else 'wrote'} {path}")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
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


def _ingest_page(args: argparse.Namespace, settings: Settings) -> int:
    """Fetch or read an HTML page, extract its article and add it."""
    from bot.ingest.ingestor import Given, Ingestor, looks_like_url

    given = Given(url=args.url, source=args.source, published=args.published, title=args.title,
                  author=args.author, language=args.language)
    ingestor = Ingestor(settings.corpus_dir)
    if looks_like_url(args.file):
        result = ingestor.add_url(args.file.strip(), given, update=args.force)
    else:
        result = ingestor.add_html_file(Path(args.file), given, update=args.force)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(describe_ingest(result))
    return 0


def describe_ingest(result: IngestResult) -> str:
    """What an ingest did, in a few lines for the terminal."""
    from bot.ingest.ingestor import SAME_URL, Status
    from bot.search.answer import format_date

    article = result.article
    if result.status is Status.SKIPPED:
        hint = "; use --update to replace it" if result.reason == SAME_URL else ""
        return f"skipped: {result.reason} ({article.id}){hint}"
    verb = "replaced" if result.status is Status.REPLACED else "wrote"
    by = f", by {article.author}" if article.author else ""
    lines = [f"{verb} {result.path}",
             f"  {article.title}",
             f"  {article.source}, {format_date(article.published)}{by}",
             f"  {article.url}"]
    for other in result.same_story:
        lines.append(f"  same story as {other.article_id} ({other.source}: {other.title})")
    return "\n".join(lines)


def cmd_follow(args: argparse.Namespace, settings: Settings) -> int:
    """Check feeds on an interval (or once) and ingest their new entries."""
    import datetime as dt

    from bot.config import parse_seconds
    from bot.ingest.follow import PassReport, follow

    feeds = args.feeds or list(settings.feeds)
    if not feeds:
        raise ConfigError("no feeds to follow: give feed URLs or set NEWSBOT_FEEDS")
    bad = [url for url in feeds if not url.startswith(("http://", "https://"))]
    if bad:
        raise ConfigError(f"bad feed URL {bad[0]!r}: it must start with http:// or https://")
    interval = (parse_seconds(args.interval, "--interval") if args.interval is not None
                else settings.feed_interval)
    if args.passes is not None and args.passes < 1:
        raise ConfigError(f"--passes must be at least 1, not {args.passes}")
    passes = 1 if args.once else args.passes
    last: list[PassReport] = []

    def show(report: PassReport) -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        print(f"[{stamp}] checked {len(report.feeds)} feed(s) in {report.seconds:.1f} s: "
              f"{report.written} new article(s)")
        for feed in report.feeds:
            print(f"  {feed.summary()}")
            for result in feed.ingested:
                print("    + " + describe_ingest(result).replace("\n", "\n      "))
            for problem in feed.problems:
                print(f"    ! {problem.link}: {problem.reason}")
        sys.stdout.flush()
        last[:] = [report]

    follow(feeds, settings.corpus_dir, args.data_dir or settings.data_dir, interval=interval,
           passes=passes, on_pass=show)
    return 1 if last and len(last[0].failed) == len(last[0].feeds) else 0


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
    from bot.search.answer import answer_question
    from bot.search.render import answer_to_text

    index = _load(settings).index
    print("No TELEGRAM_BOT_TOKEN set, so newsbot answers in the terminal "
          "(see README to run the Telegram bot).\n")
    print(f"Example: {EXAMPLE_QUESTION}")
    bold = sys.stdout.isatty()
    print(answer_to_text(answer_question(index, EXAMPLE_QUESTION, top=settings.top), bold=bold))
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
        print(answer_to_text(answer_question(index, question, top=settings.top), bold=bold))
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
    "follow": cmd_follow,
    "run": cmd_run,
    "eval": cmd_eval,
}
