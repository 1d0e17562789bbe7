"""Follow-up questions: which ones lean on the conversation, and what they lean on.

Telegram-free and pure. A conversation is the last few questions and what their answers
quoted (article ids and sentence positions); it is stored by the bot or the terminal session
(bot/chat/store.py) and handed in here. A question that stands on its own is answered as
before; one that leans on the earlier ones ("and why?", "who confirmed it?", "how many of
them?", "what about Armenia?") gets a QueryContext: the earlier question's and quotes' search
terms at a lower weight and the articles just quoted, which the answer path (bot.search.retrieve
and bot.search.answer) adds to its own terms. Context only helps to choose among sentences
that answer the question: it never makes a question about something else answerable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from bot.common.limits import MAX_QUESTION_CHARS
from bot.common.textnorm import fold
from bot.search.index import Sentence, SentenceIndex
from bot.search.phrasing import core_question, written_out
from bot.search.qtypes import Expect, expected_answer

# Turns kept per conversation: a follow-up leans on the last one or two.
MAX_TURNS = 4
# Weights of context terms, relative to the question's own words (1.0). Tuned on the tuning
# half of benchmarks/dialogues (see README, "Follow-up questions").
TOPIC_WEIGHT = 0.7  # the words of the question the conversation is about
LAST_WEIGHT = 0.4  # the words of the last question, when it was itself a follow-up
UNANSWERED_WEIGHT = 0.4  # the words of a question asked since, that got no answer
QUOTE_WEIGHT = 0.15  # the words of the first quote of the last answer
OTHER_QUOTE_WEIGHT = 0.08  # the words of its other quotes
# Added to the rerank score of a sentence of an article the last answer quoted (the first
# quote's article gets all of it, the others half), and of a sentence it quoted.
ARTICLE_BONUS = 3.0
SENTENCE_BONUS = 0.5
# Taken from the rerank score of the last answer's first quote when the follow-up asks for
# another kind of thing ("who confirmed it?" after "when did it start?"): that quote answered
# the other question.
REPEAT_PENALTY = 3.0
# A follow-up's quote must hold this idf-weighted share of its own terms, as any question's
# must; and, outside the articles just quoted, its neighbours and it this share of the context's
# terms (weighted as above).
MIN_OWN_COVERAGE = 0.5
MIN_CONTEXT_COVERAGE = 0.3
# A short question whose subject goes without saying ("who came second?") is answered from the
# articles just quoted only by a sentence holding this share of its words and, if it asks for a
# kind of thing (a name for "who"), one that is new to the question.
MIN_IMPLICIT_COVERAGE = 0.5


class Lean(str, Enum):
    """How a question leans on the conversation."""

    ELLIPSIS = "ellipsis"  # no subject of its own: "and why?", "when?", "how many?"
    PRONOUN = "pronoun"  # a pronoun with nothing in the question to refer to: "who confirmed it?"
    ABOUT = "about"  # the last question again, about something else: "what about Armenia?"
    IMPLICIT = "implicit"  # a short question whose subject goes without saying: "who came second?"


@dataclass(frozen=True)
class Turn:
    """One question of a conversation and what its answer quoted."""

    question: str
    topic: str  # the question the turn was about: itself, or for a follow-up the one it leaned on
    quoted: tuple[tuple[str, int], ...] = ()  # (article id, sentence position), best first
    followup: bool = False

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form (stored in SQLite)."""
        return {"question": self.question, "topic": self.topic,
                "quoted": [list(q) for q in self.quoted], "followup": self.followup}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Turn:
        """The turn stored by to_json."""
        return cls(str(data["question"]), str(data["topic"]),
                   tuple((str(a), int(p)) for a, p in data.get("quoted", ())),
                   bool(data.get("followup", False)))


@dataclass(frozen=True)
class Conversation:
    """The last turns of a conversation, oldest first."""

    turns: tuple[Turn, ...] = ()

    def add(self, turn: Turn) -> Conversation:
        """The conversation with one more turn (the oldest beyond MAX_TURNS dropped)."""
        return Conversation((*self.turns, turn)[-MAX_TURNS:])

    def dumps(self) -> str:
        """The conversation as a JSON string."""
        return json.dumps([t.to_json() for t in self.turns], ensure_ascii=False)

    @classmethod
    def loads(cls, text: str) -> Conversation:
        """The conversation stored by dumps (an empty one if it cannot be read)."""
        try:
            return cls(tuple(Turn.from_json(t) for t in json.loads(text)))
        except (ValueError, TypeError, KeyError):
            return cls()


@dataclass(frozen=True)
class QueryContext:
    """What a follow-up takes from the conversation, for the answer path."""

    lean: Lean
    terms: Mapping[str, float]  # search terms and their weights (below the question's own 1.0)
    articles: tuple[str, ...] = ()  # the articles just quoted, the first quote's first
    sentences: frozenset[tuple[str, int]] = frozenset()  # the sentences just quoted
    repeat: frozenset[tuple[str, int]] = frozenset()  # the first quote, if it answered another kind
    topic: str = ""  # the earlier question this one leans on
    about: str = ""  # the title of the article it was about
    weights: Mapping[str, float] = field(default_factory=dict)  # tuning overrides (eval only)

    def bonus(self, sentence: Sentence) -> float:
        """What the rerank score of a sentence gains for being where the last answer was."""
        gain = 0.0
        if self.articles and sentence.article_id == self.articles[0]:
            gain += self.weights.get("article_bonus", ARTICLE_BONUS)
        elif sentence.article_id in self.articles:
            gain += self.weights.get("article_bonus", ARTICLE_BONUS) / 2
        where = (sentence.article_id, sentence.position)
        if where in self.sentences:
            gain += self.weights.get("sentence_bonus", SENTENCE_BONUS)
        if where in self.repeat:
            gain -= self.weights.get("repeat_penalty", REPEAT_PENALTY)
        return gain

    def to_json(self) -> dict[str, Any]:
        """The --json form: what was understood."""
        return {"lean": self.lean.value, "topic": self.topic, "about": self.about,
                "articles": list(self.articles),
                "terms": sorted(self.terms, key=lambda t: (-self.terms[t], t))[:12]}


# --- detection ---------------------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
_WH = frozenset("who whom whose what which when where why how".split())
# Pronouns that point back to something said before.
_POINTERS = frozenset("it its it's they them their theirs he him his she her hers this that "
                      "these those there".split())
# A question to the bot itself is never a follow-up ("do you know it?").
_PERSONAL = frozenset("you your you're yours yourself i i'm me my mine we us our".split())
# "it" in these says nothing about the conversation: "what time is it?".
_DUMMY_IT = re.compile(r"\b(?:what|which)\s+(?:time|day|date|year|month)\s+is\s+it\b|"
                       r"\bis\s+it\s+(?:raining|sunny|cold|hot|true|ok|okay)\b")
# "this year", "that morning", "these days": when, not what was said before ("who's hosting
# the oscars this year"); "is there", "are there" opening a question: there is no place in it;
# "that the ...": a clause follows ("who confirmed that the peacekeepers are leaving?").
_NOT_POINTING = re.compile(r"\b(?:this|that|these|those|next|last)\s+(?:morning|afternoon|"
                           r"evening|night|day|days|week|weekend|month|year|season|time|summer|"
                           r"winter|spring|autumn|fall|quarter)\b|^(?:is|are|was|were)\s+there\b|"
                           r"\bthat(?=\s+(?:the|a|an)\b)")
# Longest follow-up taken for ellipsis or pronoun reference: a longer question names its subject.
MAX_OWN_TERMS = 3
MAX_IMPLICIT_TERMS = 3
_ABOUT = re.compile(r"^(?:(?:and|but|so|ok|okay)\s+)?(?:what|how)\s+about\s+(?P<rest>.+)$")


def lean(question: str, own_terms: Sequence[str]) -> Lean | None:
    """How a question leans on the conversation, or None when it stands on its own.

    `own_terms` are its search terms (bot.search.text.Analyzer.query_terms): a question with
    many of them names its own subject.
    """
    text = " ".join(fold(question).lower().replace("’", "'").split())
    words = _WORD.findall(text)
    if not words or _PERSONAL.intersection(words):
        return None
    if _ABOUT.match(text.rstrip("?!. ")) and own_terms:
        return Lean.ABOUT
    if len(own_terms) > MAX_OWN_TERMS or _DUMMY_IT.search(text):
        return None
    if not own_terms:
        # "and why?", "when?", "how many?": a wh-word with nothing to ask about.
        return Lean.ELLIPSIS if _WH.intersection(words) else None
    if _POINTERS.intersection(_WORD.findall(_NOT_POINTING.sub(" ", text))):
        return Lean.PRONOUN
    # "and the price?", "and in 2004?": a continuation with no wh-word of its own.
    if words[0] in ("and", "also") and not _WH.intersection(words[1:2]):
        return Lean.ABOUT
    # "why did ... ?" with a single term and a verb only ("who won?", "how many left?").
    if len(own_terms) == 1 and words[0] in _WH and len(words) <= 3:
        return Lean.ELLIPSIS
    # "who came second?", "how many people voted?": short, a wh-question, no subject named.
    # It is answered from the articles just quoted if one of their sentences holds its words,
    # else exactly as it would be alone.
    if len(own_terms) <= MAX_IMPLICIT_TERMS and _WH.intersection(words[:2]):
        return Lean.IMPLICIT
    return None


# --- resolution ---------------------------------------------------------------------------------

def resolve(index: SentenceIndex, question: str, conversation: Conversation,
            weights: Mapping[str, float] | None = None) -> QueryContext | None:
    """The context a follow-up question takes from the conversation, or None (a question that
    stands on its own, or nothing to lean on)."""
    # A follow-up leans on the last answered question and what it quoted; an unanswered one
    # after it (it may have been about something else, "what time is it?") adds its words.
    # The question as answer_question reads it: no more of a long message is peeled.
    question = " ".join(question.split())[:MAX_QUESTION_CHARS]
    conversation = before_asked(question, conversation)
    if not conversation.turns:
        return None
    last = next((t for t in reversed(conversation.turns) if t.quoted), None)
    latest = conversation.turns[-1]
    def terms_of(text: str) -> list[str]:
        # The question without the chat around it ("hey", "thx", "@bot"), as answering reads it.
        return index.analyzer.query_terms(core_question(text))

    own = terms_of(question)
    # Detection reads the question as typed ("and ...?" leans on the last one), written out.
    how = lean(written_out(question), own)
    if how is Lean.PRONOUN and _names_its_subject(index, question):
        how = None  # "coastal corp, who is its chairman?": "its" is the question's own
    if how is None or (how is Lean.ELLIPSIS and last is None):
        # "and why?" with no answer before it has nothing to point back to: the articles did
        # not say what it would be about, and it has no words of its own to search for.
        return None
    weights = dict(weights or {})
    terms: dict[str, float] = {}

    def add(found: Iterable[str], weight: float) -> None:
        for term in found:
            if term not in own and index.engine.doc_freq(term) > 0:
                terms[term] = max(terms.get(term, 0.0), weight)

    if last is not None:
        add(terms_of(last.topic), weights.get("topic", TOPIC_WEIGHT))
        if last.followup and how is not Lean.ABOUT:
            add(terms_of(last.question), weights.get("last", LAST_WEIGHT))
    if latest is not last:
        add(terms_of(latest.topic), weights.get("unanswered", UNANSWERED_WEIGHT))
    quoted = [s for s in (_sentence(index, a, p) for a, p in (last.quoted if last else ()))
              if s is not None]
    for number, sentence in enumerate(quoted):
        weight = QUOTE_WEIGHT if number == 0 else OTHER_QUOTE_WEIGHT
        weight = weights.get("quote" if number == 0 else "other_quote", weight)
        add(index.analyzer.terms(sentence.text), weight)
    if how is Lean.ABOUT:
        # "what about Armenia?" replaces the subject: the old one's names weigh less.
        terms = {t: w / 2 for t, w in terms.items()}
    if not terms:
        return None
    articles = tuple(dict.fromkeys(s.article_id for s in quoted))
    about = index.articles[articles[0]].title if articles else ""
    topic = (last or latest).topic
    repeat: frozenset[tuple[str, int]] = frozenset()
    expect = expected_answer(question)
    if quoted and last is not None and expect not in (Expect.NONE, expected_answer(last.question)):
        repeat = frozenset({(quoted[0].article_id, quoted[0].position)})
    return QueryContext(how, terms, articles,
                        frozenset((s.article_id, s.position) for s in quoted), repeat,
                        topic=topic, about=about, weights=weights)


# A pointer to what an answer said, not to something a question named: "who said that?", "when
# was that?", "why is that?", "is that true?", "who confirmed it?" ("who said that russia
# left?" asks a question of its own: "that" opens a clause). After a question the
# articles did not answer there is no such answer ("how big was it last year?" after an
# unanswered question about the deficit points to the deficit, and still leans on it).
_TO_AN_ANSWER = re.compile(
    r"\b(?P<word>that|this)(?=\s*[?!.]*\s*$|\s+(?:is|was|true|right|correct|so|mean|means|meant|"
    r"happen|happened)\b)|"
    r"\b(?:say|says|said|confirm|confirms|confirmed|deny|denies|denied|report|reports|reported|"
    r"announce|announces|announced|claim|claims|claimed|tweet|tweeted|write|wrote|believe|"
    r"believes|believed)\s+(?P<said>it\b|(?:that|this)(?=\s*(?:[?!.,]|$)|\s+(?:again|first|too|"
    r"also|then|today|yesterday|before|earlier|exactly)\b))|\bis\s+(?P<true>it)\s+true\b")


def points_to_no_answer(index: SentenceIndex, question: str,
                        conversation: Conversation) -> tuple[str, str] | None:
    """The unanswered question and the words pointing back to its answer, when a follow-up
    asks about an answer that was never given ("who said that?", "and why?" right after
    "That's not in the articles I have"; after an earlier answer, only "that"/"this" pointing
    back: "who said that?"); None otherwise.

    Such a question does not stand on its own (a pronoun or nothing to ask about), and the
    last answer it could mean was a refusal: quoting a sentence that merely shares the
    unanswered question's words would pretend the articles had answered it.
    """
    question = " ".join(question.split())[:MAX_QUESTION_CHARS]
    conversation = before_asked(question, conversation)
    if not conversation.turns or conversation.turns[-1].quoted:
        return None
    # After an answer, an unanswered question in between (often off-topic, "what time is
    # it?") does not break the thread: "who confirmed it?", "and why?" lean on that answer.
    # Only "that"/"this" pointing back ("who said that?") means the last thing asked.
    answered_before = any(turn.quoted for turn in conversation.turns)
    asked = written_out(core_question(question))
    own = index.analyzer.query_terms(asked)
    how = lean(asked, own)
    if how is Lean.ELLIPSIS and not own and not answered_before:
        return conversation.turns[-1].question, question  # "and why?": nothing else to ask
    if how not in (Lean.PRONOUN, Lean.ELLIPSIS) or _names_its_subject(index, question):
        return None
    found = _TO_AN_ANSWER.search(" ".join(fold(asked).lower().replace("’", "'").split()))
    if found is None:
        return None
    word = found.group("word") or found.group("said") or found.group("true")
    if answered_before and word not in ("that", "this"):
        return None
    return conversation.turns[-1].question, word


# "coastal corp, who is its chairman?", "nova, how much of husky does it own?": a subject named
# before the question, which its pronoun points to.
_SUBJECT_FIRST = re.compile(r"^(?P<subject>[^,?!.]+),\s*(?:who|whom|whose|what|which|when|where|"
                            r"why|how)\b", re.IGNORECASE)


def _names_its_subject(index: SentenceIndex, question: str) -> bool:
    """Whether a question names what its pronoun points to before asking ("X, who is its
    chairman?"): then it stands on its own. Chat before it ("ok, who ...") names nothing."""
    found = _SUBJECT_FIRST.match(written_out(core_question(question)))
    return found is not None and bool(index.analyzer.query_terms(found.group("subject")))


def before_asked(question: str, conversation: Conversation) -> Conversation:
    """The conversation as it was when the question was first asked in it (all of it if it
    was not).

    A question asked again ("when did it start?" twice, or with "hey ... thx" around it the
    second time) must not lean on its own earlier answer: its quotes would join the search
    terms and score a bonus, and the same question would quote the same sentences in another
    order, or others. Asked again, it leans on what it leaned on the first time, so it gets
    the same answer.
    """
    asked = _asked(question)
    if not asked:
        return conversation
    for number, turn in enumerate(conversation.turns):
        if _asked(turn.question) == asked:
            return Conversation(conversation.turns[:number])
    return conversation


def _asked(question: str) -> tuple[str, ...]:
    """What a question asks, as words: its chat words, case and punctuation left out."""
    return tuple(_WORD.findall(fold(core_question(question)).lower().replace("’", "'")))


def _sentence(index: SentenceIndex, article_id: str, position: int) -> Sentence | None:
    """A quoted sentence, if the article still has it."""
    if article_id not in index.articles:
        return None
    docs = index.article_docs(article_id)
    if not 0 <= position < len(docs):
        return None
    sentence = index.sentences[docs.start + position]
    return sentence if sentence.position == position else None


def next_turn(question: str, context: QueryContext | None,
              quoted: Sequence[Sentence]) -> Turn:
    """The turn to remember after answering a question (with or without context)."""
    where = tuple((s.article_id, s.position) for s in quoted)
    if context is None:
        return Turn(question, question, where)
    return Turn(question, context.topic, where, followup=True)


# --- answering ----------------------------------------------------------------------------------

def accepts(index: SentenceIndex, own_terms: Sequence[str], context: QueryContext,
            sentence: Sentence, expect: Expect,
            has_answer: Callable[[Sentence], bool]) -> bool:
    """Whether a follow-up may quote a sentence.

    Its own words must be in the sentence as any question's must (the context never makes a
    question about something else answerable); what it leans on must be where the sentence
    stands: in an article the last answer quoted, or in the sentence and its neighbours.
    A follow-up that points back with a pronoun and has at most two words of its own ("who
    confirmed it?"), none of them in the article, may quote a sentence the last answer quoted,
    if that holds the kind of answer it asks for (a name for "who"): the conversation says what
    "it" is, and the article says it in other words ("Peskov said: “Yes, that's true.”").
    """
    own = list(dict.fromkeys(own_terms))
    where = (sentence.article_id, sentence.position)
    if (context.lean is Lean.PRONOUN and len(own) <= 2 and where in context.sentences
            and expect is not Expect.NONE and not _in_article(index, own, sentence.article_id)
            and has_answer(sentence)):
        return True  # "who confirmed it?": "it" is what the last answer quoted
    if own and index.coverage(own, sentence) < context.weights.get("own", MIN_OWN_COVERAGE):
        return False
    if context.lean is Lean.IMPLICIT:  # only the articles just quoted; else as alone
        return (sentence.article_id in context.articles
                and index.coverage(own, sentence) >= context.weights.get("implicit_own",
                                                                         MIN_IMPLICIT_COVERAGE)
                and (expect is Expect.NONE or not context.weights.get("implicit_type", 1.0)
                     or has_answer(sentence)))
    if sentence.article_id in context.articles:
        return True
    present: set[str] = set()
    for neighbour in index.neighbours(sentence):
        present.update(index.analyzer.terms(neighbour.text))
    total = covered = 0.0
    for term, weight in context.terms.items():
        idf = weight * index.idf(term)
        total += idf
        covered += idf if term in present else 0.0
    needed = context.weights.get("coverage", MIN_CONTEXT_COVERAGE)
    return total > 0 and covered / total >= needed


def _in_article(index: SentenceIndex, terms: Sequence[str], article_id: str) -> bool:
    """Whether any of the terms occurs in the article."""
    wanted = set(terms)
    return any(wanted.intersection(index.analyzer.terms(index.sentences[doc].text))
               for doc in index.article_docs(article_id))
