"""`newsbot ask` and the terminal session (the main job without a token)."""

from __future__ import annotations

import argparse
import json
import sys

from bot import messages
from bot.cli.common import corpus_flag, engine_flag, load_snapshot
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add `ask`."""
    ask = sub.add_parser("ask", help="answer a question from the corpus")
    ask.add_argument("question", nargs="+", help="the question (quote it or not)")
    ask.add_argument("--top", metavar="K", help="how many quotes at most (default: $NEWSBOT_TOP or 3)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    corpus_flag(ask)
    engine_flag(ask)
    ask.set_defaults(handler=cmd_ask)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer one question."""
    from bot.search.answer import answer_question
    from bot.search.render import answer_to_json, answer_to_text

    index = load_snapshot(settings).index
    answer = answer_question(index, " ".join(args.question), top=settings.top)
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
    print(messages.TERMINAL_INTRO)
    print(messages.terminal_example())
    bold = sys.stdout.isatty()
    print(answer_to_text(answer_question(index, messages.EXAMPLE_QUESTION, top=settings.top), bold=bold))
    if interactive:
        print(messages.TERMINAL_PROMPT_HELP)
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
