"""Where an XQuAD language's even-half misses come from: word forms (analysis) or other words.

    python benchmarks/xquad_misses.py DIR LANG [--show N]

For each question of the EVEN articles (the tuning half; the odd half is never looked at here)
whose gold sentence is not ranked first by the bot: the question's search terms that the gold
sentence lacks, and whether the gold sentence holds another form of such a word (a word sharing
its first four letters but giving another term: an analysis miss, "sistem" / "sistemini" when
the stemmer parts them) or not (other words: a paraphrase, or a ranking miss when no term is
missing). Counted with whether the gold sentence covers fewer of the question's terms than the
wrong first sentence, and whether that sentence is in the gold's paragraph. The commonest
pairs of forms are listed; --show N prints the first N misses.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import DEPTH, gold_rank, load_squad  # noqa: E402
from bot.search.index import Sentence, SentenceIndex  # noqa: E402
from bot.search.lang import analyzer_for  # noqa: E402
from bot.search.retrieve import rank  # noqa: E402

PREFIX = 4  # letters two forms of a word share


def other_forms(analyzer, question: str, gold_text: str, gold_terms: set[str]
                ) -> list[tuple[str, str]]:
    """(question word, gold word) pairs: the same beginning, different terms."""
    words = analyzer.raw_tokens(gold_text)
    pairs = []
    for word in analyzer.question_words(question):
        if analyzer.stem(word) in gold_terms or len(word) < PREFIX:
            continue
        for other in words:
            if len(other) >= PREFIX and other[:PREFIX] == word[:PREFIX] and (
                    analyzer.stem(other) != analyzer.stem(word)):
                pairs.append((word, other))
                break
    return pairs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("language")
    parser.add_argument("--show", type=int, default=0, help="print the first N misses")
    args = parser.parse_args()
    evalset = load_squad(args.folder / f"xquad.{args.language}.json.gz")
    index = SentenceIndex(evalset.articles)
    analyzer = analyzer_for(args.language)
    by_key: dict[str, Sentence] = {}
    for s in index.sentences:
        by_key.setdefault(sentence_key(s.text), s)
    counts: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    even = [q for q in evalset.questions if q.article % 2 == 0]
    shown = 0
    for q in even:
        hits = rank(index, q.text, DEPTH)
        if gold_rank(hits, q.gold) == 1:
            continue
        counts["misses"] += 1
        gold, top = by_key.get(q.gold), (hits[0].sentence if hits else None)
        if gold is None or top is None:
            counts["no gold sentence or no hit"] += 1
            continue
        terms = analyzer.query_terms(q.text)
        gold_terms, top_terms = set(analyzer.terms(gold.text)), set(analyzer.terms(top.text))
        missing = [t for t in terms if t not in gold_terms]
        forms = other_forms(analyzer, q.text, gold.text, gold_terms)
        kind = ("another form of a question word" if forms else
                "question words missing in any form" if missing else "all terms there")
        fewer = sum(t in gold_terms for t in set(terms)) < sum(t in top_terms for t in set(terms))
        counts[kind] += 1
        counts[f"{kind}, gold covers fewer terms than the first"] += fewer
        counts["first sentence in the gold's paragraph"] += (
            (top.article_id, top.paragraph) == (gold.article_id, gold.paragraph))
        pairs.update(forms)
        if shown < args.show:
            shown += 1
            print(f"Q: {q.text}\n  missing {missing}, other forms {forms}\n  gold: {gold.text}"
                  f"\n  first: {top.text}\n")
    print(f"{args.language}: {len(even)} even-half questions")
    for key, value in sorted(counts.items()):
        print(f"  {key}: {value}")
    print("commonest pairs of forms:", pairs.most_common(30))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
