"""The news question sets' tools on a tiny corpus of our own (no article text of the data sets):
build_corpus.py joins several article lists; check_questions.py, run with the second set's
arguments (ids "m…", one round, corpus searches for the unanswerable questions), accepts a
sound file and exits 1 on each kind of problem it is there to catch; select_articles.py's
spacing and prose filter."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


def _load(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


check = _load("news_check_questions_under_test", BENCH / "news" / "check_questions.py")
build = _load("news_build_corpus_under_test", BENCH / "news" / "build_corpus.py")
select = _load("news2_select_articles_under_test", BENCH / "news2" / "select_articles.py")

BBC = [
    {"src": "bbc", "id": "business/001", "title": "Harbour toll rises",
     "body": "The harbour toll rose to 4 florins on Monday. Mayor Ada Brink said the rise "
             "pays for new cranes. Dock workers were not consulted."},
    {"src": "bbc", "id": "business/002", "title": "Cranes arrive",
     "body": "Three cranes arrived at the harbour from Rotterdam. They cost 2m florins each. "
             "The cranes will be working by May."},
    {"src": "bbc", "id": "business/003", "title": "Regatta off",
     "body": "The harbour regatta was called off because of fog. It will be held in July."},
]
REUTERS = [
    {"src": "reuters21578", "id": "5", "title": "FERRY LINE ADDS ROUTE",
     "body": "Nordline said it will add a ferry route to Kiel in June. The route needs two "
             "ships. Nordline did not give a price."},
]
# sorted stems: bbc-business-001 (tune), bbc-business-002 (test), reuters-5 (tune)
QUESTIONS = [
    {"id": "m001", "article": "bbc-business-001", "question": "how much is the toll now",
     "answer": "4 florins", "answerable": True, "half": "tune",
     "style": ["lowercase", "no-qmark", "paraphrase"]},
    {"id": "m002", "article": "bbc-business-002", "question": "Where did the cranes come from?",
     "answer": "Rotterdam", "answerable": True, "half": "test", "style": ["formal"]},
    {"id": "m003", "article": "reuters-5", "question": "hey what does a kiel ticket cost",
     "answer": None, "answerable": False, "half": "tune",
     "style": ["lowercase", "no-qmark", "greeting"]},
]
PATTERNS = [{"id": "m003", "patterns": [r"kiel[^.]{0,60}(price|fare|costs?) ", r"\d+ crowns"]}]


@pytest.fixture()
def corpus(tmp_path: Path) -> dict[str, Path]:
    """Data files, the two article lists, and the corpus built from both (the questions
    are about the second list's articles; the first's is a distractor)."""
    data = tmp_path / "data"
    data.mkdir()
    for name, records in (("news_bbc2225.jsonl.gz", BBC),
                          ("news_reuters21578.jsonl.gz", REUTERS)):
        with gzip.open(data / name, "wt", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in records)
    first = tmp_path / "first.txt"
    first.write_text("# distractors\nbbc:business/003\n", encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text("bbc:business/001\nreuters:5\nbbc:business/002\n", encoding="utf-8")
    out = tmp_path / "corpus"
    code = build.main(["--data", str(data), "--out", str(out),
                       "--articles", str(second), "--articles", str(first)])
    assert code == 0
    return {"data": data, "first": first, "second": second, "out": out, "tmp": tmp_path}


def _run(paths: dict[str, Path], questions: list[dict], patterns: list[dict]) -> int:
    qfile = paths["tmp"] / "questions.jsonl"
    qfile.write_text("".join(json.dumps(q) + "\n" for q in questions), encoding="utf-8")
    rfile = paths["tmp"] / "unanswerable.jsonl"
    rfile.write_text("".join(json.dumps(p) + "\n" for p in patterns), encoding="utf-8")
    return check.main([
        "--corpus", str(paths["out"]), "--questions", str(qfile),
        "--articles", str(paths["second"]), "--id-prefix", "m", "--first-round", "0",
        "--regexes", str(rfile), "--min-total", "3", "--min-answerable", "2",
        "--min-unanswerable", "1"])


def test_build_joins_article_lists(corpus: dict[str, Path], tmp_path: Path) -> None:
    first_only = tmp_path / "first_only.txt"
    first_only.write_text("reuters:5\n", encoding="utf-8")
    out = tmp_path / "joined"
    assert build.main(["--data", str(corpus["data"]), "--out", str(out),
                       "--articles", str(corpus["first"]), "--articles", str(first_only)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["bbc-business-003.md", "reuters-5.md"]
    assert sorted(p.name for p in corpus["out"].iterdir()) == [
        "bbc-business-001.md", "bbc-business-002.md", "bbc-business-003.md", "reuters-5.md"]
    with pytest.raises(SystemExit):  # the same article in two lists
        build.main(["--data", str(corpus["data"]), "--out", str(out),
                    "--articles", str(first_only), "--articles", str(corpus["second"])])


def test_rebuild_replaces_newsbot_index_but_not_foreign_files(corpus: dict[str, Path]) -> None:
    out = corpus["out"]
    args = ["--data", str(corpus["data"]), "--out", str(out), "--articles", str(corpus["first"])]
    (out / ".newsbot-index-semantic").mkdir()
    (out / ".newsbot-index-semantic" / "vectors.npy").write_bytes(b"stale")
    assert build.main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["bbc-business-003.md"]
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(SystemExit, match="other than articles"):
        build.main(args)
    assert (out / "notes.txt").exists()


def test_sound_set_passes(corpus: dict[str, Path]) -> None:
    assert _run(corpus, QUESTIONS, PATTERNS) == 0


@pytest.mark.parametrize(("change", "message"), [
    # the span is not in the article
    (lambda qs, ps: qs[0].update(answer="5 florins"), "occurs 0 times"),
    # the span is in the article twice
    (lambda qs, ps: qs[1].update(answer="cranes"), "occurs 2 times"),
    # the article is in the other half by the split rule
    (lambda qs, ps: qs[1].update(half="tune"), "the split rule says 'test'"),
    # a first-set style id
    (lambda qs, ps: qs[0].update(id="n001"), "bad id"),
    # 'lowercase' on a capitalised question
    (lambda qs, ps: qs[1].update(style=["formal", "lowercase"]), "'lowercase' tag"),
    # a search that finds something in the corpus, here in a distractor
    (lambda qs, ps: ps[0].update(patterns=[r"regatta[^.]*fog"]), "matches bbc-business-003"),
    # an unanswerable question without a corpus search
    (lambda qs, ps: ps.clear(), "without a corpus search"),
    # a search for an answerable question
    (lambda qs, ps: ps.append({"id": "m001", "patterns": ["zzz"]}), "for an answerable"),
    # a pattern that is not a regular expression
    (lambda qs, ps: ps[0].update(patterns=["(unclosed"]), "bad pattern"),
    # an id that is not a string (a list: not even hashable)
    (lambda qs, ps: ps.append({"id": ["m003"], "patterns": ["zzz"]}), "expected {"),
    # the same question's searches on two lines
    (lambda qs, ps: ps.append({"id": "m003", "patterns": ["zzz"]}), "a second line"),
])
def test_each_problem_fails(corpus: dict[str, Path], change, message: str,
                            capsys: pytest.CaptureFixture[str]) -> None:
    questions = [dict(q) for q in QUESTIONS]
    patterns = [dict(p) for p in PATTERNS]
    change(questions, patterns)
    assert _run(corpus, questions, patterns) == 1
    assert message in capsys.readouterr().err


def test_evenly_spreads_and_refuses_too_few() -> None:
    assert select.evenly(list(range(10)), 5) == [1, 3, 5, 7, 9]
    with pytest.raises(SystemExit):
        select.evenly([1, 2], 3)


def test_prose_filter() -> None:
    sentence = "The company said it expects a better year in its main markets overall. "
    prose = {"title": "FIRM SEES BETTER YEAR", "body": sentence * 15}
    assert select.is_prose(prose)
    assert not select.is_prose({"title": "FIRM SEES BETTER YEAR", "body": sentence * 5})
    assert not select.is_prose({"title": "WEEKLY DIGEST", "body": sentence * 15})
    table = "Shares 12.5 vs 11.0 up 3.2 pct. " * 20
    assert not select.is_prose({"title": "RESULTS", "body": sentence * 10 + table})
