"""Bold answer spans and date annotations, in HTML (escaped), terminal text and JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.chat.html import answer_to_html
from bot.search.answer import Answer, Kind, Quote, SourceRef, answer_question
from bot.search.dates import resolve_dates
from bot.search.index import load_index
from bot.search.qtypes import Expect
from bot.search.render import ANSI_BOLD, ANSI_RESET, answer_to_json, answer_to_text
from bot.search.spans import answer_spans

SOURCE = SourceRef("a1", "Title <1>", "Outlet & Co", "https://example.com/a?x=1&y=2", "2024-04-17")


def quote(text: str, highlights: tuple[tuple[int, int], ...]) -> Quote:
    return Quote(text, 1.0, (SOURCE,), (), highlights=highlights,
                 dates=tuple(resolve_dates(text, dt.date(2024, 4, 17))))


def spans_text(text: str, expect: Expect, question: str) -> list[str]:
    return [text[a:b] for a, b in answer_spans(text, expect, question)]


def test_answer_spans_by_kind() -> None:
    text = ("Russia deployed a 2,000-strong force in 2020, Kremlin spokesman Dmitry Peskov said "
            "on Wednesday in Moscow.")
    assert spans_text(text, Expect.DATE, "when was it deployed") == ["2020", "Wednesday"]
    assert "2,000" in spans_text(text, Expect.NUMBER, "how many troops")
    assert "Dmitry Peskov" in spans_text(text, Expect.NAME, "who said it")
    assert spans_text(text, Expect.PLACE, "where did he say it") == ["Moscow"]
    # What the question already says is not its answer.
    assert "2020" not in spans_text(text, Expect.DATE, "what happened in 2020?")
    assert spans_text(text, Expect.NONE, "what happened") == []


def test_html_bold_and_date_are_escaped() -> None:
    text = "A & B <said> Wednesday that 5 < 6."
    start = text.index("Wednesday")
    answer = Answer("q", Kind.ANSWER, (quote(text, ((start, start + 9),)),))
    html = answer_to_html(answer)
    assert "A &amp; B &lt;said&gt; <b>Wednesday</b> [17 Apr 2024] that 5 &lt; 6." in html
    assert html.count("<b>") == html.count("</b>") == 1


def test_terminal_bold_only_when_asked() -> None:
    text = "The Kremlin said Wednesday."
    start = text.index("Wednesday")
    answer = Answer("q", Kind.ANSWER, (quote(text, ((start, start + 9),)),))
    plain = answer_to_text(answer)
    assert "The Kremlin said Wednesday [17 Apr 2024]." in plain and "\x1b" not in plain
    bold = answer_to_text(answer, bold=True)
    assert f"{ANSI_BOLD}Wednesday{ANSI_RESET} [17 Apr 2024]" in bold


def test_json_keeps_text_exact_and_adds_fields() -> None:
    text = "The Kremlin said Wednesday."
    answer = Answer("q", Kind.ANSWER, (quote(text, ((17, 26),)),))
    data = answer_to_json(answer)
    item = data["quotes"][0]
    assert item["text"] == text  # the quote itself is never changed
    assert item["highlights"] == [[17, 26]]
    assert item["dates"] == [{"start": 17, "end": 26, "text": "Wednesday", "first": "2024-04-17",
                              "last": "2024-04-17", "label": "17 Apr 2024"}]
    assert data["corrections"] == []
    assert set(data) >= {"question", "answered", "quotes"}


@pytest.mark.parametrize(
    ("question", "bold"),
    [
        ("How many ethnic Armenians left for Armenia?", "<b>100,000</b>"),
        ("how many peacekeepers did russia deploy", "<b>2,000</b>"),
        ("who is the armenian prime minister", "<b>Armenian Prime Minister Nikol Pashinyan</b>"),
        ("When did Baku take over the territory?", "<b>Last September</b> [Sep 2023]"),
    ],
)
def test_answers_on_the_seed_corpus_bold_the_answer(seed_corpus: Path, question: str,
                                                    bold: str) -> None:
    _, index = load_index(seed_corpus)
    html = answer_to_html(answer_question(index, question))
    first = html.split("</blockquote>")[0]
    assert bold in first


def test_cli_ask_shows_dates_and_corrections(seed_corpus: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from bot import cli

    assert cli.main(["ask", "--corpus", str(seed_corpus), "when did the withdrawl start"]) == 0
    out = capsys.readouterr().out
    assert "(read “withdrawl” as “withdrawal”)" in out
    assert "Wednesday [17 Apr 2024]" in out
    assert "\x1b[" not in out  # not a terminal: no ANSI codes

    assert cli.main(["ask", "--json", "--corpus", str(seed_corpus),
                     "when did the withdrawl start"]) == 0
    import json

    data = json.loads(capsys.readouterr().out)
    assert data["corrections"] == [{"word": "withdrawl", "replacement": "withdrawal"}]
    assert any(d["label"] == "17 Apr 2024" for q in data["quotes"] for d in q["dates"])
