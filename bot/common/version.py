"""newsbot's version, importable without loading the package's API (bot/__init__.py)."""

VERSION = "0.1.0"  # keep in step with pyproject.toml (a test checks)
