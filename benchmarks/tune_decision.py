"""Fit the answer decision (bot/search/decision.py) on the tuning halves, choose its operating
point from the risk-coverage curve, and report the held-out halves.

    pip install 'newsbot[bench]'        # scikit-learn: only here, the bot reads the weights
    python benchmarks/news/build_corpus.py
    python benchmarks/tune_decision.py [--write] [--cached]

Tuning data: SQuAD 2.0 half, even-numbered articles, and the news set's `tune` half. Held out:
SQuAD 2.0 odd articles, news `test`. For every question, the answer path's own steps run
(chatter check, chat words off, analysis, ranking, bot.search.decision.options); each of the
best distinct sentences is labelled right when it comes from the question's article and holds a
gold answer. The select model is fitted listwise (a softmax over each question's options, SciPy's
L-BFGS), then scaled to a probability by a logistic of its score; the answer model is a logistic
regression (scikit-learn) over the chosen option. The bot quotes the most probable option and
answers when its probability reaches the threshold. `--cv` only cross-validates on the tuning
halves (two folds by article), to choose features and settings without the held-out halves.
With --write the weights, bias and threshold go into bot/search/weights.json ("decision"; other
entries kept).
This is the tuning script's second half: tune_rerank.py tunes the ranking on SQuAD v1.1.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
import zlib
from dataclasses import dataclass
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
CACHE = Path("/tmp") / f"tune_decision_rows-{ROOT.name}.pkl"  # one per worktree
# Inputs left out of the fit (weight 0): Wikipedia articles open with a definition, news
# stories with their main fact, so SQuAD 2.0 would teach the models to avoid the news lede.
LEFT_OUT = ("rerank_lede",)
# Left out of the select model only: the margin to the *next* sentence tells how sure the
# ranking is (the answer model's business), but between two options it favours the second of
# two close ones over the first (its margin to the third is larger).
SELECT_LEFT_OUT: tuple[str, ...] = ("margin_next",)


def question_rows(index: SentenceIndex, text: str, article: str, spans: tuple[str, ...],
                  top: int = decision.DECIDE_TOP):
    """The decision rows of one question's options and whether each is right."""
    if classify_chatter(text) is not None:
        return np.zeros((0, len(decision.feature_names()))), np.zeros(0, dtype=bool)
    query = analyse(index, core_question(text))
    if not query.terms:
        return np.zeros((0, len(decision.feature_names()))), np.zeros(0, dtype=bool)
    hits = rank_query(index, query, k=20)
    opts = decision.options(index, query, hits, top)
    rows = np.array([o.row for o in opts], dtype=np.float64).reshape(
        len(opts), len(decision.feature_names()))
    right = np.array([any(h.sentence.article_id == article for h in o.hits)
                      and any(s in o.candidate.sentence.text for s in spans) for o in opts],
                     dtype=bool)
    return rows, right


def collect(data: Path, news_questions: Path, news_corpus: Path, top: int):
    """Per question: (set, half, answerable, rows, right, article)."""
    found = []
    started = time.perf_counter()
    squad = load_squad2(data / "squad2-dev-half.json.gz")
    index = SentenceIndex(squad.articles)
    for q in squad.questions:
        rows, right = question_rows(index, q.text, q.article_id, q.answers, top)
        found.append(("squad2", "tune" if q.article % 2 == 0 else "test", q.answerable, rows,
                      right, q.article_id))
    news_index = open_corpus(news_corpus)
    for n in load_questions(news_questions):
        spans = () if n.answer is None else (n.answer,)
        rows, right = question_rows(news_index, n.text, n.article, spans, top)
        found.append(("news", n.half, n.answerable, rows, right, n.article))
    print(f"features of {len(found)} questions in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return found


@dataclass
class Fitted:
    """A fitted decision: the select model and the answer model (as decision.DecisionModel)."""

    select_coef: np.ndarray
    select_bias: float
    answer_coef: np.ndarray
    answer_bias: float

    def selected(self, rows: np.ndarray) -> np.ndarray:
        """Each option's probability of being the one that answers."""
        return 1.0 / (1.0 + np.exp(-(rows @ self.select_coef + self.select_bias)))

    def __call__(self, rows: np.ndarray) -> tuple[int, float]:
        """The chosen option of a question and its answer probability (as decision.options
        and answer._pick_quotes do)."""
        sel = self.selected(rows)
        best = int(np.argmax(sel))
        extra = answer_extra(sel[best], np.delete(sel, best))
        z = np.concatenate([rows[best], extra]) @ self.answer_coef + self.answer_bias
        return best, float(1.0 / (1.0 + np.exp(-z)))


def answer_extra(selected: float, others: np.ndarray) -> list[float]:
    """decision.answer_row's two extra inputs."""
    p = min(max(float(selected), 1e-6), 1 - 1e-6)
    return [float(np.log(p / (1 - p))), float(selected - (others.max() if len(others) else 0.0))]


def decide(questions, chooser, threshold: float, rules: bool = True):
    """Outcome counts when quoting the chosen option if its probability reaches the threshold
    (or it covers the whole question: decision.covers_all)."""
    names = decision.feature_names()
    counts = dict(correct=0, wrong=0, missed=0, abstained=0, false_answers=0)
    for _, _, answerable, rows, right, _ in questions:
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


def fit_listwise(groups: list[tuple[np.ndarray, np.ndarray, float]], l2: float) -> np.ndarray:
    """Weights of a softmax over each question's options that maximise the weighted log of
    the probability put on its right options (a conditional logit), with an L2 penalty on the
    standardised weights. groups: (rows, right, weight) of questions with a right option."""
    from scipy.optimize import minimize

    stacked = np.vstack([g[0] for g in groups])
    scale = stacked.std(axis=0)
    scale[scale < 1e-9] = 1.0
    xs = [g[0] / scale for g in groups]
    total = sum(g[2] for g in groups)

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value = 0.5 * l2 * float(w @ w)
        grad = l2 * w
        for x, (_, right, weight) in zip(xs, groups):
            z = x @ w
            z = z - z.max()
            p = np.exp(z)
            p /= p.sum()
            hit = p[right].sum()
            value -= weight / total * np.log(max(hit, 1e-12))
            # d(-log sum_right p) / dw = E_p[x] - E_{p | right}[x]
            q = np.where(right, p, 0.0) / max(hit, 1e-12)
            grad += weight / total * ((p - q) @ x)
        return value, grad

    found = minimize(loss, np.zeros(stacked.shape[1]), jac=True, method="L-BFGS-B",
                     options={"maxiter": 500})
    return np.asarray(found.x / scale)


def fit(tune, news_weight: float, listwise: bool, l2: float,
        answer_news_weight: float | None = None, select_out: tuple[str, ...] = ()) -> Fitted:
    """The select and answer models fitted on tuning questions (the answer model with its own
    news weight, if given; the select model without the inputs `select_out`)."""
    from sklearn.linear_model import LogisticRegression

    def weight(dataset: str) -> float:
        return news_weight if dataset == "news" else 1.0

    # Which sentence: options of the answerable tuning questions that have a right one.
    keep = np.array([n not in select_out for n in decision.feature_names()], dtype=float)
    chosen = [(d, h, a, rows * keep, right, art) for d, h, a, rows, right, art in tune
              if a and right.any()]
    if listwise:
        # The softmax ranks a question's options; a logistic of its score over all options
        # then makes that score a probability of its own (needed when there is one option
        # only: a small corpus), with the same order.
        direction = fit_listwise([(q[3], q[4], weight(q[0])) for q in chosen], l2)
        scale = LogisticRegression(C=1e4, max_iter=1000).fit(
            np.concatenate([q[3] @ direction for q in chosen]).reshape(-1, 1),
            np.concatenate([q[4] for q in chosen]),
            sample_weight=np.concatenate([np.full(len(q[3]), weight(q[0])) for q in chosen]))
        select_coef = direction * float(scale.coef_[0][0])
        select_bias = float(scale.intercept_[0])
    else:
        select = LogisticRegression(C=1.0, max_iter=3000).fit(
            np.vstack([q[3] for q in chosen]), np.concatenate([q[4] for q in chosen]),
            sample_weight=np.concatenate([np.full(len(q[3]), weight(q[0])) for q in chosen]))
        select_coef, select_bias = select.coef_[0], float(select.intercept_[0])
    model = Fitted(select_coef, select_bias, np.zeros(0), 0.0)
    # Whether to answer: the chosen option of every tuning question, right or not.
    xs, ys, ws = [], [], []
    for dataset, _, _, rows, right, _ in tune:
        if not len(rows):
            continue
        sel = model.selected(rows)
        best = int(np.argmax(sel))
        xs.append(np.concatenate([rows[best], answer_extra(sel[best], np.delete(sel, best))]))
        ys.append(bool(right[best]))
        ws.append(weight(dataset) if answer_news_weight is None or dataset != "news"
                  else answer_news_weight)
    answer = LogisticRegression(C=1.0, max_iter=3000).fit(np.array(xs), np.array(ys),
                                                          sample_weight=np.array(ws))
    model.answer_coef, model.answer_bias = answer.coef_[0], float(answer.intercept_[0])
    return model


THRESHOLDS = np.arange(0.05, 0.96, 0.025)


def operating_point(tune, model: Fitted) -> float:
    """The threshold with the best sum of SQuAD 2.0 and news accuracy on the tuning halves."""
    squad = [q for q in tune if q[0] == "squad2"]
    news = [q for q in tune if q[0] == "news"]
    return float(max(THRESHOLDS, key=lambda t: figures(decide(squad, model, t))["accuracy"]
                     + figures(decide(news, model, t))["accuracy"]))


def selection_rate(questions, model: Fitted) -> tuple[int, int, int]:
    """Answerable questions whose chosen option is right, that have a right option, all."""
    answerable = [q for q in questions if q[2]]
    right = sum(1 for q in answerable if len(q[3]) and q[4][model(q[3])[0]])
    return right, sum(1 for q in answerable if q[4].any()), len(answerable)


def trim(questions, top: int):
    """The questions with only their first `top` options."""
    return [(d, h, a, rows[:top], right[:top], art) for d, h, a, rows, right, art in questions]


def cross_validate(tune, args) -> None:
    """Two folds of the tuning halves, split by article: fit on one, judge on the other (for
    choosing features and settings without touching the held-out halves)."""
    totals: dict[str, dict[str, int]] = {}
    picked: dict[str, list[int]] = {}
    for fold in (0, 1):
        train = [q for q in tune if zlib.crc32(str(q[5]).encode()) % 2 != fold]
        judged = [q for q in tune if zlib.crc32(str(q[5]).encode()) % 2 == fold]
        model = fit(train, args.news_weight, args.listwise, args.l2, args.answer_news_weight,
                    tuple(args.select_leave_out))
        threshold = operating_point(train, model)
        for dataset in ("squad2", "news"):
            part = [q for q in judged if q[0] == dataset]
            counts = decide(part, model, threshold)
            for key, value in counts.items():
                totals.setdefault(dataset, {}).setdefault(key, 0)
                totals[dataset][key] += value
            sel = selection_rate(part, model)
            picked.setdefault(dataset, [0, 0, 0])
            picked[dataset] = [a + b for a, b in zip(picked[dataset], sel)]
    for dataset, counts in totals.items():
        f = figures(counts)
        r, has, n = picked[dataset]
        print(f"cv {dataset:7} chosen right {r}/{has}/{n} ({r / max(1, n):.3f}) | accuracy "
              f"{f['accuracy']:.3f} precision {f['precision']:.3f} answer rate "
              f"{f['answer_rate']:.3f} | right {f['right']:.3f} false {f['false']:.3f} "
              f"abstain {f['abstain']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--questions", type=Path, default=ROOT / "benchmarks/news/questions.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "benchmarks/.cache/news_corpus")
    parser.add_argument("--cached", action="store_true", help="reuse the last features")
    parser.add_argument("--top", type=int, default=decision.DECIDE_TOP,
                        help="options per question (at most the collected number)")
    parser.add_argument("--news-weight", type=float, default=10.0,
                        help="weight of a news question against a SQuAD 2.0 one")
    parser.add_argument("--answer-news-weight", type=float,
                        help="the same for the answer model (default: --news-weight)")
    parser.add_argument("--pointwise", dest="listwise", action="store_false",
                        help="select with one logistic per option, not a softmax over them")
    parser.add_argument("--l2", type=float, default=0.05, help="listwise L2 penalty")
    parser.add_argument("--cv", action="store_true",
                        help="only cross-validate on the tuning halves (two folds by article)")
    parser.add_argument("--leave-out", nargs="*", default=[],
                        help="more inputs to leave out (weight 0), to compare feature sets")
    parser.add_argument("--select-leave-out", nargs="*", default=list(SELECT_LEFT_OUT),
                        help="inputs the select model leaves out")
    parser.add_argument("--threshold", type=float, help="use this operating point")
    parser.add_argument("--write", action="store_true", help="store the model in weights.json")
    args = parser.parse_args()
    if args.cached and CACHE.exists():
        questions = pickle.loads(CACHE.read_bytes())
    else:
        questions = collect(args.data, args.questions, args.corpus,
                            max(args.top, decision.DECIDE_TOP))
        CACHE.write_bytes(pickle.dumps(questions))
    questions = trim(questions, args.top)
    names = decision.feature_names()
    for name in (*LEFT_OUT, *args.leave_out):
        column = names.index(name)
        for _, _, _, rows, _, _ in questions:
            if len(rows):
                rows[:, column] = 0.0
    tune = [q for q in questions if q[1] == "tune"]
    if args.cv:
        cross_validate(tune, args)
        return
    model = fit(tune, args.news_weight, args.listwise, args.l2, args.answer_news_weight,
                    tuple(args.select_leave_out))
    parts = {(d, h): [q for q in questions if q[0] == d and q[1] == h]
             for d in ("squad2", "news") for h in ("tune", "test")}
    # Risk-coverage on the tuning halves: each threshold's answer rate and precision.
    print("risk-coverage (tuning halves): threshold, SQuAD2 even answer rate / precision / "
          "accuracy, news tune answered / right / false / abstain")
    for threshold in THRESHOLDS:
        s = figures(decide(parts["squad2", "tune"], model, threshold))
        n = figures(decide(parts["news", "tune"], model, threshold))
        print(f"  {threshold:.3f}  {s['answer_rate']:.3f} {s['precision']:.3f} "
              f"{s['accuracy']:.3f}   {n['answer_rate']:.3f} {n['right']:.3f} {n['false']:.3f} "
              f"{n['abstain']:.3f}")
    threshold = args.threshold if args.threshold is not None else operating_point(tune, model)
    print(f"threshold {threshold:.3f}")
    # Unasked answers ("?" in a group): the model alone, no rule, and at most 5 % of the news
    # tune half's unanswerable questions answered.
    unasked = next(t for t in THRESHOLDS
                   if figures(decide(parts["news", "tune"], model, t, rules=False))["false"] <= 0.05)
    for (d, h), qs in parts.items():
        f = figures(decide(qs, model, unasked, rules=False))
        print(f"unasked {unasked:.3f}: {d:7} {h:5} answer rate {f['answer_rate']:.3f} precision "
              f"{f['precision']:.3f} false {f['false']:.3f}")
    for (d, h), qs in parts.items():
        f = figures(decide(qs, model, threshold))
        r, has, n = selection_rate(qs, model)
        print(f"{d:7} {h:5} accuracy {f['accuracy']:.3f} precision {f['precision']:.3f} "
              f"answer rate {f['answer_rate']:.3f} | right {f['right']:.3f} "
              f"false {f['false']:.3f} abstain {f['abstain']:.3f} | chosen right {r}/{has}/{n}")
    select_weights = {n: round(float(c), 4) for n, c in zip(names, model.select_coef)}
    answer_weights = {n: round(float(c), 4)
                      for n, c in zip(names + decision.ANSWER_EXTRA, model.answer_coef)}
    print("select:", select_weights, "bias", round(model.select_bias, 4))
    print("answer:", answer_weights, "bias", round(model.answer_bias, 4))
    if args.write:
        data = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        data["decision"] = {
            "select": {"weights": select_weights, "bias": round(model.select_bias, 4)},
            "answer": {"weights": answer_weights, "bias": round(model.answer_bias, 4)},
            "threshold": round(float(threshold), 3), "more": round(float(threshold), 3),
            "unasked": round(float(unasked), 3)}
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
