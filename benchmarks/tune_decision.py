"""Fit the answer decision (bot/search/decision.py) on the tuning halves, choose its operating
point from the risk-coverage curve, and (with --held-out, once) report the held-out halves.

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
halves (five folds grouped by article), to choose features and settings without the held-out halves.
With --write the weights, bias and threshold go into bot/search/weights.json ("decision"; other
entries kept).
This is the tuning script's second half: tune_rerank.py tunes the ranking on SQuAD v1.1.

With --semantic (needs pip install 'newsbot[semantic]') both data sets are ranked with the
semantic stage on, the options' rows have its inputs too (bot.search.semantic.inputs), and
--write stores "decision_semantic", the model the bot uses only when the stage is on. The
sentence vectors are kept between runs: the news corpus's beside it (where `newsbot eval news
--semantic` keeps them), SQuAD 2.0's in --vectors DIR. Embedding takes 7 to 30 ms a sentence on
a shared 2-core machine (about 7,400 sentences, then only the questions): nice the first run.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.evaluation.news import load_questions, open_corpus  # noqa: E402
from bot.evaluation.outcomes import holds_answer  # noqa: E402
from bot.evaluation.squad2 import load_squad2  # noqa: E402
from bot.search import decision  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search.answer import classify_chatter  # noqa: E402
from bot.search.index import INDEX_DIR_NAME, SentenceIndex  # noqa: E402
from bot.search.phrasing import core_question  # noqa: E402
from bot.search.retrieve import analyse, rank_query  # noqa: E402
from bot.search.trees import Forest, from_lightgbm  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
WEIGHTS_PATH = Path(feature_table.__file__).with_name(feature_table.WEIGHTS_FILE)
TREES_PATH = WEIGHTS_PATH.with_name("decision_trees.json")  # the select model's trees
SEMANTIC_TREES_PATH = WEIGHTS_PATH.with_name("decision_semantic_trees.json")  # --semantic's
CACHE = Path("/tmp") / f"tune_decision_rows-{ROOT.name}.pkl"  # one per worktree
SEMANTIC_CACHE = CACHE.with_name(f"tune_decision_rows-semantic-{ROOT.name}.pkl")
SQUAD2_VECTORS = ROOT / "benchmarks" / ".cache" / "squad2_vectors"  # --semantic's default
SEMANTIC = False  # --semantic: rankings made with the semantic stage, and its inputs
# Inputs left out of the fit (weight 0): Wikipedia articles open with a definition, news
# stories with their main fact, so SQuAD 2.0 would teach the models to avoid the news lede.
LEFT_OUT = ("rerank_lede",)
# Left out of the select model only: the margin to the *next* sentence tells how sure the
# ranking is (the answer model's business), but between two options it favours the second of
# two close ones over the first (its margin to the third is larger).
SELECT_LEFT_OUT: tuple[str, ...] = ("margin_next",)
# Left out of the answer model only: a number of the unit asked for says which sentence answers
# "how much did it cost?", not whether the articles say it ("the price of tea in Lisbon" and
# a plant that cost $2.5 billion).
ANSWER_LEFT_OUT: tuple[str, ...] = ("unit_found", "unit_missing", "unit_near")


class Asked(NamedTuple):
    """One question of a data set, with its options' decision rows and which are right."""

    dataset: str  # "squad2" or "news"
    half: str  # "tune" or "test"
    answerable: bool
    rows: np.ndarray
    right: np.ndarray
    article: str
    text: str = ""  # the question, for --errors
    options: tuple[str, ...] = ()  # the options' sentences, for --errors
    answers: tuple[str, ...] = ()


def source(q: Asked) -> str:
    """The data set a question came from: "squad2", "news", or the folder name of a
    --more-news set ("news2"), whose articles are named "news2:<id>"."""
    if q.dataset == "news" and ":" in q.article:
        return q.article.split(":", 1)[0]
    return q.dataset


def input_names() -> tuple[str, ...]:
    """The names of an option's row: with --semantic, the semantic stage's inputs too."""
    return decision.semantic_feature_names() if SEMANTIC else decision.feature_names()


def question_rows(index: SentenceIndex, text: str, article: str, spans: tuple[str, ...],
                  top: int = decision.DECIDE_TOP):
    """The decision rows of one question's options, whether each is right, and its texts."""
    nothing = (np.zeros((0, len(input_names()))), np.zeros(0, dtype=bool), ())
    if classify_chatter(text) is not None:
        return nothing
    query = analyse(index, core_question(text))
    if not query.terms:
        return nothing
    hits = rank_query(index, query, k=20)
    opts = decision.options(index, query, hits, top)
    rows = np.array([o.row for o in opts], dtype=np.float64).reshape(
        len(opts), len(input_names()))
    right = np.array([holds_answer(o.candidate.sentence.text,
                                   [h.sentence.article_id for h in o.hits], article, spans)
                      for o in opts], dtype=bool)
    return rows, right, tuple(o.candidate.sentence.text for o in opts)


def _staged(index: SentenceIndex, vectors: Path | None) -> SentenceIndex:
    """The index, with SEMANTIC given the semantic stage (its vectors kept in `vectors`)."""
    if SEMANTIC:
        from bot.search.semantic import enable

        enable(index, vectors)
    return index


def _news_corpus(corpus: Path) -> SentenceIndex:
    """A built news corpus's index (with SEMANTIC, its vectors beside it, where `newsbot eval
    news --semantic` keeps them)."""
    from bot.search.semantic import store_dir

    return _staged(open_corpus(corpus), store_dir(corpus / INDEX_DIR_NAME))


def _news_asked(index: SentenceIndex, questions: Path, top: int, tune_only: bool = False,
                prefix: str = "") -> list[Asked]:
    """A news set's questions with their options (`tune_only`: its `tune` half; `prefix`
    names its articles apart from another set's)."""
    found = []
    for n in load_questions(questions):
        if tune_only and n.half != "tune":
            continue  # its held-out half stays held out
        spans = () if n.answer is None else (n.answer,)
        rows, right, texts = question_rows(index, n.text, n.article, spans, top)
        found.append(Asked("news", n.half, n.answerable, rows, right, prefix + n.article,
                           n.text, texts, spans))
    return found


def collect(data: Path, news_questions: Path, news_corpus: Path, top: int,
            vectors: Path | None = None,
            more_news: tuple[Path, Path] | None = None) -> list[Asked]:
    """Every question of both sets, with its options (with SEMANTIC: ranked with the stage,
    SQuAD 2.0's sentence vectors kept in `vectors`, the news corpus's beside it); with
    `more_news` (questions, corpus), the `tune` half of another news set too, as news tuning
    questions (its `test` half is never read)."""
    found = []
    started = time.perf_counter()
    squad = load_squad2(data / "squad2-dev-half.json.gz")
    index = _staged(SentenceIndex(squad.articles), vectors)
    for q in squad.questions:
        rows, right, texts = question_rows(index, q.text, q.article_id, q.answers, top)
        found.append(Asked("squad2", "tune" if q.article % 2 == 0 else "test", q.answerable,
                           rows, right, q.article_id, q.text, texts, q.answers))
    found += _news_asked(_news_corpus(news_corpus), news_questions, top)
    if more_news is not None:
        # Its articles are new ones, but named apart all the same: folds group by article.
        found += _news_asked(_news_corpus(more_news[1]), more_news[0], top, tune_only=True,
                             prefix=f"{more_news[0].parent.name}:")
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
    trees: dict | None = None  # the select model's trees, stored form (bot.search.trees)
    trees_scale: float = 0.0
    _forest: Forest | None = None

    def selected(self, rows: np.ndarray) -> np.ndarray:
        """Each option's probability of being the one that answers (as decision.MODEL)."""
        z = rows @ self.select_coef + self.select_bias
        if self.trees is not None:
            if self._forest is None:
                self._forest = Forest.from_json(self.trees)
            z = z + self.trees_scale * self._forest.raw(rows)
        return 1.0 / (1.0 + np.exp(-z))

    def __call__(self, rows: np.ndarray) -> tuple[int, float]:
        """The chosen option of a question and its answer probability (as decision.options
        and answer._pick_quotes do)."""
        sel = self.selected(rows)

        def probability(i: int) -> float:
            extra = answer_extra(sel[i], np.delete(sel, i))
            z = np.concatenate([rows[i], extra]) @ self.answer_coef + self.answer_bias
            return float(1.0 / (1.0 + np.exp(-z)))

        # As answer._pick_quotes: of the options the select model can hardly tell from its
        # best (decision.TIE), the one the answer model trusts most.
        best = decision.first_choice([float(v) for v in sel], probability)
        return best, probability(best)


def answer_extra(selected: float, others: np.ndarray) -> list[float]:
    """decision.answer_row's two extra inputs."""
    p = min(max(float(selected), 1e-6), 1 - 1e-6)
    return [float(np.log(p / (1 - p))), float(selected - (others.max() if len(others) else 0.0))]


def full_cover(names: tuple[str, ...], row: np.ndarray, probability: float) -> bool:
    """As answer._pick_quotes: a sentence that covers the whole question (decision.covers_all)
    is quoted whatever the threshold, if the model gives it decision.COVER_FLOOR or more."""
    return probability >= decision.COVER_FLOOR and decision.covers_all(names, row)


def decide(questions, chooser, threshold: float, rules: bool | None = None):
    """Outcome counts when quoting the chosen option if its probability reaches the threshold
    (or it covers the whole question, decision.covers_all, at decision.COVER_FLOOR or more)."""
    names = input_names()
    if rules is None:
        rules = RULES
    counts = dict(correct=0, wrong=0, missed=0, abstained=0, false_answers=0)
    for q in questions:
        answerable, rows, right = q.answerable, q.rows, q.right
        best, p = chooser(rows) if len(rows) else (-1, 0.0)
        answered = best >= 0 and (p >= threshold or (rules and full_cover(names, rows[best], p)))
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


@dataclass(frozen=True)
class TreeSettings:
    """Gradient-boosted trees added to the listwise select score (0 trees: linear only)."""

    trees: int = 0
    leaves: int = 7
    depth: int = 3
    rate: float = 0.05
    min_child: int = 30
    l2: float = 5.0


NO_TREES = TreeSettings()


def fit_select(tune: list[Asked], news_weight: float, listwise: bool, l2: float,
               select_out: tuple[str, ...] = (), boost: TreeSettings = NO_TREES
               ) -> tuple[np.ndarray, float, dict | None, float]:
    """The select model's weights and bias, fitted on the answerable questions of `tune`
    that have a right option (without the inputs `select_out`); with `boost.trees`, LightGBM
    lambdarank trees fitted on top of the listwise linear score (its initial score), and the
    scale of the sum. Returns weights, bias, trees (stored form or None), trees' scale."""
    from sklearn.linear_model import LogisticRegression

    def weight(dataset: str) -> float:
        return news_weight if dataset == "news" else 1.0

    keep = np.array([n not in select_out for n in input_names()], dtype=float)
    chosen = [q._replace(rows=q.rows * keep) for q in tune if q.answerable and q.right.any()]
    if listwise:
        # The softmax ranks a question's options; a logistic of its score over all options
        # then makes that score a probability of its own (needed when there is one option
        # only: a small corpus), with the same order.
        direction = fit_listwise([(q.rows, q.right, weight(q.dataset)) for q in chosen], l2)
        stacked = np.vstack([q.rows for q in chosen])
        labels = np.concatenate([q.right for q in chosen])
        weights = np.concatenate([np.full(len(q.rows), weight(q.dataset)) for q in chosen])
        score = stacked @ direction
        trees = None
        if boost.trees:
            trees = fit_select_trees(chosen, stacked, labels, weights, score, boost)
            score = score + Forest.from_json(trees).raw(stacked)
        scale = LogisticRegression(C=1e4, max_iter=1000).fit(
            score.reshape(-1, 1), labels, sample_weight=weights)
        a = float(scale.coef_[0][0])
        return direction * a, float(scale.intercept_[0]), trees, a
    select = LogisticRegression(C=1.0, max_iter=3000).fit(
        np.vstack([q.rows for q in chosen]), np.concatenate([q.right for q in chosen]),
        sample_weight=np.concatenate([np.full(len(q.rows), weight(q.dataset)) for q in chosen]))
    return select.coef_[0], float(select.intercept_[0]), None, 0.0


def fit_select_trees(chosen: list[Asked], rows: np.ndarray, labels: np.ndarray,
                     weights: np.ndarray, start: np.ndarray, boost: TreeSettings) -> dict:
    """LightGBM lambdarank trees over each question's options, boosting from the linear
    score `start`: few shallow trees, a strong L2 on the leaves and row and column sampling
    (the tuning halves are small). The stored form of bot.search.trees."""
    import lightgbm

    ranker = lightgbm.LGBMRanker(
        objective="lambdarank", n_estimators=boost.trees, num_leaves=boost.leaves,
        max_depth=boost.depth, learning_rate=boost.rate, min_child_samples=boost.min_child,
        reg_lambda=boost.l2, subsample=0.8, subsample_freq=1, colsample_bytree=0.8,
        random_state=1, verbose=-1, n_jobs=1)
    ranker.fit(rows, labels.astype(int), group=[len(q.rows) for q in chosen],
               sample_weight=weights, init_score=start)
    stored = from_lightgbm(ranker.booster_.dump_model(), input_names())
    # The bot evaluates the stored trees with numpy: they must score as the library does.
    gap = np.max(np.abs(Forest.from_json(stored).raw(rows)
                        - ranker.predict(rows, raw_score=True)))
    assert gap <= 1e-9, f"stored trees differ from LightGBM's by {gap}"
    return stored


def fit(tune, news_weight: float, listwise: bool, l2: float,
        answer_news_weight: float | None = None, select_out: tuple[str, ...] = (),
        answer_out: tuple[str, ...] = (), stack: bool = False, answer_c: float = 1.0,
        boost: TreeSettings = NO_TREES) -> Fitted:
    """The select and answer models fitted on tuning questions (the answer model with its own
    news weight, if given; the select model without the inputs `select_out`). With `stack`,
    the answer model learns from the choices of select models that did not see the question
    (five folds by article), as the bot's choices of new questions are."""
    from sklearn.linear_model import LogisticRegression

    def weight(dataset: str) -> float:
        return news_weight if dataset == "news" else 1.0

    coef, bias, trees, scale = fit_select(tune, news_weight, listwise, l2, select_out, boost)
    model = Fitted(coef, bias, np.zeros(0), 0.0, trees, scale)
    choosers: dict[int, Fitted] = {}
    if stack:
        for train, judged in folds(tune):
            coef, bias, trees, scale = fit_select(train, news_weight, listwise, l2, select_out,
                                                  boost)
            inner = Fitted(coef, bias, np.zeros(0), 0.0, trees, scale)
            choosers.update((id(q), inner) for q in judged)
    # Whether to answer: the chosen option of every tuning question, right or not.
    answer_keep = np.array([n not in answer_out for n in input_names()], dtype=float)
    xs, ys, ws = [], [], []
    for q in tune:
        if not len(q.rows):
            continue
        sel = choosers.get(id(q), model).selected(q.rows)
        best = int(np.argmax(sel))
        xs.append(np.concatenate([q.rows[best] * answer_keep,
                                  answer_extra(sel[best], np.delete(sel, best))]))
        ys.append(bool(q.right[best]))
        ws.append(weight(q.dataset) if answer_news_weight is None or q.dataset != "news"
                  else answer_news_weight)
    answer = LogisticRegression(C=answer_c, max_iter=3000).fit(np.array(xs), np.array(ys),
                                                               sample_weight=np.array(ws))
    model.answer_coef, model.answer_bias = answer.coef_[0], float(answer.intercept_[0])
    return model


RULES = True  # decision.covers_all answers whatever the model says (--no-rules: off)
THRESHOLDS = np.arange(0.05, 0.96, 0.025)


def operating_point(tune, model: Fitted, args=None) -> float:
    """The threshold with the best sum of SQuAD 2.0 and news accuracy on the tuning halves;
    with args.oof_threshold, on the out-of-fold probabilities of five models each fitted
    without a fifth of the articles (the fitted model's own are too sure of its data)."""
    squad = [q for q in tune if q.dataset == "squad2"]
    news = [q for q in tune if q.dataset == "news"]
    if args is None or not args.oof_threshold:
        return float(max(THRESHOLDS, key=lambda t: figures(decide(squad, model, t))["accuracy"]
                         + figures(decide(news, model, t))["accuracy"]))
    global FOLD_SEED
    # With --threshold-splits, the curves of several fold splits summed: one split's best
    # moves by a step or two with the split (a flat top), their sum less.
    seeds = getattr(args, "threshold_splits", None) or [FOLD_SEED]
    totals = np.zeros(len(THRESHOLDS))
    kept = FOLD_SEED
    try:
        for seed in seeds:
            FOLD_SEED = seed
            judged_by: dict[int, Fitted] = {}
            for train, judged in folds(tune):
                inner = fit(train, args.news_weight, args.listwise, args.l2,
                            args.answer_news_weight, tuple(args.select_leave_out),
                            tuple(args.answer_leave_out), args.stack, args.answer_c,
                            tree_settings(args))
                judged_by.update((id(q), inner) for q in judged)
            by_rows = {id(q.rows): judged_by[id(q)] for q in tune}

            def oof(rows: np.ndarray, table: dict = by_rows) -> tuple[int, float]:
                return table[id(rows)](rows)

            totals += [sum(figures(decide(part, oof, t))["accuracy"] for part in (squad, news))
                       for t in THRESHOLDS]
    finally:
        FOLD_SEED = kept
    if len(seeds) > 1:
        print("out-of-fold sum of accuracies, mean of fold splits "
              f"{', '.join(str(s) for s in seeds)}: "
              + " ".join(f"{t:.3f}:{v / len(seeds):.3f}" for t, v in zip(THRESHOLDS, totals)
                         if 0.3 <= t <= 0.6))
    return float(THRESHOLDS[int(np.argmax(totals))])


def selection_rate(questions, model: Fitted) -> tuple[int, int, int]:
    """Answerable questions whose chosen option is right, that have a right option, all."""
    answerable = [q for q in questions if q.answerable]
    right = sum(1 for q in answerable if len(q.rows) and q.right[model(q.rows)[0]])
    return right, sum(1 for q in answerable if q.right.any()), len(answerable)


def trim(questions, top: int):
    """The questions with only their first `top` options."""
    return [q._replace(rows=q.rows[:top], right=q.right[:top], options=q.options[:top])
            for q in questions]


FOLDS = 5
FOLD_SEED: int | None = None  # --fold-seed: GroupKFold's shuffled splits (None: its default)


def folds(tune: list[Asked]) -> list[tuple[list[Asked], list[Asked]]]:
    """FOLDS splits of the tuning halves grouped by article (scikit-learn's GroupKFold), each
    data set split on its own so every fold holds all of them: (train, judged)."""
    from sklearn.model_selection import GroupKFold

    split: list[tuple[list[Asked], list[Asked]]] = [([], []) for _ in range(FOLDS)]
    # Each source on its own (a --more-news set apart from the news set), so the first two
    # sets' folds are the same with and without the extra set: a like-for-like comparison.
    for name in sorted({source(q) for q in tune}):
        part = [q for q in tune if source(q) == name]
        groups = [q.article for q in part]
        splitter = (GroupKFold(n_splits=FOLDS) if FOLD_SEED is None else
                    GroupKFold(n_splits=FOLDS, shuffle=True, random_state=FOLD_SEED))
        for k, (train, judged) in enumerate(splitter.split(part, groups=groups)):
            split[k][0].extend(part[i] for i in train)
            split[k][1].extend(part[i] for i in judged)
    return split


JUDGE_ONLY = False  # --judge-more-only: the --more-news set judged out of fold, never fitted on


def stored_model() -> tuple[Fitted, float]:
    """The decision weights.json holds now (decision_semantic with --semantic) and its
    threshold, as a Fitted, to judge with the cross-validated recipe's questions."""
    data = json.loads(WEIGHTS_PATH.read_text("utf-8"))[
        decision.SEMANTIC_ENTRY if SEMANTIC else "decision"]
    names = input_names()
    sel, ans = data["select"], data["answer"]
    select = np.array([float(sel["weights"].get(n, 0.0)) for n in names])
    answer = np.array([float(ans["weights"].get(n, 0.0))
                       for n in names + decision.ANSWER_EXTRA])
    trees = (json.loads(WEIGHTS_PATH.with_name(sel["trees_file"]).read_text("utf-8"))
             if sel.get("trees_file") else None)
    return (Fitted(select, float(sel["bias"]), answer, float(ans["bias"]), trees,
                   float(sel.get("trees_scale", 0.0))),
            float(data["threshold"]))


def cross_validate(tune: list[Asked], args) -> dict[str, dict[str, float]]:
    """FOLDS folds of the tuning halves, grouped by article: fit on four, judge the fifth (for
    choosing features and settings without touching the held-out halves). Figures for each
    source apart (SQuAD 2.0, the news set, a --more-news set) and for all news pooled, so a
    recipe fitted with an extra set can be compared on the first two sets' questions alone;
    also the decision weights.json holds, judged on the same questions (in sample on the sets
    it was fitted on)."""
    from sklearn.metrics import roc_auc_score

    names = input_names()
    totals: dict[str, dict[str, int]] = {}
    picked: dict[str, list[int]] = {}
    scored: dict[str, list[tuple[float, bool, bool]]] = {}
    stored, stored_threshold = stored_model()
    stored_scored: dict[str, list[tuple[float, bool, bool]]] = {}
    stored_picked: dict[str, list[int]] = {}
    sources = sorted({source(q) for q in tune}, key=lambda n: (n != "squad2", n != "news", n))
    pooled = [n for n in sources if n != "squad2"]
    keys = sources + (["news+"] if len(pooled) > 1 else [])

    def groups(q: Asked) -> list[str]:
        name = source(q)
        return [name] + (["news+"] if name in pooled and len(pooled) > 1 else [])

    def judged_pair(model: Fitted, q: Asked) -> tuple[float, bool, bool]:
        best, p = model(q.rows) if len(q.rows) else (-1, 0.0)
        if best >= 0 and RULES and full_cover(names, q.rows[best], p):
            p = 1.0  # quoted whatever the model says
        return p, bool(q.answerable and best >= 0 and q.right[best]), not q.answerable

    for train, judged in folds(tune):
        if JUDGE_ONLY:
            train = [q for q in train if source(q) in ("squad2", "news")]
        model = fit(train, args.news_weight, args.listwise, args.l2, args.answer_news_weight,
                    tuple(args.select_leave_out), tuple(args.answer_leave_out), args.stack,
                    args.answer_c, tree_settings(args))
        threshold = operating_point(train, model, args)
        for q in judged:
            counts = decide([q], model, threshold)
            sel = selection_rate([q], model)
            stored_sel = selection_rate([q], stored)
            for key in groups(q):
                for name, value in counts.items():
                    totals.setdefault(key, {}).setdefault(name, 0)
                    totals[key][name] += value
                picked[key] = [a + b for a, b in zip(picked.get(key, [0, 0, 0]), sel)]
                stored_picked[key] = [a + b for a, b in
                                      zip(stored_picked.get(key, [0, 0, 0]), stored_sel)]
                scored.setdefault(key, []).append(judged_pair(model, q))
                stored_scored.setdefault(key, []).append(judged_pair(stored, q))
    news = "news+" if "news+" in keys else "news"
    print(f"out-of-fold risk-coverage (tuning halves): threshold, SQuAD2 even answer rate / "
          f"precision / accuracy, {news} tune answered / right / false / abstain / accuracy")
    for t in THRESHOLDS:
        s, n = oof_figures(scored["squad2"], t), oof_figures(scored[news], t)
        print(f"  {t:.3f}  {s['answer_rate']:.3f} {s['precision']:.3f} {s['accuracy']:.3f}   "
              f"{n['answer_rate']:.3f} {n['right']:.3f} {n['false']:.3f} {n['abstain']:.3f} "
              f"{n['accuracy']:.3f}")
    # The operating point: the best sum of the two out-of-fold accuracies (--write's threshold
    # is the fitted model's own best, which its in-sample certainty can move; compare them).
    for other in dict.fromkeys(["news", news]):
        best = max(THRESHOLDS, key=lambda t: oof_accuracy(scored["squad2"], t)
                   + oof_accuracy(scored[other], t))
        print(f"out-of-fold best threshold (squad2 + {other}) {best:.3f}: sum of accuracies "
              f"{oof_accuracy(scored['squad2'], best) + oof_accuracy(scored[other], best):.3f}")
    found = {}
    for key in keys:
        f = figures(totals[key])
        r, has, n = picked[key]
        found[key] = f
        pairs = scored[key]
        auc = roc_auc_score([y for _, y, _ in pairs], [p for p, _, _ in pairs])
        curve = " ".join(f"{t:.2f}:{oof_accuracy(pairs, t):.3f}" for t in (0.3, 0.4, 0.5, 0.6))
        print(f"cv {key:7} oof accuracy at thresholds {curve}")
        print(f"cv {key:7} chosen right {r}/{has}/{n} ({r / max(1, n):.3f}) auc {auc:.3f} | accuracy "
              f"{f['accuracy']:.3f} precision {f['precision']:.3f} answer rate "
              f"{f['answer_rate']:.3f} | right {f['right']:.3f} false {f['false']:.3f} "
              f"abstain {f['abstain']:.3f}")
    for key in keys:
        pairs = stored_scored[key]
        f = oof_figures(pairs, stored_threshold)
        auc = roc_auc_score([y for _, y, _ in pairs], [p for p, _, _ in pairs])
        r, has, n = stored_picked[key]
        print(f"stored {key:7} (threshold {stored_threshold:.3f}) chosen right {r}/{has}/{n} "
              f"auc {auc:.3f} | accuracy {f['accuracy']:.3f} precision {f['precision']:.3f} "
              f"| right {f['right']:.3f} false {f['false']:.3f} abstain {f['abstain']:.3f}")
    return found


def oof_figures(pairs: list[tuple[float, bool, bool]], threshold: float) -> dict[str, float]:
    """figures() of out-of-fold (probability, right, unanswerable) triples at a threshold (a
    wrong quote of an answerable question counts as wrong, as decide() counts it)."""
    counts = dict(correct=0, wrong=0, missed=0, abstained=0, false_answers=0)
    for p, right, none in pairs:
        answered = p >= threshold
        if none:
            counts["false_answers" if answered else "abstained"] += 1
        else:
            counts["missed" if not answered else "correct" if right else "wrong"] += 1
    return figures(counts)


def oof_accuracy(pairs: list[tuple[float, bool, bool]], threshold: float) -> float:
    """Accuracy of out-of-fold (probability, right, unanswerable) triples at a threshold."""
    good = sum(1 for p, right, none in pairs if (right if p >= threshold else none))
    return good / max(1, len(pairs))


def show_errors(tune: list[Asked], args, dataset: str, limit: int) -> None:
    """The cross-validated mistakes of the tuning half of a data set: the chosen option
    against the right one (answerable), the quote given (unanswerable)."""
    names = input_names()
    shown = 0
    for train, judged in folds(tune):
        model = fit(train, args.news_weight, args.listwise, args.l2, args.answer_news_weight,
                    tuple(args.select_leave_out), tuple(args.answer_leave_out), args.stack,
                    args.answer_c, tree_settings(args))
        threshold = operating_point(train, model, args)
        for q in judged:
            if q.dataset != dataset or not len(q.rows):
                continue
            best, p = model(q.rows)
            answered = p >= threshold or full_cover(names, q.rows[best], p)
            if q.answerable and q.right[best] or not q.answerable and not answered:
                continue
            kind = ("FALSE" if not q.answerable else "WRONG" if answered else "MISSED")
            gold = [i for i in range(len(q.right)) if q.right[i]]
            print(f"[{kind}] p={p:.2f} {q.text}  -> {q.answers}")
            print(f"   chosen #{best}: {q.options[best][:220]}")
            if gold and gold[0] != best:
                print(f"   right  #{gold[0]}: {q.options[gold[0]][:220]}")
            shown += 1
            if shown >= limit:
                return


def tree_settings(args) -> TreeSettings:
    """The select model's trees asked for on the command line."""
    return TreeSettings(args.select_trees, args.tree_leaves, args.tree_depth, args.tree_rate,
                        args.tree_min_child, args.tree_l2)


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
                        help=f"only cross-validate on the tuning halves ({FOLDS} folds by article)")
    parser.add_argument("--errors", choices=("squad2", "news"),
                        help="only show the cross-validated mistakes on a tuning half")
    parser.add_argument("--limit", type=int, default=200, help="mistakes shown by --errors")
    parser.add_argument("--leave-out", nargs="*", default=[],
                        help="more inputs to leave out (weight 0), to compare feature sets")
    parser.add_argument("--select-leave-out", nargs="*", default=list(SELECT_LEFT_OUT),
                        help="inputs the select model leaves out")
    parser.add_argument("--answer-leave-out", nargs="*", default=list(ANSWER_LEFT_OUT),
                        help="inputs the answer model leaves out")
    parser.add_argument("--held-out", action="store_true",
                        help="also print the held-out halves' figures (once, at the end)")
    parser.add_argument("--oof-threshold", action="store_true",
                        help="choose the threshold on out-of-fold probabilities")
    parser.add_argument("--stack", action="store_true",
                        help="fit the answer model on out-of-fold choices")
    parser.add_argument("--answer-c", type=float, default=1.0,
                        help="inverse L2 strength of the answer model")
    parser.add_argument("--threshold", type=float, help="use this operating point")
    parser.add_argument("--fold-seed", type=int,
                        help="shuffle the cross-validation's article groups with this seed")
    parser.add_argument("--select-trees", type=int, default=0,
                        help="LightGBM lambdarank trees on top of the linear select score")
    parser.add_argument("--tree-leaves", type=int, default=TreeSettings.leaves)
    parser.add_argument("--tree-depth", type=int, default=TreeSettings.depth)
    parser.add_argument("--tree-rate", type=float, default=TreeSettings.rate)
    parser.add_argument("--tree-min-child", type=int, default=TreeSettings.min_child)
    parser.add_argument("--tree-l2", type=float, default=TreeSettings.l2)
    parser.add_argument("--write", action="store_true", help="store the model in weights.json")
    parser.add_argument("--no-rules", action="store_true",
                        help="judge without decision.covers_all (to check that it helps)")
    parser.add_argument("--semantic", action="store_true",
                        help="rank with the semantic stage, fit with its inputs too; --write "
                             "stores 'decision_semantic'")
    parser.add_argument("--vectors", type=Path, default=SQUAD2_VECTORS, metavar="DIR",
                        help="where --semantic keeps the SQuAD 2.0 sentence vectors")
    parser.add_argument("--more-news", nargs=2, type=Path, metavar=("QUESTIONS", "CORPUS"),
                        help="add the tune half of another news set (e.g. benchmarks/news2/"
                             "questions.jsonl benchmarks/.cache/news2_corpus) to the news "
                             "tuning questions")
    parser.add_argument("--threshold-splits", nargs="+", type=lambda v: None if v == "none" else int(v),
                        metavar="SEED", help="with --oof-threshold: sum the out-of-fold curves of "
                        "these fold splits ('none': the default split), e.g. none 1 2 3")
    parser.add_argument("--judge-more-only", action="store_true",
                        help="with --cv and --more-news: judge the extra set's tune half out "
                             "of fold but fit without it (the same questions judged, with and "
                             "without it in the fit)")
    args = parser.parse_args()
    if args.select_trees and not args.listwise:
        parser.error("--select-trees boosts the listwise score: not with --pointwise")
    global RULES, FOLD_SEED, SEMANTIC, JUDGE_ONLY
    JUDGE_ONLY = args.judge_more_only
    RULES = not args.no_rules
    FOLD_SEED = args.fold_seed
    SEMANTIC = args.semantic
    cache = SEMANTIC_CACHE if SEMANTIC else CACHE
    if args.more_news:
        cache = cache.with_name(f"{cache.stem}-{args.more_news[0].parent.name}.pkl")
    if args.cached and cache.exists():
        questions = pickle.loads(cache.read_bytes())
    else:
        questions = collect(args.data, args.questions, args.corpus,
                            max(args.top, decision.DECIDE_TOP), args.vectors,
                            tuple(args.more_news) if args.more_news else None)
        cache.write_bytes(pickle.dumps(questions))
    questions = trim(questions, args.top)
    names = input_names()
    for name in (*LEFT_OUT, *args.leave_out):
        column = names.index(name)
        for q in questions:
            if len(q.rows):
                q.rows[:, column] = 0.0
    tune = [q for q in questions if q.half == "tune"]
    if args.errors:
        show_errors(tune, args, args.errors, args.limit)
        return
    if args.cv:
        cross_validate(tune, args)
        return
    model = fit(tune, args.news_weight, args.listwise, args.l2, args.answer_news_weight,
                    tuple(args.select_leave_out), tuple(args.answer_leave_out), args.stack,
                    args.answer_c, tree_settings(args))
    # The held-out halves only when asked for, once, at the end: the figures that guide the
    # choice of features and settings are the tuning halves' (and --cv).
    halves = ("tune", "test") if args.held_out else ("tune",)
    parts = {(d, h): [q for q in questions if q.dataset == d and q.half == h]
             for d in ("squad2", "news") for h in halves}
    # Risk-coverage on the tuning halves: each threshold's answer rate and precision.
    print("risk-coverage (tuning halves): threshold, SQuAD2 even answer rate / precision / "
          "accuracy, news tune answered / right / false / abstain")
    for threshold in THRESHOLDS:
        s = figures(decide(parts["squad2", "tune"], model, threshold))
        n = figures(decide(parts["news", "tune"], model, threshold))
        print(f"  {threshold:.3f}  {s['answer_rate']:.3f} {s['precision']:.3f} "
              f"{s['accuracy']:.3f}   {n['answer_rate']:.3f} {n['right']:.3f} {n['false']:.3f} "
              f"{n['abstain']:.3f}")
    threshold = (args.threshold if args.threshold is not None
                 else operating_point(tune, model, args))
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
        select: dict = {"weights": select_weights, "bias": round(model.select_bias, 4)}
        if model.trees is not None:
            # Unrounded: the trees add to the weights' score, which is rounded as printed.
            select["trees_scale"] = model.trees_scale
            # decision_semantic's trees apart: writing them must not replace the plain one's.
            trees_path = SEMANTIC_TREES_PATH if SEMANTIC else TREES_PATH
            select["trees_file"] = trees_path.name
            trees_path.write_text(json.dumps(model.trees, separators=(",", ":")) + "\n",
                                  "utf-8")
        data[decision.SEMANTIC_ENTRY if SEMANTIC else "decision"] = {
            "select": select,
            "answer": {"weights": answer_weights, "bias": round(model.answer_bias, 4)},
            "threshold": round(float(threshold), 3), "more": round(float(threshold), 3),
            "unasked": round(float(unasked), 3)}
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
