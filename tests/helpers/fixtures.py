"""Fixtures shared by every test module (tests/conftest.py re-exports them to pytest)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.search.index import SentenceIndex, load_index
from tests.helpers.fake_bot_api import FakeBotAPI
from tests.helpers.paths import MINI_CORPUS, REPO_CORPUS


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Remove settings that change behaviour, hide nltk data, and run in an empty directory.

    The empty working directory keeps a developer's own .env out of the tests; the empty
    NLTK_DATA makes a hidden dependency on downloaded nltk data fail here, not only in CI.
    """
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "NEWSBOT_")):
            monkeypatch.delenv(name)
    nltk_data = tmp_path_factory.mktemp("nltk_data")
    monkeypatch.setenv("NLTK_DATA", str(nltk_data))
    workdir = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(workdir)
    yield


@pytest.fixture
def mini_corpus(tmp_path: Path) -> Path:
    """A writable copy of the hand-written mini corpus (8 short articles)."""
    target = tmp_path / "mini_corpus"
    shutil.copytree(MINI_CORPUS, target)
    return target


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus (the two seed articles)."""
    target = tmp_path / "corpus"
    shutil.copytree(REPO_CORPUS, target)
    return target


@pytest.fixture(scope="module")
def bundled_index() -> SentenceIndex:
    """The bundled corpus's index (the two seed articles), read once per test module."""
    return load_index(REPO_CORPUS)[1]


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    """A fake Telegram Bot API serving on 127.0.0.1 (tests/helpers/fake_bot_api.py)."""
    with FakeBotAPI() as api:
        yield api
