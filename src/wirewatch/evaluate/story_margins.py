"""How clearly the system beats each baseline on a grouping run: a paired bootstrap of B-cubed F1.

A margin of 0.02 on one data set may be luck. To say how much, the gold stories are drawn with
replacement, as many as there are, and the system's and a baseline's B-cubed F1 are scored on
the same draw; the spread of the difference over the draws is its standard deviation, and the
share of draws where the system is not ahead says how often the margin would vanish.

The unit drawn is a story of the coarsest gold level (ECB+: a topic, whose subtopics are the
scored stories), since errors tie the items of one topic together: a wrong merge of two
subtopics moves every item of both. Each item keeps its precision and recall against the whole
partition (``bcubed_items``): a draw re-weights items, it does not re-cluster them.
"""
from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from wirewatch.evaluate.clustering_metrics import bcubed_items
from wirewatch.evaluate.common import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED
from wirewatch.evaluate.metrics import f1_of
from wirewatch.evaluate.story_data import StoryItem


def _f1(precision: np.ndarray, recall: np.ndarray) -> float:
    return f1_of(float(precision.mean()), float(recall.mean()))


def bcubed_margins(items: Sequence[StoryItem], labels: Mapping[str, Sequence[str]], level: str,
                   system: str = "system", resamples: int = BOOTSTRAP_RESAMPLES,
                   seed: int = BOOTSTRAP_SEED) -> dict[str, dict[str, Any]]:
    """Per baseline: the system's B-cubed F1 minus the baseline's at `level`, the standard deviation
    of that difference over paired bootstrap draws of gold stories (of the coarsest level), and the
    share of draws in which the system is not ahead. ``labels``: system name -> one label per item."""
    if not items or system not in labels:
        return {}
    gold = [item.gold[level] for item in items]
    unit_level = list(items[0].gold)[-1]
    members: dict[str, list[int]] = defaultdict(list)
    for i, item in enumerate(items):
        members[item.gold[unit_level]].append(i)
    units = list(members.values())
    ours = bcubed_items(gold, labels[system])
    rng = random.Random(seed)
    draws = [np.concatenate([units[rng.randrange(len(units))] for _ in units]) for _ in range(resamples)]
    margins = {}
    for name, predicted in labels.items():
        if name == system:
            continue
        theirs = bcubed_items(gold, predicted)
        differences = np.array([_f1(ours[0][d], ours[1][d]) - _f1(theirs[0][d], theirs[1][d]) for d in draws])
        margins[name] = {
            "bcubed_f1_difference": round(_f1(*ours) - _f1(*theirs), 4),
            "std": round(float(differences.std(ddof=1)), 4) if len(differences) > 1 else 0.0,
            "share_not_ahead": round(float((differences <= 0).mean()), 4),
            "resampled": f"{len(units)} {unit_level}-level gold groups, {resamples} draws",
        }
    return margins
