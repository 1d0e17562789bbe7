"""Tune the follow-up weights (bot/search/followup.py) on the tuning half of the dialogue set.

Usage::

    .venv/bin/python benchmarks/dialogues/tune.py [--corpus DIR] [--half tune]

Prints, for each setting tried (one at a time around the defaults), the follow-ups' first-quote
accuracy in the conversation and the off-topic false answers in context. Only the tuning half
is used to choose; the held-out half is reported by `newsbot eval dialogues --half test`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.evaluation.dialogues import evaluate, load_dialogues
from bot.evaluation.news import open_corpus
from bot.search import followup

HERE = Path(__file__).resolve().parent
GRID = {
    "topic": (0.3, 0.5, 0.7, 1.0),
    "last": (0.2, 0.4, 0.6),
    "quote": (0.0, 0.08, 0.15, 0.3),
    "other_quote": (0.0, 0.08, 0.15),
    "article_bonus": (0.0, 0.75, 1.5, 3.0, 5.0),
    "sentence_bonus": (0.0, 0.5, 1.0),
    "repeat_penalty": (0.0, 1.5, 3.0, 5.0),
    "coverage": (0.2, 0.3, 0.4),
    "own": (0.4, 0.5, 0.6),
}


def main() -> None:
    """Try each weight's values with the others at their defaults."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path,
                        default=HERE.parent / ".cache" / "dialogue_corpus")
    parser.add_argument("--half", default="tune", choices=("tune", "test"))
    parser.add_argument("--implicit", type=int, default=None,
                        help="MAX_IMPLICIT_TERMS to try (0: no implicit follow-ups)")
    args = parser.parse_args()
    if args.implicit is not None:
        followup.MAX_IMPLICIT_TERMS = args.implicit
    index = open_corpus(args.corpus)
    dialogues = load_dialogues(HERE / "dialogues.txt")

    def score(weights: dict[str, float]) -> str:
        counts = evaluate(index, dialogues, weights=weights, halves=(args.half,)).halves[args.half]
        return (f"right {counts.followup_right}/{counts.followups} "
                f"(standalone {counts.standalone_right}), off-topic false "
                f"{counts.offtopic_false_in_context} (alone {counts.offtopic_false_alone})")

    print("defaults:", score({}))
    for name, values in GRID.items():
        for value in values:
            print(f"{name}={value}:", score({name: value}))


if __name__ == "__main__":
    main()
