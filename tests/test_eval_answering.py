"""`eval squad2` and `eval news`: answer-or-abstain outcomes counted right, on tiny fixtures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from bot import cli
from bot.corpus import Article, format_article
from bot.errors import EvalError
from bot.evaluation.news import evaluate as evaluate_news
from bot.evaluation.news import load_questions, open_corpus
from bot.evaluation.outcomes import Outcome, Tally, holds_answer, judge
from bot.evaluation.squad2 import evaluate, load_squad2

KEYS = {"questions", "answerable", "unanswerable", "correct", "wrong", "missed", "abstained",
        "false_answers", "accuracy", "answered_precision", "answer_rate",
        "always_abstain_accuracy"}


def test_outcomes_and_figures_by_hand() -> None:
    assert judge(True, False, False) is Outcome.MISSED
    assert judge(True, True, True) is Outcome.CORRECT
    assert judge(True, True, False) is Outcome.WRONG
    assert judge(False, False, False) is Outcome.ABSTAINED
    assert judge(False, True, False) is Outcome.FALSE_ANSWER
    tally = Tally.of([Outcome.CORRECT] * 3 + [Outcome.WRONG, Outcome.MISSED]
                     + [Outcome.ABSTAINED] * 4 + [Outcome.FALSE_ANSWER])
    figures = tally.to_json()
    assert set(figures) == KEYS
    assert (figures["questions"], figures["answerable"], figures["unanswerable"]) == (10, 5, 5)
    assert figures["accuracy"] == 0.7  # (3 correct + 4 abstained) / 10
    assert figures["answered_precision"] == 0.6  # 3 of the 5 answers given
    assert figures["answer_rate"] == 0.5
    assert figures["always_abstain_accuracy"] == 0.5
    assert tally.rates() == {"first_quote_right": 0.6, "false_answer_rate": 0.2,
                             "abstention_rate": 0.2}


SQUAD2 = {"version": "v2.0", "data": [
    {"title": "Harbour_Bridge", "paragraphs": [{
        "context": "The Harbour Bridge opened in 1932 after eight years of work. It carries "
                   "eight lanes of traffic and two railway tracks.",
        "qas": [
            {"id": "a1", "question": "When did the Harbour Bridge open?", "is_impossible": False,
             "answers": [{"text": "1932", "answer_start": 29}]},
            {"id": "a2", "question": "When did the Harbour Bridge close?", "is_impossible": True,
             "answers": [], "plausible_answers": [{"text": "1932", "answer_start": 29}]},
        ]}]},
    {"title": "Comet_Lovejoy", "paragraphs": [{
        "context": "Comet Lovejoy was discovered by Terry Lovejoy in Australia. Its tail glowed "
                   "green.",
        "qas": [
            {"id": "b1", "question": "Who discovered Comet Lovejoy?", "is_impossible": False,
             "answers": [{"text": "Terry Lovejoy", "answer_start": 32}]},
            {"id": "b2", "question": "What is the price of gold in Peru?", "is_impossible": True,
             "answers": []},
        ]}]},
]}


@pytest.fixture
def squad2_file(tmp_path: Path) -> Path:
    path = tmp_path / "squad2.json.gz"
    path.write_bytes(gzip.compress(json.dumps(SQUAD2).encode()))
    return path


def test_the_gold_rule_wants_the_article_and_a_span() -> None:
    """One rule for `eval news` and the rerank tuning: the question's article, a span."""
    text = "The strike began on Monday."
    assert holds_answer(text, ["a5", "a6"], "a6", ["Tuesday", "Monday"])
    assert not holds_answer(text, ["a5"], "a6", ["Monday"])  # another article's sentence
    assert not holds_answer(text, ["a6"], "a6", ["Tuesday"])  # not the answer


def test_load_squad2_reads_gzip(squad2_file: Path) -> None:
    evalset = load_squad2(squad2_file)
    assert [a.title for a in evalset.articles] == ["Harbour Bridge", "Comet Lovejoy"]
    assert [(q.id, q.article, q.answerable) for q in evalset.questions] == [
        ("a1", 0, True), ("a2", 0, False), ("b1", 1, True), ("b2", 1, False)]
    assert evalset.questions[0].answers == ("1932",)


def test_squad2_through_the_answer_path(squad2_file: Path) -> None:
    evalset = load_squad2(squad2_file)
    report = evaluate(evalset)
    assert report.tally.questions == 4
    assert report.outcomes[0] is Outcome.CORRECT and report.outcomes[2] is Outcome.CORRECT
    assert report.outcomes[3] is Outcome.ABSTAINED  # no article speaks of gold or Peru
    odd = evaluate(evalset, half="odd")
    assert odd.tally.questions == 2 and odd.outcomes[0] is Outcome.CORRECT
    assert evaluate(evalset, half="even", limit=1).tally.questions == 1


def test_cli_eval_squad2_json(squad2_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", "squad2", str(squad2_file), "--json", "--half", "odd"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert KEYS <= set(result)
    assert result["questions"] == 2 and result["answerable"] == 1
    assert cli.main(["eval", "squad2", str(squad2_file), "--limit", "2"]) == 0
    assert "2 questions: 1 answerable, 1 unanswerable" in capsys.readouterr().out


def test_cli_eval_squad2_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(b"\x1f\x8b not really gzip")
    assert cli.main(["eval", "squad2", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "cannot read it as JSON" in err and "Traceback" not in err
    with pytest.raises(EvalError, match="not in SQuAD 2.0 format"):
        path = tmp_path / "wrong.json"
        path.write_text('{"data": [{"paragraphs": [{"context": "x"}]}]}')
        load_squad2(path)


def test_cli_eval_squad2_corrupt_gzip_body(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    # A good gzip header over a broken deflate stream raises zlib.error, not OSError.
    bad = tmp_path / "broken.json.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00garbagegarbage")
    assert cli.main(["eval", "squad2", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "cannot read it as JSON" in err and "Traceback" not in err


@pytest.fixture
def news_files(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article_id, title, body in (
        ("bbc-tech-001", "Chip maker grows", "Shares in Chipco rose 12% on Monday.\n\n"
         "The company hired 300 engineers in Dresden."),
        ("reuters-2", "Copper output falls", "Copper output in Chile fell 4% in March."),
    ):
        article = Article(article_id, title, f"https://example.com/{article_id}", "Wire",
                          "2005-01-01", body)
        (corpus / f"{article_id}.md").write_text(format_article(article), encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    records = [
        {"id": "n1", "article": "bbc-tech-001", "question": "hey how many engineers did chipco hire",
         "answer": "300", "answerable": True, "half": "tune", "style": ["greeting"]},
        {"id": "n2", "article": "reuters-2", "question": "how much did copper output in chile fall",
         "answer": "4%", "answerable": True, "half": "test", "style": []},
        {"id": "n3", "article": "reuters-2", "question": "who runs chile's biggest copper mine?",
         "answer": None, "answerable": False, "half": "test", "style": []},
    ]
    questions.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return questions, corpus


def test_news_eval_counts_each_half(news_files: tuple[Path, Path]) -> None:
    questions, corpus = news_files
    loaded = load_questions(questions)
    assert [q.answerable for q in loaded] == [True, True, False]
    index = open_corpus(corpus)
    assert not (corpus / ".newsbot-index").exists()  # nothing written beside the corpus
    report = evaluate_news(loaded, index, half="test")
    assert report.tally.questions == 2 and report.tally.answerable == 1
    assert report.outcomes[0] is Outcome.CORRECT
    everything = evaluate_news(loaded, index).to_json()
    assert everything["questions"] == 3
    assert {"first_quote_right", "false_answer_rate", "abstention_rate"} <= set(everything)


def test_cli_eval_news(news_files: tuple[Path, Path], tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    questions, corpus = news_files
    assert cli.main(["eval", "news", str(questions), "--corpus", str(corpus), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert KEYS <= set(result) and result["questions"] == 3
    assert cli.main(["eval", "news", str(questions), "--corpus", str(tmp_path / "none")]) == 1
    assert "not a directory" in capsys.readouterr().err
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "n1"}\n', encoding="utf-8")
    assert cli.main(["eval", "news", str(broken), "--corpus", str(corpus)]) == 1
    assert "line 1: not a question record" in capsys.readouterr().err
