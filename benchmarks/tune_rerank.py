"""Tune the reranking weights of bot.search.retrieve on half of the SQuAD dev articles.

    python benchmarks/tune_rerank.py [--data ../shared/data/squad-dev-v1.1.json] [--half even]

Features of every candidate are computed once (bot.search.retrieve.features, the bot's own code), then
coordinate ascent over the weights maximises P@1 + MRR on the tuning half only, from a listwise
fit and from the current weights (--start; the better on the tuning half is kept). The sentence
weight stays 1 and the hand-set ones (HAND_SET: the news lede) stay as set, in the fit and the
ascent alike. Scoring is vectorised over all questions (class Flat): a whole tuning takes
minutes, not an hour. --cv first checks each start on two folds of the tuning half's articles.
Prints the figures of the tuned weights on both halves; with --write, stores them by name in
bot/search/weights.json (the "rerank" table; other entries of the file are kept).

With --english-grams (measuring only; --write refuses it) English questions are ranked with the
two character n-gram features of bot/search/lang/grams.py as well, their sentence limit lifted.

With --news FILE CORPUS (repeatable: a news question set and its built corpus) the objective adds,
for each set, P@1 + MRR of its answerable questions of the tuning half ("tune"), asked as the
answer path asks them (chat words off, the question's language): a candidate is gold when it is a
sentence of the question's article holding the answer span. SQuAD's tuning half and each news
set count alike (--news-weight each); the news lede is then tuned too, not hand-set. The
figures printed add each set's tuning and held-out ("test") halves.

With --also FILE (repeatable: another SQuAD-format file, e.g. XQuAD English, whose 48 articles
are SQuAD v1.1 dev's first 48 with the same parity) the questions of its --half articles, ranked
in that file's own pool of sentences, join the objective too (--also-weight, default 1 like
SQuAD's half); its other half stays held out, and the figures printed give both.

With --semantic (needs pip install 'newsbot[semantic]') the index has the semantic stage, so the
table has its features too, and --write stores the "rerank_semantic" table, the weights an index
with the stage is ranked with. The sentence vectors are kept in --vectors DIR between runs (with
--news, each corpus's beside it, where `newsbot eval news --semantic` keeps them).
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.news import load_questions, open_corpus  # noqa: E402
from bot.evaluation.outcomes import holds_answer  # noqa: E402
from bot.evaluation.squad import EvalQuestion, load_squad  # noqa: E402
from bot.search import features as feature_table  # noqa: E402
from bot.search import retrieve  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.lang import grams  # noqa: E402
from bot.search.lang.route import question_language  # noqa: E402
from bot.search.phrasing import core_question  # noqa: E402
from bot.search.semantic import enable as enable_semantic  # noqa: E402
from bot.search.stopwords import ENGLISH_STOPWORDS, QUESTION_FRAMING  # noqa: E402
from bot.search.text import raw_tokens  # noqa: E402

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


_BOT_WORDS = grams.words_of


def _words_with_english(language: str, text: str, question: bool = False) -> list[str]:
    """grams.words_of, and for English (which the bot ranks without n-grams) its tokens
    without stopwords (and, in a question, without the words that only frame it)."""
    if language != "en":
        return _BOT_WORDS(language, text, question)
    drop = ENGLISH_STOPWORDS | QUESTION_FRAMING if question else ENGLISH_STOPWORDS
    return [t for t in raw_tokens(text) if t not in drop and (len(t) > 1 or t.isdigit())]


def english_grams_on() -> None:
    """--english-grams: English questions ranked with grams.py's two n-gram features too, their
    sentence limit lifted (for this process only: the bot has no English tables)."""
    grams.LEFT_OUT = grams.LEFT_OUT - {"en"}
    grams.MAX_SENTENCES = sys.maxsize
    grams.words_of = _words_with_english


def question_row(index: SentenceIndex, q: EvalQuestion, keys: list[str], width: int):
    """One question's row: its candidates' features (`width` of them), which candidates are
    gold (by sentence key, `keys` numbered as `index`'s sentences), their doc numbers, the
    question's half (article parity), its type and its article's number. `index` may be a language's view."""
    query = retrieve.analyse(index, q.text)
    docs, from_engine = retrieve.candidates(index, query) if query.terms else ([], 0)
    feats = np.array(retrieve.features(index, query, docs, from_engine) if docs else
                     np.zeros((0, width)), dtype=np.float64)
    gold = np.array([keys[d] == q.gold for d in docs], dtype=bool)
    return feats, gold, np.array(docs), q.article % 2, q.qtype.value, q.article


def collect_news(questions_file: Path, corpus: Path, semantic: bool = False):
    """Rows (as question_row's) of a news set's answerable questions, asked as the answer path
    asks them; the half is 0 for "tune", 1 for "test"; gold: a sentence of the question's
    article holding the answer span (outcomes.holds_answer, as `newsbot eval news` judges).
    `semantic`: the stage on, the corpus's vectors beside it."""
    index = open_corpus(corpus)
    if semantic:
        from bot.search.index import INDEX_DIR_NAME
        from bot.search.semantic import store_dir

        enable_semantic(index, store_dir(corpus / INDEX_DIR_NAME))
    names = retrieve.feature_names(index)
    articles = {a: n for n, a in enumerate(index.articles)}
    rows = []
    for q in load_questions(questions_file):
        if q.answer is None or q.half not in ("tune", "test"):
            continue
        asked = core_question(q.text)
        view = index.for_language(question_language(index, asked))
        query = retrieve.analyse(view, asked)
        docs, from_engine = retrieve.candidates(view, query) if query.counts else ([], 0)
        feats = np.array(retrieve.features(view, query, docs, from_engine) if docs else
                         np.zeros((0, len(names))), dtype=np.float64)
        sentences = view.sentences
        gold = np.array([holds_answer(sentences[d].text, (sentences[d].article_id,), q.article,
                                 (q.answer,)) for d in docs], dtype=bool)
        rows.append((feats, gold, np.array(docs), 0 if q.half == "tune" else 1, "news",
                     articles[q.article]))
    return rows, names


class Mixed:
    """Several sets' Flats as one objective: P@1 and MRR, each the weighted sum of the sets'.
    With `floor` (P@1, MRR), the first set's shortfall below it costs FLOOR_COST times over:
    the others may gain only what leaves the first one where it was."""

    def __init__(self, parts, floor: tuple[float, float] | None = None):
        self.parts = [(flat, weight) for flat, weight in parts if flat.questions]
        self.floor = floor

    def score(self, weights) -> tuple[float, float]:
        found = [(flat.score(weights), weight) for flat, weight in self.parts]
        p1, mrr = (sum(s[0] * w for s, w in found), sum(s[1] * w for s, w in found))
        if self.floor is not None:
            first = found[0][0]
            p1 -= FLOOR_COST * max(0.0, self.floor[0] - first[0])
            mrr -= FLOOR_COST * max(0.0, self.floor[1] - first[1])
        return p1, mrr


FLOOR_COST = 20.0


class Flat:
    """The rows of one half (or all) in one block, so that a weight vector is scored with a
    few numpy calls (coordinate ascent scores it thousands of times)."""

    def __init__(self, rows, half=None, keep=None):
        chosen = [r for i, r in enumerate(rows) if (half is None or r[3] == half)
                  and (keep is None or keep(i))]
        self.questions = len(chosen)  # the denominator: a question without gold counts 0
        found = [r for r in chosen if r[1].any()]
        width = found[0][0].shape[1] if found else 0
        self.feats = np.concatenate([r[0] for r in found]) if found else np.zeros((0, width))
        self.gold = np.concatenate([r[1] for r in found]) if found else np.zeros(0, bool)
        self.docs = (np.concatenate([r[2] for r in found]).astype(np.int64) if found
                     else np.zeros(0, np.int64))
        lengths = np.array([len(r[0]) for r in found], dtype=np.int64)
        self.starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
        self.of = np.repeat(np.arange(len(found)), lengths)

    def ranks(self, weights) -> np.ndarray:
        """The rank of each question's best gold candidate (ties broken by lower document
        number, as rank() does)."""
        return self.ranks_by(self.feats @ np.asarray(weights, dtype=np.float64))

    def ranks_by(self, s: np.ndarray) -> np.ndarray:
        """As ranks(), for any score per candidate (a model other than a linear one)."""
        best = np.maximum.reduceat(np.where(self.gold, s, -np.inf), self.starts)[self.of]
        tied = np.where(self.gold & (s == best), self.docs, np.iinfo(np.int64).max)
        first_gold = np.minimum.reduceat(tied, self.starts)[self.of]
        above = (s > best) | ((s == best) & (self.docs < first_gold))
        return np.add.reduceat(above.astype(np.int64), self.starts) + 1

    def score(self, weights) -> tuple[float, float]:
        """P@1 and MRR (depth 100)."""
        if not len(self.starts):
            return 0.0, 0.0
        r = self.ranks(weights)
        r = r[r <= 100]
        return float((r == 1).sum()) / self.questions, float((1 / r).sum()) / self.questions


def score(rows, weights, half=None):
    """P@1 and MRR (depth 100) of the weights, over one half (0 even, 1 odd) or all."""
    return Flat(rows, half).score(weights)


def fit(rows, half, epochs=300, rate=0.05, l2=1e-3):
    """The listwise fit on one half of `rows` (only the sentence weight held at 1)."""
    flat = Flat(rows, half)
    return fit_flat(flat, flat.feats.shape[1], {0: 1.0}, epochs, rate, l2)


def tune(rows, half, start):
    """Coordinate ascent on P@1 + MRR of one half, from a starting point (the sentence weight
    stays 1: scale is free)."""
    return tune_flat(Flat(rows, half), start, {0})


def fit_flat(flat: Flat, width: int, held: dict[int, float], epochs=400, rate=0.05, l2=1e-3):
    """A listwise linear model: softmax over each question's candidates, gold's
    log-likelihood; the `held` weights (column: value) stay as given."""
    gold = flat.gold.astype(np.float64)
    target = gold / np.add.reduceat(gold, flat.starts)[flat.of]
    n = len(flat.starts)
    w = np.zeros(width)
    w[0] = 1.0
    for column, value in held.items():
        w[column] = value
    m = np.zeros(width)
    v = np.zeros(width)
    for step in range(1, epochs + 1):
        s = flat.feats @ w
        e = np.exp(s - np.maximum.reduceat(s, flat.starts)[flat.of])
        p = e / np.add.reduceat(e, flat.starts)[flat.of]
        grad = l2 * w + flat.feats.T @ (p - target) / n
        grad[list(held)] = 0.0
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad ** 2
        w -= rate * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    if w[0] > 0:
        w = w / w[0]
        for column, value in held.items():
            w[column] = value
    return w


def tune_flat(flat: Flat, start, held: set[int], quiet=False):
    """Coordinate ascent on P@1 + MRR, from a starting point; the `held` weights (columns)
    stay as they are."""
    weights = list(start)
    best = sum(flat.score(weights))
    for step in (0.5, 0.2, 0.1, 0.05, 0.02):
        improved = True
        while improved:
            improved = False
            for i in range(len(weights)):
                if i in held:
                    continue
                for delta in (step, -step):
                    trial = list(weights)
                    trial[i] = trial[i] + delta
                    value = sum(flat.score(trial))
                    if value > best + 1e-9:
                        best, weights, improved = value, trial, True
        if not quiet:
            print(f"step {step}: {np.round(weights, 3).tolist()} -> {best:.4f}", file=sys.stderr)
    return weights


def starting_point(names: list[str], now: dict[str, float],
                   hand: dict[str, float] | None = None):
    """The held weights (column: value): the sentence's 1 (scale is free) and the hand-set
    ones (`hand`, HAND_SET unless given); and the weights `now` (the table on main) with those
    values held."""
    hand = HAND_SET if hand is None else hand
    held = {0: 1.0, **{names.index(k): v for k, v in hand.items() if k in names}}
    return held, [held.get(i, now.get(name, 0.0)) for i, name in enumerate(names)]


def tuned_weights(flat, names: list[str], now: dict[str, float], start: str = "best",
                  quiet: bool = False, fit_on: Flat | None = None,
                  hand: dict[str, float] | None = None) -> list[float]:
    """The tuning: coordinate ascent (the held weights held) from the listwise fit (on
    `fit_on`, `flat` unless given: a Mixed objective fits on its pooled rows), from the
    weights `now`, or ("best") from both, keeping the better on `flat`."""
    held, current = starting_point(names, now, hand)
    fitted = fit_flat(flat if fit_on is None else fit_on, len(names), held)
    if not quiet:
        print("fitted:", np.round(fitted, 3).tolist(), "P@1, MRR", flat.score(fitted),
              file=sys.stderr)
    starts = {"fit": [fitted], "current": [current], "best": [fitted, current]}[start]
    results = [tune_flat(flat, point, set(held), quiet) for point in starts]
    return max(results, key=lambda w: sum(flat.score(w)))


def cache_path(table: str = "rerank", english_grams: bool = False) -> Path:
    """Where a run's features are kept for --cached."""
    return Path(f"/tmp/tune_{table}{'_grams' if english_grams else ''}_features.pkl")


def cross_check(rows, half, names, now) -> None:
    """Which start generalises within the tuning half: tuned on its articles numbered 0 mod 4
    (1 mod 4 for the odd half), scored on the others, and the other way round. The current
    weights were tuned on the whole half, so they have seen both folds: a check of the fit,
    biased for 'current'."""
    held, current = starting_point(names, now)
    numbers = [r[5] for r in rows]
    for label in ("fit", "current"):
        found = []
        for fold in (0, 1):
            train = Flat(rows, half, keep=lambda i, f=fold: numbers[i] // 2 % 2 == f)
            other = Flat(rows, half, keep=lambda i, f=fold: numbers[i] // 2 % 2 != f)
            start = fit_flat(train, len(names), held) if label == "fit" else current
            weights = tune_flat(train, start, set(held), quiet=True)
            found.append(sum(other.score(weights)))
        print(f"cv: start {label}: P@1 + MRR on the other articles {found[0]:.4f}, "
              f"{found[1]:.4f} (sum {sum(found):.4f})", file=sys.stderr)


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
    parser.add_argument("--start", choices=("fit", "current", "best"), default="best",
                        help="where coordinate ascent starts (default: both, the better kept)")
    parser.add_argument("--cv", action="store_true",
                        help="first, each start tuned on half of the tuning half's articles "
                             "and scored on the other half (articles numbered 0, 2 mod 4)")
    parser.add_argument("--english-grams", action="store_true",
                        help="measure only: English questions get the n-gram features of "
                             "bot/search/lang/grams.py too, with no sentence limit")
    parser.add_argument("--news", nargs=2, action="append", type=Path, default=[],
                        metavar=("FILE", "CORPUS"),
                        help="a news question set and its corpus: its tuning half joins the "
                             "objective (repeatable)")
    parser.add_argument("--news-weight", type=float, default=1.0,
                        help="each news set's weight in the objective (SQuAD's half: 1)")
    parser.add_argument("--also", action="append", type=Path, default=[], metavar="FILE",
                        help="another SQuAD-format file (XQuAD English): its tuning half "
                             "joins the objective (repeatable)")
    parser.add_argument("--also-weight", type=float, default=1.0,
                        help="each --also file's weight in the objective (SQuAD's half: 1)")
    parser.add_argument("--squad-floor", action="store_true",
                        help="with --news: SQuAD's tuning half may not fall below what the "
                             "current weights give it (a shortfall costs 20 times over)")
    args = parser.parse_args()
    if args.write and args.english_grams:
        parser.error("--english-grams measures only: the bot has no English n-gram tables")
    if (args.news or args.also) and args.english_grams:
        parser.error("--news, --also: not with --english-grams")
    if args.also and args.semantic:
        parser.error("--also: only the plain table (no --semantic)")
    if args.english_grams:
        english_grams_on()
    table = "rerank_semantic" if args.semantic else "rerank"
    cache = cache_path(table, args.english_grams)
    if args.cached and cache.exists():
        rows, names = pickle.loads(cache.read_bytes())
    else:
        rows, names = collect(args.data, args.vectors if args.semantic else None)
        cache.write_bytes(pickle.dumps((rows, names)))
    half = 0 if args.half == "even" else 1
    names = list(names)
    collected = list(names)  # the table the cached files must hold (before --only)
    if args.only is not None:
        keep = [names.index(name) for name in ["sentence", *args.only]]
        names = [names[i] for i in keep]
        rows = [(r[0][:, keep], *r[1:]) for r in rows]
    now = feature_table.SEMANTIC_WEIGHTS if args.semantic else feature_table.RERANK_WEIGHTS
    if args.cv:
        cross_check(rows, half, names, now)
    def other_set(path: Path, make):
        """Another set's rows: made (and kept in `path`), or with --cached read from it."""
        if args.cached and path.exists():
            found, found_names = pickle.loads(path.read_bytes())
        else:
            found, found_names = make()
            path.write_bytes(pickle.dumps((found, found_names)))
        if list(found_names) != collected:
            parser.error(f"{path}: not the {table} table's features (a stale --cached file?)")
        if args.only is not None:
            found = [(r[0][:, keep], *r[1:]) for r in found]
        return found

    news = [(questions_file.parent.name, other_set(
        Path(f"/tmp/tune_{table}_news_{questions_file.parent.name}_features.pkl"),
        partial(collect_news, questions_file, corpus, args.semantic)))
        for questions_file, corpus in args.news]
    # The whole file name: xquad.en.json.gz and xquad.de.json.gz keep files of their own.
    also = [(extra_file.name, other_set(
        Path(f"/tmp/tune_{table}_also_{extra_file.name.replace('.', '_')}_features.pkl"),
        partial(collect, extra_file)))
        for extra_file in args.also]
    # Coordinate ascent finds a local optimum: from the listwise fit, from the current weights,
    # or (the default) from both, keeping the better on the tuning half. The sentence weight
    # stays 1 (scale is free); the hand-set ones stay as set, in the fit and the ascent alike.
    if news or also:
        floor = Flat(rows, half).score(weight_list(names, now)) if args.squad_floor else None
        objective, pooled, hand = pooled_objective(rows, half, news, also, args.news_weight,
                                                   args.also_weight, floor)
        weights = tuned_weights(objective, names, now, args.start, fit_on=pooled, hand=hand)
    else:
        weights = tuned_weights(Flat(rows, half), names, now, args.start)
    tuned = {name: round(float(w), 3) for name, w in zip(names, weights)}
    print("tuned:", tuned)
    if args.write:
        data = json.loads(WEIGHTS_PATH.read_text("utf-8"))
        data[table] = tuned
        WEIGHTS_PATH.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {WEIGHTS_PATH}")
    for name, h in (("even", 0), ("odd", 1), ("all", None)):
        p1, mrr = score(rows, weights, h)
        print(f"{name:5} P@1 {p1:.4f} MRR {mrr:.4f}")
    for label, found in also:
        for name, h in (("even", 0), ("odd", 1), ("all", None)):
            before = Flat(found, h).score(weight_list(names, now))
            p1, mrr = Flat(found, h).score(weights)
            print(f"{label} {name}: P@1 {p1:.4f} MRR {mrr:.4f} (weights now: {before[0]:.4f} "
                  f"{before[1]:.4f})")
    for label, found in news:
        for name, h in (("tune", 0), ("test", 1)):
            before = Flat(found, h).score(weight_list(names, now))
            p1, mrr = Flat(found, h).score(weights)
            print(f"{label} {name}: P@1 {p1:.4f} MRR {mrr:.4f} (weights now: {before[0]:.4f} "
                  f"{before[1]:.4f})")


def pooled_objective(rows, half: int, news, also, news_weight: float = 1.0,
                     also_weight: float = 1.0, floor: tuple[float, float] | None = None):
    """The objective with other sets (`news`, `also`: (label, rows) pairs), the rows the
    listwise fit starts from, and the hand-set weights: SQuAD's tuning `half`, each news set's
    tuning half (0) and each --also file's `half` count, weighted; the lede is tuned with the
    news questions, hand-set without them."""
    objective = Mixed([(Flat(rows, half), 1.0)]
                      + [(Flat(found, 0), news_weight) for _, found in news]
                      + [(Flat(found, half), also_weight) for _, found in also], floor)
    pooled = Flat([r for r in rows if r[3] == half]
                  + [r for _, found in news for r in found if r[3] == 0]
                  + [r for _, found in also for r in found if r[3] == half])
    hand = {k: v for k, v in HAND_SET.items() if k != "lede" or not news}
    return objective, pooled, hand


def weight_list(names: list[str], weights: dict[str, float]) -> list[float]:
    """A weight table in `names` order (a feature without a weight counts 0)."""
    return [weights.get(name, 0.0) for name in names]


if __name__ == "__main__":
    main()
