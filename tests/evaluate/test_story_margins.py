"""The paired bootstrap of the system's B-cubed margin over each baseline."""
from __future__ import annotations

import pytest

from wirewatch.evaluate import clustering_metrics as cm
from wirewatch.evaluate.story_data import StoryItem
from wirewatch.evaluate.story_margins import bcubed_margins
from wirewatch.model import StoryDoc


def items(gold: list[tuple[str, str]]) -> list[StoryItem]:
    """Items with a (subtopic, topic) gold pair each."""
    return [StoryItem(StoryDoc(str(i), "", "", None, None), {"subtopic": sub, "topic": topic}, str(i))
            for i, (sub, topic) in enumerate(gold)]


GOLD = [("a1", "a"), ("a1", "a"), ("a2", "a"), ("b1", "b"), ("b1", "b"), ("c1", "c"), ("c2", "c"), ("d1", "d")]


def test_per_item_bcubed_averages_to_bcubed():
    gold, predicted = [g for g, _ in GOLD], ["x", "x", "x", "y", "z", "c1", "c2", "d1"]
    precision, recall = cm.bcubed_items(gold, predicted)
    whole = cm.bcubed(gold, predicted)
    assert precision.mean() == pytest.approx(whole.precision) and recall.mean() == pytest.approx(whole.recall)
    assert precision[0] == pytest.approx(2 / 3) and recall[3] == pytest.approx(1 / 2)


def test_a_perfect_system_is_ahead_of_singletons_in_every_draw_where_a_story_has_two_items():
    gold = items(GOLD)
    labels = {"system": [g for g, _ in GOLD], "singletons": [str(i) for i in range(len(GOLD))]}
    margin = bcubed_margins(gold, labels, "subtopic", resamples=400)["singletons"]
    expected = 1.0 - cm.bcubed([g for g, _ in GOLD], labels["singletons"]).f1
    assert margin["bcubed_f1_difference"] == pytest.approx(expected, abs=1e-4)
    assert margin["std"] > 0.0
    # Singletons are right on topics c and d too: a draw of only those (chance (2/4)^4) is a tie.
    assert margin["share_not_ahead"] == pytest.approx(1 / 16, abs=0.04)
    # The drawn unit is the coarsest gold level: four topics.
    assert margin["resampled"] == "4 topic-level gold groups, 400 draws"


def test_a_system_equal_to_the_baseline_is_never_ahead():
    gold = items(GOLD)
    same = [g for g, _ in GOLD]
    margin = bcubed_margins(gold, {"system": same, "copy": same}, "subtopic", resamples=50)["copy"]
    assert (margin["bcubed_f1_difference"], margin["std"], margin["share_not_ahead"]) == (0.0, 0.0, 1.0)


def test_a_margin_that_rests_on_one_topic_is_not_clear():
    # The system is right only on topic "a" and the baseline only on "b"; elsewhere both are alike:
    # the difference changes sign with the draw.
    gold = items(GOLD)
    truth = [g for g, _ in GOLD]
    system = ["a1", "a1", "a2", "b", "b", "x", "x", "d1"]
    baseline = ["a", "a", "a", "b1", "b1", "x", "x", "d1"]
    margin = bcubed_margins(gold, {"system": system, "baseline": baseline}, "subtopic", resamples=500)["baseline"]
    assert margin["bcubed_f1_difference"] == pytest.approx(
        cm.bcubed(truth, system).f1 - cm.bcubed(truth, baseline).f1, abs=1e-4)
    assert 0.05 < margin["share_not_ahead"] < 0.95


def test_no_system_labels_gives_no_margins():
    assert bcubed_margins(items(GOLD), {"baseline": ["x"] * len(GOLD)}, "subtopic") == {}
