"""The core never imports telegram: only bot/handlers.py and bot/app.py may."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import bot

TELEGRAM_LAYER = {"handlers", "app", "admin"}


def core_modules() -> list[str]:
    """Every module of the bot package outside the Telegram layer."""
    package = Path(bot.__file__).parent
    skip = TELEGRAM_LAYER
    names = sorted(p.stem for p in package.glob("*.py") if p.stem not in skip)
    return [f"bot.{name}" if name != "__init__" else "bot" for name in names]


def test_core_modules_do_not_import_telegram() -> None:
    modules = core_modules()
    assert {"bot.answer", "bot.render", "bot.cli", "bot.questions", "bot.replies"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'telegram' or m.startswith('telegram.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"telegram imported by the core: {result.stdout}"


def test_the_telegram_layer_does_import_telegram() -> None:
    code = "import sys, bot.app; print('telegram' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.stdout.strip() == "True", result.stderr
