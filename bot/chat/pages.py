"""Answers in pages ("More") and quotes in their context ("Context"), found again from keys.

Telegram-free. Buttons carry short keys, not objects: a question number, a page start, a hash
of the article id and of the sentence. Everything here works from those keys against the
current index, and says None when the corpus no longer has what a key points to.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace

from bot.corpus import Article, Corpus
from bot.search.answer import MAX_TOP, Answer, Kind, answer_question
from bot.search.followup import QueryContext
from bot.search.index import Sentence, SentenceIndex
from bot.search.lang.route import LanguageHint

ARTICLE_KEY_LENGTH = 8
SENTENCE_KEY_LENGTH = 6
CORPUS_TAG_LENGTH = 6


def short_hash(text: str, length: int) -> str:
    """A short stable hex digest of a text."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()[:length]


def article_key(article_id: str) -> str:
    """A short key for an article id (ids are file names, too long for buttons)."""
    return short_hash(article_id, ARTICLE_KEY_LENGTH)


def sentence_hash(sentence: Sentence) -> str:
    """A short key for a sentence's text: it changes if the article is edited."""
    return short_hash(sentence.text, SENTENCE_KEY_LENGTH)


# Per-snapshot cache, keyed by object identity.
_article_keys: dict[int, tuple[SentenceIndex, dict[str, str]]] = {}


def corpus_tag(corpus: Corpus) -> str:
    """A short tag that changes whenever the corpus text does.

    Corpus.fingerprint is computed once per loaded corpus, from the article digests that the
    saved index already computed while opening, so it adds next to nothing to an answer.
    """
    return corpus.fingerprint[:CORPUS_TAG_LENGTH]


def _article_ids(index: SentenceIndex) -> dict[str, str]:
    cached = _article_keys.get(id(index))
    if cached is None or cached[0] is not index:
        _article_keys.clear()
        cached = _article_keys[id(index)] = (
            index, {article_key(article_id): article_id for article_id in index.articles})
    return cached[1]


@dataclass(frozen=True)
class Page:
    """Some quotes of an answer: `answer` holds only this page's quotes.

    `size` is the page size asked for: a short last page still steps back by a full page.
    """

    answer: Answer
    start: int
    has_more: bool
    size: int = 3


def answer_page(index: SentenceIndex, question: str, start: int = 0, size: int = 3,
                context: QueryContext | None = None, hint: LanguageHint | None = None) -> Page:
    """The quotes start..start+size of the answer to a question, and whether more follow.

    `context`: what a follow-up takes from its conversation (bot.search.followup.resolve).
    """
    start = max(0, start)
    size = max(1, size)
    top = min(MAX_TOP, start + size + 1)  # one more than shown: is there a next page?
    answer = answer_question(index, question, top=top, context=context, hint=hint)
    if answer.kind is not Kind.ANSWER:
        return Page(answer, 0, has_more=False, size=size)
    quotes = answer.quotes[start : start + size]
    has_more = len(answer.quotes) > start + size
    return Page(replace(answer, quotes=quotes), start, has_more, size)


@dataclass(frozen=True)
class Context:
    """A quoted sentence with the sentences around it in its article."""

    article: Article
    sentences: tuple[Sentence, ...]
    focus: Sentence


def find_context(index: SentenceIndex, key: str, position: int, text_hash: str,
                 around: int = 2) -> Context | None:
    """The context of the sentence a key points to, or None if the corpus changed."""
    article_id = _article_ids(index).get(key)
    if article_id is None:
        return None
    probe = Sentence(article_id, position, 0, "")
    try:
        sentences = index.neighbours(probe, before=around, after=around)
    except (KeyError, IndexError):
        return None
    focus = next((s for s in sentences if s.position == position), None)
    if focus is None or sentence_hash(focus) != text_hash:
        return None
    return Context(index.articles[article_id], tuple(sentences), focus)
