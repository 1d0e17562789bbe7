"""Where the test data lives (tests/data) and the bundled corpus."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
MINI_CORPUS = DATA / "mini_corpus"
WEB_DATA = DATA / "web"
REPO_ROOT = TESTS.parent
REPO_CORPUS = REPO_ROOT / "corpus"
