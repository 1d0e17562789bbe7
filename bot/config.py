"""Settings, read in one place: command-line flag, then environment, then `.env`, then default.

The only module that reads os.environ. `.env` (in the working directory) only fills gaps: a
variable set in the environment wins. `CATALOGUE` is the one list of settings: it drives the
parsing below, the `newsbot --help` epilog, `.env.example` and the README's table (a test keeps
the last two in step; `python -m bot.config` rewrites them).

A flag always beats the environment (the variable is then not even read), and a command reads
only the variables it uses: a malformed NEWSBOT_WEBHOOK_PORT does not stop `newsbot ask`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from bot.common.limits import DEFAULT_ENGINE, DEFAULT_TOP, ENGINE_NAMES, MAX_TOP, MIN_TOP
from bot.common.textnorm import without_surrogates
from bot.common.urls import is_https_url
from bot.errors import ConfigError

DEFAULT_CORPUS = Path("corpus")
DEFAULT_DATA_DIR = Path(".newsbot")
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
DEFAULT_FEED_INTERVAL = 900.0
DEFAULT_WATCH_INTERVAL = 30.0
DEFAULT_CONVERSATION_IDLE = 900.0  # 15 minutes
# Long enough that a slow Bot API is waited for rather than retried into a duplicate message
# (Telegram answers in well under a second; 20 s leaves room for a long stall).
DEFAULT_API_TIMEOUT = 20.0
DEFAULT_REPLAY_MAX_AGE = 600.0  # 10 minutes
REPLAY_STALE_CHOICES = ("apologise", "drop")
DEFAULT_REPLAY_STALE = "apologise"
DEFAULT_LOG_LEVEL = "INFO"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
ENGINE_CHOICES = ENGINE_NAMES
# Telegram's rule for the secret_token of setWebhook.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")

# The subcommands of `newsbot` (the bare `newsbot` runs `run` with a token, else `ask`).
COMMANDS = ("ask", "check", "ingest", "follow", "run", "eval")
_BOT = frozenset({"run"})
_INDEXED = frozenset({"ask", "check", "run"})


@dataclass(frozen=True)
class Settings:
    """Everything newsbot can be configured with (defaults: those of CATALOGUE)."""

    token: str | None = None
    base_url: str | None = None
    corpus_dir: Path = DEFAULT_CORPUS
    top: int = DEFAULT_TOP
    log_level: str = DEFAULT_LOG_LEVEL
    engine: str = DEFAULT_ENGINE
    index_dir: Path | None = None  # None: <corpus_dir>/.newsbot-index
    data_dir: Path = DEFAULT_DATA_DIR
    webhook_url: str | None = None  # set: receive updates by webhook instead of polling
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = None
    feeds: tuple[str, ...] = ()
    feed_interval: float = DEFAULT_FEED_INTERVAL
    watch_interval: float = DEFAULT_WATCH_INTERVAL
    admins: frozenset[int] = frozenset()
    conversation_idle: float = DEFAULT_CONVERSATION_IDLE  # 0: every question stands alone
    semantic: bool = False  # the semantic stage (bot/search/semantic): sentence vectors
    api_timeout: float = DEFAULT_API_TIMEOUT
    replay_max_age: float = DEFAULT_REPLAY_MAX_AGE
    replay_stale: str = DEFAULT_REPLAY_STALE

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given non-None values replaced."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


# --- parsers: (text, the name to show) -> value; ConfigError naming the setting otherwise ------

Parser = Callable[[str, str], Any]


def _text(text: str, name: str) -> str:
    return text


def _path(text: str, name: str) -> Path:
    return Path(text)


def _whole(low: int, high: int, what: str = "a whole number") -> Parser:
    def parse(text: str, name: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ConfigError(f"{name} must be {what}, not {text!r}") from None
        if not low <= value <= high:
            raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
        return value
    return parse


def _choice(choices: tuple[str, ...], fold: Callable[[str], str]) -> Parser:
    def parse(text: str, name: str) -> str:
        value = fold(text)
        if value not in choices:
            raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
        return value
    return parse


def _token(text: str, name: str) -> str:
    if ":" not in text or any(ch.isspace() for ch in text):
        # The value itself is never echoed: it is a secret, even when mistyped.
        raise ConfigError(f"{name} does not look like a token from @BotFather "
                          "(it has the form 123456789:ABC...)")
    return text


def _base_url(text: str, name: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must start with http:// or https://, not {text!r}")
    return text


def check_webhook_url(url: str, name: str = "the webhook URL") -> str:
    """The URL if it can be a webhook URL (https with a host); ConfigError if not.

    Telegram only posts updates to https URLs: an http one would fail at setWebhook, after
    start-up, with a message that does not say why.
    """
    if not is_https_url(url):
        raise ConfigError(f"the webhook URL must be an https:// URL, not {url!r}")
    return url


def _secret(text: str, name: str) -> str:
    if not _WEBHOOK_SECRET.fullmatch(text):
        raise ConfigError(f"{name} may only use A-Z, a-z, 0-9, _ and -, 1 to 256 characters")
    return text


def _feeds(text: str, name: str) -> tuple[str, ...]:
    feeds = tuple(dict.fromkeys(text.replace(",", " ").split()))
    bad = [url for url in feeds if not url.startswith(("http://", "https://"))]
    if bad and name.startswith("NEWSBOT_"):
        raise ConfigError(f"{name} must hold http(s) URLs, not {bad[0]!r}")
    if bad:
        raise ConfigError(f"bad feed URL {bad[0]!r}: it must start with http:// or https://")
    return feeds


def _admins(text: str, name: str) -> frozenset[int]:
    try:
        return frozenset(int(item) for item in text.replace(",", " ").split())
    except ValueError:
        raise ConfigError(f"{name} must be Telegram user ids (whole numbers) separated by "
                          f"commas, not {text!r}") from None


def parse_seconds(text: str, name: str, allow_zero: bool = False) -> float:
    """'900' or '0.5' -> seconds; raise ConfigError naming the setting otherwise."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (value > 0 or (allow_zero and value == 0)) or value > 7 * 86400:
        least = "0 or more" if allow_zero else "more than 0"
        raise ConfigError(f"{name} must be a number of seconds ({least}, at most a week), "
                          f"not {text!r}")
    return value


_ON = ("on", "1", "true", "yes")
_OFF = ("off", "0", "false", "no")


def _switch(text: str, name: str) -> bool:
    """on or off (also 1/0, true/false, yes/no)."""
    value = text.strip().lower()
    if value in _ON:
        return True
    if value in _OFF:
        return False
    raise ConfigError(f"{name} must be on or off, not {text!r}")


def _seconds(allow_zero: bool) -> Parser:
    return lambda text, name: parse_seconds(text, name, allow_zero)


# --- the catalogue ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Setting:
    """One setting: its variable, how it is parsed, what it defaults to and who reads it."""

    env: str  # the environment variable (a contract: never renamed)
    field: str  # the Settings attribute
    parse: Parser
    default: Any
    shown_default: str  # the default as documented, Markdown ("" when there is none)
    help: str  # one line: --help and the README table
    commands: frozenset[str]  # the commands that read it
    flag: str = ""  # the flag that overrides it, as documented ("--top K")
    dest: str = ""  # that flag's argparse dest
    example: str = ""  # the value .env.example shows
    note: str = ""  # the longer comment of .env.example (default: help)


CATALOGUE: tuple[Setting, ...] = (
    Setting("TELEGRAM_BOT_TOKEN", "token", _token, None, "",
            "bot token from @BotFather; without it `newsbot` answers in the terminal", _BOT,
            note="Bot token from @BotFather (https://t.me/BotFather). Without it, `newsbot` "
                 "answers in the terminal and `newsbot run` explains how to get one."),
    Setting("TELEGRAM_BASE_URL", "base_url", _base_url, None, "Telegram's",
            "Bot API base URL, e.g. `http://127.0.0.1:8081/bot` for a self-hosted Bot API "
            "server", _BOT,
            note="Bot API base URL. Leave empty for Telegram itself; set it for a self-hosted "
                 "Bot API server, e.g. http://127.0.0.1:8081/bot (the token is appended, or "
                 "put {token} where it goes)."),
    Setting("NEWSBOT_CORPUS", "corpus_dir", _path, DEFAULT_CORPUS, "`./corpus`",
            "the corpus directory: one .md file per article",
            frozenset({"ask", "check", "ingest", "follow", "run"}),
            flag="--corpus DIR", dest="corpus", example="corpus"),
    Setting("NEWSBOT_TOP", "top", _whole(MIN_TOP, MAX_TOP), DEFAULT_TOP, f"`{DEFAULT_TOP}`",
            f"quotes per answer ({MIN_TOP}–{MAX_TOP})", frozenset({"ask", "run"}),
            flag="--top K", dest="top", example=str(DEFAULT_TOP)),
    Setting("NEWSBOT_LOG_LEVEL", "log_level", _choice(LOG_LEVELS, lambda t: t.upper()),
            DEFAULT_LOG_LEVEL, f"`{DEFAULT_LOG_LEVEL}`", f"{', '.join(LOG_LEVELS[:-1])} or "
            f"{LOG_LEVELS[-1]}", frozenset(COMMANDS), example=DEFAULT_LOG_LEVEL),
    Setting("NEWSBOT_ENGINE", "engine", _choice(ENGINE_NAMES, lambda t: t.lower()),
            DEFAULT_ENGINE, f"`{DEFAULT_ENGINE}`",
            "BM25 engine: `newsbot` (rank-bm25's exact scores, fast), or `rank-bm25` (the "
            "slow reference)", _INDEXED | {"eval"}, flag="--engine NAME", dest="engine",
            example=DEFAULT_ENGINE),
    Setting("NEWSBOT_INDEX_DIR", "index_dir", _path, None, "`<corpus>/.newsbot-index`",
            "where the saved index is kept", _INDEXED),
    Setting("NEWSBOT_DATA_DIR", "data_dir", _path, DEFAULT_DATA_DIR, "`./.newsbot`",
            "the bot's state (SQLite): group settings, questions behind answer buttons, "
            "conversations, feed entries seen", _BOT | {"follow", "ask"},
            flag="follow --data-dir DIR", dest="data_dir",
            example=".newsbot"),
    Setting("NEWSBOT_WEBHOOK_URL", "webhook_url", check_webhook_url, None, "",
            "webhook mode: the public HTTPS URL Telegram posts updates to (empty: long "
            "polling)", _BOT, flag="run --webhook URL", dest="webhook"),
    Setting("NEWSBOT_WEBHOOK_LISTEN", "webhook_listen", _text, DEFAULT_WEBHOOK_LISTEN,
            f"`{DEFAULT_WEBHOOK_LISTEN}`", "address the webhook server listens on (put a reverse "
            "proxy with TLS in front of it)", _BOT, example=DEFAULT_WEBHOOK_LISTEN),
    Setting("NEWSBOT_WEBHOOK_PORT", "webhook_port", _whole(1, 65535, "a port number"),
            DEFAULT_WEBHOOK_PORT, f"`{DEFAULT_WEBHOOK_PORT}`",
            "port the webhook server listens on", _BOT, example=str(DEFAULT_WEBHOOK_PORT)),
    Setting("NEWSBOT_WEBHOOK_SECRET", "webhook_secret", _secret, None, "random per run",
            "secret Telegram sends with every update (A-Z a-z 0-9 _ -); other posts get 403",
            _BOT),
    Setting("NEWSBOT_FEEDS", "feeds", _feeds, (), "",
            "RSS/Atom feed URLs to follow, separated by spaces or commas", _BOT | {"follow"},
            flag="follow FEED_URL ...", dest="feeds",
            note="RSS/Atom feeds to follow, separated by spaces or commas. When set, the "
                 "running bot checks them every NEWSBOT_FEED_INTERVAL seconds and answers "
                 "from new articles at once; `newsbot follow` uses them when given no feed "
                 "URLs."),
    Setting("NEWSBOT_FEED_INTERVAL", "feed_interval", _seconds(False), DEFAULT_FEED_INTERVAL,
            "`900`", "seconds between two checks of the feeds", _BOT | {"follow"},
            flag="follow --interval S", dest="interval", example="900"),
    Setting("NEWSBOT_WATCH_INTERVAL", "watch_interval", _seconds(True),
            DEFAULT_WATCH_INTERVAL, "`30`", "seconds between two checks of the corpus for new "
            "or changed files, which the running bot then serves (0: never)", _BOT,
            example="30"),
    Setting("NEWSBOT_ADMINS", "admins", _admins, frozenset(), "",
            "Telegram user ids allowed to use /add and /reload, e.g. `123,456`", _BOT),
    Setting("NEWSBOT_CONVERSATION_IDLE", "conversation_idle", _seconds(True),
            DEFAULT_CONVERSATION_IDLE, "`900`", "seconds a conversation is remembered after its "
            "last question, for follow-up questions such as \"and why?\" (0: every question "
            "stands alone)", _BOT | {"ask"}, example="900"),
    Setting("NEWSBOT_SEMANTIC", "semantic", _switch, False, "`off`",
            "`on`: also rank sentences by meaning, with sentence vectors kept beside the saved "
            "index; needs `pip install 'newsbot[semantic]'`", _INDEXED | {"eval"},
            flag="--semantic", dest="semantic", example="off",
            note="on: also rank sentences by meaning (the semantic stage), with a vector per "
                 "sentence kept beside the saved index (<index dir>-semantic); needs "
                 "pip install 'newsbot[semantic]'. off (default): BM25 and the reranker only."),
    Setting("NEWSBOT_API_TIMEOUT", "api_timeout", _seconds(False), DEFAULT_API_TIMEOUT, "`20`",
            "seconds to wait for the Bot API to answer a call; network errors, 5xx and "
            "timeouts are retried with backoff, within three times this", _BOT, example="20"),
    Setting("NEWSBOT_REPLAY_MAX_AGE", "replay_max_age", _seconds(True), DEFAULT_REPLAY_MAX_AGE,
            "`600`", "after a crash, updates left unanswered that are at most this many seconds "
            "old are answered at start-up", _BOT, example="600"),
    Setting("NEWSBOT_REPLAY_STALE", "replay_stale",
            _choice(REPLAY_STALE_CHOICES, lambda t: t.lower()), DEFAULT_REPLAY_STALE,
            f"`{DEFAULT_REPLAY_STALE}`", "older ones: `apologise` (a short \"I was restarting, "
            "please ask again\" to the questions addressed to the bot) or `drop`", _BOT,
            example=DEFAULT_REPLAY_STALE),
)

BY_ENV = {s.env: s for s in CATALOGUE}
# Every environment variable newsbot reads, with what it means (kept for callers of old).
ENV_VARS = {s.env: s.help for s in CATALOGUE}


def read_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> dict[str, str]:
    """The environment, with `.env` values filling in variables that are not set."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        try:
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot read {env_file}: {exc}") from None
    values.update(os.environ if environ is None else environ)
    return values


def default_command(environ: Mapping[str, str] | None = None,
                    env_file: Path | None = Path(".env")) -> str:
    """What the bare `newsbot` does: `run` when a token is set, else `ask` in the terminal."""
    token = read_environment(environ, env_file).get("TELEGRAM_BOT_TOKEN", "").strip()
    return "run" if token else "ask"


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env"), *,
    command: str | None = None, flags: Mapping[str, Any] | None = None,
) -> Settings:
    """Settings from flags, the environment and `.env`; ConfigError on a malformed value.

    `command`: read only the variables that command uses (None: all of them). `flags`: values
    given on the command line by argparse dest; a flag given (not None) replaces its variable,
    which is then not read, and is checked by the same parser under the flag's name.
    """
    env = read_environment(environ, env_file)
    flags = flags or {}
    values: dict[str, Any] = {}
    for setting in CATALOGUE:
        given = flags.get(setting.dest) if setting.dest else None
        if given is not None and given != []:
            text = " ".join(map(str, given)) if isinstance(given, list | tuple) else str(given)
            values[setting.field] = _parse(setting, text.strip(), _flag_name(setting))
            continue
        if command is not None and command not in setting.commands:
            continue  # not this command's: a bad value must not stop it
        text = env.get(setting.env, "").strip()
        if text:
            values[setting.field] = _parse(setting, text, setting.env)
    return Settings(**values)


def _parse(setting: Setting, text: str, name: str) -> Any:
    """The setting's value; bytes that were not UTF-8 become U+FFFD except in paths (a
    directory may be named in any bytes), so no later encode can fail on them."""
    return setting.parse(text if setting.parse is _path else without_surrogates(text), name)


def _flag_name(setting: Setting) -> str:
    """The flag as an error names it: '--top' for 'follow --top K', 'FEED_URL'."""
    return next(word for word in setting.flag.split() if word not in COMMANDS)


# --- documentation generated from the catalogue -------------------------------------------------

def _plain(text: str) -> str:
    return text.replace("`", "")


def help_epilog() -> str:
    """The `newsbot --help` epilog: every variable, what it means and its default."""
    lines = ["environment variables (also read from ./.env; a flag beats its variable):"]
    for s in CATALOGUE:
        default = f"; default {_plain(s.shown_default)}" if s.shown_default else ""
        lines.append(f"  {s.env:<23} {_plain(s.help)}{default}")
    return "\n".join(lines)


def readme_table() -> str:
    """The README's table of settings (Markdown)."""
    rows = ["| variable | flag | default | read by | meaning |", "|---|---|---|---|---|"]
    for s in CATALOGUE:
        flag = f"`{s.flag}`" if s.flag else ""
        default = s.shown_default or "—"
        used = ", ".join(c for c in COMMANDS if c in s.commands)
        rows.append(f"| `{s.env}` | {flag} | {default} | {used} | {s.help} |")
    return "\n".join(rows)


ENV_EXAMPLE_HEAD = """\
# Copy to .env and fill in (chmod 600 .env: it holds the bot's token). Variables already set in
# the environment win over this file; command-line flags win over both. Generated from the
# settings catalogue in bot/config.py (python -m bot.config rewrites it)."""


def env_example() -> str:
    """The text of `.env.example`."""
    parts = [ENV_EXAMPLE_HEAD]
    for s in CATALOGUE:
        note = s.note or _sentence(s.help, s.shown_default)
        parts.append("\n".join(_comment(note)) + f"\n{s.env}={s.example}")
    return "\n\n".join(parts) + "\n"


def _sentence(help_text: str, default: str) -> str:
    text = _plain(help_text)
    text = text[0].upper() + text[1:]
    return f"{text}; default {_plain(default)}." if default else f"{text}."


def _comment(text: str, width: int = 96) -> Iterable[str]:
    line = "#"
    for word in text.split():
        if len(line) + 1 + len(word) > width:
            yield line
            line = "#"
        line += " " + word
    yield line


README_START = "<!-- settings table: generated from bot/config.py, python -m bot.config -->"
README_END = "<!-- end of settings table -->"


def with_readme_table(readme: str) -> str:
    """The README text with its settings table regenerated between the markers."""
    start = readme.index(README_START) + len(README_START)
    end = readme.index(README_END)
    return readme[:start] + "\n" + readme_table() + "\n" + readme[end:]


if __name__ == "__main__":  # python -m bot.config: rewrite .env.example and the README table
    Path(".env.example").write_text(env_example(), encoding="utf-8")
    readme = Path("README.md")
    readme.write_text(with_readme_table(readme.read_text(encoding="utf-8")), encoding="utf-8")
