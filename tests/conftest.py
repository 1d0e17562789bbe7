"""pytest's entry point for the shared fixtures and hooks, which live in tests/helpers/."""

from tests.helpers.fixtures import (
    bundled_index,
    clean_environ,
    fake_api,
    mini_corpus,
    seed_corpus,
)
from tests.helpers.logs import pytest_runtest_makereport, suite_logs

__all__ = ["bundled_index", "clean_environ", "fake_api", "mini_corpus", "seed_corpus", "suite_logs",
           "pytest_runtest_makereport"]
