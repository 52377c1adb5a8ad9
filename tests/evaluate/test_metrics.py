"""The benchmark metrics, checked against hand-computed values."""
from __future__ import annotations

import math

import pytest

from wirewatch.evaluate.common import bootstrap_std
from wirewatch.evaluate.metrics import (
    date_counts,
    exact_match,
    macro_prf,
    micro_scores,
    shingle_counts,
    shingles,
    snippet_counts,
    sum_counts,
)


def approx(value: float):
    return pytest.approx(value, abs=1e-9)


# --- AEB: shingles and per-page counts ---


def test_shingles_are_overlapping_word_4grams_with_multiplicity():
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("x y x y x y x")[("x", "y", "x", "y")] == 2


def test_tokens_are_word_characters_so_punctuation_and_layout_do_not_count():
    assert shingles("Rain, rain -- go\naway!") == shingles("Rain rain go away")


def test_a_text_shorter_than_four_words_is_one_short_shingle():
    assert shingles("Markets closed early.") == {("Markets", "closed", "early"): 1}


def test_empty_and_none_texts_have_no_shingles():
    assert not shingles("")
    assert not shingles(None)
    assert not shingles(" ... ")


def test_page_counts_are_normalized_by_their_sum():
    # gold shingles: abcd, bcde; predicted: abcd, bcdx -> 1 TP, 1 FP, 1 FN
    assert shingle_counts("a b c d x", "a b c d e") == (approx(1 / 3), approx(1 / 3), approx(1 / 3))


def test_long_and_short_pages_weigh_the_same():
    long_gold = " ".join(f"w{i}" for i in range(400))
    assert shingle_counts(long_gold, long_gold) == shingle_counts("a b c d", "a b c d") == (1.0, 0.0, 0.0)


def test_short_prediction_against_short_gold_must_match_whole():
    assert shingle_counts("Markets closed early", "Markets closed early!") == (1.0, 0.0, 0.0)
    # "Markets closed" and "Markets closed early" are two different short shingles.
    assert shingle_counts("Markets closed", "Markets closed early") == (0.0, 0.5, 0.5)


def test_empty_prediction_and_empty_gold_give_all_zero_counts():
    assert shingle_counts("", "") == (0.0, 0.0, 0.0)
    assert shingle_counts(None, None) == (0.0, 0.0, 0.0)


def test_empty_prediction_is_a_full_miss():
    assert shingle_counts(None, "a b c d e") == (0.0, 0.0, 1.0)


# --- AEB: macro means ---


def test_f1_comes_from_the_macro_means_not_from_per_page_f1s():
    pages = [(0.5, 0.5, 0.0), (0.5, 0.0, 0.5)]  # P/R per page: 0.5/1 and 1/0.5, per-page F1 2/3 each
    scores = macro_prf(pages)
    assert (scores.precision, scores.recall) == (approx(0.75), approx(0.75))
    assert scores.f1 == approx(0.75)


def test_empty_prediction_is_left_out_of_precision_but_counts_in_recall():
    scores = macro_prf([(1.0, 0.0, 0.0), (0.0, 0.0, 1.0)])
    assert scores.precision == approx(1.0)
    assert scores.recall == approx(0.5)
    assert scores.f1 == approx(2 / 3)


def test_page_with_empty_gold_is_left_out_of_recall_but_counts_in_precision():
    scores = macro_prf([(1.0, 0.0, 0.0), (0.0, 1.0, 0.0)])
    assert scores.precision == approx(0.5)
    assert scores.recall == approx(1.0)


def test_page_with_empty_prediction_and_empty_gold_is_in_neither_mean():
    assert macro_prf([(0.6, 0.2, 0.2), (0.0, 0.0, 0.0)]) == macro_prf([(0.6, 0.2, 0.2)])


def test_no_scorable_pages_give_zero_instead_of_an_error():
    assert macro_prf([]).as_dict() == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert macro_prf([(0.0, 0.0, 0.0)]).f1 == 0.0


def test_exact_match_compares_token_sequences():
    assert exact_match("Hello,  world!\n", "Hello world")
    assert not exact_match("Hello world", "world Hello")
    assert exact_match(None, "")


# --- trafilatura snippets ---


def test_snippets_are_found_after_whitespace_normalization():
    output = "Der Rat  hat\n den Haushalt beschlossen. Impressum"
    counts = snippet_counts(output, ["Rat hat den Haushalt", "fehlt hier"], ["Impressum", "Kontakt"])
    assert counts == (1, 1, 1, 1)


def test_no_output_finds_no_snippet():
    assert snippet_counts(None, ["a", "b"], ["c"]) == (0, 0, 2, 1)
    assert snippet_counts("", ["a"], ["c"]) == (0, 0, 1, 1)


def test_micro_scores_from_summed_counts():
    tp, fp, fn, tn = sum_counts([(3, 1, 1, 2), (1, 0, 2, 1)])
    assert (tp, fp, fn, tn) == (4, 1, 3, 3)
    scores = micro_scores(tp, fp, fn, tn)
    assert scores["precision"] == approx(4 / 5)
    assert scores["recall"] == approx(4 / 7)
    assert scores["f1"] == approx(8 / 12)
    assert scores["accuracy"] == approx(7 / 11)


def test_micro_scores_with_no_counts_are_zero():
    assert micro_scores(0, 0, 0, 0) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 0.0}


# --- htmldate ---


def test_date_equal_is_tp_different_is_fp_only_none_is_fn():
    assert date_counts("2021-03-04", "2021-03-04") == (1, 0, 0)
    assert date_counts("2021-03-05", "2021-03-04") == (0, 1, 0)
    assert date_counts(None, "2021-03-04") == (0, 0, 1)


def test_a_nan_gold_date_can_never_be_a_hit():
    assert date_counts("2020-10-10", math.nan) == (0, 1, 0)
    assert date_counts(None, math.nan) == (0, 0, 1)


def test_date_accuracy_is_the_share_of_exact_days():
    tp, fp, fn = sum_counts([(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 0, 0)])
    scores = micro_scores(tp, fp, fn)
    assert scores["accuracy"] == approx(0.5)
    assert scores["precision"] == approx(2 / 3)
    assert scores["f1"] == approx(4 / 6)


# --- bootstrap ---


def test_bootstrap_std_is_zero_for_identical_pages_and_repeatable():
    assert bootstrap_std([1.0] * 20, lambda s: sum(s) / len(s)) == 0.0
    values = [float(i % 3) for i in range(30)]
    mean = lambda s: sum(s) / len(s)  # noqa: E731
    first = bootstrap_std(values, mean)
    assert first == bootstrap_std(values, mean)
    # std of a mean of 30 draws from {0,1,2}: sqrt((2/3)/30) ~ 0.149
    assert 0.12 < first < 0.18


def test_bootstrap_std_of_fewer_than_two_items_is_zero():
    assert bootstrap_std([], len) == 0.0
    assert bootstrap_std([5], len) == 0.0
