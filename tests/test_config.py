"""Settings: environment over .env over defaults, malformed values refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import Settings, load_settings
from bot.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings(environ={}, env_file=None)
    assert settings == Settings()
    assert settings.corpus_dir == Path("corpus") and settings.top == 3 and settings.token is None


def test_environment_values() -> None:
    settings = load_settings(environ={
        "TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_BASE_URL": "http://127.0.0.1:8081/bot",
        "NEWSBOT_CORPUS": "/data/news", "NEWSBOT_TOP": "5", "NEWSBOT_LOG_LEVEL": "debug",
    }, env_file=None)
    assert settings.token == "123:abc"
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.corpus_dir == Path("/data/news")
    assert settings.top == 5 and settings.log_level == "DEBUG"


def test_bytes_that_are_not_utf8_become_u_fffd_except_in_paths() -> None:
    # Python keeps such bytes of the environment as lone surrogates ("\udcff" for 0xff).
    settings = load_settings(environ={"NEWSBOT_FEEDS": "https://feeds.example.org/\udcff",
                                      "NEWSBOT_CORPUS": "/data/n\udcffws"}, env_file=None)
    assert settings.feeds == ("https://feeds.example.org/\ufffd",)
    assert settings.corpus_dir == Path("/data/n\udcffws")  # a directory may be named so


def test_dotenv_fills_gaps_and_environment_wins(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("TELEGRAM_BOT_TOKEN=1:fromfile\nNEWSBOT_TOP=4\n", encoding="utf-8")
    settings = load_settings(environ={"NEWSBOT_TOP": "2"}, env_file=env_file)
    assert settings.token == "1:fromfile" and settings.top == 2


def test_flags_override() -> None:
    settings = load_settings(environ={"NEWSBOT_CORPUS": "a"}, env_file=None)
    assert settings.with_overrides(corpus_dir=Path("b"), top=None).corpus_dir == Path("b")


@pytest.mark.parametrize(
    ("environ", "message"),
    [({"NEWSBOT_TOP": "x"}, "whole number"), ({"NEWSBOT_TOP": "50"}, "between 1 and 10"),
     ({"NEWSBOT_LOG_LEVEL": "loud"}, "NEWSBOT_LOG_LEVEL must be one of"),
     ({"TELEGRAM_BASE_URL": "ftp://x"}, "must start with http"),
     ({"TELEGRAM_BOT_TOKEN": "nocolon"}, "does not look like a token")],
)
def test_malformed_values_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ, env_file=None)
