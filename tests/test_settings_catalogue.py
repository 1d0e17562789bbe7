"""One settings catalogue: it drives parsing, --help, .env.example and the README table.

Also the rules of issue 11 (item 6): a flag beats its variable, a bad variable fails only the
commands that read it (one line), the global --corpus counts, webhook URLs must be https.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot import cli
from bot.common.limits import ENGINE_NAMES, MAX_TOP, MIN_TOP
from bot.config import (
    CATALOGUE,
    COMMANDS,
    ENV_VARS,
    Settings,
    env_example,
    help_epilog,
    load_settings,
    readme_table,
    with_readme_table,
)
from bot.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent
FIX = "python -m bot.config rewrites it"


def test_env_example_is_generated_from_the_catalogue() -> None:
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == env_example(), FIX


def test_readme_table_is_generated_from_the_catalogue() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert with_readme_table(readme) == readme, FIX
    for setting in CATALOGUE:
        assert f"| `{setting.env}` |" in readme_table()


def test_help_lists_every_variable(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "a flag beats its variable" in out
    for setting in CATALOGUE:
        assert setting.env in out
    assert len(help_epilog().splitlines()) == len(CATALOGUE) + 1


def test_the_catalogue_and_settings_agree() -> None:
    defaults = {f.name: f.default for f in dataclasses.fields(Settings)}
    assert sorted(defaults) == sorted(s.field for s in CATALOGUE)
    for setting in CATALOGUE:
        assert defaults[setting.field] == setting.default, setting.env
        assert setting.commands <= set(COMMANDS), setting.env
        assert setting.help and setting.env == setting.env.upper()
    assert list(ENV_VARS) == [s.env for s in CATALOGUE]
    assert len({s.env for s in CATALOGUE}) == len(CATALOGUE)


def test_limits_are_defined_once() -> None:
    from bot.search import answer, engines

    assert (answer.MAX_TOP, answer.DEFAULT_TOP) == (MAX_TOP, 3)
    assert set(engines.ENGINES) == set(ENGINE_NAMES)
    top = next(s for s in CATALOGUE if s.env == "NEWSBOT_TOP")
    assert f"{MIN_TOP}–{MAX_TOP}" in top.help


def test_no_dead_extra_field() -> None:
    assert "extra" not in {f.name for f in dataclasses.fields(Settings)}


def test_a_flag_beats_the_environment_even_a_bad_one() -> None:
    environ = {"NEWSBOT_TOP": "many", "NEWSBOT_ENGINE": "lucene", "NEWSBOT_CORPUS": "/env"}
    settings = load_settings(environ, env_file=None, command="ask",
                             flags={"top": "2", "engine": "rank-bm25", "corpus": Path("/flag")})
    assert (settings.top, settings.engine, settings.corpus_dir) == (2, "rank-bm25", Path("/flag"))
    with pytest.raises(ConfigError, match="--top must be between 1 and 10, not 11"):
        load_settings({}, env_file=None, command="ask", flags={"top": "11"})


def test_a_bad_variable_fails_only_the_commands_that_read_it() -> None:
    environ = {"NEWSBOT_WEBHOOK_PORT": "http", "NEWSBOT_TOP": "x", "TELEGRAM_BOT_TOKEN": "bad"}
    assert load_settings(environ, env_file=None, command="check").webhook_port == 8443
    assert load_settings(environ, env_file=None, command="ingest").top == 3
    with pytest.raises(ConfigError, match="NEWSBOT_TOP must be a whole number"):
        load_settings(environ, env_file=None, command="ask")
    with pytest.raises(ConfigError):
        load_settings(environ, env_file=None, command="run")


def test_check_ignores_a_bad_top_and_ask_names_it(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        mini_corpus: Path) -> None:
    monkeypatch.setenv("NEWSBOT_TOP", "lots")
    monkeypatch.setenv("NEWSBOT_WEBHOOK_PORT", "-1")
    assert cli.main(["check", "--corpus", str(mini_corpus)]) == 0
    capsys.readouterr()
    assert cli.main(["ask", "x", "--corpus", str(mini_corpus)]) == 1
    assert capsys.readouterr().err == "newsbot: NEWSBOT_TOP must be a whole number, not 'lots'\n"
    assert cli.main(["ask", "x", "--top", "2", "--corpus", str(mini_corpus)]) == 0


def test_the_global_corpus_flag_counts(
        capsys: pytest.CaptureFixture[str], mini_corpus: Path, tmp_path: Path) -> None:
    assert cli.main(["--corpus", str(mini_corpus), "check", "--json"]) == 0
    assert str(mini_corpus) in capsys.readouterr().out
    # The subcommand's own flag wins over the global one.
    assert cli.main(["--corpus", str(tmp_path / "none"), "check", "--corpus",
                     str(mini_corpus)]) == 0


def test_webhook_urls_must_be_https(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch, mini_corpus: Path) -> None:
    with pytest.raises(ConfigError, match="https:// URL"):
        load_settings({"NEWSBOT_WEBHOOK_URL": "http://e.example/hook"}, env_file=None)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    assert cli.main(["run", "--webhook", "http://e.example/hook", "--corpus",
                     str(mini_corpus)]) == 1
    assert capsys.readouterr().err == ("newsbot: the webhook URL must be an https:// URL, not "
                                       "'http://e.example/hook'\n")


def test_a_bad_token_is_never_echoed() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings({"TELEGRAM_BOT_TOKEN": "secret value"}, env_file=None)
    assert "secret" not in str(info.value)
