"""pytest's entry point for the shared fixtures, which live in tests/helpers/fixtures.py."""

from tests.helpers.fixtures import clean_environ, fake_api, mini_corpus, seed_corpus

__all__ = ["clean_environ", "fake_api", "mini_corpus", "seed_corpus"]
