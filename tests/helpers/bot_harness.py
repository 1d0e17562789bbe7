"""Run the real Application against the fake Bot API inside a test."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bot.chat.app import build_application
from bot.config import Settings
from bot.search.library import Library
from tests.helpers.fake_bot_api import TOKEN, FakeBotAPI


def bot_settings(fake: FakeBotAPI, corpus: Path, **overrides: Any) -> Settings:
    """Settings for a bot talking to the fake API only, its state next to the corpus."""
    return Settings(token=TOKEN, base_url=fake.base_url, corpus_dir=corpus,
                    data_dir=corpus.parent / "state").with_overrides(**overrides)


@contextlib.asynccontextmanager
async def running_bot(settings: Settings, library: Library | None = None
                      ) -> AsyncIterator[Application]:
    """Build the Application, run post_init as run_polling would, poll until the block ends."""
    library = library or Library(settings.corpus_dir)
    application = build_application(settings, library)
    async with application:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=1, poll_interval=0)
        try:
            yield application
        finally:
            await application.updater.stop()
            await application.stop()
