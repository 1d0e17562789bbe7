"""`newsbot eval dialogues`: a dialogue file played through the bot, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import cli
from bot.errors import EvalError
from bot.evaluation.dialogues import evaluate, load_dialogues
from bot.search.index import load_index

SEED_ID = "2024-04-17-insider-paper-russian-peacekeepers-started-withdrawal-from"
DIALOGUES = f"""# a comment line
# t1 {SEED_ID} tune
Q when did the withdrawal start?
F who confirmed it? || who confirmed that the russian peacekeepers had started withdrawing? | Dmitry Peskov
O what is the capital of France?

# t2 {SEED_ID} test
Q How many ethnic Armenians left?
F why? || why did ethnic armenians leave nagorno-karabakh? | fearing reprisals and repression

# t3 no-such-article test
Q anything?
"""


@pytest.fixture
def dialogue_file(tmp_path: Path) -> Path:
    path = tmp_path / "dialogues.txt"
    path.write_text(DIALOGUES, encoding="utf-8")
    return path


def test_conversations_are_played_and_counted(dialogue_file: Path, seed_corpus: Path) -> None:
    dialogues = load_dialogues(dialogue_file)
    assert [d.id for d in dialogues] == ["t1", "t2", "t3"]
    assert [t.kind for t in dialogues[0].turns] == ["open", "follow", "off"]
    report = evaluate(load_index(seed_corpus)[1], dialogues)
    tune, test = report.halves["tune"], report.halves["test"]
    assert (tune.followups, tune.followup_right, tune.leaning) == (1, 1, 1)
    assert tune.alone_right == 0  # "who confirmed it?" alone is not answered
    assert (tune.offtopic, tune.offtopic_false_in_context, tune.offtopic_false_alone) == (1, 0, 0)
    assert (test.followups, test.followup_right) == (1, 1)
    assert report.halves["all"].followups == 2 and report.skipped == ["t3"]


def test_cli_json(capsys, dialogue_file: Path, seed_corpus: Path) -> None:
    code = cli.main(["eval", "dialogues", str(dialogue_file), "--corpus", str(seed_corpus),
                     "--json", "--half", "test"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and set(data) == {"all", "test", "skipped"}
    assert data["test"]["followup_accuracy"] == 1.0 and data["test"]["ratio"] == 1.0


@pytest.mark.parametrize(("text", "message"), [
    ("Q no header\n", "expected a Q, F or O turn after a header"),
    (f"# x1 {SEED_ID} tune\nF why? | no standalone\n", "a follow-up is"),
    (f"# x1 {SEED_ID} tune\nO off topic first\n", "must open with a Q line"),
    ("# nothing here\n", "holds no conversations"),
])
def test_malformed_files_are_one_line_errors(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EvalError, match=message):
        load_dialogues(path)


def test_cli_reports_a_missing_corpus(capsys, dialogue_file: Path, tmp_path: Path) -> None:
    code = cli.main(["eval", "dialogues", str(dialogue_file), "--corpus",
                     str(tmp_path / "missing")])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("newsbot: --corpus") and "\n" == err[-1]
