"""The newsbot command, run in-process."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot import cli

PAGES = Path(__file__).parent / "data" / "pages"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_prints_quotes_with_sources(capsys, seed_corpus: Path) -> None:
    code, out, err = run(capsys, "ask", "when did the withdrawal start?", "--corpus",
                         str(seed_corpus))
    assert code == 0 and err == ""
    assert out.startswith("1. ")
    assert "UrduPoint, 17 Apr 2024" in out and "Insider Paper, 17 Apr 2024" in out
    assert "https://insiderpaper.com/russian-peacekeepers-started-withdrawal" in out


def test_ask_accepts_an_unquoted_question(capsys, mini_corpus: Path) -> None:
    code, out, _ = run(capsys, "ask", "--corpus", str(mini_corpus), "when", "did", "the",
                       "strike", "end")
    assert code == 0 and "nine-day strike" in out


def test_ask_json_prints_one_object(capsys, mini_corpus: Path) -> None:
    code, out, _ = run(capsys, "ask", "how many fans watched the final?", "--json", "--top", "1",
                       "--corpus", str(mini_corpus))
    assert code == 0
    data = json.loads(out)
    assert data["answered"] is True and len(data["quotes"]) == 1
    assert data["quotes"][0]["text"] == ("About 18,000 fans watched the match at the Old Mill "
                                         "stadium.")
    assert data["quotes"][0]["sources"][0]["url"] == (
        "https://sportsdesk.example.com/regional-cup-final")


def test_ask_json_not_answered(capsys, mini_corpus: Path) -> None:
    code, out, _ = run(capsys, "ask", "capital of France?", "--json", "--corpus",
                       str(mini_corpus))
    assert code == 0
    data = json.loads(out)
    # The schema may gain fields (answer_to_json's docstring), never lose or rename them.
    assert {k: data[k] for k in ("question", "answered", "quotes")} == {
        "question": "capital of France?", "answered": False, "quotes": []}
    assert data["corrections"] == []


def test_corpus_from_environment(capsys, monkeypatch, mini_corpus: Path) -> None:
    monkeypatch.setenv("NEWSBOT_CORPUS", str(mini_corpus))
    code, out, _ = run(capsys, "ask", "comet near Jupiter")
    assert code == 0 and "comet" in out


def test_bad_top_is_one_line_error(capsys, mini_corpus: Path) -> None:
    code, out, err = run(capsys, "ask", "x", "--top", "0", "--corpus", str(mini_corpus))
    assert code == 1 and out == ""
    assert err == "newsbot: --top must be between 1 and 10, not 0\n"


def test_missing_corpus_is_one_line_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "ask", "x", "--corpus", str(tmp_path / "none"))
    assert code == 1 and err.startswith("newsbot: corpus directory") and err.count("\n") == 1


def test_ask_warns_about_bad_files_and_still_answers(capsys, mini_corpus: Path) -> None:
    (mini_corpus / "broken.md").write_text("no front matter", encoding="utf-8")
    code, out, err = run(capsys, "ask", "comet", "--corpus", str(mini_corpus))
    assert code == 0 and "comet" in out
    assert "warning: skipped broken.md: no front matter" in err


def test_check_reports_summary_and_problems(capsys, mini_corpus: Path) -> None:
    code, out, _ = run(capsys, "check", "--corpus", str(mini_corpus))
    assert code == 0 and "8 articles" in out and "no problems" in out
    (mini_corpus / "empty.md").write_text(
        "---\ntitle: T\nurl: https://e.com\nsource: S\npublished: 2024-01-01\n---\n",
        encoding="utf-8")
    (mini_corpus / "date.md").write_text(
        "---\ntitle: T\nurl: https://e.com/2\nsource: S\npublished: soon\n---\nBody.\n",
        encoding="utf-8")
    code, out, _ = run(capsys, "check", "--corpus", str(mini_corpus))
    assert code == 1
    assert "2 problem(s):" in out
    assert "empty.md: empty body" in out and "date.md: bad date 'soon'" in out


def test_check_json(capsys, mini_corpus: Path) -> None:
    code, out, _ = run(capsys, "check", "--json", "--corpus", str(mini_corpus))
    data = json.loads(out)
    assert code == 0 and data["articles"] == 8 and data["problems"] == []


def test_ingest_writes_a_clean_article_and_skips_it_a_second_time(capsys, tmp_path: Path) -> None:
    args = ["ingest", str(PAGES / "insiderpaper-seed.txt"), "--url",
            "https://insiderpaper.com/x/", "--source", "Insider Paper", "--published",
            "2024-04-17", "--corpus", str(tmp_path)]
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.startswith("wrote ")
    # The same rule as for web pages: a URL already there is a skip, --update replaces it.
    code, out, _ = run(capsys, *args)
    assert code == 0 and out.startswith("skipped: an article with this URL is already in the "
                                        "corpus") and "use --update" in out
    code, out, _ = run(capsys, *args, "--force")  # the old name of --update
    assert code == 0 and out.startswith("replaced ")
    code, out, _ = run(capsys, *args, "--update", "--json")
    assert code == 0 and json.loads(out)["status"] == "replaced"
    assert len(list(tmp_path.glob("*.md"))) == 1
    code, out, _ = run(capsys, "ask", "who is the prime minister of Armenia", "--corpus",
                       str(tmp_path))
    assert "Nikol Pashinyan" in out


def test_run_without_token_explains_how_to_get_one(capsys, mini_corpus: Path) -> None:
    code, _, err = run(capsys, "run", "--corpus", str(mini_corpus))
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in err and "@BotFather" in err


def test_bad_setting_is_one_line_error(capsys, monkeypatch) -> None:
    monkeypatch.setenv("NEWSBOT_TOP", "lots")
    code, _, err = run(capsys, "ask", "x")
    assert code == 1 and err == "newsbot: NEWSBOT_TOP must be a whole number, not 'lots'\n"


def test_default_command_answers_in_the_terminal_without_token(
    capsys, monkeypatch, seed_corpus: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("who is the prime minister of Armenia\n\nhi\n"))
    code, out, _ = run(capsys, "--corpus", str(seed_corpus))
    assert code == 0
    assert "No TELEGRAM_BOT_TOKEN set" in out
    assert "Example: when did the withdrawal start?" in out
    assert "Nikol Pashinyan" in out and "Hello!" in out


def test_bytes_that_are_not_utf8_are_not_a_traceback(
        capsys, tmp_path: Path, mini_corpus: Path) -> None:
    import os
    import subprocess
    import sys

    # In a question on the command line (Python keeps the byte 0xff as "\udcff").
    code, out, _ = run(capsys, "ask", "--json", "--corpus", str(mini_corpus), "strike\udcff?")
    assert code == 0 and json.loads(out)["question"] == "strike\ufffd?"
    # Typed in the terminal session, with standard input strict about its encoding.
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(PYTHONIOENCODING="utf-8:strict", NEWSBOT_DATA_DIR=str(tmp_path / "data"))
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--corpus", str(mini_corpus)],
        input=b"when did the strike\xff end?\n", capture_output=True, env=env, timeout=60,
        check=False)
    assert result.returncode == 0 and b"Traceback" not in result.stderr
    assert "? when did the strike\ufffd end?" in result.stdout.decode("utf-8")


def test_python_dash_m_bot_works(seed_corpus: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "--corpus", str(seed_corpus),
         "when did the withdrawal start?"],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] is True


def test_version_and_help(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "TELEGRAM_BOT_TOKEN" in out and "ask" in out


def test_a_closed_pipe_is_not_a_traceback(seed_corpus: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from bot import cli; "
            f"sys.exit(cli.main(['ask', '--corpus', {str(seed_corpus)!r}, 'withdrawal']))")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # nobody reads the answer
    _, err = proc.communicate(timeout=60)
    assert b"Traceback" not in err


def test_terminal_session_follows_up_survives_a_restart_and_starts_afresh(
        capsys, monkeypatch, seed_corpus: Path) -> None:
    # The example question opens the conversation: "who confirmed it?" leans on it.
    monkeypatch.setattr("sys.stdin", io.StringIO("who confirmed it?\nHow many ethnic Armenians "
                                                 "left?\n"))
    code, out, _ = run(capsys, "--corpus", str(seed_corpus))
    assert code == 0
    follow = out.split("? who confirmed it?", 1)[1].split("? How many", 1)[0]
    assert "(about: Russian peacekeepers started withdrawal" in follow
    assert "Dmitry Peskov" in " ".join(follow.split("2. ")[0].split())  # the first quote
    # A restart: the conversation goes on (no example question), "why?" leans on the last one.
    monkeypatch.setattr("sys.stdin", io.StringIO("why?\nnew question\nwhy?\n"))
    code, out, _ = run(capsys, "--corpus", str(seed_corpus))
    assert "Continuing the conversation" in out and "Example:" not in out
    why, _, after_new = out.partition("New question")
    assert "fearing reprisals" in " ".join(why.split("? why?", 1)[1].split("2. ")[0].split())
    assert "fearing" not in after_new and "Ask me a question about the news" in after_new


def test_terminal_conversation_expires(capsys, monkeypatch, seed_corpus: Path) -> None:
    import time

    monkeypatch.setenv("NEWSBOT_CONVERSATION_IDLE", "0.5")
    monkeypatch.setattr("sys.stdin", io.StringIO("How many ethnic Armenians left?\n"))
    run(capsys, "--corpus", str(seed_corpus))
    time.sleep(0.6)
    monkeypatch.setattr("sys.stdin", io.StringIO("why?\n"))
    code, out, _ = run(capsys, "--corpus", str(seed_corpus))
    assert code == 0 and "Example:" in out and "Continuing" not in out
    assert "fearing" not in out.split("? why?", 1)[1]


def test_terminal_session_says_a_follow_up_points_to_no_answer(
        capsys, monkeypatch, seed_corpus: Path) -> None:
    # The core decides it (bot.search.dialogue), so the terminal says what the bot says.
    monkeypatch.setattr("sys.stdin", io.StringIO("who won the 2002 world cup?\nwho said that?\n"))
    code, out, _ = run(capsys, "--corpus", str(seed_corpus))
    said = " ".join(out.split("? who said that?", 1)[1].split())
    assert code == 0
    assert "I found no answer to “who won the 2002 world cup?” in the articles, so “that” " \
           "points to nothing I said. Please ask the whole question." in said
