"""Story-grouping scores on partitions small enough to work out by hand."""
from __future__ import annotations

import math

import pytest
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from wirewatch.evaluate import clustering_metrics as cm

# Gold stories a a a b b; the system splits story a and puts its third item with story b.
GOLD = ["a", "a", "a", "b", "b"]
PRED = [1, 1, 2, 2, 2]


def test_bcubed_averages_each_items_precision_and_recall():
    # Precision per item: 1, 1 (cluster 1 is pure), 1/3, 2/3, 2/3 -> 11/15.
    # Recall per item: 2/3, 2/3 (a's cluster-1 part), 1/3, 1, 1 -> 11/15.
    scores = cm.bcubed(GOLD, PRED)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(11 / 15)
    assert scores.f1 == pytest.approx(11 / 15)


def test_bcubed_of_all_singletons_is_precise_with_recall_one_over_story_size():
    scores = cm.bcubed(GOLD, list(range(5)))
    assert scores.precision == 1.0
    assert scores.recall == pytest.approx((3 * (1 / 3) + 2 * (1 / 2)) / 5)


def test_bcubed_of_one_big_cluster_has_full_recall():
    scores = cm.bcubed(GOLD, ["x"] * 5)
    assert scores.recall == 1.0
    assert scores.precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)


def test_pairwise_counts_pairs_put_together():
    # Predicted pairs: 1 in cluster 1 + 3 in cluster 2 = 4; gold pairs: 3 + 1 = 4; right: (0,1) and (3,4).
    scores = cm.pairwise(GOLD, PRED)
    assert (scores.precision, scores.recall, scores.f1) == (0.5, 0.5, 0.5)


def test_pairwise_with_no_predicted_pair_is_vacuously_precise_and_recalls_nothing():
    scores = cm.pairwise(GOLD, list(range(5)))
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 0.0, 0.0)


def test_nmi_uses_the_geometric_mean_of_the_two_entropies():
    gold, pred = ["a", "a", "b", "b"], [1, 1, 1, 2]
    h_gold = math.log(2)
    h_pred = -(0.75 * math.log(0.75) + 0.25 * math.log(0.25))
    mutual = 0.5 * math.log(4 / 3) + 0.25 * math.log(2 / 3) + 0.25 * math.log(2)
    assert cm.nmi(gold, pred) == pytest.approx(mutual / math.sqrt(h_gold * h_pred))
    assert cm.nmi(GOLD, PRED) == pytest.approx(normalized_mutual_info_score(GOLD, PRED, average_method="geometric"))


def test_nmi_is_one_for_a_renamed_partition_and_zero_for_an_independent_one():
    assert cm.nmi(GOLD, ["p", "p", "p", "q", "q"]) == pytest.approx(1.0)
    assert cm.nmi(["a", "a", "b", "b"], [1, 2, 1, 2]) == pytest.approx(0.0)
    assert cm.nmi(["a", "a"], [5, 5]) == 1.0
    assert cm.nmi(["a", "b"], [5, 5]) == 0.0


def test_ari_is_chance_corrected_pair_agreement():
    # Pairs together in both: 1; gold pairs 2, predicted 1, of 6: expected 1/3, max 3/2 -> (2/3)/(7/6).
    assert cm.ari([0, 0, 1, 1], ["x", "x", "y", "z"]) == pytest.approx(4 / 7)
    assert cm.ari(GOLD, PRED) == pytest.approx(adjusted_rand_score(GOLD, PRED))
    assert cm.ari(GOLD, ["p", "p", "p", "q", "q"]) == pytest.approx(1.0)


def test_labels_of_any_hashable_type_score_alike():
    assert cm.clustering_scores(GOLD, PRED) == cm.clustering_scores([7, 7, 7, "b", "b"], ["u", "u", 2.5, 2.5, 2.5])


def test_clustering_scores_report_both_cluster_counts():
    scores = cm.clustering_scores(GOLD, PRED)
    assert (scores["clusters"], scores["gold_clusters"]) == (2, 2)
    assert scores["bcubed_f1"] == pytest.approx(11 / 15) and scores["pairwise_f1"] == 0.5
    assert cm.cluster_count(["a", "b", "a", "c"]) == 3


def test_unequal_lengths_are_refused():
    with pytest.raises(ValueError, match="4 predicted labels for 5"):
        cm.bcubed(GOLD, [1, 1, 1, 1])


def test_pearson_by_hand_and_its_edge_cases():
    # Deviations (-1.5, -.5, .5, 1.5) and (-1.5, .5, -.5, 1.5): covariance sum 4, variance sums 5 and 5.
    assert cm.pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert cm.pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert cm.pearson([1, 2, 3], [5, 5, 5]) == 0.0
    assert cm.pearson([1], [2]) == 0.0
