"""Fit the answer decision (bot/search/decision.py) on the tuning halves, choose its operating
point from the risk-coverage curve, and report the held-out halves.

    pip install 'newsbot[bench]'        # scikit-learn: only here, the bot reads the weights
    python benchmarks/news/build_corpus.py
    python benchmarks/tune_decision.py [--write] [--cached]

Tuning data: SQuAD 2.0 half, even-numbered articles, and the news set's `tune` half. Held out:
SQuAD 2.0 odd articles, news `test`. For every question, the answer path's own steps run
(chatter check, chat words off, analysis, ranking, bot.search.decision.options); each of the
best distinct sentences is labelled right when it comes from the question's article and holds a
gold answer. A logistic regression (scikit-learn) is fitted on those sentences; the bot quotes
the most probable one and answers when its probability reaches the threshold. With --write the
weights, bias and threshold go into bot/search/weights.json ("decision"; other entries kept).
This is the tuning script's second half: tune_rerank.py tunes the ranking on SQuAD v1.1.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation.news import load_questions, open_corpus  # noqa: E402
from bot.evaluation.squad2 import load_squad2  # noqa: E402
from bot.search import decision  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search.answer import classify_chatter  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.phrasing import core_question  # noqa: E402
from bot.search.retrieve import analyse, rank_query  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
WEIGHTS_PATH = Path(feature_table.__file__).with_name(feature_table.WEIGHTS_FILE)
CACHE = Path("/tmp/tune_decision_rows.pkl")
# Inputs left out of the fit (weight 0): Wikipedia articles open with a definition, news
# stories with their main fact, so SQuAD 2.0 would teach the models to avoid the news lede.
LEFT_OUT = ("rerank_lede",)


def question_rows(index: SentenceIndex, text: str, article: str, spans: tuple[str, ...]):
    """The decision rows of one question's options and whether each is right."""
    if classify_chatter(text) is not None:
        return np.zeros((0, len(decision.feature_names()))), np.zeros(0, dtype=bool)
    query = analyse(index, core_question(text))
    if not query.terms:
        return np.zeros((0, len(decision.feature_names()))), np.zeros(0, dtype=bool)
    hits = rank_query(index, query, k=20)
    opts = decision.options(index, query, hits)
    rows = np.array([o.row for o in opts], dtype=np.float64).reshape(
        len(opts), len(decision.feature_names()))
    right = np.array([any(h.sentence.article_id == article for h in o.hits)
                      and any(s in o.candidate.sentence.text for s in spans) for o in opts],
                     dtype=bool)
    return rows, right


def collect(data: Path, news_questions: Path, news_corpus: Path):
    """Per question: (set, half, answerable, rows, right)."""
    found = []
    started = time.perf_counter()
    squad = load_squad2(data / "squad2-dev-half.json.gz")
    index = SentenceIndex(squad.articles)
    for q in squad.questions:
        rows, right = question_rows(index, q.text, q.article_id, q.answers)
        found.append(("squad2", "tune" if q.article % 2 == 0 else "test", q.answerable, rows,
                      right))
    news_index = open_corpus(news_corpus)
    for n in load_questions(news_questions):
        spans = () if n.answer is None else (n.answer,)
        rows, right = question_rows(news_index, n.text, n.article, spans)
        found.append(("news", n.half, n.answerable, rows, right))
    print(f"features of {len(found)} questions in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return found


def choose(rows: np.ndarray, select_coef, select_bias, answer_coef, answer_bias):
    """The chosen option of a question and its answer probability (as decision.options and
    answer._pick_quotes do)."""
    sel = 1.0 / (1.0 + np.exp(-(rows @ select_coef + select_bias)))
    best = int(np.argmax(sel))
    others = np.delete(sel, best)
    extra = answer_extra(sel[best], others)
    p = 1.0 / (1.0 + np.exp(-(np.concatenate([rows[best], extra]) @ answer_coef + answer_bias)))
    return best, float(p)


def answer_extra(selected: float, others: np.ndarray) -> list[float]:
    """decision.answer_row's two extra inputs."""
    p = min(max(float(selected), 1e-6), 1 - 1e-6)
    return [float(np.log(p / (1 - p))), float(selected - (others.max() if len(others) else 0.0))]


def decide(questions, chooser, threshold: float, rules: bool = True):
    """Outcome counts when quoting the chosen option if its probability reaches the threshold
    (or it covers the whole question: decision.covers_all)."""
    names = decision.feature_names()
    counts = dict(correct=0, wrong=0, missed=0, abstained=0, false_answers=0)
    for _, _, answerable, rows, right in questions:
        best, p = chooser(rows) if len(rows) else (-1, 0.0)
        answered = best >= 0 and (p >= threshold
                                  or (rules and decision.covers_all(names, rows[best])))
        if answerable:
            key = "missed" if not answered else ("correct" if right[best] else "wrong")
        else:
            key = "false_answers" if answered else "abstained"
        counts[key] += 1
    return counts


def figures(c: dict[str, int]) -> dict[str, float]:
    """Accuracy, answered precision, answer rate and the news shares."""
    questions = sum(c.values())
    answerable = c["correct"] + c["wrong"] + c["missed"]
    unanswerable = c["abstained"] + c["false_answers"]
    answers = c["correct"] + c["wrong"] + c["false_answers"]
    return {
        "accuracy": (c["correct"] + c["abstained"]) / max(1, questions),
        "precision": c["correct"] / max(1, answers),
        "answer_rate": answers / max(1, questions),
        "right": c["correct"] / max(1, answerable),
        "false": c["false_answers"] / max(1, unanswerable),
        "abstain": c["missed"] / max(1, answerable),
    }


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--questions", type=Path, default=ROOT / "benchmarks/news/questions.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/.cache/news_corpus")
    parser.add_argument("--cached", action="store_true", help="reuse the last features")
    parser.add_argument("--news-weight", type=float, default=10.0,
                        help="weight of a news question against a SQuAD 2.0 one")
    parser.add_argument("--threshold", type=float, help="use this operating point")
    parser.add_argument("--write", action="store_true", help="store the model in weights.json")
    args = parser.parse_args()
    if args.cached and CACHE.exists():
        questions = pickle.loads(CACHE.read_bytes())
    else:
        questions = collect(args.data, args.questions, args.corpus)
        CACHE.write_bytes(pickle.dumps(questions))
    names = decision.feature_names()
    for name in LEFT_OUT:
        column = names.index(name)
        for _, _, _, rows, _ in questions:
            if len(rows):
                rows[:, column] = 0.0
    tune = [q for q in questions if q[1] == "tune"]

    def weight(dataset: str) -> float:
        return args.news_weight if dataset == "news" else 1.0

    # Which sentence: options of the answerable tuning questions that have a right one.
    xs, ys, ws = [], [], []
    for dataset, _, answerable, rows, right in tune:
        if answerable and right.any():
            xs.append(rows)
            ys.append(right)
            ws.append(np.full(len(rows), weight(dataset)))
    select = LogisticRegression(C=1.0, max_iter=3000).fit(
        np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws))
    select_coef, select_bias = select.coef_[0], float(select.intercept_[0])
    # Whether to answer: the chosen option of every tuning question, right or not.
    xs, ys, ws = [], [], []
    for dataset, _, _, rows, right in tune:
        if not len(rows):
            continue
        sel = 1.0 / (1.0 + np.exp(-(rows @ select_coef + select_bias)))
        best = int(np.argmax(sel))
        xs.append(np.concatenate([rows[best], answer_extra(sel[best], np.delete(sel, best))]))
        ys.append(bool(right[best]))
        ws.append(weight(dataset))
    answer = LogisticRegression(C=1.0, max_iter=3000).fit(np.array(xs), np.array(ys),
                                                          sample_weight=np.array(ws))
    answer_coef, answer_bias = answer.coef_[0], float(answer.intercept_[0])

    def model(rows: np.ndarray):
        return choose(rows, select_coef, select_bias, answer_coef, answer_bias)

    parts = {(d, h): [q for q in questions if q[0] == d and q[1] == h]
             for d in ("squad2", "news") for h in ("tune", "test")}
    # Risk-coverage on the tuning halves: each threshold's answer rate and precision.
    print("risk-coverage (tuning halves): threshold, SQuAD2 even answer rate / precision / "
          "accuracy, news tune answered / right / false / abstain")
    curve = []
    for threshold in np.arange(0.05, 0.96, 0.025):
        s = figures(decide(parts["squad2", "tune"], model, threshold))
        n = figures(decide(parts["news", "tune"], model, threshold))
        curve.append((threshold, s, n))
        print(f"  {threshold:.2f}  {s['answer_rate']:.3f} {s['precision']:.3f} "
              f"{s['accuracy']:.3f}   {n['answer_rate']:.3f} {n['right']:.3f} {n['false']:.3f} "
              f"{n['abstain']:.3f}")
    if args.threshold is not None:
        threshold = args.threshold
    else:
        # The operating point: the best mean of SQuAD 2.0 accuracy and news accuracy on the
        # tuning halves.
        threshold = max(curve, key=lambda t: t[1]["accuracy"] + t[2]["accuracy"])[0]
    print(f"threshold {threshold:.2f}")
    # Unasked answers ("?" in a group): the model alone, no rule, and at most 5 % of the news
    # tune half's unanswerable questions answered.
    unasked = next(t for t in np.arange(0.05, 0.96, 0.025)
                   if figures(decide(parts["news", "tune"], model, t, rules=False))["false"] <= 0.05)
    for (d, h), qs in parts.items():
        f = figures(decide(qs, model, unasked, rules=False))
        print(f"unasked {unasked:.3f}: {d:7} {h:5} answer rate {f['answer_rate']:.3f} precision "
              f"{f['precision']:.3f} false {f['false']:.3f}")
    for (d, h), qs in parts.items():
        f = figures(decide(qs, model, threshold))
        print(f"{d:7} {h:5} accuracy {f['accuracy']:.3f} precision {f['precision']:.3f} "
              f"answer rate {f['answer_rate']:.3f} | right {f['right']:.3f} "
              f"false {f['false']:.3f} abstain {f['abstain']:.3f}")
    select_weights = {n: round(float(c), 4) for n, c in zip(names, select_coef)}
    answer_weights = {n: round(float(c), 4)
                      for n, c in zip(names + decision.ANSWER_EXTRA, answer_coef)}
    print("select:", select_weights, "bias", round(select_bias, 4))
    print("answer:", answer_weights, "bias", round(answer_bias, 4))
    if args.write:
        data = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        data["decision"] = {
            "select": {"weights": select_weights, "bias": round(select_bias, 4)},
            "answer": {"weights": answer_weights, "bias": round(answer_bias, 4)},
            "threshold": round(float(threshold), 3), "more": round(float(threshold), 3),
            "unasked": round(float(unasked), 3)}
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
