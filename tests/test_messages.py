"""Every user-facing text lives in bot/messages.py: one example question, no stray copies."""

from __future__ import annotations

import ast
from pathlib import Path

import bot
from bot import messages

PACKAGE = Path(bot.__file__).parent


def test_the_example_question_is_written_once() -> None:
    holders = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
               if messages.EXAMPLE_QUESTION in p.read_text(encoding="utf-8")]
    assert holders == ["messages.py"]


def test_fixed_chat_texts_are_not_repeated_elsewhere() -> None:
    texts = [messages.APOLOGY, messages.SLOW_DOWN, messages.NOT_ADMIN, messages.UNKNOWN_COMMAND,
             messages.NO_TOKEN_HELP.splitlines()[0], messages.ANSWER_THANKS]
    for path in PACKAGE.rglob("*.py"):
        if path.name == "messages.py":
            continue
        source = path.read_text(encoding="utf-8")
        assert not [t for t in texts if t in source], path


def test_messages_imports_nothing_of_the_package() -> None:
    tree = ast.parse((PACKAGE / "messages.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    # The translation layer only (issue 14), which itself needs only bot.common.language.
    assert imported <= {"__future__", "html", "bot.common.i18n"}


def test_dynamic_pieces_are_escaped_for_telegram() -> None:
    assert "&lt;b&gt;" in messages.could_not_add_html("<b>bad</b>")
    assert "&amp;" in messages.same_story_html("A&B", "t")
    assert "&lt;x&gt;" in messages.reload_problems_html(1, ["<x>.md"], 0)
    assert messages.reload_problems_html(12, ["a.md"], 2).endswith("a.md and 2 more.")


def test_answer_texts_carry_the_example_and_the_coverage() -> None:
    line = "My articles cover: “T” (O, 1 Jan 2024)."
    assert messages.EXAMPLE_QUESTION in messages.answer_greeting(line)
    assert messages.answer_not_found(line).endswith(line)
    assert messages.coverage(["a", "b"], more=2) == "My articles cover: a; b; and 2 more."
    assert messages.coverage(["a"], more=0) == "My articles cover: a."
