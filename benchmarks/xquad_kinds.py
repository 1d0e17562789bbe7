"""What each language's own dates and numbers (bot/search/lang/kinds.py) do to XQuAD P@1.

    python benchmarks/xquad_kinds.py [../shared/data/xquad] [LANG ...]

For each language: P@1 on the even half (where what is used was chosen) / the odd half (held
out), with neither of its kinds, dates only, numbers only and both; then as shipped.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.evaluation.squad import evaluate, load_squad  # noqa: E402
from bot.search.lang import kinds  # noqa: E402


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else Path("../shared/data/xquad")
    wanted = argv[1:] or sorted(p.name.split(".")[1] for p in folder.glob("xquad.*.json.gz")
                                if p.name.split(".")[1] in kinds.languages())
    print("| language | none | dates | numbers | both | shipped |  (P@1 even / odd)")
    print("|---|---|---|---|---|---|")
    for language in wanted:
        evalset = load_squad(folder / f"xquad.{language}.json.gz")
        cells = []
        for off in ({(language, "date"), (language, "number")}, {(language, "number")},
                    {(language, "date")}, set(), None):
            kinds.leave_out(kinds.LEFT_OUT if off is None else off)
            halves = evaluate(evalset).halves
            cells.append(f"{halves['even'].p_at_1:.3f} / {halves['odd'].p_at_1:.3f}")
        print(f"| {language} | " + " | ".join(cells) + " |", flush=True)
    kinds.leave_out(kinds.LEFT_OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
