"""Scoring functions, each computed exactly as its benchmark defines it."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def shingles(text: str | None, n: int = 4) -> Counter:
    """Multiset of word n-grams; texts shorter than n words give one short shingle."""
    tokens = _WORD.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def shingle_counts(predicted: str | None, gold: str | None) -> tuple[float, float, float]:
    """Page TP/FP/FN over 4-gram shingles, normalized by their sum (Article Extraction Benchmark)."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def macro_prf(page_counts: list[tuple[float, float, float]]) -> PRF:
    """Macro precision and recall over pages; F1 from those two means, not a mean of F1s."""
    precisions, recalls = [], []
    for tp, fp, fn in page_counts:
        precisions.append(tp / (tp + fp) if tp + fp else 0.0)
        recalls.append(tp / (tp + fn) if tp + fn else 0.0)
    if not page_counts:
        return PRF(0.0, 0.0, 0.0)
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    return PRF(p, r, f1_of(p, r))
