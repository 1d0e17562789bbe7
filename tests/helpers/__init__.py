"""Shared test helpers: the fake Bot API, the bot harness, the local web server, fixtures, paths.

Imported as `from tests.helpers.fake_bot_api import FakeBotAPI`; pytest puts the repository root
on sys.path because tests/ is a package (tests/__init__.py).
"""
