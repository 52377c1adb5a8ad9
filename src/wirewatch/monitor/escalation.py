"""Escalation detection over a tension series: a trailing baseline and a score per day.

The detector reads *conflict*, the negated tension (a day of -12 tension is 12 of conflict), so
that escalation is a rise. Two methods share one baseline:

* ``zscore`` (default): the day's conflict against the mean and standard deviation of the
  ``window`` days before it (quiet days count as 0). The deviation is floored at ``min_std`` so a
  pair that has been silent does not alarm on one minor event: with the defaults a quiet pair
  needs more than 2.5 x 3.0 = 7.5 of conflict in a day, e.g. one material-conflict event
  (Goldstein <= -7.2) reported by two independent outlets, or a threat (-4.4) and a military
  posture (-7.2) together; one accusation (-2.0) never does. A pair in steady conflict has a
  high baseline mean, so only a rise above its usual level scores, not every conflictual day.
* ``cusum``: a one-sided CUSUM of the same standardised deviations,
  ``S_t = max(0, S_{t-1} + z_t - k)``, alarming when ``S_t >= h``; it catches a sustained rise
  made of days that are each unremarkable alone. After an alarm the sum starts again from 0.

Days with net cooperation (conflict <= 0) never score as escalations.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from wirewatch.monitor.tension import TensionDay, TensionEvent

METHODS = ("zscore", "cusum")


@dataclass(frozen=True)
class DetectorConfig:
    """Parameters of the detector (see the module docstring for what each does).

    window: trailing days of baseline before the day scored (14: two weekly news cycles).
    min_std: floor on the baseline's standard deviation, in weighted Goldstein points (3.0).
    threshold: z-score (or CUSUM sum ``h``) at or above which a day is an escalation (2.5).
    cusum_k: allowance per day for CUSUM, in standard deviations (0.5).
    """

    window: int = 14
    min_std: float = 3.0
    threshold: float = 2.5
    method: str = "zscore"
    cusum_k: float = 0.5

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"unknown detector method {self.method!r}: use one of {', '.join(METHODS)}")
        if self.window < 2 or self.min_std <= 0:
            raise ValueError("the window needs at least 2 days and min_std must be positive")


@dataclass(frozen=True)
class EscalationPoint:
    """A day whose conflict rose above its baseline: the score and the events behind it."""

    day: date
    value: float            # the day's tension (negative: conflict)
    conflict: float         # -value
    baseline_mean: float    # mean conflict over the window before the day
    baseline_std: float     # its standard deviation, before the floor
    score: float            # z-score, or the CUSUM sum
    method: str
    events: tuple[TensionEvent, ...]

    @property
    def conflict_events(self) -> tuple[TensionEvent, ...]:
        """The events that pushed the day toward conflict (negative contributions), largest first."""
        return tuple(e for e in self.events if e.contribution < 0)


def baseline(values: Sequence[float]) -> tuple[float, float]:
    """Mean and (population) standard deviation of the trailing conflict values."""
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def score_days(series: Sequence[TensionDay], config: DetectorConfig = DetectorConfig()) -> list[tuple]:
    """For each day from index ``window`` on: (TensionDay, mean, std, z, cusum sum).

    The series must be consecutive days (as ``tension.daily_series`` gives them); earlier days only
    serve as the first baseline.
    """
    conflict = [-day.value for day in series]
    scored, cusum = [], 0.0
    for i in range(config.window, len(series)):
        mean, std = baseline(conflict[i - config.window : i])
        z = (conflict[i] - mean) / max(std, config.min_std)
        cusum = max(0.0, cusum + z - config.cusum_k)
        scored.append((series[i], mean, std, z, cusum))
        if config.method == "cusum" and cusum >= config.threshold:
            cusum = 0.0
    return scored


def detect_escalations(series: Sequence[TensionDay], config: DetectorConfig = DetectorConfig()
                       ) -> list[EscalationPoint]:
    """The days of ``series`` that the configured method flags, oldest first."""
    points = []
    for day, mean, std, z, cusum in score_days(series, config):
        score = z if config.method == "zscore" else cusum
        if score >= config.threshold and -day.value > 0:
            points.append(EscalationPoint(day.day, day.value, -day.value, round(mean, 4), round(std, 4),
                                          round(score, 4), config.method, day.events))
    return points
