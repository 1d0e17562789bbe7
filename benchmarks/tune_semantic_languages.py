"""Reranking weights with the semantic stage on, per language, tuned on XQuAD's even half.

    python benchmarks/tune_semantic_languages.py [FOLDER ...] [--languages LANG ...]
        [--vectors ROOT] [--cached] [--only FEATURE ...] [--write LANG ...]

With the stage on, every question was ranked with "rerank_semantic" (tuned on English SQuAD
and news) and without the character n-gram features other languages are ranked with when the
stage is off. For each xquad.LANG.json.gz in the folders (English excepted), the candidates'
features are computed once with the bot's own code, the stage on (the sentence vectors kept
in ROOT/LANG between runs) and the language's n-gram features in the table as well
(bot.search.semantic.weights). Then, per language, starting from the table the language is
ranked with when the stage is off (bot/search/lang/weights.json) plus rerank_semantic's
weights of the stage's features, the --only weights (default: the stage's two and the two
n-gram ones) move by coordinate ascent on the EVEN articles only. Printed per language:
P@1 / MRR now (rerank_semantic, no n-gram features) and of the tuned tables on the even half
(tuned on), the odd half (held out) and all; the same tuning also starts from rerank_semantic,
and a language gets the better table only if it beats its ranking now on the even half.
--write LANG ... stores the named languages' chosen tables in bot/search/semantic/weights.json.

The figures with the current weights, stage on, are `newsbot eval squad FILE --json
--semantic --vectors DIR` (its "halves").
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rerank import question_row, score  # noqa: E402
from tune_xquad import tuned_from_english  # noqa: E402

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search import retrieve  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.lang import weights as lang_weights  # noqa: E402
from bot.search.lang.route import route  # noqa: E402
from bot.search.semantic import enable as enable_semantic  # noqa: E402
from bot.search.semantic import weights as semantic_weights  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "xquad"
ONLY = ["semantic", "semantic_window", "paragraph_grams", "article_grams"]


def collect(path: Path, vectors: Path):
    """Per question of one XQuAD file: its candidates' features with the stage on and the
    n-gram features in the table, which are gold, doc numbers, half, type, article."""
    evalset = load_squad(path)
    index = SentenceIndex(evalset.articles, engine="newsbot")
    enable_semantic(index, vectors)
    own = semantic_weights.for_language
    semantic_weights.for_language = lambda language: {}  # type: ignore[assignment]
    try:  # any table of its own puts the language's n-gram features in (features.table_for)
        names = retrieve.feature_names(index)
        keys = [sentence_key(s.text) for s in index.sentences]
        rows = [question_row(route(index, q.text), q, keys, len(names))
                for q in evalset.questions]
    finally:
        semantic_weights.for_language = own  # type: ignore[assignment]
    return rows, list(names)


def figures(rows, weights) -> str:
    parts = []
    for name, half in (("even", 0), ("odd", 1), ("all", None)):
        p1, mrr = score(rows, weights, half)
        parts.append(f"{name} {p1:.4f} / {mrr:.4f}")
    return " | ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=[DATA])
    parser.add_argument("--languages", nargs="+", help="only these (default: every file's)")
    parser.add_argument("--vectors", type=Path, default=Path("/tmp/newsbot-xquad-vectors"),
                        help="the sentence vectors are kept in ROOT/LANG between runs")
    parser.add_argument("--cached", action="store_true", help="reuse the last features")
    parser.add_argument("--only", nargs="+", default=ONLY, help="the weights that move")
    parser.add_argument("--write", nargs="+", metavar="LANG", default=[],
                        help="store these languages' tuned tables")
    args = parser.parse_args()
    files = {p.name.split(".")[1]: p for folder in args.folders
             for p in sorted(folder.glob("xquad.*.json.gz"))}
    languages = [lang for lang in args.languages or sorted(files) if lang != "en"]
    start_table = dict(lang_weights.for_language("xx") or feature_table.RERANK_WEIGHTS)
    for name in ("semantic", "semantic_window"):
        start_table[name] = feature_table.SEMANTIC_WEIGHTS.get(name, 0.0)
    tables = {}
    for language in languages:
        cache = Path(f"/tmp/tune_semantic_languages_{language}.pkl")
        if args.cached and cache.exists():
            rows, names = pickle.loads(cache.read_bytes())
        else:
            started = time.perf_counter()
            rows, names = collect(files[language], args.vectors / language)
            cache.write_bytes(pickle.dumps((rows, names)))
            print(f"{language}: features in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
        only = [n for n in args.only if n in names]
        # The ranking the language has now: rerank_semantic, no n-gram features.
        current = [feature_table.SEMANTIC_WEIGHTS.get(n, 0.0) for n in names]
        print(f"{language} now: {figures(rows, current)}")
        best, best_sum = None, sum(score(rows, current, 0))
        for label, table in (("from lang/weights.json", start_table),
                             ("from rerank_semantic", feature_table.SEMANTIC_WEIGHTS)):
            tuned = tuned_from_english(rows, names, only, table)
            print(f"{language} tuned {label}: {figures(rows, tuned)}  "
                  f"{ {n: w for n, w in zip(names, tuned) if n in only} }", flush=True)
            if sum(score(rows, tuned, 0)) > best_sum:  # chosen on the even half only
                best, best_sum = tuned, sum(score(rows, tuned, 0))
        if best is not None:
            tables[language] = {n: w for n, w in zip(names, best) if w}
        print(f"{language}: {'a table of its own' if best else 'rerank_semantic kept'} "
              "(the even half decides)", flush=True)
    if args.write:
        chosen = {language: tables[language] for language in args.write if language in tables}
        kept = {language: table for language in semantic_weights.languages()
                if language not in chosen and (table := semantic_weights.for_language(language))}
        semantic_weights.write({**kept, **chosen}, " ".join(sys.argv[1:]))
        print(f"wrote {semantic_weights.PATH}")


if __name__ == "__main__":
    main()
