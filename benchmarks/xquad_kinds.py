"""What each language's own answer kinds (bot/search/lang/kinds.py) do to XQuAD P@1.

    python benchmarks/xquad_kinds.py [../shared/data/xquad] [LANG ...]

For each language with rules there: P@1 on the even half (where what is used was chosen) / the
odd half (held out), with none of its kinds (the English rules then apply), then adding one
kind after another in the order date, number, name, place, each row with all earlier ones
(whether they are shipped or not), and as shipped (kinds.LEFT_OUT left out).
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
                                if kinds.kinds_of(p.name.split(".")[1]))
    for language in wanted:
        evalset = load_squad(folder / f"xquad.{language}.json.gz")
        every = [(language, kind) for kind in kinds.kinds_of(language)]
        steps = [("none", set(every))]
        steps += [(f"+ {kind}", set(every[i + 1:])) for i, (_, kind) in enumerate(every)]
        steps.append(("shipped", set(kinds.LEFT_OUT)))
        cells = []
        for name, off in steps:
            kinds.leave_out(off | {p for p in kinds.LEFT_OUT if p[0] != language})
            halves = evaluate(evalset).halves
            cells.append(f"{name} {halves['even'].p_at_1:.3f} / {halves['odd'].p_at_1:.3f}")
        print(f"{language}: " + " | ".join(cells), flush=True)
    kinds.leave_out(kinds.LEFT_OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
