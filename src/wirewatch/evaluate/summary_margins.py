"""How clearly a summary beats each baseline on NeuS: the paired per-story ROUGE difference.

Two systems' mean ROUGE may differ by less than either's bootstrap spread and still differ
reliably, or the other way round, because both summarise the same stories: what matters is the
difference story by story. For each baseline and measure this gives the mean per-story
difference, its bootstrap standard deviation (stories drawn with replacement, the same draw for
both systems) and the share of draws in which the system is not ahead.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from wirewatch.evaluate.common import BOOTSTRAP_RESAMPLES, BOOTSTRAP_SEED

PerStory = Sequence[Mapping[str, float]]


def _mean_per_story(runs: Sequence[PerStory], measure: str) -> np.ndarray:
    """A measure per story, averaged over a system's runs (a random baseline has one per seed)."""
    return np.mean([[row[measure] for row in run] for run in runs], axis=0)


def summary_margins(per_story: Mapping[str, Sequence[PerStory]], measures: Sequence[str], system: str = "system",
                    resamples: int = BOOTSTRAP_RESAMPLES, seed: int = BOOTSTRAP_SEED) -> dict[str, dict[str, Any]]:
    """Per baseline, per measure: ``difference`` (system minus baseline, mean over stories),
    ``std`` (its paired bootstrap standard deviation) and ``share_not_ahead``.

    per_story: system name -> its runs -> one {measure: value} per story, stories in one order."""
    if system not in per_story or not per_story[system] or not per_story[system][0]:
        return {}
    stories = len(per_story[system][0])
    draws = np.random.default_rng(seed).integers(0, stories, size=(resamples, stories))
    margins: dict[str, dict[str, Any]] = {}
    for name, runs in per_story.items():
        if name == system:
            continue
        margins[name] = {}
        for measure in measures:
            differences = _mean_per_story(per_story[system], measure) - _mean_per_story(runs, measure)
            resampled = differences[draws].mean(axis=1)
            margins[name][measure] = {"difference": round(float(differences.mean()), 4),
                                      "std": round(float(resampled.std(ddof=1)), 4) if resamples > 1 else 0.0,
                                      "share_not_ahead": round(float((resampled <= 0).mean()), 4)}
    return margins
