"""Do two claims' details agree: amounts, dates, places, actors."""
from datetime import date

from wirewatch.compare.facts import (
    actor_conflict, amounts_agree, date_conflict, number_conflict, numbers_agree, place_conflict,
)
from wirewatch.model import Quantity, TimeSpan


def q(text, value, approximate=False, counts="troops", unit=None):
    return Quantity(text, 0, len(text), value, approximate, unit, counts)


def day(text, first, last=None):
    return TimeSpan(text, 0, len(text), first, last or first)


def test_a_vague_lower_bound_agrees_with_an_exact_value_above_it():
    assert amounts_agree(q("tens of thousands", 10000, True), q("20,000", 20000)) is True


def test_two_different_exact_counts_of_the_same_thing_conflict():
    assert amounts_agree(q("20,000", 20000), q("5,000", 5000)) is False
    assert number_conflict([q("20,000", 20000)], [q("5,000", 5000)]) is not None
    assert numbers_agree([q("20,000", 20000)], [q("5,000", 5000)]) is False


def test_a_hedged_amount_tolerates_a_near_value_and_more_than_is_a_lower_bound():
    assert amounts_agree(q("about 30", 30, True, "programs"), q("28", 28, counts="programs")) is True
    assert amounts_agree(q("more than 100", 100, True), q("150", 150)) is True
    assert amounts_agree(q("up to 100", 100, True), q("150", 150)) is False


def test_amounts_of_different_things_are_not_compared():
    assert amounts_agree(q("20", 20, counts="ships"), q("30", 30, counts="troops")) is None
    assert numbers_agree([q("20", 20, counts="ships")], [q("30", 30, counts="troops")]) is None


def test_august_21_and_august_28_conflict_but_a_month_holds_its_days():
    assert date_conflict([day("August 21", date(2023, 8, 21))], [day("August 28", date(2023, 8, 28))])
    assert date_conflict([day("August", date(2023, 8, 1), date(2023, 8, 31))],
                         [day("August 21", date(2023, 8, 21))]) is None
    assert date_conflict([], [day("August 28", date(2023, 8, 28))]) is None


def test_places_in_one_country_agree_and_in_two_countries_conflict():
    assert place_conflict(["Oslo"], ["Norway"]) is None
    assert place_conflict(["Oslo"], ["Lisbon"]) == ("Oslo", "Lisbon")


def test_places_do_not_conflict_when_one_claim_also_names_the_others_place():
    visited = "The president visited troops in Iraq on Wednesday."
    defended = "He defended the withdrawal from Syria during an unannounced visit to Iraq."
    assert place_conflict(["Iraq"], ["Syria"], (visited, defended)) is None
    assert place_conflict(["Iraq"], ["Syria"], (visited, "He defended the withdrawal from Syria.")) == ("Iraq", "Syria")
    # Named as an actor's country: Iranian officials speak of Iran.
    assert place_conflict(["Iraq"], ["Tehran"], ("Officials denied it.", "Iran denied it in Tehran."),
                          (("IRNGOV",), ())) is None


def test_actors_conflict_only_when_each_doer_is_absent_from_the_other_claim():
    assert actor_conflict(["RUS"], ["RUS"], ["UKR"], ["UKR"]) == ("RUS", "UKR")
    assert actor_conflict(["RUS"], ["RUS", "UKR"], ["UKR"], ["UKR", "RUS"]) is None


def test_an_amount_with_a_scale_word_is_as_precise_as_its_last_digit():
    dollars = dict(counts=None, unit="USD")
    assert amounts_agree(q("$2 trillion", 2e12, **dollars), q("$2.25 trillion", 2.25e12, **dollars)) is True
    assert amounts_agree(q("$12 billion", 12e9, **dollars), q("$13 billion", 13e9, **dollars)) is False
    assert amounts_agree(q("1.5 million", 1.5e6), q("1.7 million", 1.7e6)) is False
    assert amounts_agree(q("1.5 million", 1.5e6), q("1,520,000", 1.52e6)) is True
    # Written out in full, a number is taken at its word: these two counts still disagree.
    assert amounts_agree(q("20,000", 20000), q("25,000", 25000)) is False


def test_one_agreeing_pair_clears_a_thing_both_claims_count():
    pct = dict(counts=None, unit="%")
    fell = [q("3.6%", 3.6, **pct), q("3.8%", 3.8, **pct)]
    assert number_conflict(fell, [q("3.6 percent", 3.6, **pct)]) is None
    assert number_conflict(fell, [q("4.1 percent", 4.1, **pct)]) is not None


def test_a_figure_given_bare_in_the_other_claim_clears_its_thing():
    added = [q("235,000 jobs", 235000, counts="jobs"), q("roughly 700,000", 700000, True, counts=None)]
    rose = [q("235,000", 235000, counts=None), q("943,000 jobs", 943000, counts="jobs")]
    assert number_conflict(added, rose) is None
    assert number_conflict(added, [q("943,000 jobs", 943000, counts="jobs")]) is not None
