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


def test_actors_conflict_only_when_each_doer_is_absent_from_the_other_claim():
    assert actor_conflict(["RUS"], ["RUS"], ["UKR"], ["UKR"]) == ("RUS", "UKR")
    assert actor_conflict(["RUS"], ["RUS", "UKR"], ["UKR"], ["UKR", "RUS"]) is None
