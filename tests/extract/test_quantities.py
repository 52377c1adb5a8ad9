"""Amounts with their unit and the noun they count (invented sentences)."""
import pytest

from wirewatch.extract.nlp import english
from wirewatch.extract.quantities import quantities


def read(text):
    return [(q.text, q.value, q.approximate, q.unit, q.counts) for q in quantities(english()(text))]


def test_a_number_counts_the_noun_phrase_it_modifies():
    assert read("The ministry sent 20,000 troops.") == [("20,000", 20000, False, None, "troops")]
    assert read("The drills include about 30 field training programs.") == [
        ("about 30", 30, True, None, "field training programs")]


def test_vague_amounts_take_their_lower_bound_and_are_approximate():
    assert read("The exercises involve tens of thousands of troops.") == [
        ("tens of thousands", 10000, True, None, "troops")]
    assert ("dozens", 24, True, None, "banks") in read("The fund lent to dozens of banks.")


def test_money_and_percentages_carry_their_unit():
    found = read("The firm paid $2.5 billion, or 40% of its revenue.")
    assert ("$2.5 billion", 2.5e9, False, "USD", None) in found
    assert ("40%", 40, False, "%", None) in found


def test_a_currency_symbol_left_outside_the_entity_is_kept():
    found = read("Lawmakers approved more than $13B for roads and $12B for dams.")
    assert ("more than $13B", 13e9, True, "USD", None) in found
    assert ("$12B", 12e9, False, "USD", None) in found


def test_number_words_are_read():
    assert read("The army sent two armored brigades.") == [("two", 2, False, None, "armored brigades")]
    assert ("twenty-five", 25, False, None, "people") in read("At the port, twenty-five people were hurt.")


def test_units_of_measure_are_recognised():
    assert ("45 kilometres", 45, False, "km", None) in read("The lake lies 45 kilometres north of the town.")


@pytest.mark.parametrize("text", [
    "A prior version of the H.R. 8 bill passed the chamber last year.",
    "Flight 370 vanished over the sea.",
    "Article 5 of the treaty was invoked on Monday.",
])
def test_a_number_that_names_something_counts_nothing(text):
    assert read(text) == []


def test_years_dates_and_ordinals_are_not_quantities():
    assert read("In 2022, on August 21, the 3rd battalion arrived.") == []


@pytest.mark.parametrize("text", ["", "   \n", "- one item\n- another item\n- a third item",
                                  "Der Ausschuss hat lange beraten und nichts beschlossen.",
                                  " ".join(["and the troops moved"] * 1250)])
def test_bad_input_gives_no_quantities_and_no_crash(text):
    found = quantities(english()(text))
    assert all(text[q.start : q.end] == q.text for q in found)
    if "one item" not in text:
        assert found == []


def test_numbers_glued_to_letters_are_not_quantities():
    assert read("Posted by Writer77 on the site.") == []
