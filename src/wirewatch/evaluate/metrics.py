"""Scoring functions, each computed exactly as its benchmark defines it."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Upstream AEB evaluate.py tokenizes with this regex (Unicode, so it works for any language).
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1."""

    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        """The three scores as a plain dict."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


def f1_of(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall; 0 when both are 0."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


# --- Article Extraction Benchmark (scrapinghub/article-extraction-benchmark, evaluate.py) ---


def tokens(text: str | None) -> list[str]:
    """Word tokens as the AEB scorer sees them; None counts as ''."""
    return _WORD.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter:
    """Multiset of word n-grams; a text of 1..n-1 words gives one short shingle, '' gives none."""
    toks = tokens(text)
    if len(toks) < n:
        # Upstream keeps the whole short text as a single shingle so short pages still score.
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


def shingle_counts(predicted: str | None, gold: str | None) -> tuple[float, float, float]:
    """Page TP/FP/FN over 4-gram shingles, normalized by their sum (all 0 when both are empty)."""
    pred, true = shingles(predicted), shingles(gold)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if not total:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def page_precision(tp: float, fp: float, fn: float) -> float:
    """Upstream per-page precision: 1 for a perfect page, else TP/(TP+FP)."""
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def page_recall(tp: float, fp: float, fn: float) -> float:
    """Upstream per-page recall: 1 for a perfect page, else TP/(TP+FN)."""
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def macro_prf(page_counts: Sequence[tuple[float, float, float]]) -> PRF:
    """Macro P and R over pages, F1 from those two means (not a mean of per-page F1s).

    As upstream: precision averages only pages with a non-empty prediction (TP+FP > 0),
    recall only pages with a non-empty gold (TP+FN > 0); a page where both are empty
    is in neither mean. A mean over no pages is 0.
    """
    precisions = [page_precision(*c) for c in page_counts if c[0] + c[1] > 0]
    recalls = [page_recall(*c) for c in page_counts if c[0] + c[2] > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return PRF(p, r, f1_of(p, r))


def exact_match(predicted: str | None, gold: str | None) -> bool:
    """AEB accuracy for one page: the token sequences are equal."""
    return tokens(predicted) == tokens(gold)


# --- trafilatura's snippet benchmark (adbar/trafilatura, tests/eval_common.py) ---


def normalize_space(text: str) -> str:
    """Collapse whitespace runs to one space and strip, so layout differences cost nothing."""
    return _SPACE.sub(" ", text).strip()


def snippet_counts(
    output: str | None, with_: Iterable[str], without: Iterable[str]
) -> tuple[int, int, int, int]:
    """Page (TP, FP, FN, TN): 'with' snippets found / 'without' snippets found, by substring."""
    with_, without = list(with_), list(without)
    text = normalize_space(output) if output else ""
    # An empty or missing output finds nothing: a full miss, as upstream treats a crash.
    tp = sum(1 for s in with_ if text and normalize_space(s) in text)
    fp = sum(1 for s in without if text and normalize_space(s) in text)
    return tp, fp, len(with_) - tp, len(without) - fp


# --- htmldate's date benchmark (adbar/htmldate, tests/evaluation.py) ---


def date_counts(predicted: str | None, gold: object) -> tuple[int, int, int]:
    """Page (TP, FP, FN): equal date is TP, a different date FP only, no date FN.

    A gold that is not a date string (upstream has a few NaN) can never be a TP,
    exactly as in upstream's comparison.
    """
    if not predicted:
        return 0, 0, 1
    return (1, 0, 0) if isinstance(gold, str) and predicted == gold else (0, 1, 0)


def is_gold_date(gold: object) -> bool:
    """Whether a gold date field holds a usable date string (not None/NaN)."""
    return isinstance(gold, str) and bool(gold)


def micro_scores(tp: int, fp: int, fn: int, tn: int = 0) -> dict[str, float]:
    """Micro P, R, F1 = 2TP/(2TP+FP+FN) and accuracy = (TP+TN)/all; 0 on an empty denominator."""
    total = tp + fp + fn + tn
    return {
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0,
        "accuracy": (tp + tn) / total if total else 0.0,
    }


def sum_counts(rows: Iterable[Sequence[int]]) -> tuple[int, ...]:
    """Column sums of equal-length count tuples."""
    totals: list[int] = []
    for row in rows:
        if not totals:
            totals = [0] * len(row)
        for i, value in enumerate(row):
            totals[i] += value
    return tuple(totals)
