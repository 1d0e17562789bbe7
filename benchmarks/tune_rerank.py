"""Tune the reranking weights of bot.search.retrieve on half of the SQuAD dev articles.

    python benchmarks/tune_rerank.py [--data ../shared/data/squad-dev-v1.1.json] [--half even]

Features of every candidate are computed once (bot.search.retrieve.features, the bot's own code), then
coordinate ascent over the weights maximises P@1 + MRR on the tuning half only. Prints the
figures of the tuned weights on both halves; with --write, stores them by name in
bot/search/weights.json (the "rerank" table; other entries of the file are kept).

With --semantic (needs pip install 'newsbot[semantic]') the index has the semantic stage, so the
table has its features too, and --write stores the "rerank_semantic" table, the weights an index
with the stage is ranked with. The sentence vectors are kept in --vectors DIR between runs.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import EvalQuestion, load_squad  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search import retrieve  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.semantic import enable as enable_semantic  # noqa: E402

WEIGHTS_PATH = Path(feature_table.__file__).with_name(feature_table.WEIGHTS_FILE)
# Set by hand, not tuned: Wikipedia articles open with a definition, news stories with their
# main fact, so SQuAD cannot tune the news lede.
HAND_SET = {"lede": 1.0}

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "squad-dev-v1.1.json"


def collect(data: Path, vectors: Path | None = None):
    """Per question: feature matrix of its candidates, which are gold, and its half; and the
    feature names. `vectors`: the semantic stage on, its sentence vectors kept there."""
    evalset = load_squad(data)
    index = SentenceIndex(evalset.articles, engine="newsbot")
    if vectors is not None:
        enable_semantic(index, vectors)
    names = retrieve.feature_names(index)
    keys = [sentence_key(s.text) for s in index.sentences]
    started = time.perf_counter()
    rows = [question_row(index, q, keys, len(names)) for q in evalset.questions]
    print(f"features of {len(rows)} questions in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    return rows, names


def question_row(index: SentenceIndex, q: EvalQuestion, keys: list[str], width: int):
    """One question's row: its candidates' features (`width` of them), which candidates are
    gold (by sentence key, `keys` numbered as `index`'s sentences), their doc numbers, the
    question's half (article parity) and its type. `index` may be a language's view."""
    query = retrieve.analyse(index, q.text)
    docs, from_engine = retrieve.candidates(index, query) if query.terms else ([], 0)
    feats = np.array(retrieve.features(index, query, docs, from_engine) if docs else
                     np.zeros((0, width)), dtype=np.float64)
    gold = np.array([keys[d] == q.gold for d in docs], dtype=bool)
    return feats, gold, np.array(docs), q.article % 2, q.qtype.value


def score(rows, weights, half=None):
    """P@1 and MRR (depth 100) of the weights, over one half (0 even, 1 odd) or all."""
    p1 = mrr = n = 0
    w = np.asarray(weights)
    for feats, gold, docs, parity, _ in rows:
        if half is not None and parity != half:
            continue
        n += 1
        if not gold.any():
            continue
        s = feats @ w
        best = s[gold].max()
        # ties broken by lower document number, as rank() does
        first_gold = docs[gold][s[gold] == best].min()
        r = int((s > best).sum() + ((s == best) & (docs < first_gold)).sum()) + 1
        if r <= 100:
            p1 += r == 1
            mrr += 1 / r
    return p1 / n, mrr / n


def fit(rows, half, epochs=300, rate=0.05, l2=1e-3):
    """A listwise linear model: softmax over each question's candidates, gold's log-likelihood."""
    data = [(f, g) for f, g, _, parity, _ in rows if parity == half and g.any() and len(f) > 1]
    width = data[0][0].shape[1]
    w = np.zeros(width)
    w[0] = 1.0
    m = np.zeros(width)
    v = np.zeros(width)
    for step in range(1, epochs + 1):
        grad = l2 * w
        for feats, gold in data:
            s = feats @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            target = gold / gold.sum()
            grad += feats.T @ (p - target) / len(data)
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return w / w[0] if w[0] > 0 else w


def tune(rows, half, start):
    """Coordinate ascent on P@1 + MRR of one half, from a starting point."""
    weights = list(start)
    best = sum(score(rows, weights, half))
    for step in (0.5, 0.2, 0.1, 0.05, 0.02):
        improved = True
        while improved:
            improved = False
            for i in range(1, len(weights)):  # the sentence weight stays 1: scale is free
                for delta in (step, -step):
                    trial = list(weights)
                    trial[i] = trial[i] + delta
                    value = sum(score(rows, trial, half))
                    if value > best + 1e-9:
                        best, weights, improved = value, trial, True
        print(f"step {step}: {np.round(weights, 3).tolist()} -> {best:.4f}", file=sys.stderr)
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--half", choices=("even", "odd"), default="even")
    parser.add_argument("--cached", action="store_true", help="reuse the last features")
    parser.add_argument("--only", nargs="*", help="features to use besides 'sentence'")
    parser.add_argument("--write", action="store_true",
                        help="store the tuned weights by name in bot/search/weights.json")
    parser.add_argument("--semantic", action="store_true",
                        help="with the semantic stage: tune the 'rerank_semantic' table")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/newsbot-squad-vectors"),
                        help="where --semantic keeps the SQuAD sentence vectors between runs")
    args = parser.parse_args()
    table = "rerank_semantic" if args.semantic else "rerank"
    cache = Path(f"/tmp/tune_{table}_features.pkl")
    if args.cached and cache.exists():
        rows, names = pickle.loads(cache.read_bytes())
    else:
        rows, names = collect(args.data, args.vectors if args.semantic else None)
        cache.write_bytes(pickle.dumps((rows, names)))
    half = 0 if args.half == "even" else 1
    names = list(names)
    if args.only is not None:
        keep = [names.index(name) for name in ["sentence", *args.only]]
        names = [names[i] for i in keep]
        rows = [(f[:, keep], g, d, p, t) for f, g, d, p, t in rows]
    fitted = fit(rows, half)
    print("fitted:", np.round(fitted, 3).tolist(), "P@1, MRR", score(rows, fitted, half),
          file=sys.stderr)
    # Coordinate ascent finds a local optimum: start from the fit and from the current weights.
    now = feature_table.SEMANTIC_WEIGHTS if args.semantic else feature_table.RERANK_WEIGHTS
    current = [now.get(name, 0.0) for name in names]
    results = [tune(rows, half, start) for start in (fitted, current)]
    weights = max(results, key=lambda w: sum(score(rows, w, half)))
    tuned = {name: round(float(w), 3) for name, w in zip(names, weights)}
    print("tuned:", tuned)
    if args.write:
        data = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        data[table] = {**tuned, **{k: v for k, v in HAND_SET.items() if k in tuned}}
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")
    for name, h in (("even", 0), ("odd", 1), ("all", None)):
        p1, mrr = score(rows, weights, h)
        print(f"{name:5} P@1 {p1:.4f} MRR {mrr:.4f}")


if __name__ == "__main__":
    main()
