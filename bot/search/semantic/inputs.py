"""The semantic stage's inputs to the answer decision (bot.search.decision): how close in
meaning a question is to each of its options, alone and among the others.

Read only when the index has the stage and weights.json has a decision fitted with them
("decision_semantic"). Words tell which sentences share the question's topic; the cosine tells
which of them says what was asked in other words ("the size of the contingent" for "a
2,000-strong force"), and a question whose best option is far from it in meaning is more
likely one the articles do not answer.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from bot.search.semantic import SemanticStage

# In row order, after the decision's own inputs (bot.search.decision.feature_names).
NAMES: tuple[str, ...] = (
    "sem_cosine",  # the question's cosine with the sentence
    "sem_window",  # the best cosine of the sentence and its neighbours in its article
    "sem_z",  # the cosine standardised among the question's options (0 when all equal)
    "sem_gap",  # the cosine less the best option's: 0 for the closest in meaning
    "sem_best",  # the best cosine among the options: the same for all of a question's
    "sem_window_gap",  # sem_window less the best option's sem_window
)


def semantic_rows(stage: SemanticStage, question: str, docs: Sequence[int],
                  windows: Sequence[range]) -> list[list[float]]:
    """One row of NAMES for each option (its sentence `docs[i]`, its neighbours and itself
    `windows[i]`): one embedding of the question (cached by the stage), one dot product per
    sentence read."""
    if not docs:
        return []
    cosine = stage.similarities(question, docs).astype(np.float64)
    around = sorted({d for w in windows for d in w})
    near = dict(zip(around, stage.similarities(question, around).astype(np.float64).tolist()))
    window = np.array([max(near[d] for d in w) if len(w) else c
                       for w, c in zip(windows, cosine.tolist())])
    best, best_window = float(cosine.max()), float(window.max())
    spread = float(cosine.std())
    z = (cosine - cosine.mean()) / spread if spread > 1e-9 else np.zeros(len(docs))
    return [[float(c), float(w), float(s), float(c) - best, best, float(w) - best_window]
            for c, w, s in zip(cosine.tolist(), window.tolist(), z.tolist())]
