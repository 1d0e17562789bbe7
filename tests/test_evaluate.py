"""The SQuAD evaluation: gold sentences, metrics with known ranks, the CLI, on a tiny fixture."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from bot.common.textnorm import sentence_key
from bot.errors import EvalError
from bot.evaluation.squad import DEPTH, evaluate, gold_rank, load_squad, metrics
from bot.search.index import Hit, SentenceIndex
from bot.search.qtypes import QType

TINY = Path(__file__).parent / "data" / "squad_tiny.json"


def in_index_order(index: SentenceIndex, question: str, k: int) -> list[Hit]:
    """A ranker that ignores the question: every sentence in index order."""
    return [Hit(doc, s, 1.0) for doc, s in enumerate(index.sentences)][:k]


def test_metrics_from_hand_ranks() -> None:
    m = metrics([1, 2, None, 6, 11])
    assert m.questions == 5
    assert m.p_at_1 == pytest.approx(1 / 5)
    assert m.r_at_5 == pytest.approx(2 / 5)
    assert m.r_at_10 == pytest.approx(3 / 5)
    assert m.mrr == pytest.approx((1 + 1 / 2 + 1 / 6 + 1 / 11) / 5)
    assert metrics([]).questions == 0


def test_load_squad_finds_the_gold_sentence_by_answer_start() -> None:
    evalset = load_squad(TINY)
    assert [a.title for a in evalset.articles] == ["Harbour Bridge", "Comet Lovejoy"]
    golds = {q.text: q.gold for q in evalset.questions}
    assert golds["How many railway tracks does the bridge carry?"] == sentence_key(
        "It carries eight lanes of traffic and two railway tracks.")
    # The context has a double space and a newline: offsets still land in the right sentence.
    assert golds["How long is the main arch?"] == sentence_key("Its main arch spans 503 metres.")
    assert [q.article for q in evalset.questions] == [0, 0, 0, 0, 1, 1, 1]
    assert evalset.questions[0].qtype is QType.WHEN


def test_gold_rank_counts_identical_sentences_once() -> None:
    evalset = load_squad(TINY)
    index = SentenceIndex(evalset.articles)
    hits = in_index_order(index, "", 100)
    doubled = [hits[0], hits[0], *hits[1:]]
    assert gold_rank(doubled, sentence_key(hits[2].sentence.text)) == 3
    assert gold_rank(hits, "no such sentence") is None


def test_evaluate_with_known_ranks() -> None:
    report = evaluate(load_squad(TINY), ranker=in_index_order)
    # Gold positions in index order: 1, 2, 4, 5 (bridge) and 7, 9, 9 (comet).
    assert report.ranks == (1, 2, 4, 5, 7, 9, 9)
    assert report.candidates == 9
    assert report.overall.p_at_1 == pytest.approx(1 / 7)
    assert report.overall.r_at_5 == pytest.approx(4 / 7)
    assert report.overall.r_at_10 == pytest.approx(1.0)
    assert report.overall.mrr == pytest.approx((1 + 1 / 2 + 1 / 4 + 1 / 5 + 1 / 7 + 2 / 9) / 7)
    assert report.halves["even"].questions == 4 and report.halves["odd"].questions == 3
    assert report.by_type["how_many"].questions == 1
    assert report.by_type["when"].p_at_1 == 1.0


def test_evaluate_with_the_bot_pipeline_ranks_easy_questions_first() -> None:
    report = evaluate(load_squad(TINY))
    assert report.overall.questions == 7
    assert report.overall.p_at_1 >= 6 / 7
    assert report.overall.mrr > 0.9
    assert max(r for r in report.ranks if r is not None) <= DEPTH


def test_evaluate_limit() -> None:
    report = evaluate(load_squad(TINY), limit=2, ranker=in_index_order)
    assert report.overall.questions == 2 and report.ranks == (1, 2)


def test_cli_eval_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", "squad", str(TINY), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert {"questions", "candidates", "p_at_1", "r_at_5", "r_at_10", "mrr", "by_type"} <= set(
        result)
    assert result["questions"] == 7 and result["candidates"] == 9
    assert isinstance(result["p_at_1"], float)
    assert set(result["by_type"]) == {t.value for t in QType}
    assert result["by_type"]["who"]["questions"] == 1


def test_cli_eval_text_and_limit(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", "squad", str(TINY), "--limit", "3"]) == 0
    out = capsys.readouterr().out
    assert "P@1" in out and "MRR" in out
    assert out.splitlines()[2].split()[:2] == ["all", "3"]


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "no such file"), ("not json", "cannot read it as JSON"),
     ('{"data": [{"paragraphs": [{"qas": []}]}]}', "not in SQuAD v1.1 format")],
)
def test_cli_eval_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                           content: str | None, message: str) -> None:
    path = tmp_path / "squad.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    assert cli.main(["eval", "squad", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("newsbot: ") and message in err and "Traceback" not in err


def test_cli_eval_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["eval", "squad", str(TINY), "--limit", "0"]) == 1
    assert "--limit must be at least 1" in capsys.readouterr().err
    with pytest.raises(SystemExit):  # argparse: not one of the engines
        cli.main(["eval", "squad", str(TINY), "--engine", "nope"])


def test_cli_eval_engines_agree(capsys: pytest.CaptureFixture[str]) -> None:
    results = []
    for engine in ("newsbot", "rank-bm25"):
        assert cli.main(["eval", "squad", str(TINY), "--json", "--engine", engine]) == 0
        results.append(json.loads(capsys.readouterr().out))
    drop = ("index_seconds", "rank_seconds")
    assert [{k: v for k, v in r.items() if k not in drop} for r in results][0] == \
        [{k: v for k, v in r.items() if k not in drop} for r in results][1]


def test_load_squad_raises_eval_error(tmp_path: Path) -> None:
    with pytest.raises(EvalError):
        load_squad(tmp_path / "missing.json")


def test_load_squad_reads_gzip_and_counts_sentences_per_language(tmp_path: Path) -> None:
    import gzip

    packed = tmp_path / "tiny.json.gz"
    packed.write_bytes(gzip.compress(TINY.read_bytes()))
    plain, zipped = load_squad(TINY), load_squad(packed)
    assert zipped == plain
    report = evaluate(zipped, ranker=in_index_order)
    assert report.languages == {"en": report.candidates}
    assert report.to_json()["languages"] == {"en": {"sentences": 9}}


def test_load_squad_reports_a_broken_gzip(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(EvalError, match="cannot read it as JSON"):
        load_squad(broken)
