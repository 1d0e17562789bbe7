"""Telegram callbacks: read the update, ask the core, reply in HTML. Thin by design.

Everything shared by the whole bot sits in one BotData object in `context.bot_data`, reached
only through the accessors below, so the storage key is written in one place.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import (
    CallbackQuery,
    ChatMemberUpdated,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackContext, ExtBot

from bot import messages
from bot.chat.buttons import (
    ContextButton,
    Key,
    PageButton,
    SettingButton,
    answer_keys,
    context_keys,
    decode,
    encode,
    link_keys,
    setting_keys,
)
from bot.chat.buttons import context_button as quote_context_button
from bot.chat.html import answer_to_html, context_to_html
from bot.chat.inbox import answer_was_sent, is_stale
from bot.chat.inline import EXPAND_OVER, Entry, answer_entries, hint_entry
from bot.chat.locale import language_hint, remember_language
from bot.chat.pages import Page, answer_page, corpus_tag, find_context
from bot.chat.questions import command_argument, looks_like_question, mentions, strip_mention
from bot.chat.replies import sources_html
from bot.chat.store import BotStore
from bot.chat.throttle import Throttle, Verdict
from bot.config import Settings
from bot.messages import (
    ask_usage_html,
    hello_html,
    help_html,
    inline_hint_html,
    mention_usage_html,
    settings_admins_only_html,
    settings_html,
    settings_private_html,
    start_html,
)
from bot.search.answer import MAX_TOP, Kind, SourceRef, answer_question
from bot.search.dialogue import no_answer_to_point_to
from bot.search.followup import Conversation, next_turn, resolve
from bot.search.lang.route import LanguageHint
from bot.search.library import Library, Snapshot

logger = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
# Inline answers change only when the corpus does; Telegram may reuse them for a while.
INLINE_CACHE_SECONDS = 300
ADMINS = (ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)
PRESENT = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER,
           ChatMemberStatus.RESTRICTED)


class BotData:
    """What every handler shares: the served library, settings, store and throttle."""

    def __init__(self) -> None:
        # Filled in by bot.chat.app.build_application before the bot starts.
        self.library: Library | None = None
        self.settings: Settings = Settings()
        self.store: BotStore | None = None
        self.throttle: Throttle = Throttle()


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


def get_store(context: Context) -> BotStore:
    """The bot's persistent store (set up by build_application)."""
    store = context.bot_data.store
    if store is None:
        raise RuntimeError("the Application was built without a store")
    return store


def get_throttle(context: Context) -> Throttle:
    """The per-user question throttle."""
    return context.bot_data.throttle


# --- helpers ---------------------------------------------------------------------------------

def _is_group(message: Message) -> bool:
    return message.chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def message_text(message: Message | None) -> str:
    """What a message says: its text, or the caption of a photo or video."""
    if message is None:
        return ""
    return message.text or message.caption or ""


def keyboard(rows: list[list[Key]]) -> InlineKeyboardMarkup | None:
    """An inline keyboard from plain keys (None when there are none)."""
    if not rows:
        return None
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(k.text, callback_data=k.data) if k.data is not None
         else InlineKeyboardButton(k.text, url=k.url) for k in row]
        for row in rows
    ])


async def reply_html(message: Message, text: str,
                     reply_markup: InlineKeyboardMarkup | None = None) -> Message | None:
    """Send HTML as a reply to `message`, link previews off.

    For a message replayed long after it arrived (bot.chat.inbox), the reply is a short "I was
    restarting" instead, once.
    """
    if is_stale():
        if answer_was_sent():
            return None
        text, reply_markup = messages.RESTARTED, None
    return await message.reply_text(
        text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW, do_quote=True,
        reply_markup=reply_markup,
    )


async def send_reply(update: Update, context: Context, message: Message, text: str,
                     reply_markup: InlineKeyboardMarkup | None = None) -> int | None:
    """Reply to a question; for an edited question, edit the earlier reply instead.

    Each reply is remembered (chat, question message -> reply), so that when the question is
    corrected later, even after a restart, the same reply changes rather than a second one
    appearing. Returns the id of the reply (sent or edited), None if nothing was sent.
    The store's reads and writes here are sub-millisecond: done on the event loop.
    """
    store = get_store(context)
    chat_id = message.chat.id
    if update.edited_message is not None and not is_stale():
        earlier = store.reply_to(chat_id, message.message_id)
        if earlier is not None:
            try:
                await context.bot.edit_message_text(
                    text, chat_id=chat_id, message_id=earlier, parse_mode=ParseMode.HTML,
                    link_preview_options=NO_PREVIEW, reply_markup=reply_markup)
                return earlier
            except BadRequest as exc:
                if "not modified" in exc.message.lower():
                    return earlier
                logger.info("could not edit the earlier reply (%s); replying anew", exc.message)
    sent = await reply_html(message, text, reply_markup)
    if sent is None:
        return None
    store.remember_reply(chat_id, message.message_id, sent.message_id)
    return sent.message_id


def page_html(page: Page) -> str:
    """A page of an answer as Telegram HTML."""
    return answer_to_html(page.answer, expand_over=EXPAND_OVER)


def _prepare_page(snapshot: Snapshot, store: BotStore, question: str, start: int,
                  size: int, key: str | None = None, idle: float = 0.0,
                  before: Conversation | None = None, hint: LanguageHint | None = None,
                  ) -> tuple[Page, InlineKeyboardMarkup | None]:
    """A page of the answer and its buttons; blocking work, run in a thread.

    With a conversation `key` (and `idle` > 0), the question is answered in its conversation
    (a follow-up leans on the earlier questions) and the conversation is stored with this
    turn. `before`: the conversation as it was when the question was first asked (a button).
    """
    # The answer is CPU work (about 40 ms on a 41k-sentence corpus), the corpus tag hashes
    # every article (once per snapshot), and remembering the question writes to SQLite.
    conversation = before
    if conversation is None and key is not None and idle > 0:
        stored = store.conversation(key, idle)
        conversation = Conversation.loads(stored) if stored else Conversation()
    # "who said that?" after "That's not in the articles I have": there is no answer to point
    # to (bot.search.dialogue); the conversation stays as it was, and there are no buttons.
    no_answer = no_answer_to_point_to(snapshot.index, question, conversation) \
        if conversation else None
    if no_answer is not None:
        return Page(no_answer, 0, has_more=False, size=size), None
    context = resolve(snapshot.index, question, conversation) if conversation else None
    page = answer_page(snapshot.index, question, start, size, context, hint)
    if key is not None and conversation is not None and before is None \
            and page.answer.kind not in _NO_TURN:
        quoted = [q.sentences[0] for q in page.answer.quotes]
        store.save_conversation(key, conversation.add(next_turn(page.answer.question,
                                                                page.answer.context,
                                                                quoted)).dumps())
    if not page.answer.answered:
        return page, None
    remembered = page.answer.question
    if context is not None and conversation is not None:
        # A follow-up's buttons must find its context again: the conversation goes with it.
        remembered = f"{remembered}{_CONVERSATION_SEPARATOR}{conversation.dumps()}"
    number = store.remember_question(remembered)
    return page, keyboard(answer_keys(page, number, corpus_tag(snapshot.corpus)))


# Replies that are not about the news leave a conversation as it was.
_NO_TURN = (Kind.GREETING, Kind.THANKS, Kind.HELP, Kind.EMPTY)
# Between a follow-up and its conversation in a remembered question (questions are single-line).
_CONVERSATION_SEPARATOR = "\n"


def split_remembered(remembered: str) -> tuple[str, Conversation | None]:
    """A remembered question and, for a follow-up, the conversation it was asked in."""
    question, separator, turns = remembered.partition(_CONVERSATION_SEPARATOR)
    return question, Conversation.loads(turns) if separator else None


async def answer_with_buttons(context: Context, snapshot: Snapshot, question: str,
                              start: int = 0, key: str | None = None,
                              before: Conversation | None = None,
                              update: Update | None = None,
                              ) -> tuple[Page, InlineKeyboardMarkup | None]:
    """A page of the answer to a question, with its buttons, computed off the event loop.

    The question is asked of the articles in its language; `update` tells the asker's
    Telegram language, and the chat's earlier questions weigh in (bot.chat.locale).
    """
    settings = get_settings(context)
    hint = language_hint(update, context.chat_data)
    page, markup = await asyncio.to_thread(
        _prepare_page, snapshot, get_store(context), question, start, settings.top, key,
        settings.conversation_idle, before, hint)
    remember_language(context.chat_data, page.answer.language)
    return page, markup


# --- conversations ---------------------------------------------------------------------------

def conversation_key(message: Message, bot_id: int, store: BotStore) -> str:
    """Which conversation a question belongs to: the private chat; in a group, the forum topic,
    or the thread of the bot's answer it replies to (a new question starts a new thread)."""
    chat = message.chat.id
    if not _is_group(message):
        return f"chat:{chat}"
    if message.is_topic_message and message.message_thread_id:
        return f"chat:{chat}:topic:{message.message_thread_id}"
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return store.message_conversation(chat, replied.message_id) \
            or f"chat:{chat}:message:{replied.message_id}"
    return f"chat:{chat}:message:{message.message_id}"


async def new_conversation(update: Update, context: Context) -> None:
    """/new: forget the conversation, so the next question stands on its own."""
    message = update.effective_message
    if message is None:
        return
    store = get_store(context)
    key = conversation_key(message, context.bot.id, store)
    await asyncio.to_thread(store.forget_conversation, key)
    await reply_html(message, messages.NEW_CONVERSATION)


def _sender_id(update: Update) -> int | None:
    """Whose quota a question uses: the user, or the chat an anonymous admin posts as.

    Anonymous group admins all appear as one user (GroupAnonymousBot) across every group, and
    channel posts as another; their `sender_chat` (the group or channel, a negative id that no
    user id can clash with) tells them apart.
    """
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


async def _throttled(update: Update, context: Context, message: Message) -> bool:
    """True if the sender asks too fast; tells them once, then stays quiet."""
    sender = _sender_id(update)
    if sender is None:
        return False
    verdict = get_throttle(context).check(sender)
    if verdict is Verdict.ALLOW:
        return False
    logger.info("throttled sender %s (%s)", sender, verdict.value)
    if verdict is Verdict.WARN:
        await reply_html(message, messages.SLOW_DOWN)
    return True


async def reply_with_answer(update: Update, context: Context, message: Message,
                            question: str, addressed: bool = True) -> None:
    """Answer a question as a reply to the message that asked it, with buttons.

    A question not addressed to the bot (a group message ending with "?") is answered only
    with quotes: no "not in my articles", no greeting, no "slow down" in the group's chatter;
    and only an answer it gets uses the sender's quota.
    """
    if addressed:
        if await _throttled(update, context, message):
            return
    else:
        sender = _sender_id(update)
        if sender is not None and not get_throttle(context).allows(sender):
            return  # over quota: stay silent, and spend no time on an answer
    snapshot = get_library(context).current  # once per update: a reload may swap it meanwhile
    store = get_store(context)
    key = conversation_key(message, context.bot.id, store)
    page, markup = await answer_with_buttons(context, snapshot, question, key=key,
                                             update=update)
    if not addressed:
        if not page.answer.confident:  # unasked: only a sure answer (bot.search.decision)
            return
        if sender is not None and \
                get_throttle(context).check(sender, warn=False) is not Verdict.ALLOW:
            return
    reply_id = await send_reply(update, context, message, page_html(page), markup)
    if reply_id is not None and _is_group(message):
        # A reply to this answer continues its thread. Written at once, on the event loop (a
        # sub-millisecond write), so no other update is handled before the link exists.
        store.link_message(message.chat.id, reply_id, key)


# --- commands and messages -------------------------------------------------------------------

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
    replied = message_text(message.reply_to_message)
    if not question and replied:
        question = replied  # "/ask" sent as a reply to a question
    if not question:
        await send_reply(update, context, message,
                         ask_usage_html(context.bot.username, _is_group(message)))
        return
    await reply_with_answer(update, context, message, question)


async def private_text(update: Update, context: Context) -> None:
    """Answer any text (or photo/video caption) in a private chat as a question."""
    message = update.effective_message
    text = message_text(message)
    if message is None or not text:
        return
    await reply_with_answer(update, context, message, text)


def group_question(message: Message, bot_id: int, username: str | None) -> str | None:
    """The question a group message puts to the bot, '' for a bare mention, None if none."""
    text = message_text(message)
    replied = message.reply_to_message
    if username and mentions(text, username):
        question = strip_mention(text, username)
        replied_text = message_text(replied)
        if not question and replied and replied_text and replied.from_user \
                and replied.from_user.id != bot_id:
            return replied_text  # "@bot" sent as a reply to someone's question
        return question
    if replied and replied.from_user and replied.from_user.id == bot_id:
        return text.strip()
    return None


async def group_text(update: Update, context: Context) -> None:
    """Answer group messages that mention the bot or reply to it; ignore other chatter."""
    message = update.effective_message
    text = message_text(message)
    if message is None or not text:
        return
    question = group_question(message, context.bot.id, context.bot.username)
    if question is None:
        if looks_like_question(text) and get_store(context).answers_questions(message.chat.id):
            await reply_with_answer(update, context, message, text.strip(), addressed=False)
        return
    if not question:
        await send_reply(update, context, message, mention_usage_html(context.bot.username))
        return
    await reply_with_answer(update, context, message, question)


# --- the group itself: joining, upgrades ---------------------------------------------------

async def on_my_membership(update: Update, context: Context) -> None:
    """Say one short hello when added to a group (not again until removed and re-added)."""
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type not in (ChatType.GROUP, ChatType.SUPERGROUP):
        return
    was_in = change.old_chat_member.status in PRESENT
    is_in = change.new_chat_member.status in PRESENT
    store = get_store(context)
    if is_in and not was_in:
        if store.mark_greeted(change.chat.id):
            await context.bot.send_message(change.chat.id, hello_html(context.bot.username),
                                           parse_mode=ParseMode.HTML,
                                           link_preview_options=NO_PREVIEW)
    elif was_in and not is_in:
        store.mark_greeted(change.chat.id, greeted=False)


async def on_migration(update: Update, context: Context) -> None:
    """A group became a supergroup (a new chat id): its settings move with it."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await asyncio.to_thread(get_store(context).move_chat, old, new)
    logger.info("chat %s is now supergroup %s: settings moved", old, new)


async def unknown_command(update: Update, context: Context) -> None:
    """Point a private chat's unknown command to /help."""
    message = update.effective_message
    if message is None:
        return
    await reply_html(message, messages.UNKNOWN_COMMAND)


# --- group settings --------------------------------------------------------------------------

async def _is_admin(context: Context, chat_id: int, user_id: int | None,
                    sender_chat_id: int | None = None) -> bool:
    """True for the group's owner and admins (and an admin posting as the group itself)."""
    if sender_chat_id is not None and sender_chat_id == chat_id:
        return True  # an anonymous admin
    if user_id is None:
        return False
    member = await context.bot.get_chat_member(chat_id, user_id)
    return member.status in ADMINS


async def settings_command(update: Update, context: Context) -> None:
    """Show a group's settings with a toggle (admins only)."""
    message = update.effective_message
    if message is None:
        return
    if not _is_group(message):
        await reply_html(message, settings_private_html())
        return
    sender = message.from_user.id if message.from_user else None
    sender_chat = message.sender_chat.id if message.sender_chat else None
    if not await _is_admin(context, message.chat.id, sender, sender_chat):
        await reply_html(message, settings_admins_only_html())
        return
    current = get_store(context).answers_questions(message.chat.id)
    sees_all = bool(context.bot.can_read_all_group_messages)
    await reply_html(message, settings_html(current, sees_all), keyboard(setting_keys(current)))


async def _change_setting(query: CallbackQuery, context: Context, button: SettingButton) -> None:
    message = query.message
    if not isinstance(message, Message) or not _is_group(message):
        await query.answer(messages.BUTTON_UNKNOWN)
        return
    if not await _is_admin(context, message.chat.id, query.from_user.id):
        await query.answer(messages.SETTING_ADMINS_ONLY, show_alert=True)
        return
    get_store(context).set_answers_questions(message.chat.id, button.answer_questions)
    logger.info("chat %s: answer questions = %s", message.chat.id, button.answer_questions)
    text = settings_html(button.answer_questions, bool(context.bot.can_read_all_group_messages))
    await _edit(query, text, keyboard(setting_keys(button.answer_questions)))
    await query.answer(messages.SETTING_SAVED)


# --- buttons under answers -------------------------------------------------------------------

async def _edit(query: CallbackQuery, text: str,
                markup: InlineKeyboardMarkup | None) -> bool:
    """Replace the message under a button; False if Telegram no longer lets us."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML,
                                      link_preview_options=NO_PREVIEW, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" in exc.message.lower():
            return True  # pressed twice: the message already shows this
        logger.info("could not edit message for a button: %s", exc.message)
        return False
    return True


async def on_button(update: Update, context: Context) -> None:
    """Handle a button press: a page of the answer, a quote in context, or a setting."""
    query = update.callback_query
    if query is None:
        return
    button = decode(query.data)
    if isinstance(button, SettingButton):
        await _change_setting(query, context, button)
    elif isinstance(button, PageButton):
        await _show_page(query, context, button)
    elif isinstance(button, ContextButton):
        await _show_context(query, context, button)
    else:
        await query.answer(messages.BUTTON_UNKNOWN)


async def _show_page(query: CallbackQuery, context: Context, button: PageButton) -> None:
    remembered = get_store(context).question(button.question)
    if remembered is None:
        await query.answer(messages.BUTTON_EXPIRED)
        return
    question, before = split_remembered(remembered)
    snapshot = get_library(context).current
    tag = await asyncio.to_thread(corpus_tag, snapshot.corpus)
    notice = None
    start = button.start
    if tag != button.corpus:
        notice = messages.BUTTON_CORPUS_CHANGED
        start = 0  # the old page numbers mean nothing now: start over
    page, markup = await answer_with_buttons(context, snapshot, question, start, before=before)
    if not page.answer.answered and start > 0:
        await query.answer(messages.BUTTON_NO_MORE)
        return
    edited = await _edit(query, page_html(page), markup)
    await query.answer(notice if edited else messages.BUTTON_CANNOT_EDIT)


async def _show_context(query: CallbackQuery, context: Context, button: ContextButton) -> None:
    snapshot = get_library(context).current
    found = find_context(snapshot.index, button.article, button.position, button.sentence)
    if found is None:
        await query.answer(messages.BUTTON_ARTICLE_CHANGED)
        return
    text = context_to_html(found.sentences, found.focus, SourceRef.of(found.article))
    tag = await asyncio.to_thread(corpus_tag, snapshot.corpus)
    markup = keyboard(context_keys(button, found.article.url, tag))
    edited = await _edit(query, text, markup)
    await query.answer(None if edited else messages.BUTTON_CANNOT_EDIT)


# --- inline and guest mode ---------------------------------------------------------------------

def inline_result(entry: Entry) -> InlineQueryResultArticle:
    """An inline result that posts one quote (with Context and source buttons)."""
    rows: list[list[Key]] = []
    if entry.page.answer.answered:
        rows.append([Key(messages.BUTTON_CONTEXT, encode(quote_context_button(entry.page, 0, 0)))])
        rows.append(link_keys(entry.page))
    return InlineQueryResultArticle(
        id=entry.id, title=entry.title, description=entry.description,
        input_message_content=InputTextMessageContent(
            entry.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW),
        reply_markup=keyboard(rows),
    )


def _hint(context: Context) -> Entry:
    username = context.bot.username
    return hint_entry(inline_hint_html(username), messages.INLINE_HINT_TITLE,
                      messages.inline_hint_description(username))


async def on_inline_query(update: Update, context: Context) -> None:
    """List the best quotes for what the user typed after @botname."""
    query = update.inline_query
    if query is None:
        return
    question = query.query.strip()
    help_button = InlineQueryResultsButton(text=messages.INLINE_HOW_TO_ASK, start_parameter="help")
    if not question:
        await query.answer([inline_result(_hint(context))], cache_time=INLINE_CACHE_SECONDS,
                           button=help_button)
        return
    snapshot = get_library(context).current
    answer = await asyncio.to_thread(answer_question, snapshot.index, question, MAX_TOP,
                                     hint=language_hint(update, None))
    results = [inline_result(entry) for entry in answer_entries(answer)]
    await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=help_button)


async def on_guest_message(update: Update, context: Context) -> None:
    """Answer a call from a chat the bot is not in with the best quote and its source."""
    message = update.guest_message
    if message is None or not message.guest_query_id:
        return
    username = context.bot.username or ""
    question = strip_mention(message.text or "", username) if username else (message.text or "")
    replied = message.reply_to_message
    if not question and replied is not None and replied.text:
        question = replied.text  # called as a reply to someone's question
    sender = _sender_id(update)
    if sender is not None and \
            get_throttle(context).check(sender, warn=False) is not Verdict.ALLOW:
        # Whatever answers a guest call is posted in a chat the bot is not in, for everyone
        # there to see: a "slow down" has no place there. The call is left unanswered.
        logger.info("throttled guest call from %s: not answered", sender)
        return
    if not question:
        entry = _hint(context)
    else:
        snapshot = get_library(context).current
        answer = await asyncio.to_thread(answer_question, snapshot.index, question, 1,
                                         hint=language_hint(update, None))
        entry = answer_entries(answer)[0]
    await context.bot.answer_guest_query(message.guest_query_id, inline_result(entry))


# --- errors ----------------------------------------------------------------------------------

async def on_error(update: object, context: Context) -> None:
    """Log the error, then tell the user something went wrong; the bot keeps running.

    No apology when the answer (or an edit, or a button's notice) already went out: an error
    after it, such as a failed answerCallbackQuery after a successful edit, must not put
    "something went wrong" next to a good answer.
    """
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    if answer_was_sent():
        logger.info("no apology for update %d: its answer was sent", update.update_id)
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(messages.APOLOGY)
        elif update.guest_message is not None and update.guest_message.guest_query_id:
            await context.bot.answer_guest_query(
                update.guest_message.guest_query_id,
                inline_result(hint_entry(messages.APOLOGY, messages.INLINE_SORRY_TITLE, messages.APOLOGY)))
        elif update.message is not None:
            await reply_html(update.message, messages.APOLOGY)
    except TelegramError as exc:
        logger.warning("could not send the apology: %s", exc)
