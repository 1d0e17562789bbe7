"""Reranking weights for languages other than English, tuned on XQuAD's even half.

    python benchmarks/tune_xquad.py [../shared/data/xquad] [LANG ...] [--cached]
        [--pooled [--only FEATURE ...] [--from-current] [--write]]
        [--cv --only FEATURE ...] [--trees]

For each xquad.LANG.json.gz (English excepted: the bot's English weights, bot/search/weights.json,
were tuned on English SQuAD), the features of every candidate are computed once with the bot's
own code (the question routed to its language as `newsbot eval squad` does). Then weights are
tuned on the EVEN articles only and P@1/MRR printed for the bot's English weights (the current
table of other languages with --from-current) and the tuned ones on the even half (tuned on),
the odd half (held out) and all:
- by default, every weight, per language (listwise fit, then coordinate ascent on P@1 + MRR, as
  benchmarks/tune_rerank.py does);
- with --pooled, one table for all the languages' even halves together; with --only, only the
  named features' weights move (coordinate ascent from the English weights, or from the current
  table with --from-current), the rest stay as they are. --write stores that table in
  bot/search/lang/weights.json, the weights every language but English is ranked with.
- with --cv and --only, per language: the named weights moved from the current table on each
  quarter of the articles (numbers 0 and 2 mod 4, both even) and checked on the other; a
  language's own table counts as chosen only if both checks gain (P@1 + MRR), so the choice
  never looks at the odd half; then its table tuned on the whole even half, odd half reported.
- with --trees: gradient-boosted trees (LightGBM's LambdaRank, in the `.[bench]` extra) over the
  features and the current table's score, fitted on the pooled even halves; P@1 by half
  against the current table's. A measure only: the bot ranks with the linear table.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rerank import HAND_SET, Flat, fit, question_row, score, tune  # noqa: E402

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search import retrieve  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.lang import weights as lang_weights  # noqa: E402
from bot.search.lang.route import route  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "xquad"


def collect(path: Path):
    """Per question: its candidates' features, which are gold, doc numbers, half, type."""
    evalset = load_squad(path)
    index = SentenceIndex(evalset.articles, engine="newsbot")
    names = retrieve.feature_names(index)
    keys = [sentence_key(s.text) for s in index.sentences]
    rows = [question_row(route(index, q.text), q, keys, len(names)) for q in evalset.questions]
    return rows, names


def padded(rows, own: list[str], names: list[str]):
    """A language's rows with the columns of `names` it lacks as zeros (a feature its
    questions are not ranked with: Chinese has no paragraph_grams)."""
    if own == names:
        return rows
    at = [own.index(n) if n in own else -1 for n in names]
    out = []
    for feats, *rest in rows:
        wide = np.zeros((len(feats), len(names)))
        for column, source in enumerate(at):
            if source >= 0 and len(feats):
                wide[:, column] = feats[:, source]
        out.append((wide, *rest))
    return out


def figures(rows, weights) -> str:
    parts = []
    for name, half in (("even", 0), ("odd", 1), ("all", None)):
        p1, mrr = score(rows, weights, half)
        parts.append(f"{name} P@1 {p1:.3f} MRR {mrr:.3f}")
    return " | ".join(parts)


def features_of(folder: Path, language: str, cached: bool):
    """The rows and feature names of one language (kept in /tmp between runs)."""
    cache = Path(f"/tmp/tune_xquad_{language}.pkl")
    if cached and cache.exists():
        return pickle.loads(cache.read_bytes())
    started = time.perf_counter()
    rows, names = collect(folder / f"xquad.{language}.json.gz")
    cache.write_bytes(pickle.dumps((rows, names)))
    print(f"{language}: features in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return rows, names


def tuned_on_even(rows, names) -> list[float]:
    """Weights tuned on the even half, from the listwise fit and from the bot's weights."""
    english = [feature_table.RERANK_WEIGHTS.get(n, 0.0) for n in names]
    results = [tune(rows, 0, start) for start in (fit(rows, 0), english)]
    best = max(results, key=lambda w: sum(score(rows, w, 0)))
    tuned = {n: round(float(w), 3) for n, w in zip(names, best)}
    tuned.update({k: v for k, v in HAND_SET.items() if k in tuned})
    print("tuned:", tuned, file=sys.stderr)
    return [tuned[n] for n in names]


def tuned_from_english(rows, names, only: list[str], start: dict[str, float] | None = None
                       ) -> list[float]:
    """The English weights (or `start`'s) with only `only` moved by coordinate ascent on the
    even half."""
    table = feature_table.RERANK_WEIGHTS if start is None else start
    weights = [table.get(n, 0.0) for n in names]
    best = sum(score(rows, weights, 0))
    for step in (0.5, 0.2, 0.1):
        improved = True
        while improved:
            improved = False
            for i in (names.index(n) for n in only):
                for delta in (step, -step):
                    trial = list(weights)
                    trial[i] += delta
                    value = sum(score(rows, trial, 0))
                    if value > best + 1e-9:
                        best, weights, improved = value, trial, True
    return [round(w, 3) for w in weights]


def quarter_rows(rows, tuned: int):
    """The rows with the even articles of one quarter (number % 4 == tuned) as half 0, the
    other even quarter as half 1 and the odd articles as half 2: a check inside the even half
    (a row's last item is its article's number, tune_rerank.question_row)."""
    out = []
    for feats, gold, docs, _, qtype, article in rows:
        half = 2 if article % 2 else (0 if article % 4 == tuned else 1)
        out.append((feats, gold, docs, half, qtype, article))
    return out


def per_language_cv(data, names: list[str], only: list[str], current: dict[str, float]) -> None:
    """--cv: per-language tables of the `only` weights, chosen inside the even half."""
    base = [current.get(n, 0.0) for n in names]
    for language, (rows, _) in data.items():
        gains = []
        for tuned in (0, 2):
            quarters = quarter_rows(rows, tuned)
            weights = tuned_from_english(quarters, names, only, current)
            gains.append(sum(score(quarters, weights, 1)) - sum(score(quarters, base, 1)))
        weights = tuned_from_english(rows, names, only, current)
        chosen = all(g > 0 for g in gains)
        moved = {n: w for n, w, b in zip(names, weights, base) if abs(w - b) > 1e-9}
        print(f"{language} checks {gains[0]:+.4f} {gains[1]:+.4f} chosen={chosen} | current "
              f"{figures(rows, base)}\n{language} own table {moved}: {figures(rows, weights)}",
              flush=True)


def trees(data, names: list[str], current: dict[str, float]) -> None:
    """--trees: LambdaRank trees on the pooled even halves, P@1 by half against the table."""
    import lightgbm

    linear = np.array([current.get(n, 0.0) for n in names])

    def wide(feats):
        return np.column_stack([feats, feats @ linear])

    even = Flat([r for rows, _ in data.values() for r in rows], 0)  # questions with a gold
    groups = np.diff(np.append(even.starts, len(even.feats)))
    params = {"objective": "lambdarank", "num_leaves": 7, "learning_rate": 0.05,
              "min_data_in_leaf": 100, "bagging_fraction": 0.8, "bagging_freq": 1,
              "feature_fraction": 0.8, "lambdarank_truncation_level": 10, "verbose": -1,
              "num_threads": 1, "seed": 1}
    booster = lightgbm.train(params, lightgbm.Dataset(wide(even.feats), even.gold.astype(int),
                                                      group=groups), num_boost_round=200)

    def forest_p_at_1(rows, half) -> float:
        flat = Flat(rows, half)
        if not len(flat.starts):
            return 0.0
        return float((flat.ranks_by(booster.predict(wide(flat.feats))) == 1).sum()) / max(
            1, flat.questions)

    for language, (rows, _) in data.items():
        table = [score(rows, linear, h)[0] for h in (0, 1)]
        forest = [forest_p_at_1(rows, h) for h in (0, 1)]
        print(f"{language} table even {table[0]:.3f} odd {table[1]:.3f} | trees even "
              f"{forest[0]:.3f} odd {forest[1]:.3f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DATA)
    parser.add_argument("languages", nargs="*")
    parser.add_argument("--cached", action="store_true", help="reuse the last features")
    parser.add_argument("--pooled", action="store_true",
                        help="one table tuned on every language's even half together")
    parser.add_argument("--only", nargs="+", help="with --pooled: the features whose weights "
                        "move (the rest keep the English weights, or the current ones with "
                        "--from-current)")
    parser.add_argument("--write", action="store_true", help="with --pooled: store the table "
                        "in bot/search/lang/weights.json")
    parser.add_argument("--from-current", action="store_true", help="with --only: move the "
                        "weights from the current table (lang/weights.json), not the English")
    parser.add_argument("--cv", action="store_true", help="with --only: per-language tables "
                        "of those weights, chosen by a check between the even half's quarters")
    parser.add_argument("--trees", action="store_true", help="measure pooled LambdaRank trees")
    args = parser.parse_args()
    if args.cv and not args.only:
        parser.error("--cv needs --only FEATURE ...: the weights it moves")
    languages = [lang for lang in args.languages or sorted(
        p.name.split(".")[1] for p in args.folder.glob("xquad.*.json.gz")) if lang != "en"]
    data = {lang: features_of(args.folder, lang, args.cached) for lang in languages}
    names = list(max((n for _, n in data.values()), key=len))
    data = {lang: (padded(rows, list(own), names), names) for lang, (rows, own) in data.items()}
    current = lang_weights.for_language("xx") if args.from_current else None
    baseline = [(current or feature_table.RERANK_WEIGHTS).get(n, 0.0) for n in names]
    if args.cv or args.trees:
        table = lang_weights.for_language("xx") or {}
        if args.cv:
            per_language_cv(data, names, args.only, table)
        if args.trees:
            trees(data, names, table)
        return
    pooled = None
    if args.pooled:
        rows = [r for rows, _ in data.values() for r in rows]
        pooled = (tuned_from_english(rows, names, args.only, current) if args.only
                  else tuned_on_even(rows, names))
        print("pooled:", dict(zip(names, pooled)))
    for language, (rows, _) in data.items():
        weights = pooled if pooled is not None else tuned_on_even(rows, names)
        print(f"{language} {'current' if current else 'English'} weights: "
              f"{figures(rows, baseline)}")
        print(f"{language} tuned on even: {figures(rows, weights)}", flush=True)
    if args.write and pooled is not None:
        lang_weights.write(dict(zip(names, pooled)), " ".join(sys.argv[1:]))
        print(f"wrote {lang_weights.PATH}")


if __name__ == "__main__":
    main()
