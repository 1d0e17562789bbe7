"""Settings for feeds, hot reload and admins (NEWSBOT_FEEDS, ..._INTERVAL, NEWSBOT_ADMINS)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import load_settings
from bot.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings({}, env_file=None)
    assert settings.feeds == ()
    assert settings.feed_interval == 900.0
    assert settings.watch_interval == 30.0
    assert settings.admins == frozenset()


def test_values_are_parsed() -> None:
    settings = load_settings({
        "NEWSBOT_FEEDS": "https://a.example/rss.xml, https://b.example/atom.xml "
                         "https://a.example/rss.xml",
        "NEWSBOT_FEED_INTERVAL": "120",
        "NEWSBOT_WATCH_INTERVAL": "0",
        "NEWSBOT_ADMINS": "123, 456",
    }, env_file=None)
    assert settings.feeds == ("https://a.example/rss.xml", "https://b.example/atom.xml")
    assert settings.feed_interval == 120.0
    assert settings.watch_interval == 0.0
    assert settings.admins == frozenset({123, 456})


def test_dotenv_fills_the_gaps(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("NEWSBOT_ADMINS=7\nNEWSBOT_FEED_INTERVAL=60\n", encoding="utf-8")
    settings = load_settings({"NEWSBOT_FEED_INTERVAL": "30"}, env_file=env_file)
    assert settings.admins == frozenset({7})
    assert settings.feed_interval == 30.0


@pytest.mark.parametrize("env, message", [
    ({"NEWSBOT_FEEDS": "example.com/rss"},
     "NEWSBOT_FEEDS must hold http(s) URLs, not 'example.com/rss'"),
    ({"NEWSBOT_FEED_INTERVAL": "0"},
     "NEWSBOT_FEED_INTERVAL must be a number of seconds (more than 0, at most a week), not '0'"),
    ({"NEWSBOT_FEED_INTERVAL": "15m"},
     "NEWSBOT_FEED_INTERVAL must be a number of seconds (more than 0, at most a week), "
     "not '15m'"),
    ({"NEWSBOT_WATCH_INTERVAL": "-1"},
     "NEWSBOT_WATCH_INTERVAL must be a number of seconds (0 or more, at most a week), not '-1'"),
    ({"NEWSBOT_ADMINS": "@alice"},
     "NEWSBOT_ADMINS must be Telegram user ids (whole numbers) separated by commas, "
     "not '@alice'"),
])
def test_malformed_values_are_one_line_errors(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(env, env_file=None)
    assert str(info.value) == message
