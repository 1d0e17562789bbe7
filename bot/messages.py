"""Every fixed text newsbot shows a person: the CLI's, the chat's replies, the answers' notes.

Pure (stdlib `html`, and bot.common.i18n for translations), so every wing may import it. Texts are named
constants, or functions whose parameters are the pieces that vary, named, so that a translation
layer can wrap each one without touching its callers. Texts for Telegram are HTML: every
dynamic piece is escaped here. Error messages raised deep in the core stay beside their checks
(they name the value at fault); the ones shown on their own are here.
"""

from __future__ import annotations

import html

from bot.common.i18n import _

# The one example question of help texts, hints, the terminal session and menus.
EXAMPLE_QUESTION = "when did the withdrawal start?"

# --- the command line -------------------------------------------------------------------------

CLI_DESCRIPTION = ("Answer questions about news articles with exact quotes and source links. "
                   "Without a command: run the Telegram bot if TELEGRAM_BOT_TOKEN is set, "
                   "otherwise answer questions in the terminal.")

NO_TOKEN_HELP = """\
newsbot run needs a Telegram bot token, and TELEGRAM_BOT_TOKEN is not set.

To get one: open Telegram, talk to @BotFather, send /newbot, choose a name and a username,
and copy the token it gives you (it looks like 123456789:ABCdef...). Then either
  export TELEGRAM_BOT_TOKEN=123456789:ABCdef...
or put the line TELEGRAM_BOT_TOKEN=... in a .env file here (see .env.example).

Without a token, `newsbot ask "QUESTION"` answers in the terminal."""

TERMINAL_INTRO = ("No TELEGRAM_BOT_TOKEN set, so newsbot answers in the terminal "
                  "(see README to run the Telegram bot).\n")
TERMINAL_PROMPT_HELP = ("\nAsk a question (empty line or Ctrl-D to quit; “new question” starts "
                        "afresh).")
TERMINAL_NEW_QUESTION = "New question: ask away."


def followup_note(about: str, topic: str) -> str:
    """What a follow-up's answer says it leaned on: '(about: <title>, after “<question>”)'."""
    parts = []
    if about:
        parts.append(_("about: {title}").format(title=about))
    if topic:
        parts.append(_("after “{question}”").format(question=topic))
    return "(" + ", ".join(parts) + ")" if parts else ""


def terminal_continuing(last_question: str) -> str:
    """The line a terminal session starts with when it goes on with a recent conversation."""
    return (f"Continuing the conversation (last question: “{last_question}”); type “new "
            "question” to start afresh.")


def terminal_example(question: str = EXAMPLE_QUESTION) -> str:
    """The line before the example answer of the terminal session."""
    return f"Example: {question}"


def cli_error(message: str) -> str:
    """A user-caused error, as the one line the CLI prints before exiting 1."""
    return f"newsbot: {message}"


def cli_warning(message: str) -> str:
    """A warning line of the CLI (stderr)."""
    return f"warning: {message}"


def no_articles_loaded(directory: str) -> str:
    """The error when not one article of a corpus loaded."""
    return f"no articles could be loaded from {directory}"


def skipped_file(problem: str) -> str:
    """The warning for a corpus file that did not load."""
    return cli_warning(f"skipped {problem}")


def ingest_skipped(reason: str, article_id: str, same_url: bool) -> str:
    """`newsbot ingest` found the article already there."""
    hint = "; use --update to replace it" if same_url else ""
    return f"skipped: {reason} ({article_id}){hint}"


def ingest_done(replaced: bool, path: str) -> str:
    """The first line of what `newsbot ingest` did: 'wrote PATH' or 'replaced PATH'."""
    return f"{'replaced' if replaced else 'wrote'} {path}"


def ingest_byline(source: str, date: str, author: str) -> str:
    """The outlet, date and author line of an ingested article."""
    by = f", by {author}" if author else ""
    return f"{source}, {date}{by}"


def ingest_same_story(article_id: str, source: str, title: str) -> str:
    """An article already in the corpus that tells the same story."""
    return f"same story as {article_id} ({source}: {title})"


def check_summary(directory: str, articles: int, sentences: int, vectors: int | None) -> str:
    """The first line of `newsbot check`."""
    extra = "" if vectors is None else f", {vectors} sentence vectors"
    return f"{directory}: {articles} articles, {sentences} sentences{extra}"


def check_problems(count: int) -> str:
    """The line before `newsbot check`'s list of problems."""
    return f"{count} problem(s):"


def follow_pass(stamp: str, feeds: int, seconds: float, written: int) -> str:
    """The line `newsbot follow` prints after each check of the feeds."""
    return f"[{stamp}] checked {feeds} feed(s) in {seconds:.1f} s: {written} new article(s)"


def at_least_one(flag: str, value: int) -> str:
    """A count flag given below 1 (--passes, --limit)."""
    return f"{flag} must be at least 1, not {value}"


PASTED_TEXT_NEEDS = ("a page copied as text needs {flags} (only URLs and .html pages have their "
                     "own metadata)")
NO_FEEDS = "no feeds to follow: give feed URLs or set NEWSBOT_FEEDS"
CHECK_NO_PROBLEMS = "no problems"

# --- answers (search wing: pure text, shown as is in the terminal and escaped for Telegram) -----

_NO_ARTICLES_YET = "I have no articles loaded yet."


def coverage(parts: list[str], more: int) -> str:
    """One line on what the corpus covers, from 'title (outlets, date)' parts."""
    tail = _("; and {count} more").format(count=more) if more > 0 else ""
    return _("My articles cover: {parts}.").format(parts="; ".join(parts) + tail)


def _for_example() -> str:
    return _("for example “{question}”").format(question=EXAMPLE_QUESTION)


def answer_greeting(coverage_line: str) -> str:
    """The reply to 'hello'."""
    return _("Hello! Ask me a question about the news, {example}.").format(
        example=_for_example()) + " " + coverage_line


_ANSWER_THANKS = "You're welcome! Ask me anything else about the articles."


def answer_help(coverage_line: str) -> str:
    """The reply to 'help' typed as a question."""
    return _("I answer questions about news articles with exact quotes and links to their "
             "sources. Ask a question, {example}.").format(example=_for_example()) \
        + " " + coverage_line


def answer_empty() -> str:
    """The reply to an empty question."""
    return _("Ask me a question about the news, {example}.").format(example=_for_example())


def answer_not_found(coverage_line: str) -> str:
    """The honest no: the articles do not answer the question."""
    return _("That's not in the articles I have.") + " " + coverage_line


def followup_no_answer(question: str, word: str) -> str:
    """A follow-up pointing back to an answer that was never given ("who said that?" after
    the honest no): nothing to point to; the whole question, asked again, can be answered."""
    return _("I found no answer to “{question}” in the articles, so “{word}” points to nothing "
             "I said. Please ask the whole question.").format(question=question, word=word)


# --- chat: short notices (plain text: toasts allow 200 characters) ---------------------------

_APOLOGY = "Sorry, something went wrong on my side while answering. Please try again in a moment."
# A question that waited through a restart for longer than NEWSBOT_REPLAY_MAX_AGE.
_RESTARTED = ("Sorry, I was restarting when you sent this and could not answer it in time. "
             "Please ask again.")
_SLOW_DOWN = ("You're asking faster than I can keep up with. Please wait a few seconds, then ask "
             "again.")
_BUTTON_UNKNOWN = "This button no longer works. Please ask your question again."
_BUTTON_EXPIRED = "This answer is too old for its buttons. Please ask your question again."
_BUTTON_ARTICLE_CHANGED = "That article has changed since this answer. Please ask again."
_BUTTON_CORPUS_CHANGED = "My articles have changed since this answer; here is the current one."
_BUTTON_NO_MORE = "There are no more quotes for this question."
_BUTTON_CANNOT_EDIT = "I can't change that message any more. Please ask again."
_SETTING_ADMINS_ONLY = "Only the group's admins can change this."
_SETTING_SAVED = "Saved."
_NEW_CONVERSATION = ("Starting afresh: your next question stands on its own (follow-ups such as "
                    "“and why?” lean on the questions before it).")
_UNKNOWN_COMMAND = ("I don't know that command. Send /help to see what I can do, or just ask a "
                   "question.")

# The commands menus Telegram shows: (command, description).
PRIVATE_COMMANDS = (
    ("help", "How to ask me"),
    ("new", "Start afresh: the next question does not follow up the last ones"),
    ("sources", "The articles I quote"),
)
GROUP_COMMANDS = (
    ("ask", f"Ask a question: /ask {EXAMPLE_QUESTION}"),
    ("help", "How to ask me in a group"),
    ("sources", "The articles I quote"),
    ("settings", "Admins: also answer every message ending with ?"),
)

# Button labels and inline result titles.
_BUTTON_CONTEXT = "Context"
_BUTTON_ANSWER_QUESTIONS_ON = "Answer every message ending with ?"
_BUTTON_ANSWER_QUESTIONS_OFF = "Stop answering messages ending with ?"
_INLINE_HOW_TO_ASK = "How to ask"
_INLINE_NOT_FOUND_TITLE = "Not in my articles"
_INLINE_HINT_TITLE = "Type a question after my name"
_INLINE_SLOW_DOWN_TITLE = "Slow down"
_INLINE_SORRY_TITLE = "Sorry"


def button_context(number: int) -> str:
    """The label of the Context button of the quote `number` (1-based)."""
    return _("Context {number}").format(number=number)


def inline_hint_description(username: str | None) -> str:
    """The grey line under the 'how to ask' inline result."""
    return _("e.g. {example}").format(example=f"@{username} {EXAMPLE_QUESTION}")


# --- chat: replies in Telegram HTML -----------------------------------------------------------

def _at(username: str | None) -> str:
    return f"@{html.escape(username)}" if username else _("the bot")


def help_html(username: str | None, group: bool) -> str:
    """How to use the bot, with its real @username."""
    example = html.escape(EXAMPLE_QUESTION)
    at = _at(username)
    lines = [
        _("I answer questions about the news articles I have, with exact quotes and links to "
          "their sources."),
        "",
    ]
    if group:
        ask = f"/ask@{html.escape(username)}" if username else "/ask"
        lines += [
            _("<b>In this group</b>, ask me in one of these ways:"),
            f"• {ask} <i>{example}</i>",
            _("• mention me: <i>{at} {example}</i>").format(at=at, example=example),
            _("• reply to one of my messages (a follow-up such as “and why?” in reply to my "
              "answer leans on it)"),
            _("Other messages I leave alone, unless an admin turns on answering every message "
              "that ends with “?” (/settings)."),
            "",
            _("<b>In any chat</b>, even without me: type <i>{at} your question</i> and pick a "
              "quote from the list.").format(at=at),
        ]
    else:
        lines += [
            _("Just send me a question, for example: <i>{example}</i>").format(example=example),
            "",
            _("Follow-ups such as “and why?” or “who confirmed it?” lean on your last questions; "
              "/new starts afresh."),
            "",
            _("/sources — the articles I quote"),
            _("/new — start afresh"),
            _("/help — this message"),
            "",
            _("<b>In groups</b>: /ask <i>question</i>, or mention {at} in a message, or reply to "
              "one of my messages. Admins choose with /settings whether I also answer every "
              "message that ends with “?”.").format(at=at),
            _("<b>In any chat</b>, even without me: type <i>{at} your question</i> and pick a "
              "quote from the list.").format(at=at),
            "",
            _("Under an answer: <b>Context</b> shows the sentences around a quote, <b>More</b> "
              "the next quotes."),
        ]
    return "\n".join(lines)


def start_html(username: str | None) -> str:
    """The greeting for /start in a private chat."""
    return _("Hello!") + " " + help_html(username, group=False)


def hello_html(username: str | None) -> str:
    """The one short hello when the bot is added to a group."""
    ask = f"/ask@{html.escape(username)}" if username else "/ask"
    return _("Hello! I answer questions about the news with exact quotes and links. Ask me with "
             "{ask} <i>{example}</i> or mention me; /help for more.").format(
                 ask=ask, example=html.escape(EXAMPLE_QUESTION))


def ask_usage_html(username: str | None, group: bool) -> str:
    """The hint for /ask without a question."""
    ask = f"/ask@{html.escape(username)}" if group and username else "/ask"
    return _("Ask me like this: {ask} <i>{example}</i>").format(
        ask=ask, example=html.escape(EXAMPLE_QUESTION))


def mention_usage_html(username: str | None) -> str:
    """The hint for a bare mention of the bot with no question."""
    return _("Yes? Write your question after the mention, for example: <i>{example}</i>").format(
        example=f"{_at(username)} {html.escape(EXAMPLE_QUESTION)}")


def inline_hint_html(username: str | None) -> str:
    """What a chosen 'how to ask' inline result posts."""
    return _("Type <i>{at} your question</i> in any chat to quote the news, for example: "
             "<i>{example}</i>").format(at=_at(username),
                                        example=f"{_at(username)} {html.escape(EXAMPLE_QUESTION)}")


def sources_head_html(count: int) -> str:
    """The first line of /sources."""
    return _("<b>My articles</b> ({count}):").format(count=count)


def sources_more(count: int) -> str:
    """The last line of /sources when not every article fits."""
    return _("…and {count} more.").format(count=count)


def settings_html(answer_questions: bool, sees_all_messages: bool) -> str:
    """The group's settings, as shown by /settings."""
    state = "on" if answer_questions else "off"
    lines = [
        "<b>Settings for this group</b>",
        f"Answer every message that ends with “?”: <b>{state}</b>.",
        "(Only when my articles have an answer; otherwise I stay quiet.)",
        "I always answer /ask, mentions and replies to my messages.",
    ]
    if answer_questions and not sees_all_messages:
        lines += [
            "",
            "Note: with Telegram's group privacy on I only see commands, mentions and replies. "
            "Make me an admin of this group, or turn privacy off with @BotFather "
            "(Bot Settings → Group Privacy), so that I see the questions.",
        ]
    return "\n".join(lines)


def settings_private_html() -> str:
    """The reply to /settings outside groups."""
    return ("Settings are for groups: there, admins choose whether I answer every message that "
            "ends with “?”. Here I answer every message.")


def settings_admins_only_html() -> str:
    """The reply to /settings from a member who is not an admin."""
    return "Only the group's admins can change my settings."

# --- chat: admin commands ---------------------------------------------------------------------

NOT_ADMIN = ("Sorry, only the bot's admins can use this command. You can still ask me anything "
             "about my articles.")
ADD_USAGE = ("Send <code>/add URL</code> with the address of a news article, e.g. "
             "<code>/add https://example.com/news/story</code>")
ADDED_ALREADY_HTML = "Already in my articles, nothing changed:\n{what}"
ADDED_NOW = "I can answer from it now."


def added_head(replaced: bool) -> str:
    """The first line of the reply to /add."""
    return "Updated:" if replaced else "Added:"


def same_story_html(source: str, title: str) -> str:
    """One 'same story as' line of the reply to /add."""
    return f"Same story as {html.escape(source)}: <i>{html.escape(title)}</i>"


def could_not_add_html(reason: str) -> str:
    """The reply to /add when the page could not be added."""
    return f"Could not add that page: {html.escape(reason)}"


def could_not_reload_html(reason: str) -> str:
    """The reply to /reload when the corpus could not be loaded."""
    return f"Could not reload: {html.escape(reason)}"


def reloaded(articles: int, sentences: int) -> str:
    """The reply to /reload."""
    return f"Reloaded: {articles} articles, {sentences} sentences."


def reload_problems_html(count: int, names: list[str], more: int) -> str:
    """The files /reload could not load."""
    tail = f" and {more} more" if more > 0 else ""
    listed = ", ".join(html.escape(name) for name in names)
    return f"{count} file(s) could not be loaded: {listed}{tail}."


# --- translations -----------------------------------------------------------------------------

# The texts above that a person reads in the chat, looked up in the reply language on every use
# (bot.common.i18n): `messages.APOLOGY` is the current update's user's language. Import the
# module, not the names: a name imported once would stay in the language of that moment.
_TRANSLATED = {name[1:]: value for name, value in list(globals().items())
               if name[:2] == "_" + name[1:2] and name[1:].isupper() and isinstance(value, str)}
BUTTON_MORE_EN = "More ›"
BUTTON_PREVIOUS_EN = "‹ Previous"
BUTTON_BACK_EN = "‹ Back to the answer"
BUTTON_READ_EN = "🔗 Read the article"
_TRANSLATED.update(BUTTON_MORE=BUTTON_MORE_EN, BUTTON_PREVIOUS=BUTTON_PREVIOUS_EN,
                   BUTTON_BACK=BUTTON_BACK_EN, BUTTON_READ=BUTTON_READ_EN)


def __getattr__(name: str) -> str:
    """A translated fixed text (see _TRANSLATED), in the current reply language."""
    try:
        return _(_TRANSLATED[name])
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
