"""`newsbot check`, `newsbot ingest` and `newsbot follow`: the corpus and what goes into it."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import messages
from bot.cli.common import corpus_flag, engine_flag, semantic_flag
from bot.config import Settings
from bot.errors import ConfigError, IngestError

if TYPE_CHECKING:
    from bot.ingest.ingestor import IngestResult


def register(sub: argparse._SubParsersAction) -> None:
    """Add `check`, `ingest` and `follow`."""
    check = sub.add_parser("check", help="load the corpus and report every problem")
    check.add_argument("--json", action="store_true", help="print one JSON object")
    corpus_flag(check)
    engine_flag(check)
    semantic_flag(check)
    check.set_defaults(handler=cmd_check)

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
    ingest.add_argument("--language", help="language code (default: the page's, else detected "
                        "from the text)")
    ingest.add_argument("--update", "--force", dest="force", action="store_true",
                        help="replace an existing article with the same URL")
    ingest.add_argument("--json", action="store_true", help="print one JSON object")
    corpus_flag(ingest)
    ingest.set_defaults(handler=cmd_ingest)

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
    corpus_flag(follow)
    follow.set_defaults(handler=cmd_follow)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Print the corpus summary and every problem; non-zero exit if there are problems."""
    from bot.search.answer import format_date
    from bot.search.index import load_index

    corpus, index = load_index(settings.corpus_dir, engine=settings.engine,
                               index_dir=settings.index_dir)
    vectors = None
    if settings.semantic:  # the sentence vectors brought up to date, e.g. before `run`
        from bot.search.library import Snapshot, enable_semantic

        vectors = enable_semantic(Snapshot(corpus, index), settings.corpus_dir,
                                  settings.index_dir)
    if args.json:
        report = {
            "directory": str(corpus.directory),
            "articles": len(corpus.articles),
            "sentences": len(index),
            "sources": sorted({a.source for a in corpus.articles}),
            "problems": [{"file": p.path.name, "reason": p.reason} for p in corpus.problems],
        }
        if vectors is not None:
            report["sentence_vectors"] = vectors
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(messages.check_summary(str(corpus.directory), len(corpus.articles), len(index),
                                     vectors))
        for article in sorted(corpus.articles, key=lambda a: (a.published, a.id)):
            print(f"  {article.id}: {article.source}, {format_date(article.published)}: "
                  f"{article.title}")
        if corpus.problems:
            print(messages.check_problems(len(corpus.problems)))
            for problem in corpus.problems:
                print(f"  {problem}")
        else:
            print(messages.CHECK_NO_PROBLEMS)
    return 1 if corpus.problems else 0


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Add one article: from a URL, an HTML page or a page copied as text, by the same rules."""
    from bot.common.textnorm import without_surrogates
    from bot.common.urls import looks_like_url
    from bot.ingest.ingestor import Given, Ingestor, looks_like_html_file

    given = Given(url=args.url, source=args.source, published=args.published, title=args.title,
                  author=args.author, language=args.language)
    ingestor = Ingestor(settings.corpus_dir)
    text = not looks_like_url(args.file) and not looks_like_html_file(Path(args.file))
    if looks_like_url(args.file):
        result = ingestor.add_url(without_surrogates(args.file.strip()), given,
                                  update=args.force)
    elif not text:
        result = ingestor.add_html_file(Path(args.file), given, update=args.force)
    else:
        if args.file != "-" and not Path(args.file).exists():  # said before the flags it lacks
            raise IngestError(f"{args.file}: no such file")
        missing = [f"--{name}" for name in ("url", "source", "published")
                   if not getattr(args, name)]
        if missing:
            raise IngestError(messages.PASTED_TEXT_NEEDS.format(flags=", ".join(missing)))
        result = ingestor.add_text_file(Path(args.file), given, update=args.force)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0
    for warning in result.warnings:
        print(messages.cli_warning(warning), file=sys.stderr)
    # Text: the one line it always printed (scripts read the path from it).
    print(describe_ingest(result, brief=text))
    return 0


def describe_ingest(result: IngestResult, brief: bool = False) -> str:
    """What an ingest did, in a few lines for the terminal."""
    from bot.ingest.ingestor import SAME_URL, Status
    from bot.search.answer import format_date

    article = result.article
    if result.status is Status.SKIPPED:
        return messages.ingest_skipped(result.reason, article.id, result.reason == SAME_URL)
    done = messages.ingest_done(result.status is Status.REPLACED, str(result.path))
    if brief:
        return done
    lines = [done,
             f"  {article.title}",
             "  " + messages.ingest_byline(article.source, format_date(article.published),
                                           article.author),
             f"  {article.url}"]
    for other in result.same_story:
        lines.append("  " + messages.ingest_same_story(other.article_id, other.source,
                                                       other.title))
    return "\n".join(lines)


def cmd_follow(args: argparse.Namespace, settings: Settings) -> int:
    """Check feeds on an interval (or once) and ingest their new entries."""
    import datetime as dt

    from bot.ingest.follow import PassReport, follow

    feeds = list(settings.feeds)  # FEED_URL arguments, else $NEWSBOT_FEEDS (checked there)
    if not feeds:
        raise ConfigError(messages.NO_FEEDS)
    if args.passes is not None and args.passes < 1:
        raise ConfigError(messages.at_least_one("--passes", args.passes))
    passes = 1 if args.once else args.passes
    last: list[PassReport] = []

    def show(report: PassReport) -> None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        print(messages.follow_pass(stamp, len(report.feeds), report.seconds, report.written))
        for feed in report.feeds:
            print(f"  {feed.summary()}")
            for result in feed.ingested:
                print("    + " + describe_ingest(result).replace("\n", "\n      "))
            for problem in feed.problems:
                print(f"    ! {problem.link}: {problem.reason}")
        sys.stdout.flush()
        last[:] = [report]

    follow(feeds, settings.corpus_dir, settings.data_dir, interval=settings.feed_interval,
           passes=passes, on_pass=show)
    return 1 if last and len(last[0].failed) == len(last[0].feeds) else 0
