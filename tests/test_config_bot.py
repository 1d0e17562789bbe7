"""Settings of the Telegram bot: state directory and webhook mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import cli
from bot.config import DEFAULT_DATA_DIR, ENV_VARS, load_settings
from bot.errors import ConfigError


def test_bot_defaults() -> None:
    settings = load_settings(environ={}, env_file=None)
    assert settings.data_dir == DEFAULT_DATA_DIR
    assert settings.webhook_url is None and settings.webhook_secret is None
    assert (settings.webhook_listen, settings.webhook_port) == ("127.0.0.1", 8443)


def test_bot_values_from_the_environment() -> None:
    settings = load_settings(environ={
        "NEWSBOT_DATA_DIR": "/var/lib/newsbot", "NEWSBOT_WEBHOOK_URL": "https://e.example/hook",
        "NEWSBOT_WEBHOOK_LISTEN": "0.0.0.0", "NEWSBOT_WEBHOOK_PORT": "8080",
        "NEWSBOT_WEBHOOK_SECRET": "Abc_123-x",
    }, env_file=None)
    assert settings.data_dir == Path("/var/lib/newsbot")
    assert settings.webhook_url == "https://e.example/hook"
    assert (settings.webhook_listen, settings.webhook_port) == ("0.0.0.0", 8080)
    assert settings.webhook_secret == "Abc_123-x"


@pytest.mark.parametrize(
    ("environ", "message"),
    [({"NEWSBOT_WEBHOOK_PORT": "http"}, "port number"),
     ({"NEWSBOT_WEBHOOK_PORT": "70000"}, "between 1 and 65535"),
     ({"NEWSBOT_WEBHOOK_SECRET": "has space"}, "A-Z, a-z, 0-9"),
     ({"NEWSBOT_WEBHOOK_SECRET": "x" * 257}, "1 to 256"),
     ({"NEWSBOT_WEBHOOK_URL": "example.com/hook"}, "https:// URL")],
)
def test_bad_bot_values_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(environ=environ, env_file=None)


def test_every_bot_variable_is_documented() -> None:
    for name in ("NEWSBOT_DATA_DIR", "NEWSBOT_WEBHOOK_URL", "NEWSBOT_WEBHOOK_LISTEN",
                 "NEWSBOT_WEBHOOK_PORT", "NEWSBOT_WEBHOOK_SECRET"):
        assert name in ENV_VARS
    example = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    for name in ENV_VARS:
        assert f"{name}=" in example


def test_run_with_a_bad_webhook_url_is_a_one_line_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        mini_corpus: Path) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    code = cli.main(["run", "--webhook", "not a url", "--corpus", str(mini_corpus)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip().splitlines() == ["newsbot: the webhook URL must be an https:// URL, "
                                        "not 'not a url'"]


def test_run_with_an_unusable_data_dir_is_a_one_line_error(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        mini_corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("NEWSBOT_DATA_DIR", str(blocker / "state"))
    code = cli.main(["run", "--corpus", str(mini_corpus)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("newsbot: cannot keep the bot's state in ") and err.count("\n") == 1
