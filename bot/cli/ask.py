"""`newsbot ask` and the terminal session (the main job without a token)."""

from __future__ import annotations

import argparse
import json
import sys

from bot.cli.common import EXAMPLE_QUESTION, corpus_flag, engine_flag, load_snapshot, semantic_flag
from bot.config import Settings
from bot.errors import ConfigError


def register(sub: argparse._SubParsersAction) -> None:
    """Add `ask`."""
    ask = sub.add_parser("ask", help="answer a question from the corpus")
    ask.add_argument("question", nargs="+", help="the question (quote it or not)")
    ask.add_argument("--top", type=int, metavar="K", help="how many quotes at most (default 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    corpus_flag(ask)
    engine_flag(ask)
    semantic_flag(ask)
    ask.set_defaults(handler=cmd_ask)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question."""
    from bot.search.answer import answer_question
    from bot.search.render import answer_to_json, answer_to_text

    top = args.top if args.top is not None else settings.top
    if not 1 <= top <= 10:
        raise ConfigError(f"--top must be between 1 and 10, not {top}")
    index = load_snapshot(settings).index
    answer = answer_question(index, " ".join(args.question), top=top)
    if args.json:
        print(json.dumps(answer_to_json(answer), ensure_ascii=False))
    else:
        print(answer_to_text(answer, bold=sys.stdout.isatty()))
    return 0


def terminal_session(settings: Settings, stream, interactive: bool) -> int:
    """Answer the example question, then each question typed (or piped) until end of input."""
    from bot.search.answer import answer_question
    from bot.search.render import answer_to_text

    index = load_snapshot(settings).index
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
