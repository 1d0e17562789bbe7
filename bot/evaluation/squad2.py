"""SQuAD 2.0 as answer-or-abstain, through the bot's own answer path (`newsbot eval squad2`).

Each article of the file is one corpus article (its paragraphs kept) and every question is asked
of the whole corpus with `answer_question`. An answerable question is correct when the first
quote holds one of its gold answers and comes from its article; an unanswerable one (written to
look answerable from the same paragraph) is correct when the bot abstains. Articles are numbered
in file order; the even ones are for tuning, the odd ones are the held-out figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.corpus import Article
from bot.errors import EvalError
from bot.evaluation.outcomes import AnswerReport, answer_and_judge
from bot.evaluation.squad import SQUAD_PUBLISHED, _squash, read_json
from bot.search.index import SentenceIndex

HALVES = ("even", "odd", "all")


@dataclass(frozen=True)
class Squad2Question:
    """One question, its article and its gold answers (none when unanswerable)."""

    id: str
    text: str
    article: int  # number of the article in the file (its half: even or odd)
    article_id: str
    answers: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        """True when the paragraph answers it."""
        return bool(self.answers)


@dataclass(frozen=True)
class Squad2Set:
    """The articles (one per title) and the questions of a SQuAD 2.0 file."""

    articles: tuple[Article, ...]
    questions: tuple[Squad2Question, ...]


# `eval squad2` reports the shared answer-or-abstain figures as they are.
Squad2Report = AnswerReport


def load_squad2(path: Path | str) -> Squad2Set:
    """Read a SQuAD 2.0 JSON file (.json or .json.gz)."""
    path = Path(path)
    data = read_json(path)
    try:
        return _build(data["data"])
    except (KeyError, TypeError, IndexError, ValueError) as exc:
        kind = type(exc).__name__
        raise EvalError(f"{path}: not in SQuAD 2.0 format ({kind}: {exc})") from None


def _build(data: list[dict[str, Any]]) -> Squad2Set:
    articles: list[Article] = []
    questions: list[Squad2Question] = []
    for number, entry in enumerate(data):
        article_id = f"squad2-{number:03d}"
        paragraphs: list[str] = []
        for item in entry["paragraphs"]:
            paragraph, _ = _squash(item["context"])
            if not paragraph:
                continue
            paragraphs.append(paragraph)
            for qa in item["qas"]:
                impossible = bool(qa.get("is_impossible", False))
                answers = () if impossible else tuple(dict.fromkeys(
                    _squash(a["text"])[0] for a in qa["answers"] if a["text"].strip()))
                text = " ".join(str(qa["question"]).split())
                questions.append(Squad2Question(str(qa["id"]), text, number, article_id, answers))
        title = str(entry.get("title", f"article {number}"))
        articles.append(Article(
            id=article_id, title=title.replace("_", " "),
            url=f"https://en.wikipedia.org/wiki/{title}", source="SQuAD",
            published=SQUAD_PUBLISHED, body="\n\n".join(paragraphs),
        ))
    return Squad2Set(tuple(articles), tuple(questions))


def in_half(article_number: int, half: str) -> bool:
    """True if the article belongs to the half ('even', 'odd' or 'all')."""
    return half == "all" or (article_number % 2 == 0) == (half == "even")


def evaluate(evalset: Squad2Set, half: str = "all", limit: int | None = None,
             engine: str | None = None, index: SentenceIndex | None = None) -> Squad2Report:
    """Answer every question of the half (the first `limit`) and count the outcomes; `index`:
    the set's articles already indexed (e.g. with the semantic stage), else built here."""
    if index is None:
        index = (SentenceIndex(evalset.articles) if engine is None
                 else SentenceIndex(evalset.articles, engine=engine))
    questions = [q for q in evalset.questions if in_half(q.article, half)][:limit]
    return answer_and_judge(index, ((q.text, q.answerable, q.article_id, q.answers)
                                    for q in questions))
