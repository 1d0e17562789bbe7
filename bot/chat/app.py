"""Wire the Telegram Application: builder, handlers, commands menus, polling or webhook.

To add a feature, add its handlers to `handler_registrations` (one place, in order of
priority) and, if users should see it, its command to the menus below.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    Update,
)
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import messages
from bot.chat import admin, handlers, locale
from bot.chat.admin import ADMIN_GROUP
from bot.chat.handlers import BotData
from bot.chat.inbox import InboxProcessor, InboxQueue, replay_pending
from bot.chat.sending import RetryPolicy, SendingPolicy
from bot.chat.store import BotStore
from bot.common import redact
from bot.config import Settings
from bot.errors import ConfigError, StartupError
from bot.search.library import Library

logger = logging.getLogger(__name__)
LOCALE_GROUP = ADMIN_GROUP - 1  # before the admin commands and every other handler

# The commands menu Telegram shows: one list for private chats, one for groups.
PRIVATE_COMMANDS = tuple(BotCommand(*pair) for pair in messages.PRIVATE_COMMANDS)
GROUP_COMMANDS = tuple(BotCommand(*pair) for pair in messages.GROUP_COMMANDS)

# The updates the bot handles; Telegram sends no others.
ALLOWED_UPDATES = [
    Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY,
    Update.GUEST_MESSAGE, Update.MY_CHAT_MEMBER,
]
# Updates handled at the same time: a slow answer (or a 429 wait) in one chat must not hold up
# the others.
CONCURRENT_UPDATES = 32
# A 429 "retry after N seconds" is waited out and the request retried, this many times.
RATE_LIMIT_RETRIES = 3
# Connecting is quick or fails quickly; the answer may take long (settings.api_timeout).
CONNECT_TIMEOUT = 5.0

# Commands like /help answer new messages only; questions are answered again when edited (the
# earlier reply is edited). Guest messages are separate.
NEW_MESSAGE = filters.UpdateType.MESSAGE
NEW_OR_EDITED = filters.UpdateType.MESSAGES
PRIVATE = NEW_MESSAGE & filters.ChatType.PRIVATE
# A question is a text, or the caption of a photo or video.
QUESTION = (filters.TEXT | filters.CAPTION) & ~filters.COMMAND


def handler_registrations() -> list[BaseHandler]:
    """Every handler, in the order PTB tries them (the first match handles the update)."""
    return [
        MessageHandler(filters.UpdateType.GUEST_MESSAGE, handlers.on_guest_message),
        MessageHandler(filters.StatusUpdate.MIGRATE, handlers.on_migration),
        ChatMemberHandler(handlers.on_my_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        CommandHandler("start", handlers.start, filters=NEW_MESSAGE),
        CommandHandler("help", handlers.help_command, filters=NEW_MESSAGE),
        CommandHandler("sources", handlers.sources, filters=NEW_MESSAGE),
        CommandHandler("ask", handlers.ask, filters=NEW_OR_EDITED),
        CommandHandler("settings", handlers.settings_command, filters=NEW_MESSAGE),
        CommandHandler("new", handlers.new_conversation, filters=NEW_MESSAGE),
        MessageHandler(NEW_OR_EDITED & filters.ChatType.PRIVATE & QUESTION,
                       handlers.private_text),
        MessageHandler(NEW_OR_EDITED & filters.ChatType.GROUPS & QUESTION, handlers.group_text),
        MessageHandler(PRIVATE & filters.COMMAND, handlers.unknown_command),
        CallbackQueryHandler(handlers.on_button),
        InlineQueryHandler(handlers.on_inline_query),
    ]


async def set_commands(application: Application) -> None:
    """Register the commands menus with Telegram."""
    bot = application.bot
    await bot.set_my_commands(PRIVATE_COMMANDS)  # default scope, for clients without scopes
    await bot.set_my_commands(PRIVATE_COMMANDS, scope=BotCommandScopeAllPrivateChats())
    await bot.set_my_commands(GROUP_COMMANDS, scope=BotCommandScopeAllGroupChats())


async def on_startup(application: Application) -> None:
    """Register the menus, log what Telegram has enabled, queue the updates a crash left
    unanswered (post_init: once at start-up, before polling)."""
    await set_commands(application)
    bot_data: BotData = application.bot_data
    if bot_data.store is not None:
        settings = bot_data.settings
        await replay_pending(application, bot_data.store, settings.replay_max_age,
                             settings.replay_stale)
    me = application.bot.bot
    logger.info("running as @%s; inline mode %s, guest mode %s (both are switched on with "
                "@BotFather)", me.username, _on_off(me.supports_inline_queries),
                _on_off(me.supports_guest_queries))


def _on_off(flag: bool | None) -> str:
    return "on" if flag else "off"


async def close_store(application: Application) -> None:
    """Close the store when the bot shuts down (post_shutdown)."""
    store = application.bot_data.store
    if store is not None:
        store.close()


def open_store(settings: Settings) -> BotStore:
    """The bot's store in settings.data_dir; ConfigError if it cannot be used."""
    try:
        return BotStore.in_directory(settings.data_dir)
    except (OSError, sqlite3.Error) as exc:
        raise ConfigError(f"cannot keep the bot's state in {settings.data_dir} "
                          f"(NEWSBOT_DATA_DIR): {exc}") from None


def build_application(settings: Settings, library: Library) -> Application:
    """The bot, ready to start: handlers registered, shared objects in bot_data."""
    if not settings.token:
        raise ValueError("build_application needs settings.token")
    # From here on the token (in every Bot API URL) and the webhook secret never reach a log.
    redact.protect(settings.token, settings.webhook_secret)
    store = open_store(settings)
    timeout = settings.api_timeout
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .context_types(ContextTypes(bot_data=BotData))
        .update_queue(InboxQueue(store))
        .concurrent_updates(InboxProcessor(store, CONCURRENT_UPDATES))
        .rate_limiter(SendingPolicy(RetryPolicy.for_timeout(timeout),
                                    on_migrated=store.move_chat,
                                    max_retries=RATE_LIMIT_RETRIES))
        .read_timeout(timeout)
        .write_timeout(timeout)
        .connect_timeout(min(CONNECT_TIMEOUT, timeout))
        .pool_timeout(timeout)
        .post_init(on_startup)
        .post_shutdown(close_store)
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    application = builder.build()
    bot_data: BotData = application.bot_data
    bot_data.library = library
    bot_data.settings = settings
    bot_data.store = store
    # First, for every update, in a group of its own (a group stops at its first match): its
    # replies are given in the user's language.
    application.add_handler(TypeHandler(Update, locale.on_update), group=LOCALE_GROUP)
    application.add_handlers(handler_registrations())
    admin.install(application, settings, library)  # /add, /reload, feed and corpus jobs
    application.add_error_handler(handlers.on_error)
    return application


def webhook_options(settings: Settings) -> dict[str, Any]:
    """Arguments for PTB's webhook server (run_webhook / Updater.start_webhook)."""
    if not settings.webhook_url:
        raise ValueError("webhook_options needs settings.webhook_url")
    return {
        "listen": settings.webhook_listen,
        "port": settings.webhook_port,
        # Serve on the URL's path, so a reverse proxy can pass requests through unchanged.
        "url_path": urlsplit(settings.webhook_url).path.strip("/"),
        "webhook_url": settings.webhook_url,
        # Without a configured secret, a fresh one per run: setWebhook tells Telegram each time.
        "secret_token": settings.webhook_secret or secrets.token_urlsafe(32),
        "allowed_updates": ALLOWED_UPDATES,
    }


def startup_error(exc: TelegramError, settings: Settings) -> StartupError:
    """The one line for a bot that cannot start (no token or traceback in it)."""
    if isinstance(exc, InvalidToken):
        return StartupError("Telegram rejected the bot token (TELEGRAM_BOT_TOKEN); check it "
                            "with @BotFather")
    where = urlsplit(settings.base_url).netloc if settings.base_url else "api.telegram.org"
    reason = redact.redact(str(exc)) or type(exc).__name__
    return StartupError(f"cannot reach the Telegram Bot API at {where}: {reason}")


async def _say_hello_to_telegram(application: Application) -> None:
    async with application.bot:  # initialize() asks getMe; shutdown() closes the connections
        pass


def check_telegram(application: Application, settings: Settings) -> None:
    """Ask Telegram who we are before starting: a rejected token or no network is one
    StartupError, instead of PTB's tracebacks. Network errors are retried a few times first."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(_say_hello_to_telegram(application))
    except TelegramError as exc:
        raise startup_error(exc, settings) from None
    finally:
        loop.close()


def run_bot(settings: Settings, library: Library) -> None:
    """Run the bot until interrupted: long polling, or a webhook server if one is configured."""
    application = build_application(settings, library)
    articles = len(library.current.corpus.articles)
    check_telegram(application, settings)
    try:
        if settings.webhook_url:
            options = webhook_options(settings)
            logger.info("starting the bot (webhook %s, listening on %s:%d), %d articles",
                        settings.webhook_url, options["listen"], options["port"], articles)
            application.run_webhook(**options)
        else:
            logger.info("starting the bot (long polling), %d articles", articles)
            application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except TelegramError as exc:
        raise startup_error(exc, settings) from None
