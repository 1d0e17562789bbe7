"""Wire the Telegram Application: builder, handlers, commands menu, polling.

To add a feature, add its handlers to `handler_registrations` (one place, in order of
priority) and, if users should see it, its command to the menus below.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import admin, handlers
from bot.config import Settings
from bot.handlers import BotData
from bot.library import Library

logger = logging.getLogger(__name__)

# The commands menu Telegram shows: one list for private chats, one for groups.
PRIVATE_COMMANDS = (
    BotCommand("help", "How to ask me"),
    BotCommand("sources", "The articles I quote"),
)
GROUP_COMMANDS = (
    BotCommand("ask", "Ask a question: /ask when did the withdrawal start?"),
    BotCommand("help", "How to ask me in a group"),
    BotCommand("sources", "The articles I quote"),
)

# Only new messages: an edited message is not asked again.
NEW_MESSAGE = filters.UpdateType.MESSAGE
PRIVATE = NEW_MESSAGE & filters.ChatType.PRIVATE
GROUPS = NEW_MESSAGE & filters.ChatType.GROUPS


def handler_registrations() -> list[BaseHandler]:
    """Every handler, in the order PTB tries them (the first match handles the update)."""
    return [
        CommandHandler("start", handlers.start, filters=NEW_MESSAGE),
        CommandHandler("help", handlers.help_command, filters=NEW_MESSAGE),
        CommandHandler("sources", handlers.sources, filters=NEW_MESSAGE),
        CommandHandler("ask", handlers.ask, filters=NEW_MESSAGE),
        MessageHandler(PRIVATE & filters.TEXT & ~filters.COMMAND, handlers.private_text),
        MessageHandler(GROUPS & filters.TEXT & ~filters.COMMAND, handlers.group_text),
        MessageHandler(PRIVATE & filters.COMMAND, handlers.unknown_command),
    ]


async def set_commands(application: Application) -> None:
    """Register the commands menus with Telegram (post_init: runs once at start-up)."""
    bot = application.bot
    await bot.set_my_commands(PRIVATE_COMMANDS)  # default scope, for clients without scopes
    await bot.set_my_commands(PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())


def build_application(settings: Settings, library: Library) -> Application:
    """The bot, ready to start: handlers registered, library and settings in bot_data."""
    if not settings.token:
        raise ValueError("build_application needs settings.token")
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(bot_data=BotData))
        .post_init(set_commands)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    application = builder.build()
    bot_data: BotData = application.bot_data
    bot_data.library = library
    bot_data.settings = settings
    application.add_handlers(handler_registrations())
    admin.install(application, settings, library)  # /add, /reload, feed and corpus jobs
    application.add_error_handler(handlers.on_error)
    return application


ALLOWED_UPDATES: Sequence[str] = (Update.MESSAGE,)


def run_bot(settings: Settings, library: Library) -> None:
    """Run the bot with long polling until interrupted."""
    application = build_application(settings, library)
    logger.info("starting the bot (long polling), %d articles",
                len(library.current.corpus.articles))
    application.run_polling(allowed_updates=list(ALLOWED_UPDATES))
