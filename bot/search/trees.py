"""Gradient-boosted trees read from JSON and evaluated with numpy.

The tuning script (benchmarks/tune_decision.py) fits the trees with LightGBM and stores them
in the compact form below (`from_lightgbm` converts LightGBM's own JSON dump); the running bot
only needs numpy. A forest's raw score of a row is the sum of its trees' leaf values, added
tree after tree as LightGBM adds them, so the scores equal the library's.

Stored form: {"features": [names], "trees": [{"feature": [...], "threshold": [...],
"left": [...], "right": [...], "value": [...]}]}. Within a tree, node 0 is the root; an
internal node sends a row left when its feature's value is <= the threshold (LightGBM's
numerical split; the decision's inputs are never missing); a leaf has feature -1 and its value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Forest:
    """All trees' nodes in flat arrays (node numbers global); leaves point to themselves, so
    every row can walk `depth` steps and stop at its leaf."""

    features: tuple[str, ...]
    feature: np.ndarray  # int: the column an internal node splits on (0 for a leaf)
    threshold: np.ndarray  # float: go left when value <= threshold (+inf for a leaf)
    left: np.ndarray  # int
    right: np.ndarray  # int
    value: np.ndarray  # float: a leaf's value (0 for an internal node)
    roots: np.ndarray  # int: each tree's root, in the order the trees are added
    depth: int  # the longest path from a root to a leaf

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Forest:
        """The forest of the stored form (see the module's docstring); ValueError, saying
        what is wrong, if `data` is not that form."""
        try:
            return cls._from_json(data)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"malformed trees: {type(error).__name__}: {error}") from error

    @classmethod
    def _from_json(cls, data: Mapping[str, Any]) -> Forest:
        features = tuple(str(n) for n in data.get("features", ()))
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots: list[int] = []
        depth = 0
        for tree in data.get("trees", ()):
            base = len(feature)
            roots.append(base)
            count = len(tree["feature"])
            _check(tree, count, len(features))
            for i in range(count):
                column = int(tree["feature"][i])
                if column < 0:  # a leaf: stays where it is
                    feature.append(0)
                    threshold.append(float("inf"))
                    left.append(base + i)
                    right.append(base + i)
                    value.append(float(tree["value"][i]))
                else:
                    feature.append(column)
                    threshold.append(float(tree["threshold"][i]))
                    left.append(base + int(tree["left"][i]))
                    right.append(base + int(tree["right"][i]))
                    value.append(0.0)
            depth = max(depth, _depth(tree, 0))
        return cls(features, np.array(feature, dtype=np.intp),
                   np.array(threshold, dtype=np.float64), np.array(left, dtype=np.intp),
                   np.array(right, dtype=np.intp), np.array(value, dtype=np.float64),
                   np.array(roots, dtype=np.intp), depth)

    def raw(self, rows: np.ndarray | Sequence[Sequence[float]]) -> np.ndarray:
        """Each row's raw score: its leaves' values summed in tree order (0 with no trees).
        rows: one row per option, columns in the order of `features`."""
        x = np.asarray(rows, dtype=np.float64)
        if x.ndim == 1:
            x = x.reshape(1, -1)
        n = x.shape[0]
        if not len(self.roots):
            return np.zeros(n)
        at = np.broadcast_to(self.roots, (n, len(self.roots))).copy()
        line = np.arange(n)[:, None]
        for _ in range(self.depth):
            go_left = x[line, self.feature[at]] <= self.threshold[at]
            at = np.where(go_left, self.left[at], self.right[at])
        # cumsum adds left to right, one tree after another, as LightGBM does (np.sum would
        # add pairwise and differ in the last bits).
        return np.cumsum(self.value[at], axis=1)[:, -1]

    def __len__(self) -> int:
        return len(self.roots)


def _check(tree: Mapping[str, Any], count: int, width: int) -> None:
    """ValueError unless a stored tree's columns have one entry a node, and every internal
    node splits on a known column and points to children after it (LightGBM's pre-order:
    so no walk can leave the tree or loop)."""
    if not count or any(len(tree[k]) != count for k in ("threshold", "left", "right", "value")):
        raise ValueError("a tree's feature/threshold/left/right/value differ in length or are empty")
    for i in range(count):
        column = int(tree["feature"][i])
        if column >= width:
            raise ValueError(f"node {i} splits on column {column} of {width} features")
        if column >= 0 and not all(i < int(tree[k][i]) < count for k in ("left", "right")):
            raise ValueError(f"node {i}'s children are not later nodes of its tree")


def _depth(tree: Mapping[str, Any], node: int) -> int:
    """The longest path (in splits) below a node of a stored tree."""
    if int(tree["feature"][node]) < 0:
        return 0
    return 1 + max(_depth(tree, int(tree["left"][node])), _depth(tree, int(tree["right"][node])))


def from_lightgbm(dump: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """The stored form of a LightGBM model's `booster.dump_model()`, its columns named `names`
    (the order the model was fitted with). Only numerical splits with no missing values."""
    trees = []
    for info in dump["tree_info"]:
        tree: dict[str, list[Any]] = {k: [] for k in ("feature", "threshold", "left", "right",
                                                      "value")}
        _add_node(tree, info["tree_structure"])
        trees.append(tree)
    return {"features": list(names), "trees": trees}


def _add_node(tree: dict[str, list[Any]], node: Mapping[str, Any]) -> int:
    """Append a LightGBM node (and those below it) to a stored tree; its number."""
    at = len(tree["feature"])
    for column in tree.values():
        column.append(0)
    if "leaf_value" in node or "split_feature" not in node:
        tree["feature"][at] = -1
        tree["value"][at] = float(node.get("leaf_value", 0.0))
        return at
    if node.get("decision_type", "<=") != "<=":
        raise ValueError("only numerical splits (<=) are supported")
    tree["feature"][at] = int(node["split_feature"])
    tree["threshold"][at] = float(node["threshold"])
    tree["left"][at] = _add_node(tree, node["left_child"])
    tree["right"][at] = _add_node(tree, node["right_child"])
    return at
