"""Errors whose message is shown to the user as is.

    BotError
    ├── ConfigError    a setting is missing or malformed
    ├── CorpusError    an article file cannot be read or is invalid
    ├── IngestError    a page cannot be turned into an article
    ├── EvalError      an evaluation data set cannot be read
    └── StartupError   the bot cannot start: Telegram refuses the token or cannot be reached
"""


class BotError(Exception):
    """Base class: the message is meant for the user, in one line."""


class ConfigError(BotError):
    """A setting is missing or malformed."""


class CorpusError(BotError):
    """An article file is invalid; the message names the file and the reason."""


class IngestError(BotError):
    """A page or file cannot be turned into an article."""


class EvalError(BotError):
    """An evaluation data set cannot be read or is not in the expected format."""


class StartupError(BotError):
    """The bot cannot start: Telegram rejected the token, or the Bot API cannot be reached."""
