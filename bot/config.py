"""Settings, read in one place: command-line flag, then environment, then `.env`, then default.

The only module that reads os.environ. `.env` (in the working directory) only fills gaps: a
variable set in the environment wins.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dotenv import dotenv_values

from bot.errors import ConfigError

DEFAULT_CORPUS = Path("corpus")
DEFAULT_TOP = 3
DEFAULT_DATA_DIR = Path(".newsbot")
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8443
# Telegram's rule for the secret_token of setWebhook.
_WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# The BM25 engines of bot/search/engines.py (kept here too: config imports nothing of the core).
ENGINE_CHOICES = ("newsbot", "rank-bm25")
DEFAULT_ENGINE = "newsbot"

# Every environment variable newsbot reads, with what it means (shown in --help and README).
ENV_VARS = {
    "TELEGRAM_BOT_TOKEN": "bot token from @BotFather; without it newsbot answers in the terminal",
    "TELEGRAM_BASE_URL": "Bot API base URL, e.g. http://127.0.0.1:8081/bot (self-hosted server)",
    "NEWSBOT_CORPUS": "corpus directory (default ./corpus)",
    "NEWSBOT_TOP": "how many quotes an answer gives (default 3)",
    "NEWSBOT_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default INFO)",
    "NEWSBOT_ENGINE": "BM25 engine: newsbot (default) or rank-bm25 (the slow reference)",
    "NEWSBOT_INDEX_DIR": "where the saved index is kept (default <corpus>/.newsbot-index)",
    "NEWSBOT_SEMANTIC": "on: also rank sentences by meaning (needs pip install "
                        "'newsbot[semantic]'); off (default)",
    "NEWSBOT_DATA_DIR": "the bot's state: group settings, answer buttons, feed entries seen "
                        "(default ./.newsbot)",
    "NEWSBOT_WEBHOOK_URL": "public HTTPS URL for webhook mode (same as `run --webhook URL`)",
    "NEWSBOT_WEBHOOK_LISTEN": "address the webhook server listens on (default 127.0.0.1)",
    "NEWSBOT_WEBHOOK_PORT": "port the webhook server listens on (default 8443)",
    "NEWSBOT_WEBHOOK_SECRET": "secret Telegram sends with each update (default: random per run)",
    "NEWSBOT_FEEDS": "RSS/Atom feed URLs to follow, separated by spaces or commas",
    "NEWSBOT_FEED_INTERVAL": "seconds between two checks of the feeds (default 900)",
    "NEWSBOT_WATCH_INTERVAL": "seconds between checks of the corpus for changed files "
                              "(default 30; 0: never)",
    "NEWSBOT_ADMINS": "Telegram user ids allowed to /add and /reload, e.g. 123,456",
}
DEFAULT_FEED_INTERVAL = 900.0
DEFAULT_WATCH_INTERVAL = 30.0


@dataclass(frozen=True)
class Settings:
    """Everything newsbot can be configured with."""

    token: str | None = None
    base_url: str | None = None
    corpus_dir: Path = DEFAULT_CORPUS
    top: int = DEFAULT_TOP
    log_level: str = "INFO"
    engine: str = DEFAULT_ENGINE
    index_dir: Path | None = None  # None: <corpus_dir>/.newsbot-index
    semantic: bool = False  # the semantic stage (bot/search/semantic): sentence vectors
    data_dir: Path = DEFAULT_DATA_DIR
    webhook_url: str | None = None  # set: receive updates by webhook instead of polling
    webhook_listen: str = DEFAULT_WEBHOOK_LISTEN
    webhook_port: int = DEFAULT_WEBHOOK_PORT
    webhook_secret: str | None = None
    feeds: tuple[str, ...] = ()
    feed_interval: float = DEFAULT_FEED_INTERVAL
    watch_interval: float = DEFAULT_WATCH_INTERVAL
    admins: frozenset[int] = frozenset()
    extra: Mapping[str, str] = field(default_factory=dict)  # NEWSBOT_* values for extensions

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given non-None values replaced (command-line flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


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


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Settings from the environment and `.env`; raise ConfigError on a malformed value."""
    env = read_environment(environ, env_file)
    top_text = env.get("NEWSBOT_TOP", "").strip()
    try:
        top = int(top_text) if top_text else DEFAULT_TOP
    except ValueError:
        raise ConfigError(f"NEWSBOT_TOP must be a whole number, not {top_text!r}") from None
    if not 1 <= top <= 10:
        raise ConfigError(f"NEWSBOT_TOP must be between 1 and 10, not {top}")
    level = env.get("NEWSBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LOG_LEVELS:
        raise ConfigError(f"NEWSBOT_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {level!r}")
    base_url = env.get("TELEGRAM_BASE_URL", "").strip() or None
    if base_url and not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"TELEGRAM_BASE_URL must start with http:// or https://, not {base_url!r}")
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if token and (":" not in token or any(ch.isspace() for ch in token)):
        raise ConfigError("TELEGRAM_BOT_TOKEN does not look like a token from @BotFather "
                          "(it has the form 123456789:ABC...)")
    corpus = env.get("NEWSBOT_CORPUS", "").strip()
    engine = env.get("NEWSBOT_ENGINE", "").strip().lower() or DEFAULT_ENGINE
    if engine not in ENGINE_CHOICES:
        raise ConfigError(f"NEWSBOT_ENGINE must be one of {', '.join(ENGINE_CHOICES)}, "
                          f"not {engine!r}")
    index_dir = env.get("NEWSBOT_INDEX_DIR", "").strip()
    semantic = switch(env, "NEWSBOT_SEMANTIC", False)
    data_dir = env.get("NEWSBOT_DATA_DIR", "").strip()
    webhook_url = env.get("NEWSBOT_WEBHOOK_URL", "").strip() or None
    if webhook_url:
        check_webhook_url(webhook_url)
    port_text = env.get("NEWSBOT_WEBHOOK_PORT", "").strip()
    try:
        port = int(port_text) if port_text else DEFAULT_WEBHOOK_PORT
    except ValueError:
        raise ConfigError(
            f"NEWSBOT_WEBHOOK_PORT must be a port number, not {port_text!r}") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"NEWSBOT_WEBHOOK_PORT must be between 1 and 65535, not {port}")
    secret = env.get("NEWSBOT_WEBHOOK_SECRET", "").strip() or None
    if secret and not _WEBHOOK_SECRET.fullmatch(secret):
        raise ConfigError("NEWSBOT_WEBHOOK_SECRET may only use A-Z, a-z, 0-9, _ and -, "
                          "1 to 256 characters")
    return Settings(
        token=token,
        base_url=base_url,
        corpus_dir=Path(corpus) if corpus else DEFAULT_CORPUS,
        top=top,
        log_level=level,
        engine=engine,
        index_dir=Path(index_dir) if index_dir else None,
        semantic=semantic,
        data_dir=Path(data_dir) if data_dir else DEFAULT_DATA_DIR,
        webhook_url=webhook_url,
        webhook_listen=env.get("NEWSBOT_WEBHOOK_LISTEN", "").strip() or DEFAULT_WEBHOOK_LISTEN,
        webhook_port=port,
        webhook_secret=secret,
        **_ingest_settings(env),
        extra={k: v for k, v in env.items() if k.startswith("NEWSBOT_")},
    )


_ON = ("on", "1", "true", "yes")
_OFF = ("off", "0", "false", "no")


def switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    """An on/off setting: on, off (also 1/0, true/false, yes/no); unset or empty: `default`."""
    text = env.get(name, "").strip().lower()
    if not text:
        return default
    if text in _ON:
        return True
    if text in _OFF:
        return False
    raise ConfigError(f"{name} must be on or off, not {env.get(name, '').strip()!r}")


def check_webhook_url(url: str) -> str:
    """The URL if it can be a webhook URL (http(s) with a host); ConfigError if not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname \
            or any(c.isspace() for c in url):
        raise ConfigError(f"the webhook URL must be an https:// URL, not {url!r}")
    return url


def _ingest_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Feeds, intervals and admins; raise ConfigError on a malformed value."""
    feeds = tuple(dict.fromkeys(env.get("NEWSBOT_FEEDS", "").replace(",", " ").split()))
    bad = [url for url in feeds if not url.startswith(("http://", "https://"))]
    if bad:
        raise ConfigError(f"NEWSBOT_FEEDS must hold http(s) URLs, not {bad[0]!r}")
    admins_text = env.get("NEWSBOT_ADMINS", "").replace(",", " ").split()
    try:
        admins = frozenset(int(item) for item in admins_text)
    except ValueError:
        raise ConfigError("NEWSBOT_ADMINS must be Telegram user ids (whole numbers) separated "
                          f"by commas, not {env.get('NEWSBOT_ADMINS')!r}") from None
    return {
        "feeds": feeds,
        "feed_interval": seconds(env, "NEWSBOT_FEED_INTERVAL", DEFAULT_FEED_INTERVAL),
        "watch_interval": seconds(env, "NEWSBOT_WATCH_INTERVAL", DEFAULT_WATCH_INTERVAL,
                                  allow_zero=True),
        "admins": admins,
    }


def seconds(env: Mapping[str, str], name: str, default: float, allow_zero: bool = False) -> float:
    """A number of seconds from the environment (a flag's value is checked the same way)."""
    text = env.get(name, "").strip()
    if not text:
        return default
    return parse_seconds(text, name, allow_zero)


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
