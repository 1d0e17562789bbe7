"""The Python API, for embedding newsbot's answers elsewhere: `from bot import Library`.

    lib = Library.open("corpus")
    answer = lib.ask("who leads the peacekeepers?")
    if answer.answered:
        quote = answer.quotes[0]
        print(quote.text, quote.sources[0].url)
    else:
        print(answer.message)

Answers are plain frozen dataclasses of strings, numbers and tuples (no index objects), with
`to_json()` giving exactly what `newsbot ask --json` prints. Errors a caller can cause (a
missing corpus, a question too long) are `bot.BotError`s with a one-line message.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.common.limits import DEFAULT_ENGINE, DEFAULT_TOP, MAX_TOP, MIN_TOP
from bot.errors import BotError, ConfigError, CorpusError
from bot.search import answer as _answer
from bot.search import library as _library
from bot.search import render as _render

__all__ = ["Answer", "Library", "Quote", "SourceRef"]


@dataclass(frozen=True)
class SourceRef:
    """An article a quote comes from."""

    article_id: str
    title: str
    source: str  # the outlet
    url: str
    published: str  # ISO 8601, as the article file gives it


@dataclass(frozen=True)
class Quote:
    """A sentence quoted exactly, with every article that published it."""

    text: str
    score: float
    sources: tuple[SourceRef, ...]
    highlights: tuple[tuple[int, int], ...] = ()  # [start, end) spans of `text` that answer


@dataclass(frozen=True)
class Answer:
    """The reply to one question: quotes, or a message saying why there are none."""

    question: str
    answered: bool
    quotes: tuple[Quote, ...]
    message: str = ""  # without quotes: what to tell the user ("That's not in the articles...")
    corrections: tuple[tuple[str, str], ...] = ()  # (word, read as), e.g. ("withdrawl", ...)
    # The `ask --json` object (with dates and follow-up context too), kept for to_json().
    _json: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The object `newsbot ask --json` prints for this answer (the documented schema)."""
        return copy.deepcopy(self._json)


class Library:
    """A corpus directory, loaded and indexed, that answers questions. Thread-safe to ask."""

    def __init__(self, served: _library.Library) -> None:
        self._served = served

    @classmethod
    def open(cls, corpus: str | Path = "corpus", *, engine: str = DEFAULT_ENGINE,
             index_dir: str | Path | None = None, semantic: bool = False) -> Library:
        """Load a corpus directory and its index (saved beside it, reused on the next open).

        Raises CorpusError when the directory cannot be read or holds no valid article;
        files that do not load are listed by `problems`. `semantic`: also rank by meaning
        (the semantic stage; ConfigError without pip install 'newsbot[semantic]').
        """
        served = _library.Library(Path(corpus), engine=engine,
                                  index_dir=Path(index_dir) if index_dir else None,
                                  semantic=semantic)
        if not served.current.corpus.articles:
            raise CorpusError(f"no articles could be loaded from {corpus}")
        return cls(served)

    def ask(self, question: str, top: int = DEFAULT_TOP) -> Answer:
        """Answer a question with up to `top` quotes (1 to 10)."""
        if not isinstance(question, str):
            raise BotError(f"the question must be a string, not {type(question).__name__}")
        if not MIN_TOP <= top <= MAX_TOP:
            raise ConfigError(f"top must be between {MIN_TOP} and {MAX_TOP}, not {top}")
        found = _answer.answer_question(self._served.current.index, question, top=top)
        return _plain(found)

    def reload(self) -> None:
        """Read the corpus directory again (after articles were added or changed)."""
        self._served.reload()

    @property
    def sources(self) -> tuple[SourceRef, ...]:
        """Every article the library quotes, oldest first."""
        articles = sorted(self._served.current.corpus.articles,
                          key=lambda a: (a.published_date, a.id))
        return tuple(SourceRef(a.id, a.title, a.source, a.url, a.published) for a in articles)

    @property
    def problems(self) -> tuple[str, ...]:
        """The corpus files that did not load, each as 'file: reason'."""
        return tuple(str(p) for p in self._served.current.corpus.problems)

    def __len__(self) -> int:
        return len(self._served.current.corpus.articles)

    def __repr__(self) -> str:
        return f"Library({str(self._served.corpus_dir)!r}, {len(self)} articles)"


def _plain(found: _answer.Answer) -> Answer:
    quotes = tuple(
        Quote(text=q.text, score=q.score,
              sources=tuple(SourceRef(s.article_id, s.title, s.source, s.url, s.published)
                            for s in q.sources),
              highlights=tuple((int(a), int(b)) for a, b in q.highlights))
        for q in (found.quotes if found.answered else ())
    )
    return Answer(question=found.question, answered=found.answered, quotes=quotes,
                  message=found.message,
                  corrections=tuple((c.word, c.replacement) for c in found.corrections),
                  _json=_render.answer_to_json(found))
