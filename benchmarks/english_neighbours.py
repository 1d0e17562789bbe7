"""Measured, not built: the reranker told how its paragraph's other candidates did.

    python benchmarks/english_neighbours.py [--cached] [--xquad ../shared/data/xquad/xquad.en.json.gz]

On XQuAD English 197 of the 253 misses are a neighbour of the gold sentence ranked first
(benchmarks/english_misses.py). Five columns derived from the candidates' own rows might tell
them apart: the `sentence_local` of the candidate sentence before it and after it in the same
paragraph (0 when that sentence is not a candidate), the first times `answer_type`, the best
`sentence_local` among the candidates of its paragraph, and its own minus that best. They are
added to the rows of benchmarks/tune_rerank.py (its --cached features, or collected anew), and
the weights tuned as tune_rerank.py tunes them (SQuAD v1.1 dev's even articles; sentence and
lede held; from the listwise fit and from the current weights, the better on the even half
kept), with and without the five. Prints P@1 / MRR on SQuAD's even (tuned) and odd (held-out)
articles and on XQuAD English (its even articles are SQuAD's even ones).

Result (README, "English reranking"): the ascent from the current weights wins on the even half
and gives them almost no weight; no gain on either held-out set. They are also relative to the
candidate set, which the bot's rows are not built for (a decision reads a subset of the rows,
rows_of normalises per subset, deferred columns): not in the bot.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tune_rerank import DATA, Flat, cache_path, collect, tuned_weights  # noqa: E402

from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402

NEW = ("prev_local", "prev_local_type", "next_local", "paragraph_best_local", "local_gap")
XQUAD = DATA.parent / "xquad" / "xquad.en.json.gz"


def derived(rows, names, data: Path):
    """The rows with the five columns added (documents numbered as `data`'s index)."""
    index = SentenceIndex(load_squad(data).articles, engine="newsbot")
    place = [(s.article_id, s.paragraph) for s in index.sentences]
    local, typed = names.index("sentence_local"), names.index("answer_type")
    out = []
    for feats, gold, docs, *rest in rows:
        extra = np.zeros((len(docs), len(NEW)))
        at = {int(d): i for i, d in enumerate(docs)}
        for i, doc in enumerate(int(d) for d in docs):
            for column, other in ((0, doc - 1), (2, doc + 1)):
                j = at.get(other)
                if j is not None and place[other] == place[doc]:
                    extra[i, column] = feats[j, local]
            extra[i, 3] = max(feats[j, local] for d, j in at.items() if place[d] == place[doc])
        if len(docs):
            extra[:, 1] = extra[:, 0] * feats[:, typed]
            extra[:, 4] = feats[:, local] - extra[:, 3]
        out.append((np.hstack([feats, extra]), gold, docs, *rest))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cached", action="store_true",
                        help="SQuAD's features from tune_rerank.py's last run")
    parser.add_argument("--xquad", type=Path, default=XQUAD)
    args = parser.parse_args()
    cache = cache_path()
    squad, names = (pickle.loads(cache.read_bytes()) if args.cached and cache.exists()
                    else collect(DATA))
    xquad, _ = collect(args.xquad)
    names = list(names)
    wide = [*names, *NEW]
    squad_wide, xquad_wide = derived(squad, names, DATA), derived(xquad, names, args.xquad)
    print("| weights tuned on SQuAD even | SQuAD even | SQuAD odd (held out) | XQuAD en | "
          "XQuAD even | XQuAD odd |")
    print("|---|---|---|---|---|---|")
    for label, s_rows, x_rows, table in (("30 features", squad, xquad, names),
                                         ("+ the five", squad_wide, xquad_wide, wide)):
        weights = tuned_weights(Flat(s_rows, 0), table, feature_table.RERANK_WEIGHTS, quiet=True)
        cells = [Flat(s_rows, 0).score(weights), Flat(s_rows, 1).score(weights),
                 Flat(x_rows).score(weights), Flat(x_rows, 0).score(weights),
                 Flat(x_rows, 1).score(weights)]
        print(f"| {label} | " + " | ".join(f"{p:.4f} / {m:.4f}" for p, m in cells) + " |")
        print("  weights:", {n: round(float(w), 3) for n, w in zip(table, weights)},
              file=sys.stderr)


if __name__ == "__main__":
    main()
