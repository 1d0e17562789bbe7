"""Settings, read in one place: command-line flag, then environment, then `.env`, then default.

The only module that reads os.environ. `.env` (in the working directory) only fills gaps: a
variable set in the environment wins.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from bot.errors import ConfigError

DEFAULT_CORPUS = Path("corpus")
DEFAULT_TOP = 3
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")

# Every environment variable newsbot reads, with what it means (shown in --help and README).
ENV_VARS = {
    "TELEGRAM_BOT_TOKEN": "bot token from @BotFather; without it newsbot answers in the terminal",
    "TELEGRAM_BASE_URL": "Bot API base URL, e.g. http://127.0.0.1:8081/bot (self-hosted server)",
    "NEWSBOT_CORPUS": "corpus directory (default ./corpus)",
    "NEWSBOT_TOP": "how many quotes an answer gives (default 3)",
    "NEWSBOT_LOG_LEVEL": "DEBUG, INFO, WARNING or ERROR (default INFO)",
}


@dataclass(frozen=True)
class Settings:
    """Everything newsbot can be configured with."""

    token: str | None = None
    base_url: str | None = None
    corpus_dir: Path = DEFAULT_CORPUS
    top: int = DEFAULT_TOP
    log_level: str = "INFO"
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
    return Settings(
        token=token,
        base_url=base_url,
        corpus_dir=Path(corpus) if corpus else DEFAULT_CORPUS,
        top=top,
        log_level=level,
        extra={k: v for k, v in env.items() if k.startswith("NEWSBOT_")},
    )
