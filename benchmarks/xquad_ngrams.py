"""Character n-grams beside the words: does a second BM25 over them help XQuAD's languages?

    python benchmarks/xquad_ngrams.py [../shared/data/xquad] [LANG ...] [--sizes 3 5]
        [--runs] [--cached]

For each language, every question's candidates and features are those of the bot (as
benchmarks/tune_xquad.py computes them, kept in /tmp with --cached), plus one feature more:
the BM25 (rank-bm25's Okapi formula and defaults, k1 1.5, b 0.75) of the candidate sentence's
character n-grams against the question's, divided by the best among the question's
candidates. The n-grams are taken within each word of the language's own tokenizer, the
word's edges marked ("_haus_" -> "_ha", "hau", ..., "us_"), stopwords left out; with --runs,
over each run of letters before segmentation instead (for Thai and Chinese, whose words are
cut by a segmenter). The weight of the feature is chosen on the even-numbered articles of all
the languages together (P@1 + MRR of the even halves pooled); P@1 is then printed per
language, even (chosen on), odd (held out) and all, for weight 0 (the bot as it is) and the
chosen weight, with each language's best weight on its own even half. Also the cost: distinct
n-grams and postings beside the words' postings, build time, scoring time per question.
The n-gram scores are checked against rank_bm25.BM25Okapi on the first questions.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from tune_rerank import score  # noqa: E402
from tune_xquad import DATA, features_of  # noqa: E402

from bot.evaluation.squad import load_squad  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.lang import analyzer_for  # noqa: E402
from bot.search.lang import weights as lang_weights  # noqa: E402
from bot.search.lang.analyzer import LanguageAnalyzer  # noqa: E402
from bot.search.lang.grams import grams  # noqa: E402  (the bot's own n-grams)
from bot.search.lang.words import _folded, sara_am  # noqa: E402

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)
_RUN = regex.compile(r"[\p{L}\p{M}\p{N}]+")
CHECKED = 20  # questions whose n-gram scores are compared with rank-bm25's


class GramBM25:
    """BM25 over bags of n-grams, rank-bm25's BM25Okapi scores (its idf floor included),
    with postings per n-gram so a question touches only the sentences sharing one."""

    def __init__(self, documents: list[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self.k1 = k1
        lengths = np.array([len(d) for d in documents], dtype=np.float64)
        self.n = len(documents)
        postings: dict[str, tuple[list[int], list[int]]] = {}
        for number, document in enumerate(documents):
            for gram, count in Counter(document).items():
                docs, counts = postings.setdefault(gram, ([], []))
                docs.append(number)
                counts.append(count)
        self.postings = {g: (np.array(d), np.array(c, dtype=np.float64))
                         for g, (d, c) in postings.items()}
        idf = {g: math.log(self.n - len(d) + 0.5) - math.log(len(d) + 0.5)
               for g, (d, _) in self.postings.items()}
        floor = 0.25 * sum(idf.values()) / len(idf)  # rank-bm25's epsilon * average idf
        self.idf = {g: (v if v >= 0 else floor) for g, v in idf.items()}
        self.norm = k1 * (1 - b + b * lengths / lengths.mean())

    @property
    def n_postings(self) -> int:
        return sum(len(d) for d, _ in self.postings.values())

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(self.n)
        for gram in query:
            found = self.postings.get(gram)
            if found is not None:
                docs, counts = found
                out[docs] += self.idf[gram] * counts * (self.k1 + 1) / (counts + self.norm[docs])
        return out


def words_of(analyzer: LanguageAnalyzer, text: str, runs: bool) -> list[str]:
    """The words n-grams are taken from: the analyzer's tokens without stopwords, or the
    runs of letters of the folded text."""
    if runs:
        return _RUN.findall(sara_am(_folded(text)))
    return [t for t in analyzer.raw_tokens(text) if analyzer._keep(t)]


def with_ngrams(folder: Path, language: str, sizes: tuple[int, int], runs: bool, cached: bool):
    """The language's rows (tune_xquad's) with the n-gram feature as a last column, and the
    cost figures."""
    rows, names = features_of(folder, language, cached)
    evalset = load_squad(folder / f"xquad.{language}.json.gz")
    index = SentenceIndex(evalset.articles, engine="newsbot")
    analyzer = analyzer_for(language)
    assert isinstance(analyzer, LanguageAnalyzer)
    started = time.perf_counter()
    documents = [grams(words_of(analyzer, s.text, runs), *sizes) for s in index.sentences]
    engine = GramBM25(documents)
    built = time.perf_counter() - started
    framing = analyzer._framing
    queries = [grams([w for w in words_of(analyzer, q.text, runs) if w not in framing], *sizes)
               for q in evalset.questions]
    from rank_bm25 import BM25Okapi

    reference = BM25Okapi(documents)
    for query in queries[:CHECKED]:
        assert np.allclose(engine.scores(query), reference.get_scores(query)), language
    started = time.perf_counter()
    all_scores = [engine.scores(query) for query in queries]
    per_question = (time.perf_counter() - started) / len(queries)
    out = []
    for (feats, gold, docs, parity, qtype), scores in zip(rows, all_scores):
        column = scores[docs] if len(docs) else np.zeros(0)
        top = column.max() if len(column) else 0.0
        column = column / top if top > 0 else column
        out.append((np.hstack([feats, column[:, None]]), gold, docs, parity, qtype))
    word_postings = sum(len(set(index.sentence_terms(d))) for d in range(len(index.sentences)))
    cost = (f"{len(engine.postings):,} n-grams, {engine.n_postings:,} postings "
            f"({engine.n_postings / word_postings:.1f}x the words' {word_postings:,}), "
            f"built in {built:.1f} s, {per_question * 1000:.2f} ms a question")
    return out, list(names), cost


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DATA)
    parser.add_argument("languages", nargs="*")
    parser.add_argument("--sizes", nargs=2, type=int, default=(3, 5), metavar=("MIN", "MAX"))
    parser.add_argument("--runs", action="store_true",
                        help="n-grams of the runs of letters, not of the tokenizer's words")
    parser.add_argument("--cached", action="store_true", help="reuse tune_xquad's features")
    args = parser.parse_args()
    languages = [lang for lang in args.languages or sorted(
        p.name.split(".")[1] for p in args.folder.glob("xquad.*.json.gz")) if lang != "en"]
    data = {}
    for language in languages:
        rows, names, cost = with_ngrams(args.folder, language, tuple(args.sizes), args.runs,
                                        args.cached)
        data[language] = rows
        print(f"{language}: {cost}", flush=True)
    table = lang_weights._table()
    base = [table.get(n, 0.0) for n in names]
    pooled = [r for rows in data.values() for r in rows]
    chosen = max(WEIGHTS, key=lambda w: (round(sum(score(pooled, base + [w], 0)), 9), -w))
    print(f"weight chosen on the pooled even halves: {chosen}")
    print("| language | P@1 even / odd / all, weight 0 | weight "
          f"{chosen} | own best weight on even: even / odd |")
    print("|---|---|---|---|")
    for language, rows in data.items():
        def p1(weight: float, rows=rows) -> str:
            return " / ".join(f"{score(rows, base + [weight], h)[0]:.3f}" for h in (0, 1, None))
        own = max(WEIGHTS, key=lambda w, rows=rows: (round(sum(score(rows, base + [w], 0)), 9),
                                                     -w))
        own_even, own_odd = (score(rows, base + [own], h)[0] for h in (0, 1))
        print(f"| {language} | {p1(0.0)} | {p1(chosen)} | {own}: {own_even:.3f} / "
              f"{own_odd:.3f} |", flush=True)


if __name__ == "__main__":
    main()
