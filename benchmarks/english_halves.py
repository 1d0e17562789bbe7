"""XQuAD English split by SQuAD v1.1 dev's halves: which of its figures were tuned on.

    python benchmarks/english_halves.py [../shared/data/xquad/xquad.en.json.gz]
        [--squad ../shared/data/squad-dev-v1.1.json] [--semantic [--vectors DIR]]

XQuAD's 48 articles are SQuAD v1.1 dev articles (240 of their paragraphs, 1,190 of their
questions). The English rerank weights are tuned on the questions of SQuAD's even-numbered
articles (benchmarks/tune_rerank.py), so an XQuAD question from one of those articles was
tuned on, even though XQuAD's corpus is smaller. Each XQuAD article is matched to its SQuAD
article by its paragraphs' text; the script prints P@1 and MRR (`newsbot eval squad`'s ranks)
of the questions from SQuAD's tuning half and from its held-out half, and XQuAD's own even /
odd halves beside them. With --semantic, the optional semantic stage ranks too (its weights are
tuned on SQuAD's even articles as well; needs `pip install 'newsbot[semantic]'`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import evaluate, load_squad, metrics, read_json  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def squad_numbers(xquad: Path, squad: Path) -> list[int]:
    """For each XQuAD article (file order), the number of the SQuAD article holding its
    paragraphs (every paragraph must be found in one and the same article)."""
    articles = read_json(squad)["data"]
    where = {p["context"].strip(): number
             for number, article in enumerate(articles) for p in article["paragraphs"]}
    numbers = []
    for article in read_json(xquad)["data"]:
        found = {where.get(p["context"].strip()) for p in article["paragraphs"]}
        if len(found) != 1 or None in found:
            raise SystemExit(f"{article.get('title')}: paragraphs not in one SQuAD article")
        numbers.append(found.pop())
    return numbers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("xquad", nargs="?", type=Path, default=ROOT / "xquad" / "xquad.en.json.gz")
    parser.add_argument("--squad", type=Path, default=ROOT / "squad-dev-v1.1.json")
    parser.add_argument("--semantic", action="store_true", help="with the semantic stage on")
    parser.add_argument("--vectors", type=Path, metavar="DIR",
                        help="with --semantic: keep the sentence vectors in DIR between runs")
    args = parser.parse_args()
    numbers = squad_numbers(args.xquad, args.squad)
    evalset = load_squad(args.xquad)
    index = None
    if args.semantic:
        from bot.search.index import SentenceIndex
        from bot.search.semantic import enable

        index = SentenceIndex(evalset.articles)
        enable(index, args.vectors)
    report = evaluate(evalset, index=index)
    print("| questions | count | P@1 | MRR |")
    print("|---|---|---|---|")
    rows = [("all", lambda q: True),
            ("XQuAD even articles", lambda q: q.article % 2 == 0),
            ("XQuAD odd articles", lambda q: q.article % 2 == 1),
            ("SQuAD tuning half (even)", lambda q: numbers[q.article] % 2 == 0),
            ("SQuAD held-out half (odd)", lambda q: numbers[q.article] % 2 == 1)]
    for name, chosen in rows:
        m = metrics([r for r, q in zip(report.ranks, evalset.questions) if chosen(q)])
        print(f"| {name} | {m.questions:,} | {m.p_at_1:.3f} | {m.mrr:.3f} |")
    same = sum(n % 2 == a % 2 for a, n in enumerate(numbers))
    print(f"\n{same} of {len(numbers)} XQuAD articles have the parity of their SQuAD article")


if __name__ == "__main__":
    main()
