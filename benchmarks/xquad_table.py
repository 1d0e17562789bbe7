"""XQuAD through the `newsbot eval squad` harness, every language: the README's table.

    python benchmarks/xquad_table.py [../shared/data/xquad] [LANG ...] [--ranks | --where]

For each xquad.LANG.json.gz: distinct sentences found, P@1 and MRR overall and on the even and
odd halves of the articles (tuning looks at the even half only; the odd half is the report).
With --ranks, where the gold sentences are instead (all questions): ranked second, third to
fifth, and ranked at all (the first 100, `newsbot eval squad`'s depth). With --where, where the
even half's wrong top sentences are: in the gold sentence's paragraph, elsewhere in its article,
in another article (shares of the even half's questions).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.common.textnorm import sentence_key  # noqa: E402
from bot.evaluation.squad import DEPTH, EvalSet, evaluate, gold_rank, load_squad  # noqa: E402
from bot.search.index import SentenceIndex  # noqa: E402
from bot.search.retrieve import rank  # noqa: E402


def share(ranks: tuple[int | None, ...], low: int, high: int) -> str:
    """The percentage of questions whose gold sentence is ranked low..high."""
    inside = sum(r is not None and low <= r <= high for r in ranks)
    return f"{100 * inside / max(1, len(ranks)):.1f}%"


def where(evalset: EvalSet) -> dict[str, float]:
    """Shares of the even half's questions whose top sentence is wrong, by where it is."""
    index = SentenceIndex(evalset.articles)
    place: dict[str, tuple[str, int]] = {}
    for s in index.sentences:
        place.setdefault(sentence_key(s.text), (s.article_id, s.paragraph))
    counts = {"same paragraph": 0, "same article": 0, "other article": 0, "nothing": 0}
    even = [q for q in evalset.questions if q.article % 2 == 0]
    for q in even:
        hits = rank(index, q.text, DEPTH)
        if gold_rank(hits, q.gold) == 1:
            continue
        if not hits:
            counts["nothing"] += 1
            continue
        top, gold = hits[0].sentence, place.get(q.gold, ("", -1))
        key = ("same paragraph" if (top.article_id, top.paragraph) == gold else
               "same article" if top.article_id == gold[0] else "other article")
        counts[key] += 1
    return {k: 100 * v / max(1, len(even)) for k, v in counts.items()}


def main(argv: list[str]) -> int:
    ranks, places = "--ranks" in argv, "--where" in argv
    argv = [a for a in argv if a not in ("--ranks", "--where")]
    folder = Path(argv[0]) if argv else Path("../shared/data/xquad")
    wanted = argv[1:] or sorted(p.name.split(".")[1] for p in folder.glob("xquad.*.json.gz"))
    if places:
        for language in wanted:
            shares = where(load_squad(folder / f"xquad.{language}.json.gz"))
            print(language, ", ".join(f"{k} {v:.1f}%" for k, v in shares.items()), flush=True)
        return 0
    if ranks:
        print(f"| language | P@1 | gold second | third to fifth | in the first {DEPTH} |")
        print("|---|---|---|---|---|")
    else:
        print("| language | detected | sentences | P@1 | MRR | P@1 even | P@1 odd | MRR odd |")
        print("|---|---|---|---|---|---|---|---|")
    for language in wanted:
        report = evaluate(load_squad(folder / f"xquad.{language}.json.gz"))
        if ranks:
            print(f"| {language} | {report.overall.p_at_1:.3f} | {share(report.ranks, 2, 2)} "
                  f"| {share(report.ranks, 3, 5)} | {share(report.ranks, 1, DEPTH)} |",
                  flush=True)
            continue
        detected = ", ".join(f"{k} {v}" for k, v in sorted(report.languages.items()))
        even, odd = report.halves["even"], report.halves["odd"]
        print(f"| {language} | {detected} | {report.candidates:,} | {report.overall.p_at_1:.3f} "
              f"| {report.overall.mrr:.3f} | {even.p_at_1:.3f} | {odd.p_at_1:.3f} "
              f"| {odd.mrr:.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
