"""Where English questions miss: the gold sentence's rank and what outranks it.

    python benchmarks/english_misses.py [../shared/data/squad-dev-v1.1.json] [--half even]
    python benchmarks/english_misses.py ../shared/data/xquad/xquad.en.json.gz --half all

Each question is ranked as `newsbot eval squad` ranks it (bot.search.retrieve.rank, 100 deep).
For the questions whose first sentence is not the gold one: where the gold sentence is (second,
third to fifth, lower, not ranked) and where the first sentence is against it (the same
paragraph, another paragraph of the same article, another article): a miss inside the right
paragraph is a choice between neighbours, one in another article a retrieval miss. With
--examples N, N misses of each kind are printed (question, first sentence, gold sentence).
Tune only by looking at the even half (the default).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import DEPTH, gold_rank, load_squad  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.retrieve import rank  # noqa: E402

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "squad-dev-v1.1.json"
KINDS = ("same paragraph", "same article", "other article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DATA)
    parser.add_argument("--half", choices=("even", "odd", "all"), default="even")
    parser.add_argument("--examples", type=int, default=0)
    args = parser.parse_args()
    evalset = load_squad(args.data)
    index = SentenceIndex(evalset.articles)
    parity = {"even": 0, "odd": 1, "all": None}[args.half]
    questions = [q for q in evalset.questions if parity is None or q.article % 2 == parity]
    where: Counter[str] = Counter()
    gold_at: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str, str]]] = {kind: [] for kind in KINDS}
    for q in questions:
        hits = rank(index, q.text, DEPTH)
        position = gold_rank(hits, q.gold)  # among distinct sentences, as eval squad
        if position == 1:
            where["first"] += 1
            continue
        if position is None:
            gold_at["not ranked"] += 1
            continue
        gold_at["second" if position == 2 else "third to fifth" if position <= 5 else
                "sixth or lower"] += 1
        top = hits[0].sentence
        gold = next(h.sentence for h in hits if sentence_key(h.sentence.text) == q.gold)
        kind = ("other article" if top.article_id != gold.article_id else
                "same paragraph" if top.paragraph == gold.paragraph else "same article")
        where[kind] += 1
        examples[kind].append((q.text, top.text, gold.text))
    n = len(questions)
    print(f"{args.data.name}, {args.half} half: {n:,} questions, first sentence gold "
          f"{where['first']:,} (P@1 {where['first'] / n:.3f})")
    print("misses with the gold sentence ranked, the first sentence is in:")
    for kind in KINDS:
        print(f"  {kind}: {where[kind]:,} ({100 * where[kind] / n:.1f}% of the questions)")
    print("the gold sentence of a miss is ranked:")
    for label in ("second", "third to fifth", "sixth or lower", "not ranked"):
        print(f"  {label}: {gold_at[label]:,}")
    picker = random.Random(0)
    for kind in KINDS:
        for question, top, gold in picker.sample(examples[kind],
                                                 min(args.examples, len(examples[kind]))):
            print(f"\n[{kind}] {question}\n  first: {top}\n  gold:  {gold}")


if __name__ == "__main__":
    main()
