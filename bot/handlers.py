"""Telegram callbacks: read the update, ask the core, reply in HTML. Thin by design.

Everything shared by the whole bot sits in one BotData object in `context.bot_data`, reached
only through the accessors below, so the storage key is written in one place.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import LinkPreviewOptions, Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot.answer import answer_question
from bot.config import Settings
from bot.library import Library, Snapshot
from bot.questions import command_argument, mentions, strip_mention
from bot.render import answer_to_html
from bot.replies import (
    APOLOGY,
    ask_usage_html,
    help_html,
    mention_usage_html,
    sources_html,
    start_html,
)

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


class BotData:
    """What every handler shares: the served library and the settings."""

    def __init__(self) -> None:
        # Filled in by bot.app.build_application before the bot starts.
        self.library: Library | None = None
        self.settings: Settings = Settings()


Context = CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]


def get_library(context: Context) -> Library:
    """The library the bot serves (set up by build_application)."""
    library = context.bot_data.library
    if library is None:
        raise RuntimeError("the Application was built without a library")
    return library


def get_settings(context: Context) -> Settings:
    """The bot's settings."""
    return context.bot_data.settings


def _is_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def reply_html(message: Message, text: str) -> Message:
    """Send HTML as a reply to `message`, link previews off."""
    return await message.reply_text(
        text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, do_quote=True
    )


async def answer_html(snapshot: Snapshot, question: str, top: int) -> str:
    """The answer to a question as Telegram HTML, computed off the event loop."""
    # answer_question is CPU-bound: about 40 ms on a 41k-sentence corpus (BBC, 2,225 articles),
    # enough to stall every other chat if run on the event loop.
    answer = await asyncio.to_thread(answer_question, snapshot.index, question, top)
    return answer_to_html(answer)


async def reply_with_answer(message: Message, context: Context, question: str) -> None:
    """Answer a question as a reply to the message that asked it."""
    snapshot = get_library(context).current  # once per update: a reload may swap it meanwhile
    text = await answer_html(snapshot, question, get_settings(context).top)
    await reply_html(message, text)


async def start(update: Update, context: Context) -> None:
    """Greet the user and explain how to ask."""
    message = update.effective_message
    if message is None:
        return
    if _is_group(message):
        await reply_html(message, help_html(context.bot.username, group=True))
    else:
        await reply_html(message, start_html(context.bot.username))


async def help_command(update: Update, context: Context) -> None:
    """Explain how to ask, for this kind of chat."""
    message = update.effective_message
    if message is None:
        return
    await reply_html(message, help_html(context.bot.username, group=_is_group(message)))


async def sources(update: Update, context: Context) -> None:
    """List the articles the bot quotes, with links."""
    message = update.effective_message
    if message is None:
        return
    snapshot = get_library(context).current
    await reply_html(message, sources_html(snapshot.corpus.articles))


async def ask(update: Update, context: Context) -> None:
    """Answer `/ask question`; without a question, show how to ask."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = command_argument(message.text)
    if not question and message.reply_to_message and message.reply_to_message.text:
        question = message.reply_to_message.text  # "/ask" sent as a reply to a question
    if not question:
        await reply_html(message, ask_usage_html(context.bot.username, _is_group(message)))
        return
    await reply_with_answer(message, context, question)


async def private_text(update: Update, context: Context) -> None:
    """Answer any text in a private chat as a question."""
    message = update.effective_message
    if message is None or not message.text:
        return
    await reply_with_answer(message, context, message.text)


def group_question(message: Message, bot_id: int, username: str | None) -> str | None:
    """The question a group message puts to the bot, '' for a bare mention, None if none."""
    text = message.text or ""
    if username and mentions(text, username):
        question = strip_mention(text, username)
        replied = message.reply_to_message
        if not question and replied and replied.text and replied.from_user \
                and replied.from_user.id != bot_id:
            return replied.text  # "@bot" sent as a reply to someone's question
        return question
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text.strip()
    return None


async def group_text(update: Update, context: Context) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    if message is None or not message.text:
        return
    question = group_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    if not question:
        await reply_html(message, mention_usage_html(context.bot.username))
        return
    await reply_with_answer(message, context, question)


async def unknown_command(update: Update, context: Context) -> None:
    """Point a private chat's unknown command to /help."""
    message = update.effective_message
    if message is None:
        return
    await reply_html(message, "I don't know that command. Send /help to see what I can do, "
                              "or just ask a question.")


async def on_error(update: object, context: Context) -> None:
    """Log the error, then tell the user something went wrong; the bot keeps running."""
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(APOLOGY, show_alert=False)
        elif update.effective_message is not None and update.message is not None:
            await reply_html(update.effective_message, APOLOGY)
    except TelegramError as exc:
        logger.warning("could not send the apology: %s", exc)
