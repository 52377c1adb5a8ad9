"""The paired per-story ROUGE margins of the NeuS harness."""
from __future__ import annotations

import pytest

from wirewatch.evaluate.summary_margins import summary_margins


def rows(values):
    return [{"rouge1": v} for v in values]


def test_a_system_ahead_on_every_story_is_ahead_in_every_draw():
    margins = summary_margins({"system": [rows([0.5, 0.6, 0.7])], "lead": [rows([0.4, 0.5, 0.6])]}, ["rouge1"],
                              resamples=100)
    assert margins["lead"]["rouge1"]["difference"] == pytest.approx(0.1)
    assert margins["lead"]["rouge1"]["share_not_ahead"] == 0.0
    # The same difference on every story: no spread at all.
    assert margins["lead"]["rouge1"]["std"] == pytest.approx(0.0, abs=1e-9)


def test_a_mean_won_on_one_story_is_not_a_clear_margin():
    system, lead = rows([0.9, 0.4, 0.4, 0.4]), rows([0.4, 0.45, 0.45, 0.45])
    margin = summary_margins({"system": [system], "lead": [lead]}, ["rouge1"], resamples=1000)["lead"]["rouge1"]
    assert margin["difference"] == pytest.approx((0.5 - 0.15) / 4)
    assert 0.2 < margin["share_not_ahead"] < 0.5 and margin["std"] > 0.1


def test_a_seeded_baseline_is_averaged_over_its_runs_story_by_story():
    margins = summary_margins({"system": [rows([0.5, 0.5])], "random": [rows([0.2, 0.6]), rows([0.4, 0.6])]},
                              ["rouge1"], resamples=10)
    assert margins["random"]["rouge1"]["difference"] == pytest.approx(((0.5 - 0.3) + (0.5 - 0.6)) / 2)


def test_without_the_system_there_is_no_margin():
    assert summary_margins({"lead": [rows([0.4])]}, ["rouge1"]) == {}
