"""Retrieval quality on SQuAD v1.1 as sentence retrieval (the ReQA / MultiReQA protocol).

Every sentence of every paragraph is a candidate (identical sentences count once); a question's
gold sentence is the one holding its answer's start; the bot's own ranking (bot.search.retrieve.rank)
orders the whole pool. Figures: P@1, R@5, R@10 and MRR, overall, per question type and per half
of the articles (even and odd numbered), so tuning on one half can be checked on the other.
"""

from __future__ import annotations

import gzip
import json
import logging
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.common.language import detect_language, normalize_language
from bot.common.textnorm import sentence_key
from bot.corpus import Article
from bot.errors import EvalError
from bot.search.index import Hit, SentenceIndex
from bot.search.lang import split_sentences_for
from bot.search.qtypes import QType, question_type

logger = logging.getLogger(__name__)

# Ranks are looked at this deep; a gold sentence further down counts as not found (MRR adds 0,
# where the full-pool reciprocal rank would add less than 1/DEPTH).
DEPTH = 100
SQUAD_PUBLISHED = "2016-06-16"  # SQuAD v1.1's release: the articles need some date

Ranker = Callable[[SentenceIndex, str, int], list[Hit]]


@dataclass(frozen=True)
class EvalQuestion:
    """One question with the key of the sentence that holds its answer."""

    id: str
    text: str
    article: int  # number of the article in the data set (its half: even or odd)
    gold: str  # sentence_key of the gold sentence
    qtype: QType


@dataclass(frozen=True)
class EvalSet:
    """Articles made from the data set's paragraphs, and its questions."""

    articles: tuple[Article, ...]
    questions: tuple[EvalQuestion, ...]


@dataclass(frozen=True)
class Metrics:
    """Ranking figures over a set of questions."""

    questions: int
    p_at_1: float
    r_at_5: float
    r_at_10: float
    mrr: float

    def to_json(self) -> dict[str, Any]:
        """The figures rounded to 4 places."""
        return {"questions": self.questions, "p_at_1": round(self.p_at_1, 4),
                "r_at_5": round(self.r_at_5, 4), "r_at_10": round(self.r_at_10, 4),
                "mrr": round(self.mrr, 4)}


@dataclass(frozen=True)
class EvalReport:
    """The result of one evaluation run."""

    candidates: int
    overall: Metrics
    by_type: dict[str, Metrics]
    halves: dict[str, Metrics]
    index_seconds: float
    rank_seconds: float
    # Distinct sentences per article language: a language whose text is not split into
    # sentences shows it here (a count near the number of paragraphs).
    languages: dict[str, int] = field(default_factory=dict)
    ranks: tuple[int | None, ...] = field(default=(), repr=False)  # per question, 1-based

    def to_json(self) -> dict[str, Any]:
        """The stable --json schema (questions, candidates, p_at_1, ..., by_type) plus extras."""
        return {
            "questions": self.overall.questions,
            "candidates": self.candidates,
            "p_at_1": round(self.overall.p_at_1, 4),
            "r_at_5": round(self.overall.r_at_5, 4),
            "r_at_10": round(self.overall.r_at_10, 4),
            "mrr": round(self.overall.mrr, 4),
            "by_type": {name: m.to_json() for name, m in self.by_type.items()},
            "halves": {name: m.to_json() for name, m in self.halves.items()},
            "languages": {lang: {"sentences": n} for lang, n in sorted(self.languages.items())},
            "depth": DEPTH,
            "index_seconds": round(self.index_seconds, 2),
            "rank_seconds": round(self.rank_seconds, 2),
        }


def metrics(ranks: Sequence[int | None]) -> Metrics:
    """P@1, R@5, R@10 and MRR from 1-based gold ranks (None: not in the first DEPTH)."""
    n = len(ranks)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0, 0.0)
    found = [r for r in ranks if r is not None]
    return Metrics(
        questions=n,
        p_at_1=sum(r == 1 for r in found) / n,
        r_at_5=sum(r <= 5 for r in found) / n,
        r_at_10=sum(r <= 10 for r in found) / n,
        mrr=sum(1.0 / r for r in found) / n,
    )


def _squash(text: str) -> tuple[str, list[int]]:
    """Whitespace runs -> one space, ends stripped; and the new offset of every old offset."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for ch in text:
        if ch.isspace():
            pending_space = bool(out)
            offsets.append(len(out) + (1 if pending_space else 0))
            continue
        if pending_space:
            out.append(" ")
            pending_space = False
        offsets.append(len(out))
        out.append(ch)
    offsets.append(len(out))
    return "".join(out), offsets


def _gold_sentence(paragraph: str, spans: Sequence[tuple[int, int]], start: int) -> str:
    """The sentence of the paragraph holding offset `start` (or the next one after a gap)."""
    for begin, end in spans:
        if start < end:
            return paragraph[begin:end]
    return paragraph[spans[-1][0]:spans[-1][1]]


def read_json(path: Path) -> Any:
    """A JSON file, gzipped or not (SQuAD's files come both ways)."""
    try:
        raw = path.read_bytes()
        if raw[:2] == b"\x1f\x8b":  # gzip's magic number, whatever the file is called
            raw = gzip.decompress(raw)
        return json.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        raise EvalError(f"{path}: no such file") from None
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvalError(f"{path}: cannot read it as JSON ({exc})") from None


def load_squad(path: Path | str, language: str | None = None) -> EvalSet:
    """Read a SQuAD v1.1 JSON file (or .json.gz) into articles (one per title) and questions.

    Each article's language is detected from its text, as ingestion does for a page that does
    not say (XQuAD gives the same articles in other languages), unless `language` is given.
    """
    path = Path(path)
    data = read_json(path)
    try:
        return _build_set(data["data"], normalize_language(language) or None)
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        kind = type(exc).__name__
        raise EvalError(f"{path}: not in SQuAD v1.1 format ({kind}: {exc})") from None


def _build_set(data: list[dict[str, Any]], language: str | None = None) -> EvalSet:
    articles: list[Article] = []
    questions: list[EvalQuestion] = []
    for number, entry in enumerate(data):
        squashed = [_squash(item["context"]) for item in entry["paragraphs"]]
        paragraphs: list[str] = [paragraph for paragraph, _ in squashed if paragraph]
        article_language = language or detect_language(" ".join(paragraphs)[:3000])
        for item, (paragraph, offsets) in zip(entry["paragraphs"], squashed):
            # The index reads paragraphs back from the body: keep each one a single line.
            if not paragraph:
                continue
            spans = split_sentences_for(paragraph, article_language)
            for qa in item["qas"]:
                start = offsets[min(int(qa["answers"][0]["answer_start"]), len(offsets) - 1)]
                gold = sentence_key(_gold_sentence(paragraph, spans, start))
                text = " ".join(str(qa["question"]).split())
                questions.append(EvalQuestion(str(qa["id"]), text, number, gold,
                                              question_type(text)))
        title = str(entry.get("title", f"article {number}"))
        articles.append(Article(
            id=f"squad-{number:03d}", title=title.replace("_", " "),
            url=f"https://en.wikipedia.org/wiki/{title}", source="SQuAD",
            published=SQUAD_PUBLISHED, body="\n\n".join(paragraphs), language=article_language,
        ))
    return EvalSet(tuple(articles), tuple(questions))


def gold_rank(hits: Iterable[Hit], gold: str) -> int | None:
    """1-based rank of the gold sentence among distinct sentences, or None if absent."""
    seen: set[str] = set()
    for hit in hits:
        key = sentence_key(hit.sentence.text)
        if key in seen:
            continue
        seen.add(key)
        if key == gold:
            return len(seen)
    return None


def evaluate(
    evalset: EvalSet,
    ranker: Ranker | None = None,
    limit: int | None = None,
    engine: str | None = None,
    index: SentenceIndex | None = None,
) -> EvalReport:
    """Index the articles, rank every question's sentences, and compute the figures."""
    if ranker is None:
        from bot.search.retrieve import rank
        ranker = rank
    started = time.perf_counter()
    if index is None:
        index = (SentenceIndex(evalset.articles) if engine is None
                 else SentenceIndex(evalset.articles, engine=engine))
    index_seconds = time.perf_counter() - started
    questions = evalset.questions[:limit] if limit is not None else evalset.questions
    started = time.perf_counter()
    rank_with: Ranker = ranker
    ranks = tuple(gold_rank(rank_with(index, q.text, DEPTH), q.gold) for q in questions)
    rank_seconds = time.perf_counter() - started
    keys_by_language: dict[str, set[str]] = {}
    for s in index.sentences:
        language = index.articles[s.article_id].language
        keys_by_language.setdefault(language, set()).add(sentence_key(s.text))
    candidates = len({sentence_key(s.text) for s in index.sentences})
    by_type = {t.value: metrics([r for r, q in zip(ranks, questions) if q.qtype is t])
               for t in QType}
    halves = {name: metrics([r for r, q in zip(ranks, questions) if q.article % 2 == parity])
              for name, parity in (("even", 0), ("odd", 1))}
    languages = {lang: len(keys) for lang, keys in keys_by_language.items()}
    return EvalReport(candidates, metrics(ranks), by_type, halves, index_seconds, rank_seconds,
                      languages, ranks)


def report_text(report: EvalReport) -> str:
    """The figures as a small table."""
    head = f"{'':<12}{'questions':>10}{'P@1':>8}{'R@5':>8}{'R@10':>8}{'MRR':>8}"

    def row(name: str, m: Metrics) -> str:
        return (f"{name:<12}{m.questions:>10}{m.p_at_1:>8.3f}{m.r_at_5:>8.3f}"
                f"{m.r_at_10:>8.3f}{m.mrr:>8.3f}")

    by_language = ", ".join(f"{lang} {n}" for lang, n in sorted(report.languages.items()))
    lines = [f"{report.candidates} candidate sentences ({by_language}); ranks looked at {DEPTH} "
             "deep", head,
             row("all", report.overall)]
    lines += [row(f"{name} half", m) for name, m in report.halves.items()]
    lines += [row(name, m) for name, m in report.by_type.items() if m.questions]
    lines.append(f"index {report.index_seconds:.1f} s, ranking {report.rank_seconds:.1f} s "
                 f"({1000 * report.rank_seconds / max(1, report.overall.questions):.1f} ms a "
                 "question)")
    return "\n".join(lines)
