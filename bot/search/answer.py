"""From a question to an answer: quotes picked, merged across outlets, sourced; or an honest no.

Pure: takes a SentenceIndex and a string, returns dataclasses. Rendering is in bot.search.render.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

import numpy as np

from bot import messages
from bot.common.i18n import format_date as i18n_date
from bot.common.limits import DEFAULT_TOP, MAX_QUESTION_CHARS, MAX_TOP
from bot.common.textnorm import fold, sentence_key
from bot.corpus import Article, parse_published
from bot.search.context import context as index_context
from bot.search.dates import DateMention, resolve_dates
from bot.search.decision import (
    COVER_FLOOR,
    DECIDE_TOP,
    MODEL,
    DecisionModel,
    Option,
    covers_all,
    feature_names,
    first_choice,
    model_for,
    names_a_thing,
    options,
    ruled_out,
)
from bot.search.followup import Lean, QueryContext, accepts
from bot.search.index import ArticleMap, Hit, Sentence, SentenceIndex
from bot.search.lang import split_sentences_for
from bot.search.lang.route import LanguageHint, question_language
from bot.search.phrasing import about_the_chat, core_question, only_chat
from bot.search.qtypes import Expect, QType, question_type
from bot.search.retrieve import Query, analyse, rank_query
from bot.search.spans import Span, answer_spans
from bot.search.spelling import Correction

# A follow-up's quotes after the first must score at least this share of the best one.
MIN_RELATIVE_SCORE = 0.35
# Two quotes whose terms overlap this much say the same thing (the same wire sentence edited).
NEAR_DUPLICATE = 0.8


class Kind(str, Enum):
    """What sort of reply an answer is."""

    ANSWER = "answer"
    NOT_FOUND = "not_found"
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    EMPTY = "empty"


@dataclass(frozen=True)
class SourceRef:
    """Where a quote was published."""

    article_id: str
    title: str
    source: str
    url: str
    published: str

    @classmethod
    def of(cls, article: Article) -> SourceRef:
        """The reference to an article."""
        return cls(article.id, article.title, article.source, article.url, article.published)


@dataclass(frozen=True)
class Quote:
    """A sentence quoted exactly, with every article that published it."""

    text: str
    score: float
    sources: tuple[SourceRef, ...]
    sentences: tuple[Sentence, ...]  # one occurrence per source, same order
    highlights: tuple[Span, ...] = ()  # where in `text` the answer to the question stands
    dates: tuple[DateMention, ...] = ()  # relative dates in `text`, resolved


@dataclass(frozen=True)
class Answer:
    """The reply to one question."""

    question: str
    kind: Kind
    quotes: tuple[Quote, ...] = ()
    message: str = ""  # for replies without quotes: what to tell the user
    corrections: tuple[Correction, ...] = ()  # question words read as others ("withdrawl")
    context: QueryContext | None = None  # a follow-up: what it took from the conversation
    language: str = ""  # the question's language as detected ('' for chatter): its articles'
    # How likely the first quote answers the question (bot.search.decision; 1.0 for a
    # follow-up its own rule accepted, 0.0 without quotes).
    confidence: float = 0.0
    terms: int = 0  # distinct terms the question was searched with
    # The confidence an answer nobody asked for needs: the threshold of the decision that
    # gave it (bot.search.decision.model_for: the semantic stage's own when it is on).
    unasked: float = MODEL.unasked

    @property
    def answered(self) -> bool:
        """True when the answer quotes the articles."""
        return self.kind is Kind.ANSWER and bool(self.quotes)

    @property
    def confident(self) -> bool:
        """True when the answer is sure enough to be given unasked (a group's "?" message)."""
        # Talk about the people in the chat ("are we still on for friday?") is not a question
        # about the news, whatever words it shares with an article; nor is one word ("is it
        # raining?" meets "Rain has not fallen in the region"): asked by name, the bot answers
        # both, unasked it leaves them alone.
        return (self.answered and self.confidence >= self.unasked and self.terms >= 2
                and not about_the_chat(self.question))


_GREETINGS = {
    "hi", "hello", "hey", "hiya", "howdy", "yo", "greetings", "good morning", "good afternoon",
    "good evening", "good day", "hi there", "hello there", "hey there", "morning", "sup",
    "whats up", "what's up", "hallo", "salut", "hola",
}
_THANKS = {
    "thanks", "thank you", "thx", "ty", "cheers", "thanks a lot", "thank you very much",
    "many thanks", "much appreciated", "great thanks", "ok thanks", "thank you so much",
    "thanks so much", "thanks!", "ta", "nice", "great", "cool", "ok", "okay",
    "perfect", "awesome", "got it", "bye", "goodbye", "see you", "good night",
}
_HELP = {
    "help", "what can you do", "who are you", "what are you", "how does this work",
    "how do i use this", "how do you work", "what do you know", "start", "menu",
}


_ASKS = re.compile(r"\b(?:who|what|whats|when|where|which|why|how|did|does|do|is|are|was|were|"
                   r"can|could|will|would|should|has|have|had)\b")


def classify_chatter(question: str) -> Kind | None:
    """Recognise greetings, thanks, requests for help and messages of chat words alone
    (Kind.EMPTY), which get a reply but no search."""
    words = " ".join(re.findall(r"[\w']+", fold(question).lower()))
    words = re.sub(r"\b(bot|newsbot|please|pls)\b", " ", words)
    words = " ".join(words.split())
    if words in _GREETINGS:
        return Kind.GREETING
    # "thanks for the help" is thanks; "thanks, and how many ...?" is a question.
    short_thanks = (words.startswith(("thanks ", "thank you ")) and len(words.split()) <= 6
                    and "?" not in question and not _ASKS.search(words))
    if words in _THANKS or short_thanks:
        return Kind.THANKS
    if words in _HELP:
        return Kind.HELP
    if only_chat(question):  # "@bot", "lol", "ok so um": nothing asked, the hint says how
        return Kind.EMPTY
    return None


def coverage_summary(articles: list[Article], limit: int = 5) -> str:
    """One line on what the corpus covers: titles, outlets and dates, newest first."""
    return _render_coverage(_coverage_state(articles), limit)


# Stories (one title, any number of outlets) kept whole in a summary's state, beyond the few
# shown: articles added later are placed among them without reading every article again.
COVERAGE_KEPT = 32


@dataclass(frozen=True)
class _CoverageState:
    """What coverage_summary shows and what updating it needs: the newest COVERAGE_KEPT
    stories, each with its articles newest first; how many stories there are; and a hash of
    every story's key (sorted), to tell whether an added article starts a new story."""

    count: int  # articles summarised
    stories: list[tuple[str, list[Article]]]
    n_stories: int
    hashes: np.ndarray  # int64, sorted


def _newest_key(day: dict[str, dt.date]) -> Callable[[Article], tuple[dt.date, str]]:
    """The sort key of 'newest first' (reversed), each distinct date string parsed once."""

    def key(article: Article) -> tuple[dt.date, str]:
        found = day.get(article.published)
        if found is None:
            found = day[article.published] = parse_published(article.published).date()
        return found, article.id

    return key


def _coverage_state(articles: list[Article]) -> _CoverageState:
    # Each distinct date string is parsed, and each distinct title keyed, once: a corpus of
    # 100k articles has far fewer (the same story in several outlets, days of many stories).
    newest = sorted(articles, key=_newest_key({}), reverse=True)
    keys: dict[str, str] = {}
    # The same story from several outlets is one topic: list each title once.
    seen: dict[str, list[Article]] = {}
    for article in newest:
        key = keys.get(article.title)
        if key is None:
            key = keys[article.title] = sentence_key(article.title)
        seen.setdefault(key, []).append(article)
    hashes = np.sort(np.fromiter(map(hash, seen), dtype=np.int64, count=len(seen)))
    return _CoverageState(len(articles), list(seen.items())[:COVERAGE_KEPT], len(seen), hashes)


def _coverage_added(state: _CoverageState, added: list[Article]) -> _CoverageState | None:
    """The state with articles added, as _coverage_state of all of them would give it; None
    when it cannot tell (an added article joins a story not kept and may lift it among the
    kept ones)."""
    order = _newest_key({})
    stories = {key: list(members) for key, members in state.stories}
    # Every story not kept has its newest article older than the last kept one's.
    boundary = order(state.stories[-1][1][0]) if len(state.stories) == COVERAGE_KEPT else None
    new_hashes: list[int] = []
    n_stories = state.n_stories
    for article in added:
        key = sentence_key(article.title)
        members = stories.get(key)
        if members is not None:
            members.append(article)
            members.sort(key=order, reverse=True)
            continue
        found = int(np.searchsorted(state.hashes, hash(key)))
        known = ((found < len(state.hashes) and int(state.hashes[found]) == hash(key))
                 or hash(key) in new_hashes)
        if known:
            if boundary is None or order(article) > boundary:
                return None
            continue  # an older story gets an older article: it stays where it was
        stories[key] = [article]
        new_hashes.append(hash(key))
        n_stories += 1
    ranked = sorted(stories.items(), key=lambda item: order(item[1][0]), reverse=True)
    hashes = (np.sort(np.concatenate([state.hashes, np.array(new_hashes, dtype=np.int64)]))
              if new_hashes else state.hashes)
    return _CoverageState(state.count + len(added), ranked[:COVERAGE_KEPT], n_stories, hashes)


def _render_coverage(state: _CoverageState, limit: int = 5) -> str:
    if not state.count:
        return messages.NO_ARTICLES_YET
    parts = []
    for _, group in state.stories[:limit]:
        outlets = ", ".join(dict.fromkeys(a.source for a in group))
        parts.append(f"“{group[0].title}” ({outlets}, {format_date(group[0].published)})")
    return messages.coverage(parts, more=state.n_stories - limit)


def format_date(published: str) -> str:
    """'2024-04-17T17:50:00+05:00' -> '17 Apr 2024' (in the reply language's own way:
    '17 апр. 2024 г.')."""
    moment = parse_published(published)
    return i18n_date(moment.date(), moment.strftime("%-d %b %Y"))


_COVERAGE: weakref.WeakKeyDictionary[SentenceIndex, tuple[int, str]] = \
    weakref.WeakKeyDictionary()
_COVERAGE_LINE = "coverage"  # its state, in the caches a line of snapshots shares


def index_coverage(index: SentenceIndex) -> str:
    """coverage_summary of the index's articles, worked out once per index and size (Library
    warms it after a swap). Snapshots of one line of growth (a saved index and the ones new
    files made from it) keep its state between them: a new snapshot's summary takes in only
    its new articles; a first one reads every article's header, 0.15 s at a million
    sentences (and every one again when an added article could reorder stories not kept)."""
    found = _COVERAGE.get(index)
    if found is None or found[0] != len(index.articles):
        state = None
        shared = index.line_caches()
        known = shared.get(_COVERAGE_LINE) if shared is not None else None
        if isinstance(known, _CoverageState) and known.count <= len(index.articles):
            state = _coverage_added(known, index.articles_since(known.count))
        if state is None:
            state = _coverage_state(index.articles.headers()
                                    if isinstance(index.articles, ArticleMap)
                                    else list(index.articles.values()))  # no bodies needed
        if shared is not None:
            shared[_COVERAGE_LINE] = state
        found = (len(index.articles), _render_coverage(state))
        _COVERAGE[index] = found
    return found[1]


def _messages(kind: Kind, index: SentenceIndex) -> str:
    if kind is Kind.GREETING:
        return messages.answer_greeting(index_coverage(index))
    if kind is Kind.THANKS:
        return messages.ANSWER_THANKS
    if kind is Kind.HELP:
        return messages.answer_help(index_coverage(index))
    if kind is Kind.EMPTY:
        return messages.answer_empty()
    return messages.answer_not_found(index_coverage(index))


def answer_question(index: SentenceIndex, question: str, top: int = DEFAULT_TOP,
                    context: QueryContext | None = None,
                    hint: LanguageHint | None = None) -> Answer:
    """Answer a question from the index: the top quotes, or why there are none.

    `context` (bot.search.followup.resolve) is what a follow-up takes from the conversation.
    Only articles in the question's language are searched (bot.search.lang.route); `hint`
    tells what else is known of the asker's language.
    """
    question = " ".join(question.split())[:MAX_QUESTION_CHARS]
    top = max(1, min(top, MAX_TOP))
    chatter = classify_chatter(question)
    if chatter is not None:
        return Answer(question, chatter, message=_messages(chatter, index))
    asked = core_question(question)
    language = question_language(index, asked, hint)
    index = index.for_language(language)
    query = analyse(index, asked, context)
    if not query.counts:
        return Answer(question, Kind.EMPTY, message=_messages(Kind.EMPTY, index),
                      language=language)
    hits = rank_query(index, query, k=max(4 * top, 20))
    model = model_for(index)
    quotes, confidence = _pick_quotes(index, query, hits, top, model)
    if context is not None and context.lean is Lean.IMPLICIT and not quotes:
        # "who came second?" found nothing in the articles just quoted: it is answered
        # exactly as it would be alone, and says nothing of the conversation.
        return answer_question(index, question, top, hint=hint)
    if not quotes:
        return Answer(question, Kind.NOT_FOUND, message=_messages(Kind.NOT_FOUND, index),
                      corrections=query.corrections, context=context, language=language)
    return Answer(question, Kind.ANSWER, quotes=tuple(quotes), corrections=query.corrections,
                  context=context, language=language, confidence=confidence,
                  terms=len(query.counts), unasked=model.unasked)


def _pick_quotes(index: SentenceIndex, query: Query, hits: list[Hit],
                 top: int, model: DecisionModel = MODEL) -> tuple[list[Quote], float]:
    """The quotes the answer decision (bot.search.decision; `model`: the index's, whose
    thresholds apply) trusts, most probable first, the near-duplicates left out, at most
    `top`, and the first one's probability; none when even the best is not likely enough. A
    follow-up keeps its own rule (bot.search.followup)."""
    if query.context is not None:
        found = _pick_followup_quotes(index, query, hits, top)
        return found, 1.0 if found else 0.0
    ranked = sorted(options(index, query, hits, max(DECIDE_TOP, top)),
                    key=lambda o: (-o.selected, o.place))
    if ranked:
        # Of the options the select model can hardly tell from its best, the one the answer
        # model trusts most comes first (bot.search.decision.TIE).
        first = ranked.pop(first_choice([o.selected for o in ranked],
                                        lambda i: ranked[i].probability))
        ranked.insert(0, first)

    def trusted(option: Option, needed: float) -> bool:
        return (option.probability >= needed
                or (option.probability >= COVER_FLOOR and covers_all(names, option.row or []))
                or (not asks and _found_lookup(query, option)))

    names = feature_names()
    asks = _asks(query)
    # ruled_out reads only the question's features (unknown, single_term, rarity), the same
    # in every option's row: judged once, on the first.
    if not ranked or ruled_out(names, ranked[0].row or [], asks, names_a_thing(query.text)) \
            or not trusted(ranked[0], model.threshold):
        return [], 0.0
    quotes: list[Quote] = []
    chosen_terms: list[set[str]] = []
    for option in ranked:
        if quotes and not trusted(option, model.more):
            continue
        sentence_terms = set(option.candidate.terms)
        if any(_overlap(sentence_terms, seen) >= NEAR_DUPLICATE for seen in chosen_terms):
            continue
        chosen_terms.append(sentence_terms)
        quotes.append(_make_quote(index, option.hits, query))
        if len(quotes) == top:
            break
    return quotes, ranked[0].probability


def _pick_followup_quotes(index: SentenceIndex, query: Query, hits: list[Hit],
                          top: int) -> list[Quote]:
    """A follow-up's quotes: hits in rank order that its rule accepts, near-duplicates out."""
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(sentence_key(hit.sentence.text), []).append(hit)
    best_score = hits[0].score if hits else 0.0
    terms_of = index_context(index).terms  # analysed once per sentence, cached with the index
    quotes: list[Quote] = []
    chosen_terms: list[set[str]] = []
    for group in groups.values():
        lead = group[0]
        if lead.score < MIN_RELATIVE_SCORE * best_score:
            break  # hits come best first: the rest score lower still
        if not _followup_accepts(index, query, lead.sentence):  # see bot.search.followup
            continue
        sentence_terms = set(terms_of(lead.doc))
        if any(_overlap(sentence_terms, seen) >= NEAR_DUPLICATE for seen in chosen_terms):
            continue
        chosen_terms.append(sentence_terms)
        quotes.append(_make_quote(index, group, query))
        if len(quotes) == top:
            break
    return quotes


def _found_lookup(query: Query, option: Option) -> bool:
    """True for a look-up ("bridge toll": a few words, no question; the caller has checked
    that it does not `_asks`) whose words the sentence has, all of them. The decision was
    learned on questions; a look-up asks for no fact, only for where its words are said."""
    if len(query.counts) > 4:
        return False
    return option.candidate.cover(option.candidate.counts) >= 0.999


def _asks(query: Query) -> bool:
    """True for a question ("is it raining?"), false for a look-up of words ("comet")."""
    return (question_type(query.text) is not QType.OTHER or bool(_ASKS.match(query.text.lower()))
            or query.text.rstrip().endswith("?"))


def _followup_accepts(index: SentenceIndex, query: Query, sentence: Sentence) -> bool:
    """The abstention rule of a follow-up (bot.search.followup.accepts)."""
    assert query.context is not None

    def has_answer(candidate: Sentence) -> bool:
        return bool(answer_spans(candidate.text, query.expect, query.text))

    return accepts(index, query.terms, query.context, sentence, query.expect, has_answer)


def _overlap(a: set[str], b: set[str]) -> float:
    """Jaccard overlap of two term sets."""
    return len(a & b) / len(a | b) if a and b else 0.0


_YEAR = re.compile(r"(?:1\d|20)\d\d")


def highlight_spans(index: SentenceIndex, text: str, query: Query) -> tuple[Span, ...]:
    """The parts of a quote that answer the question: dates for "when", names for "who" (full
    names when there are any), places for "where", and for "how many" the number nearest to
    the question's words (years only if nothing else)."""
    spans = answer_spans(text, query.expect, query.text, query.unit)
    if query.expect is Expect.NAME:
        full = [s for s in spans if " " in text[s[0]:s[1]]]
        spans = full or spans
    if query.expect is Expect.NUMBER and spans:
        counts = [s for s in spans if not _YEAR.fullmatch(text[s[0]:s[1]])]
        spans = counts or spans
        places = [m.start() for m in re.finditer(r"[\w'’-]+", text)
                  if any(t in query.counts for t in index.analyzer.terms(m.group()))]
        if places:
            def distance(span: Span) -> int:
                return min(min(abs(p - span[0]), abs(p - span[1])) for p in places)
            nearest = min(distance(s) for s in spans)
            spans = [s for s in spans if distance(s) == nearest]
    return tuple(spans)


def _make_quote(index: SentenceIndex, group: list[Hit], query: Query) -> Quote:
    """One quote from all hits of the same sentence: one source per article, oldest first."""
    by_article: dict[str, Hit] = {}
    for hit in group:
        by_article.setdefault(hit.sentence.article_id, hit)
    ordered = sorted(
        by_article.values(),
        key=lambda h: (_sort_time(index.articles[h.sentence.article_id].published),
                       h.sentence.article_id),
    )
    first = index.articles[ordered[0].sentence.article_id]
    text = _complete_quotation(first, ordered[0].sentence)
    return Quote(
        text=text,
        score=max(h.score for h in group),
        sources=tuple(SourceRef.of(index.articles[h.sentence.article_id]) for h in ordered),
        sentences=tuple(h.sentence for h in ordered),
        highlights=highlight_spans(index, text, query),
        dates=tuple(resolve_dates(text, first.published_date)),
    )


_OPENING = "“"
_CLOSING = "”"


def _complete_quotation(article: Article, sentence: Sentence) -> str:
    """The sentence, and the next ones of its paragraph while a quotation it opens is still
    open: "“The process has already started." alone does not say who said it."""
    text = sentence.text
    if text.count(_OPENING) <= text.count(_CLOSING):
        return text
    paragraphs = article.paragraphs
    if sentence.paragraph >= len(paragraphs):
        return text
    paragraph = paragraphs[sentence.paragraph]
    start = paragraph.find(text)
    if start < 0:
        return text
    end = start + len(text)
    for begin, stop in split_sentences_for(paragraph, article.language):
        if begin < end:
            continue
        if end - start > 2000 or begin - end > 3:
            break
        end = stop
        piece = paragraph[start:end]
        if piece.count(_OPENING) <= piece.count(_CLOSING):
            return piece
    return text


def _sort_time(published: str) -> str:
    """A sortable form of a publication: its date (times may lack a zone, so dates compare)."""
    return parse_published(published).date().isoformat()
