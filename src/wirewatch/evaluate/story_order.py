"""How much the order of arrival changes an online grouper's result.

The system is run again on shuffled arrival orders: dated docs are shuffled within their
day (a live stream brings a day's articles in no fixed order), undated docs as a whole.
Each order is scored against the gold, and compared with the canonical order's labels by
the adjusted Rand index (1.0: the same partition).
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from itertools import groupby
from typing import Any

from wirewatch.evaluate import clustering_metrics as cm
from wirewatch.evaluate.common import rounded
from wirewatch.evaluate.story_data import StoryItem

ORDER_SEED = 20140824


def shuffled_order(items: Sequence[StoryItem], rng: random.Random) -> list[int]:
    """Indexes of `items` (given in arrival order) in a new order: shuffled within each day."""
    order: list[int] = []
    for _, group in groupby(range(len(items)), key=lambda i: items[i].doc.published):
        block = list(group)
        rng.shuffle(block)
        order.extend(block)
    return order


def order_stability(system, items: Sequence[StoryItem], canonical: Sequence[str], level: str,
                    orders: int, seed: int = ORDER_SEED) -> dict[str, Any]:
    """Scores of `orders` shuffled runs, and their agreement with the canonical labels."""
    rng = random.Random(seed)
    gold = [item.gold[level] for item in items]
    f1s, agreements = [], []
    for _ in range(orders):
        order = shuffled_order(items, rng)
        labels = system.group([items[i].doc for i in order])
        back = [""] * len(items)
        for position, index in enumerate(order):
            back[index] = str(labels[position])
        f1s.append(cm.bcubed(gold, back).f1)
        agreements.append(cm.ari(list(canonical), back))
    return rounded({
        "orders": orders,
        "seed": seed,
        "bcubed_f1": f1s,
        "bcubed_f1_min": min(f1s),
        "bcubed_f1_max": max(f1s),
        "ari_with_canonical_order_mean": sum(agreements) / len(agreements),
        "ari_with_canonical_order_min": min(agreements),
    })
