"""Admin commands and background jobs: /add URL, /reload, feed checks and the corpus watch.

`install()` is called once by bot.chat.app.build_application. The two commands sit in handler group
-1, ahead of the question handlers, and end the update there (ApplicationHandlerStop), so
"/add" never gets the unknown-command reply. Slow work (fetching a page, re-indexing, a pass
over the feeds) runs in a worker thread, and the commands run it as a task, so the bot keeps
answering questions meanwhile.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    BaseHandler,
    CommandHandler,
    JobQueue,
    filters,
)

from bot import messages
from bot.chat.handlers import Context, reply_html
from bot.config import Settings
from bot.errors import BotError
from bot.ingest.follow import check_feeds
from bot.ingest.ingestor import Ingestor, IngestResult, Status
from bot.messages import ADD_USAGE, NOT_ADMIN
from bot.search.answer import format_date
from bot.search.library import Library, Snapshot
from bot.search.watch import CorpusWatcher

logger = logging.getLogger(__name__)

ADMIN_GROUP = -1
MAX_SAME_STORY = 5


def added_html(result: IngestResult) -> str:
    """The reply to /add: what was added (title and date), or why nothing was."""
    article = result.article
    what = (f"<b>{html.escape(article.title)}</b>\n{html.escape(article.source)}, "
            f"{html.escape(format_date(article.published))} — "
            f'<a href="{html.escape(article.url, quote=True)}">link</a>')
    if result.status is Status.SKIPPED:
        return messages.ADDED_ALREADY_HTML.format(what=what)
    lines = [messages.added_head(replaced=result.status is Status.REPLACED), what]
    for other in result.same_story[:MAX_SAME_STORY]:
        lines.append(messages.same_story_html(other.source, other.title))
    lines.append(messages.ADDED_NOW)
    return "\n".join(lines)


def reloaded_html(snapshot: Snapshot) -> str:
    """The reply to /reload: what is served now, and which files could not be loaded."""
    corpus = snapshot.corpus
    text = messages.reloaded(len(corpus.articles), len(snapshot.index))
    if corpus.problems:
        text += "\n" + messages.reload_problems_html(
            len(corpus.problems), [p.path.name for p in corpus.problems[:10]],
            len(corpus.problems) - 10)
    return text


class Admin:
    """The admin commands and the periodic jobs of one bot, sharing one corpus watcher."""

    def __init__(self, settings: Settings, library: Library) -> None:
        self.settings = settings
        self.library = library
        self.watcher = CorpusWatcher(library)

    def handlers(self) -> list[BaseHandler]:
        """The /add and /reload handlers."""
        new_messages = filters.UpdateType.MESSAGE
        return [
            CommandHandler("add", self.add, filters=new_messages),
            CommandHandler("reload", self.reload, filters=new_messages),
        ]

    def schedule(self, job_queue: JobQueue) -> None:
        """Start the corpus watch and, if feeds are configured, the feed checks."""
        if self.settings.watch_interval > 0:
            job_queue.run_repeating(self.watch_job, interval=self.settings.watch_interval,
                                    first=self.settings.watch_interval, name="corpus watch")
        if self.settings.feeds:
            job_queue.run_repeating(self.follow_job, interval=self.settings.feed_interval,
                                    first=0, name="feeds")
            logger.info("following %d feed(s) every %g s", len(self.settings.feeds),
                        self.settings.feed_interval)

    def is_admin(self, update: Update) -> bool:
        """True when the update comes from a user listed in NEWSBOT_ADMINS."""
        user = update.effective_user
        return user is not None and user.id in self.settings.admins

    async def add(self, update: Update, context: Context) -> None:
        """Handle /add URL: admins get the page ingested in the background, others a polite no."""
        message = update.effective_message
        if message is None:
            raise ApplicationHandlerStop
        if not self.is_admin(update):
            await reply_html(message, NOT_ADMIN)
        elif not context.args:
            await reply_html(message, ADD_USAGE)
        else:
            context.application.create_task(self._add(message, context.args[0]), update=update,
                                            name="newsbot /add")
        raise ApplicationHandlerStop

    async def _add(self, message: Message, url: str) -> None:
        await message.chat.send_action(ChatAction.TYPING)
        ingestor = Ingestor(self.settings.corpus_dir)
        try:
            result = await asyncio.to_thread(ingestor.add_url, url)
        except BotError as exc:
            logger.info("/add %s refused: %s", url, exc)
            await reply_html(message, messages.could_not_add_html(str(exc)))
            return
        if result.status is not Status.SKIPPED:
            await asyncio.to_thread(self.watcher.reload)
            logger.info("/add %s: %s %s", url, result.status.value, result.article.id)
        await reply_html(message, added_html(result))

    async def reload(self, update: Update, context: Context) -> None:
        """Handle /reload: admins get the corpus re-read and re-indexed, others a polite no."""
        message = update.effective_message
        if message is None:
            raise ApplicationHandlerStop
        if not self.is_admin(update):
            await reply_html(message, NOT_ADMIN)
        else:
            context.application.create_task(self._reload(message), update=update,
                                            name="newsbot /reload")
        raise ApplicationHandlerStop

    async def _reload(self, message: Message) -> None:
        try:
            snapshot = await asyncio.to_thread(self.watcher.reload)
        except BotError as exc:
            await reply_html(message, messages.could_not_reload_html(str(exc)))
            return
        await reply_html(message, reloaded_html(snapshot))

    async def watch_job(self, context: Context) -> None:
        """Reload the library when corpus files were added, changed or removed."""
        try:
            await asyncio.to_thread(self.watcher.check)
        except BotError as exc:
            logger.warning("corpus check failed: %s", exc)

    async def follow_job(self, context: Context) -> None:
        """Check the feeds once, ingest new entries, and serve them at once."""
        try:
            report = await asyncio.to_thread(check_feeds, self.settings.feeds,
                                             self.settings.corpus_dir, self.settings.data_dir)
        except BotError as exc:
            logger.error("feed check failed: %s", exc)
            return
        for feed in report.feeds:
            if feed.ok:  # failures were logged as warnings by the follower
                logger.info("%s", feed.summary())
        if report.written:
            await asyncio.to_thread(self.watcher.reload)


def install(application: Application, settings: Settings, library: Library) -> Admin:
    """Add the admin commands and schedule the jobs on an Application (before it starts)."""
    admin = Admin(settings, library)
    application.add_handlers(admin.handlers(), group=ADMIN_GROUP)
    if not settings.admins:
        logger.info("NEWSBOT_ADMINS is not set: /add and /reload are refused to everyone")
    if application.job_queue is None:
        logger.warning("no job queue (install python-telegram-bot[job-queue]): feeds are not "
                       "followed and corpus changes need /reload")
    else:
        admin.schedule(application.job_queue)
    return admin
