"""Write tests/data/trees_fixture.json: small LightGBM models (a binary classifier, a
lambdarank ranker and a regressor fitted with an initial score) on synthetic data, stored in
bot/search/trees.py's form, with rows and the library's own raw scores, so the tests check the
numpy evaluator against LightGBM without needing LightGBM.

    pip install 'newsbot[bench]'
    python benchmarks/make_trees_fixture.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.search.trees import from_lightgbm  # noqa: E402

OUT = ROOT / "tests" / "data" / "trees_fixture.json"


def main() -> None:
    import lightgbm as lgb

    rng = np.random.default_rng(7)
    n, width = 600, 6
    x = rng.normal(size=(n, width))
    x[:, 3] = rng.integers(0, 3, size=n)  # a few distinct values, as shares and flags have
    x[:, 4] = np.round(rng.uniform(size=n), 2)
    y = (x[:, 0] + 0.5 * x[:, 1] * x[:, 3] - x[:, 4] + rng.normal(scale=0.5, size=n)) > 0
    names = [f"f{i}" for i in range(width)]
    common = dict(n_estimators=25, num_leaves=6, max_depth=3, learning_rate=0.1,
                  min_child_samples=10, random_state=1, verbose=-1, n_jobs=1)
    test = rng.normal(size=(40, width))
    test[:, 3] = rng.integers(0, 3, size=40)
    test[:, 4] = np.round(rng.uniform(size=40), 2)
    test[:5] = x[:5]  # rows on the training values, where thresholds sit between them
    models = {}
    binary = lgb.LGBMClassifier(objective="binary", **common).fit(x, y)
    ranker = lgb.LGBMRanker(objective="lambdarank", **common).fit(
        x, y.astype(int), group=[8] * (n // 8) + ([n % 8] if n % 8 else []))
    regressor = lgb.LGBMRegressor(**common).fit(x, x[:, 0] * 2.0, init_score=x[:, 1])
    for name, model in (("binary", binary), ("rank", ranker), ("regression", regressor)):
        booster = model.booster_
        models[name] = {"forest": from_lightgbm(booster.dump_model(), names),
                        "raw": [float(v) for v in booster.predict(test, raw_score=True)]}
    models["binary"]["probability"] = [float(v) for v in binary.predict_proba(test)[:, 1]]
    OUT.write_text(json.dumps({"rows": test.tolist(), "models": models}) + "\n", "utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
