"""`newsbot ask` and the terminal session (the main job without a token)."""

from __future__ import annotations

import argparse
import json
import sys

from bot import messages
from bot.cli.common import corpus_flag, engine_flag, load_snapshot, semantic_flag
from bot.common.limits import DEFAULT_TOP, MAX_TOP, MIN_TOP
from bot.common.textnorm import without_surrogates
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add `ask`."""
    ask = sub.add_parser("ask", help="answer a question from the corpus")
    ask.add_argument("question", nargs="+", help="the question (quote it or not)")
    ask.add_argument("--top", metavar="K", help=f"how many quotes at most, {MIN_TOP}-{MAX_TOP} "
                     f"(default: $NEWSBOT_TOP or {DEFAULT_TOP})")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    corpus_flag(ask)
    engine_flag(ask)
    semantic_flag(ask)
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


# Typed at the prompt: forget the conversation and start afresh.
NEW_QUESTION = frozenset({"new question", "/new", "new"})
TERMINAL_KEY = "terminal"  # the terminal session's conversation in the store


def _terminal_store(settings: Settings):  # noqa: ANN202 - a BotStore, imported lazily
    """The store keeping the terminal's conversation; in memory if the data dir is unusable."""
    import sqlite3

    from bot.chat.store import BotStore

    try:
        return BotStore.in_directory(settings.data_dir)
    except (OSError, sqlite3.Error) as exc:
        print(messages.cli_warning(f"cannot keep the conversation in {settings.data_dir} "
                                   f"(NEWSBOT_DATA_DIR): {exc}; it lasts until you quit"),
              file=sys.stderr)
        return BotStore(":memory:")


def terminal_session(settings: Settings, stream, interactive: bool) -> int:
    """Answer the example question, then each question typed (or piped) until end of input.

    Questions form a conversation (follow-ups like "and why?" lean on the earlier ones), kept
    in the data directory so it survives a restart until it has been idle for
    settings.conversation_idle seconds; "new question" starts afresh.
    """
    from bot.search.dialogue import answer_in_conversation
    from bot.search.followup import Conversation
    from bot.search.render import answer_to_text

    index = load_snapshot(settings).index
    store = _terminal_store(settings)
    idle = settings.conversation_idle
    stored = store.conversation(TERMINAL_KEY, idle) if idle > 0 else None
    conversation = Conversation.loads(stored) if stored else Conversation()
    bold = sys.stdout.isatty()

    def ask(question: str) -> None:
        nonlocal conversation
        answer, conversation = answer_in_conversation(index, question, conversation,
                                                      top=settings.top)
        if idle > 0:
            store.save_conversation(TERMINAL_KEY, conversation.dumps())
        print(answer_to_text(answer, bold=bold))

    print(messages.TERMINAL_INTRO)
    if conversation.turns:
        print(messages.terminal_continuing(conversation.turns[-1].question))
    else:
        print(messages.terminal_example())
        ask(messages.EXAMPLE_QUESTION)
    if interactive:
        print(messages.TERMINAL_PROMPT_HELP)
    try:
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
            if " ".join(question.lower().strip(" .!?").split()) in NEW_QUESTION:
                conversation = Conversation()
                store.forget_conversation(TERMINAL_KEY)
                print(messages.TERMINAL_NEW_QUESTION)
                continue
            ask(without_surrogates(question))
    finally:
        store.close()
    return 0
