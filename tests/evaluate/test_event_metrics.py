"""CAMEO code classes, triple matching, label scores and folds, against hand-computed values."""
from __future__ import annotations

from collections import Counter

import pytest

from wirewatch.evaluate import event_metrics as em
from wirewatch.evaluate.event_data import CodedEvent, PloverActor


def approx(value: float):
    return pytest.approx(value, abs=1e-9)


# --- CAMEO classes ---


@pytest.mark.parametrize("code, root", [("064", "06"), ("0874", "08"), ("174L", "17"), ("20", "20"),
                                        (" 190 ", "19"), ("01", "01")])
def test_the_root_is_the_first_two_digits_of_a_code(code, root):
    assert em.root_code(code) == root


@pytest.mark.parametrize("code", ["903", "345", "00", "21", "7", "", "---", None, "x12"])
def test_a_code_without_a_root_from_01_to_20_has_no_root_and_no_class(code):
    assert em.root_code(code) is None
    assert em.quad_class(code) is None
    assert em.pentaclass(code) is None


@pytest.mark.parametrize("code, quad", [("010", 1), ("057", 1), ("060", 2), ("087", 2), ("090", 3), ("138", 3),
                                        ("140", 4), ("160", 4), ("204", 4)])
def test_quad_class_splits_verbal_and_material_cooperation_and_conflict(code, quad):
    assert em.quad_class(code) == quad


@pytest.mark.parametrize("code, penta", [("010", 0), ("020", 0), ("030", 1), ("050", 1), ("061", 2), ("080", 2),
                                         ("090", 3), ("130", 3), ("160", 3), ("140", 4), ("150", 4), ("170", 4),
                                         ("200", 4)])
def test_pentaclass_sets_statements_apart_and_counts_16_as_verbal_conflict(code, penta):
    assert em.pentaclass(code) == penta


def test_class_of_a_root_outside_cameo_is_refused():
    with pytest.raises(ValueError):
        em.quad_class_of_root(21)
    with pytest.raises(ValueError):
        em.pentaclass_of_root(0)


# --- actors and triples ---


def test_actors_compare_without_case_space_or_quotes_and_cut_to_three_for_the_country():
    assert em.normalise_actor(' "river council" ') == "RIVER COUNCIL"
    assert em.normalise_actor("  ") is None
    assert em.country_part("fregov") == "FRE"
    assert em.country_part(None) is None


def test_triples_match_as_multisets_and_every_event_on_an_empty_gold_is_a_false_positive():
    gold = [CodedEvent("FRE", "SYL", "042"), CodedEvent("SYL", "FRE", "042")]
    predicted = [CodedEvent("fre", "syl", "042"), CodedEvent("fre", "syl", "042"), CodedEvent("KEL", "SYL", "190")]
    assert em.triple_counts(gold, predicted) == (1, 2, 1)
    assert em.triple_counts([], predicted) == (0, 3, 0)
    assert em.triple_counts(gold, []) == (0, 0, 2)


def test_country_only_triples_forgive_the_sector_but_not_the_country():
    gold = [CodedEvent("FREGOV", "SYLMIL", "190")]
    assert em.triple_counts(gold, [CodedEvent("FRE", "SYL", "190")]) == (0, 1, 1)
    assert em.triple_counts(gold, [CodedEvent("FRE", "SYL", "190")], country_only=True) == (1, 0, 0)
    assert em.triple_counts(gold, [CodedEvent("KEL", "SYL", "190")], country_only=True) == (0, 1, 1)


def test_prf_is_micro_and_zero_on_an_empty_denominator():
    assert em.prf(2, 2, 0) == {"precision": 0.5, "recall": 1.0, "f1": approx(2 / 3)}
    assert em.prf(0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_alignment_pairs_each_gold_event_with_its_most_similar_prediction():
    gold = [CodedEvent("FRE", "SYL", "042"), CodedEvent("SYL", "FRE", "190")]
    predicted = [CodedEvent("SYL", "FRE", "193"), CodedEvent("FRE", "SYL", "043")]
    assert em.align_events(gold, predicted) == [(gold[0], predicted[1]), (gold[1], predicted[0])]


def test_alignment_leaves_extra_gold_events_unpaired():
    gold = [CodedEvent("FRE", "SYL", "042"), CodedEvent("SYL", "FRE", "190")]
    only = CodedEvent("SYL", "FRE", "190")
    assert em.align_events(gold, [only]) == [(gold[0], None), (gold[1], only)]
    assert em.align_events(gold, []) == [(gold[0], None), (gold[1], None)]
    assert em.align_events([], [only]) == []


def test_a_plover_actor_matches_by_country_and_by_country_plus_first_sector():
    gold = [PloverActor("FRE", "GOV"), PloverActor("KEL", None)]
    assert em.actor_hit(gold, [CodedEvent("FREGOV", None, "010")], "source", with_sector=True)
    assert em.actor_hit(gold, [CodedEvent("FREMIL", None, "010")], "source", with_sector=False)
    assert not em.actor_hit(gold, [CodedEvent("FREMIL", None, "010")], "source", with_sector=True)
    # No gold sector wants none; *** accepts any.
    assert em.actor_hit(gold, [CodedEvent("KEL", None, "010")], "source", with_sector=True)
    assert not em.actor_hit(gold, [CodedEvent("KELGOV", None, "010")], "source", with_sector=True)
    assert em.actor_hit([PloverActor("SYL", "***")], [CodedEvent(None, "SYLREB", "010")], "target", True)
    # Any event of the sentence may carry the match; the other side does not count.
    assert em.actor_hit(gold, [CodedEvent("SYL", "FRE", "1"), CodedEvent("KEL", None, "2")], "source", True)
    assert not em.actor_hit(gold, [CodedEvent("SYL", "FREGOV", "1")], "source", False)


# --- labels ---


def test_accuracy_counts_no_answer_as_wrong():
    assert em.accuracy([1, 2, 3, 4], [1, 2, None, 0]) == 0.5
    assert em.accuracy([], []) == 0.0
    with pytest.raises(ValueError):
        em.accuracy([1], [])


def test_macro_f1_averages_the_labels_seen_in_gold_or_answers():
    gold = [0, 0, 1, 1, 2]
    predicted = [0, 1, 1, 1, None]
    # F1: label 0 = 2/3, label 1 = 4/5, label 2 = 0 (missed).
    assert em.macro_f1(gold, predicted) == approx((2 / 3 + 4 / 5 + 0) / 3)
    # A label in neither gold nor answers is left out, not scored 0.
    assert em.macro_f1(gold, predicted, labels=[0, 1, 2, 3, 4]) == approx((2 / 3 + 4 / 5 + 0) / 3)


def test_macro_f1_adds_no_class_for_an_answer_outside_the_label_set():
    assert em.macro_f1(["AGREE", "AGREE"], ["AGREE", "DANCE"], labels=em.PLOVER_TYPES) == approx(2 / 3)
    assert em.macro_f1(["AGREE"], [None]) == 0.0


def test_plover_names_map_both_ways_and_2021_folds_fight_into_assault():
    assert [em.plover_2021(t) for t in ("DEMAND", "disapprove", "FIGHT", "ASSAULT", None)] == \
        ["REQUEST", "ACCUSE", "ASSAULT", "ASSAULT", None]
    assert [em.plover_05(t) for t in ("REQUEST", "ACCUSE", "ASSAULT", "AGREE")] == \
        ["DEMAND", "DISAPPROVE", "ASSAULT", "AGREE"]
    assert len(em.PLOVER_TYPES) == 18
    assert em.speaks_plover_2021(["AGREE", None, "request"])
    assert not em.speaks_plover_2021(["AGREE", "ASSAULT", None])


# --- bootstrap and folds ---


def test_bootstrap_spreads_are_zero_for_a_perfect_or_single_item_result():
    assert em.bootstrap_f1_std([(1, 0, 0)] * 20) == 0.0
    assert em.bootstrap_f1_std([(1, 0, 0)]) == 0.0
    assert em.bootstrap_macro_f1_std([0, 1, 2] * 5, [0, 1, 2] * 5, em.PENTACLASSES) == 0.0
    assert em.bootstrap_accuracy_std([True, False] * 10) > 0.05


def test_bootstrap_is_the_same_on_every_run():
    gold, predicted = [0, 1, 2, 3, 4] * 8, [0, 1, 1, 3, None] * 8
    first = em.bootstrap_macro_f1_std(gold, predicted, em.PENTACLASSES)
    assert first > 0 and first == em.bootstrap_macro_f1_std(gold, predicted, em.PENTACLASSES)


def test_folds_are_stratified_deterministic_and_cover_every_item_once():
    labels = [0] * 10 + [1] * 10 + [2] * 5
    folds = em.fold_of_items(labels, 5, seed=7)
    assert folds == em.fold_of_items(labels, 5, seed=7)
    assert folds != em.fold_of_items(labels, 5, seed=8)
    assert sorted(Counter(folds).values()) == [5, 5, 5, 5, 5]
    for fold in range(5):
        in_fold = Counter(label for label, f in zip(labels, folds) if f == fold)
        assert in_fold[0] == 2 and in_fold[1] == 2 and in_fold[2] == 1


def test_folds_refuse_too_few_items_or_folds():
    with pytest.raises(ValueError):
        em.fold_of_items([0, 1, 2], 5, seed=1)
    with pytest.raises(ValueError):
        em.fold_of_items([0, 1, 2], 1, seed=1)
