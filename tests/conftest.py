"""Shared fixtures: an isolated environment for every test, and small corpora."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
MINI_CORPUS = DATA / "mini_corpus"
REPO_CORPUS = Path(__file__).parent.parent / "corpus"


@pytest.fixture(autouse=True)
def clean_environ(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Remove settings that change behaviour, hide nltk data, and run in an empty directory.

    The empty working directory keeps a developer's own .env out of the tests; the empty
    NLTK_DATA makes a hidden dependency on downloaded nltk data fail here, not only in CI.
    """
    import os

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


@pytest.fixture
def fake_api():
    """A fake Telegram Bot API serving on 127.0.0.1 (tests/fake_bot_api.py)."""
    from fake_bot_api import FakeBotAPI

    with FakeBotAPI() as api:
        yield api
