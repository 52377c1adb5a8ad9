"""Offline geocoding of places named in a text (invented sentences, real places)."""
import pytest

from wirewatch.extract.nlp import english
from wirewatch.extract.places import geocode, places


def found(text):
    return {p.text: p for p in places(english()(text))}


def test_countries_resolve_to_iso3_including_short_forms_and_possessives():
    got = found("The U.S. and South Korea held talks about North Korea’s missiles.")
    assert got["U.S."].country == "USA" and got["U.S."].feature == "country"
    assert got["South Korea"].country == "KOR"
    assert got["North Korea"].country == "PRK"


def test_cities_resolve_to_their_country_and_coordinates():
    got = found("Delegates flew from Seoul to Pyongyang.")
    assert got["Pyongyang"].country == "PRK" and got["Pyongyang"].feature == "city"
    assert got["Seoul"].latitude == pytest.approx(37.57, abs=0.1)


def test_an_ambiguous_city_goes_to_the_most_populous_namesake():
    assert geocode("Washington")[1] == "USA"
    assert geocode("Springfield")[1] == "USA"


def test_us_states_and_regions_without_one_country():
    assert geocode("Texas")[1:] == ("USA", None, None, "state")
    assert geocode("the Korean Peninsula")[1] is None
    assert geocode("the Korean Peninsula")[4] == "region"


def test_a_state_name_means_the_state_not_a_small_town_elsewhere():
    # Florida (Cuba), Arizona (Honduras) and Virginia (South Africa) are towns too.
    for name in ("Florida", "Arizona", "Virginia"):
        assert geocode(name)[1:] == ("USA", None, None, "state")
    assert geocode("Washington")[4] == "city"           # a city of over half a million keeps its name


def test_a_facility_is_not_read_as_a_city_by_one_of_its_translated_names():
    found = places(english()("Reporters asked the president about it at the White House on Thursday."))
    assert [(p.text, p.country) for p in found] == [("White House", None)]


def test_an_unknown_place_is_kept_with_no_country():
    assert geocode("Zorblax Valley") == ("Zorblax Valley", None, None, None, "place")


@pytest.mark.parametrize("text", ["", "   \n", "- one item\n- another item\n- a third item",
                                  " ".join(["and the troops moved"] * 1250)])
def test_bad_input_gives_no_places_and_no_crash(text):
    assert places(english()(text)) == []


def test_non_english_text_invents_no_country():
    for place in places(english()("Der Ausschuss hat am Montag in Berlin lange beraten.")):
        assert place.country in (None, "DEU")
