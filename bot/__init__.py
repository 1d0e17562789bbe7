"""newsbot: answers questions about news articles with exact quotes and source links.

The Python API (bot/api.py)::

    from bot import Library
    lib = Library.open("corpus")
    answer = lib.ask("who leads the peacekeepers?")

`import bot` stays light: the API's names load on first use (module `__getattr__`), so
`import bot.ingest` or `import bot.config` never loads the search index.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.common.version import VERSION as __version__

__all__ = ["Answer", "BotError", "CorpusError", "Library", "Quote", "SourceRef", "__version__"]

if TYPE_CHECKING:
    from bot.api import Answer, Library, Quote, SourceRef
    from bot.errors import BotError, CorpusError


def __getattr__(name: str) -> Any:
    """Load an API name on first use."""
    if name in ("Answer", "Library", "Quote", "SourceRef"):
        from bot import api

        return getattr(api, name)
    if name in ("BotError", "CorpusError"):
        from bot import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
