"""The Python API: `from bot import Library`, plain dataclasses, an honest `__all__`."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import bot
from bot import cli
from bot.api import Answer, Library, Quote, SourceRef
from bot.errors import BotError, ConfigError, CorpusError
from tests.helpers.checks import run_python

README = Path(__file__).resolve().parent.parent / "README.md"
QUESTION = "when did the withdrawal start?"


def plain(value: object) -> bool:
    """Only strings, numbers, booleans and tuples of them (and of plain dataclasses)."""
    if dataclasses.is_dataclass(value):
        return all(plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                   if not f.name.startswith("_"))
    if isinstance(value, tuple):
        return all(plain(item) for item in value)
    return isinstance(value, str | int | float | bool)


def test_ask_gives_plain_dataclasses(seed_corpus: Path) -> None:
    lib = Library.open(seed_corpus)
    answer = lib.ask(QUESTION)
    assert isinstance(answer, Answer) and answer.answered and answer.question == QUESTION
    first = answer.quotes[0]
    assert isinstance(first, Quote) and isinstance(first.sources[0], SourceRef)
    assert "withdraw" in first.text.lower()
    assert {s.source for s in first.sources} <= {"Insider Paper", "UrduPoint"}
    assert all(first.text[a:b] for a, b in first.highlights)
    assert plain(answer)
    with pytest.raises(dataclasses.FrozenInstanceError):
        answer.question = "x"  # type: ignore[misc]


def test_to_json_is_what_ask_json_prints(seed_corpus: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    answer = Library.open(seed_corpus).ask(QUESTION, top=2)
    assert cli.main(["ask", QUESTION, "--json", "--top", "2", "--corpus", str(seed_corpus)]) == 0
    assert answer.to_json() == json.loads(capsys.readouterr().out)
    assert len(answer.quotes) <= 2


def test_no_answer_says_why(mini_corpus: Path) -> None:
    answer = Library.open(mini_corpus).ask("what is the price of tea in Lisbon?")
    assert not answer.answered and answer.quotes == ()
    assert answer.message.startswith("That's not in the articles I have.")


def test_sources_problems_and_reload(mini_corpus: Path) -> None:
    lib = Library.open(mini_corpus)
    assert len(lib) == len(lib.sources) == 8 and lib.problems == ()
    (mini_corpus / "broken.md").write_text("no front matter", encoding="utf-8")
    lib.reload()
    assert len(lib) == 8 and lib.problems[0].startswith("broken.md: no front matter")
    assert "8 articles" in repr(lib)


def test_errors_are_bot_errors(tmp_path: Path, mini_corpus: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        Library.open(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no articles"):
        Library.open(tmp_path / "empty")
    lib = Library.open(mini_corpus)
    with pytest.raises(ConfigError, match="between 1 and 10"):
        lib.ask("x", top=11)
    with pytest.raises(BotError):
        lib.ask(None)  # type: ignore[arg-type]


def test_all_is_honest() -> None:
    namespace: dict[str, object] = {}
    exec("from bot import *", namespace)  # noqa: S102 - the star import is what is tested
    exported = {name for name in namespace if not name.startswith("__builtins")}
    assert exported == set(bot.__all__)
    for name in bot.__all__:
        assert getattr(bot, name) is namespace[name]
    from bot import api

    assert set(api.__all__) <= set(bot.__all__)
    with pytest.raises(AttributeError):
        _ = bot.NoSuchThing  # type: ignore[attr-defined]
    readme = README.read_text(encoding="utf-8")
    for name in bot.__all__:
        assert f"`{name}`" in readme or f"{name}." in readme, f"{name} undocumented in README"


def test_import_bot_stays_light() -> None:
    loaded = ("print(sorted(m for m in sys.modules if m.startswith('bot.search') "
              "or m in ('rank_bm25', 'nltk', 'numba')))")
    assert run_python(f"import sys, bot, bot.ingest, bot.config\n{loaded}") == "[]"
    assert "bot.search.answer" in run_python(f"import sys\nfrom bot import Library\n{loaded}")


def test_the_version_is_the_package_metadata_version() -> None:
    import tomllib

    pyproject = tomllib.loads((README.parent / "pyproject.toml").read_text(encoding="utf-8"))
    assert bot.__version__ == pyproject["project"]["version"]
