"""Scores for event coding: CAMEO code classes, (source, target, code) triple matching, label
accuracy and macro-F1, and the folds of a cross-validation.

Small pure functions, independent of Wirewatch's own CAMEO table so that the yardstick does
not move when the coder's data does. Codes are strings with their leading zeros (``"064"``,
``"0874"``, ``"174L"``); the root is the first two digits.
"""
from __future__ import annotations

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, Protocol

import numpy as np

from wirewatch.evaluate.common import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED
from wirewatch.evaluate.metrics import f1_of
from wirewatch.extract.cameo import pentaclass_of_root, quad_class_of_root

QUAD_CLASSES = (1, 2, 3, 4)
PENTACLASSES = (0, 1, 2, 3, 4)

# PLOVER 0.5b1, the version of the PLOVER GSR records.
PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
    "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
)
# PLOVER 2021+ renamed DEMAND and DISAPPROVE and folded FIGHT into ASSAULT (eval README).
PLOVER_2021_NAMES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT"}
# Names that exist only in 2021+: seeing one in a system's answers tells which version it speaks.
PLOVER_2021_ONLY = frozenset({"REQUEST", "ACCUSE"})
_PLOVER_05_NAMES = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}


class EventLike(Protocol):
    source: str | None
    target: str | None
    code: str


# --- CAMEO code classes ---


def root_code(code: str | None) -> str | None:
    """The two-digit root of a CAMEO event code ("0874" -> "08"), or None if it has no valid root."""
    if not isinstance(code, str):
        return None
    code = code.strip()
    if len(code) < 2 or not code[:2].isdigit() or not 1 <= int(code[:2]) <= 20:
        return None
    return code[:2]


def quad_class(code: str | None) -> int | None:
    """Quad class (1-4) of a CAMEO code, None for a code without a valid root."""
    root = root_code(code)
    return quad_class_of_root(int(root)) if root else None


def pentaclass(code: str | None) -> int | None:
    """Pentaclass (0-4) of a CAMEO code, None for a code without a valid root."""
    root = root_code(code)
    return pentaclass_of_root(int(root)) if root else None


# --- actors and triples ---


def normalise_actor(actor: str | None) -> str | None:
    """An actor code compared as upper case without surrounding space or quotes; '' is None."""
    if actor is None:
        return None
    actor = str(actor).strip().strip('"').strip().upper()
    return actor or None


def country_part(actor: str | None) -> str | None:
    """The first three characters of an actor code: its country (or IGO, NGO...) part."""
    actor = normalise_actor(actor)
    return actor[:3] if actor else None


def triple(event: EventLike, country_only: bool = False) -> tuple[str | None, str | None, str]:
    """(source, target, code) of an event, actors normalised and, if asked, cut to their country part."""
    actor = country_part if country_only else normalise_actor
    return actor(event.source), actor(event.target), str(event.code).strip()


def triple_counts(gold: Iterable[EventLike], predicted: Iterable[EventLike],
                  country_only: bool = False) -> tuple[int, int, int]:
    """(TP, FP, FN) of one sentence's predicted triples against its gold ones, as multisets.

    Every predicted event on a sentence with no gold event is a false positive.
    """
    gold_set = Counter(triple(e, country_only) for e in gold)
    pred_set = Counter(triple(e, country_only) for e in predicted)
    return (sum((gold_set & pred_set).values()), sum((pred_set - gold_set).values()),
            sum((gold_set - pred_set).values()))


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Micro precision, recall and F1 from summed counts; 0 on an empty denominator."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": precision, "recall": recall, "f1": f1_of(precision, recall)}


def _agreement(gold: EventLike, predicted: EventLike) -> int:
    """How many of the scored aspects two events share (code, root, actors strict and by country)."""
    code_gold, code_pred = str(gold.code).strip(), str(predicted.code).strip()
    root = root_code(code_gold)
    return ((code_gold == code_pred) + (root is not None and root == root_code(code_pred))
            + (normalise_actor(gold.source) == normalise_actor(predicted.source))
            + (normalise_actor(gold.target) == normalise_actor(predicted.target))
            + (country_part(gold.source) == country_part(predicted.source))
            + (country_part(gold.target) == country_part(predicted.target)))


def align_events(gold: Sequence[EventLike], predicted: Sequence[EventLike]) -> list[tuple[Any, Any]]:
    """Pair each gold event with at most one predicted event of the same sentence, maximising
    the aspects they share; gold events left over are paired with None. Returns (gold, predicted)
    in gold order."""
    if not gold:
        return []
    if not predicted:
        return [(g, None) for g in gold]
    from scipy.optimize import linear_sum_assignment

    scores = np.array([[_agreement(g, p) for p in predicted] for g in gold], dtype=float)
    rows, columns = linear_sum_assignment(scores, maximize=True)
    partner = dict(zip(rows.tolist(), columns.tolist()))
    return [(g, predicted[partner[i]] if i in partner else None) for i, g in enumerate(gold)]


# --- PLOVER actors ---


def actor_hit(gold: Sequence[Any], events: Sequence[EventLike], side: str, with_sector: bool) -> bool:
    """Whether one of the sentence's events has a `side` actor matching a gold one: same country
    part and, with_sector, the same first sector (the 3 characters after the country; a gold
    sector of *** accepts any, no gold sector wants none)."""
    for event in events:
        actor = normalise_actor(getattr(event, side))
        if not actor:
            continue
        for g in gold:
            if country_part(g.code) != actor[:3]:
                continue
            sector = (g.sector or "").strip().upper()[:3]
            if not with_sector or sector == "***" or actor[3:6] == sector:
                return True
    return False


# --- labels ---


def accuracy(gold: Sequence[Hashable], predicted: Sequence[Hashable | None]) -> float:
    """Share of items whose prediction equals the gold; None (no answer) is wrong. 0 for no items."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold labels")
    return sum(g == p for g, p in zip(gold, predicted)) / len(gold) if gold else 0.0


def per_label_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable | None],
                 labels: Iterable[Hashable]) -> dict[Hashable, float]:
    """F1 of each label, treating it as the positive class; None and unknown answers are misses."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} gold labels")
    scores = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        scores[label] = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return scores


def macro_f1(gold: Sequence[Hashable], predicted: Sequence[Hashable | None],
             labels: Iterable[Hashable] | None = None) -> float:
    """Unweighted mean F1 over the labels that occur in the gold or among the answers.

    labels: the label set the task defines (e.g. the 18 PLOVER types); answers outside it
        are simply wrong and add no class. Without it, every label seen in the gold or
        answers counts. A label absent from both is left out rather than scored 0.
    """
    known = set(labels) if labels is not None else None
    seen = [label for label in dict.fromkeys([*gold, *predicted])
            if label is not None and (known is None or label in known)]
    if not seen:
        return 0.0
    scores = per_label_f1(gold, predicted, seen)
    return sum(scores.values()) / len(scores)


def plover_2021(event_type: str | None) -> str | None:
    """A PLOVER type in 2021+ names (DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, FIGHT -> ASSAULT)."""
    if event_type is None:
        return None
    name = str(event_type).strip().upper()
    return PLOVER_2021_NAMES.get(name, name)


def plover_05(event_type: str | None) -> str | None:
    """A PLOVER type in 0.5b1 names: the 2021 renames undone (REQUEST -> DEMAND, ACCUSE -> DISAPPROVE).

    ASSAULT stays ASSAULT: 2021's ASSAULT also covers 0.5b1's FIGHT, which cannot be told apart.
    """
    if event_type is None:
        return None
    name = str(event_type).strip().upper()
    return _PLOVER_05_NAMES.get(name, name)


def speaks_plover_2021(answers: Iterable[str | None]) -> bool:
    """Whether a system's PLOVER answers use a name that exists only in PLOVER 2021+."""
    return any(a is not None and str(a).strip().upper() in PLOVER_2021_ONLY for a in answers)


# --- bootstrap (numpy: the macro scores are too slow to resample in pure Python) ---


def _resamples(count: int) -> np.ndarray:
    return np.random.default_rng(BOOTSTRAP_SEED).integers(0, count, size=(BOOTSTRAP_RESAMPLES, count))


def _std(values: np.ndarray) -> float:
    return float(np.std(values, ddof=1)) if len(values) > 1 else 0.0


def bootstrap_f1_std(counts: Sequence[tuple[int, int, int]]) -> float:
    """Bootstrap std of micro F1 = 2TP/(2TP+FP+FN) over items' (TP, FP, FN)."""
    if len(counts) < 2:
        return 0.0
    sums = np.asarray(counts, dtype=float)[_resamples(len(counts))].sum(axis=1)
    denominators = 2 * sums[:, 0] + sums[:, 1] + sums[:, 2]
    return _std(np.divide(2 * sums[:, 0], denominators, out=np.zeros(len(sums)), where=denominators > 0))


def bootstrap_macro_f1_std(gold: Sequence[Any], predicted: Sequence[Any], labels: Sequence[Any]) -> float:
    """Bootstrap std of `macro_f1` over items (labels absent from a resample are left out)."""
    if len(gold) < 2:
        return 0.0
    index = {label: i for i, label in enumerate(labels)}
    # Gold and answers are resampled together, item by item; unknown gold -1, no/unknown answer -2.
    resample = _resamples(len(gold))
    g = np.array([index.get(x, -1) for x in gold])[resample]
    p = np.array([index.get(x, -2) for x in predicted])[resample]
    scores, present = [], []
    for label in range(len(labels)):
        tp = ((g == label) & (p == label)).sum(axis=1)
        fp = ((g != label) & (p == label)).sum(axis=1)
        fn = ((g == label) & (p != label)).sum(axis=1)
        seen = tp + fp + fn
        scores.append(np.divide(2 * tp, 2 * tp + fp + fn, out=np.zeros(len(tp)), where=seen > 0))
        present.append(seen > 0)
    totals, counts = np.sum(scores, axis=0), np.sum(present, axis=0)
    return _std(np.divide(totals, counts, out=np.zeros(len(totals)), where=counts > 0))


def bootstrap_accuracy_std(correct: Sequence[bool]) -> float:
    """Bootstrap std of the share of correct items."""
    if len(correct) < 2:
        return 0.0
    return _std(np.asarray(correct, dtype=float)[_resamples(len(correct))].mean(axis=1))


# --- cross-validation ---


def fold_of_items(labels: Sequence[Hashable], folds: int, seed: int) -> list[int]:
    """The fold (0..folds-1) of each item, stratified: each label's items, shuffled with `seed`,
    are dealt round-robin, so every fold gets about the same share of every label. The deal
    continues across labels, so small labels do not all land in fold 0."""
    if folds < 2:
        raise ValueError(f"cross-validation needs at least 2 folds, not {folds}")
    if len(labels) < folds:
        raise ValueError(f"{len(labels)} items cannot be split into {folds} folds")
    rng = random.Random(seed)
    by_label: dict[Hashable, list[int]] = {}
    for index, label in enumerate(labels):
        by_label.setdefault(label, []).append(index)
    assignment = [0] * len(labels)
    position = 0
    for label in sorted(by_label, key=repr):
        indices = by_label[label]
        rng.shuffle(indices)
        for index in indices:
            assignment[index] = position % folds
            position += 1
    return assignment
