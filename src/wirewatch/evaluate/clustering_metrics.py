"""Scores for story grouping: a predicted partition of items against a gold one, and pair similarity.

Every function takes two equal-length label sequences, gold first, one label per item; labels
are any hashable values and only their equality matters.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np

from wirewatch.evaluate.metrics import PRF, f1_of


def _check(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> None:
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predicted labels for {len(gold)} gold labels")


def _cells(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[Counter, Counter, Counter]:
    """Contingency counts: items per (gold, predicted) cell, per gold cluster, per predicted cluster."""
    _check(gold, predicted)
    return Counter(zip(gold, predicted)), Counter(gold), Counter(predicted)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """B-cubed precision, recall and F1, each averaged over items (Bagga & Baldwin 1998).

    An item's precision is the share of its predicted cluster that shares its gold story, its
    recall the share of its gold story that is in its predicted cluster (the item itself
    included). F1 is the harmonic mean of the two averages. No items gives 0, 0, 0.
    """
    cells, gold_sizes, pred_sizes = _cells(gold, predicted)
    if not cells:
        return PRF(0.0, 0.0, 0.0)
    # Each of the n items of a cell scores n/|predicted cluster| and n/|gold cluster|.
    precision = sum(n * n / pred_sizes[p] for (_, p), n in cells.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in cells.items()) / len(gold)
    return PRF(precision, recall, f1_of(precision, recall))


def bcubed_items(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> tuple[np.ndarray, np.ndarray]:
    """Each item's B-cubed precision and recall (their means are ``bcubed``'s), for resampling."""
    cells, gold_sizes, pred_sizes = _cells(gold, predicted)
    precision = np.array([cells[(g, p)] / pred_sizes[p] for g, p in zip(gold, predicted)], dtype=float)
    recall = np.array([cells[(g, p)] / gold_sizes[g] for g, p in zip(gold, predicted)], dtype=float)
    return precision, recall


def pairwise(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> PRF:
    """Precision, recall and F1 over item pairs put in one cluster.

    Precision: the share of predicted same-cluster pairs that are same-story in the gold;
    recall: the share of gold same-story pairs that were predicted together. With no predicted
    pair (all singletons) precision is 1 (nothing claimed wrongly); with no gold pair, recall is 1.
    """
    cells, gold_sizes, pred_sizes = _cells(gold, predicted)
    together = sum(_pairs(n) for n in cells.values())
    predicted_pairs = sum(_pairs(n) for n in pred_sizes.values())
    gold_pairs = sum(_pairs(n) for n in gold_sizes.values())
    precision = together / predicted_pairs if predicted_pairs else 1.0
    recall = together / gold_pairs if gold_pairs else 1.0
    return PRF(precision, recall, f1_of(precision, recall))


def _entropy(sizes: Counter, total: int) -> float:
    return -sum(n / total * math.log(n / total) for n in sizes.values())


def nmi(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Normalised mutual information I(gold; predicted) / sqrt(H(gold)·H(predicted)).

    The geometric normalisation the MStream papers use (sklearn's average_method="geometric").
    Two single-cluster partitions agree perfectly (1.0); if only one of them has a single
    cluster, there is no shared information (0.0).
    """
    cells, gold_sizes, pred_sizes = _cells(gold, predicted)
    total = len(gold)
    if not total:
        return 0.0
    h_gold, h_pred = _entropy(gold_sizes, total), _entropy(pred_sizes, total)
    if h_gold == 0.0 and h_pred == 0.0:
        return 1.0
    if h_gold == 0.0 or h_pred == 0.0:
        return 0.0
    mutual = sum(
        n / total * math.log(n * total / (gold_sizes[g] * pred_sizes[p])) for (g, p), n in cells.items()
    )
    return max(0.0, min(1.0, mutual / math.sqrt(h_gold * h_pred)))


def ari(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985): pair agreement corrected for chance, 1 = identical."""
    from sklearn.metrics import adjusted_rand_score  # late: importing sklearn.metrics costs ~0.5 s

    _check(gold, predicted)
    if not gold:
        return 0.0
    # sklearn wants comparable labels; their equality is all that matters, so index them.
    return float(adjusted_rand_score(_indexed(gold), _indexed(predicted)))


def _indexed(labels: Sequence[Hashable]) -> list[int]:
    index: dict[Hashable, int] = {}
    return [index.setdefault(label, len(index)) for label in labels]


def cluster_count(labels: Sequence[Hashable]) -> int:
    """Number of distinct clusters."""
    return len(set(labels))


def pearson(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation coefficient; 0.0 when either side is constant or has fewer than 2 values."""
    if len(x) != len(y):
        raise ValueError(f"{len(x)} values against {len(y)}")
    if len(x) < 2:
        return 0.0
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    denominator = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b) / denominator if denominator else 0.0


def clustering_scores(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> dict[str, Any]:
    """Every grouping score of one predicted partition, as a flat dict (unrounded)."""
    b3, pairs = bcubed(gold, predicted), pairwise(gold, predicted)
    return {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "pairwise_precision": pairs.precision,
        "pairwise_recall": pairs.recall,
        "pairwise_f1": pairs.f1,
        "nmi": nmi(gold, predicted),
        "ari": ari(gold, predicted),
        "clusters": cluster_count(predicted),
        "gold_clusters": cluster_count(gold),
    }
