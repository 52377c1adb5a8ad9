"""Date expressions resolved against an article's date (invented sentences; reference Monday 2023-08-14)."""
from datetime import date

import pytest

from wirewatch.extract.nlp import english
from wirewatch.extract.timex import sentence_time, time_spans

MONDAY = date(2023, 8, 14)


def spans(text, reference=MONDAY):
    return [(s.text, s.first, s.last) for s in time_spans(english()(text), reference)]


def test_a_weekday_in_a_past_clause_is_the_latest_such_day_not_after_the_article():
    assert spans("Officials met in Lisbon on Friday.") == [("Friday", date(2023, 8, 11), date(2023, 8, 11))]
    assert spans("Officials met in Lisbon on Monday.") == [("Monday", MONDAY, MONDAY)]


def test_a_weekday_in_a_future_clause_looks_ahead():
    assert spans("The navy will hold drills on Friday.") == [("Friday", date(2023, 8, 18), date(2023, 8, 18))]


def test_a_weekday_with_a_month_and_day_resolves_to_that_date():
    assert spans("As the ministry reported on Monday, August 14, the talks resumed.") == [
        ("Monday, August 14", MONDAY, MONDAY)]


def test_a_month_and_day_in_a_past_clause_goes_to_the_previous_year_when_still_ahead():
    assert spans("The talks on August 20 failed.") == [("August 20", date(2022, 8, 20), date(2022, 8, 20))]


def test_the_weekend_is_the_one_just_before_the_article():
    assert spans("Her visit to the port over the weekend drew crowds.") == [
        ("over the weekend", date(2023, 8, 12), date(2023, 8, 13))]


@pytest.mark.parametrize("text", ["The exercises, scheduled for August 21-31, are the largest yet.",
                                  "The exercises run from August 21 to 31.",
                                  "The exercises run Aug. 21–31 near the coast."])
def test_a_day_range_in_the_same_month_resolves_to_both_ends(text):
    ((_, first, last),) = spans(text)
    assert (first, last) == (date(2023, 8, 21), date(2023, 8, 31))


def test_relative_days_weeks_months_and_years():
    found = {text.casefold(): (first, last) for text, first, last in spans(
        "Yesterday the council voted; today it met again. Prices fell last week and this week, "
        "rose earlier this month, and will rise next month. Output grew in 2022.")}
    assert found["yesterday"] == (date(2023, 8, 13),) * 2
    assert found["today"] == (MONDAY, MONDAY)
    assert found["last week"] == (date(2023, 8, 7), date(2023, 8, 13))
    assert found["this week"] == (date(2023, 8, 14), date(2023, 8, 20))
    assert found["earlier this month"] == (date(2023, 8, 1), date(2023, 8, 13))
    assert found["next month"] == (date(2023, 9, 1), date(2023, 9, 30))
    assert found["2022"] == (date(2022, 1, 1), date(2022, 12, 31))


def test_iso_and_unambiguous_numeric_dates_resolve_and_ambiguous_ones_are_left_out():
    assert spans("The deal was signed on 2023-08-01.") == [("2023-08-01", date(2023, 8, 1), date(2023, 8, 1))]
    assert spans("The deal was signed on 14/07/2023.") == [("14/07/2023", date(2023, 7, 14), date(2023, 7, 14))]
    assert spans("The deal was signed on 5/7/2023.") == []


def test_sentence_time_prefers_the_event_date_to_the_report_date():
    doc = english()("A spokesman said on Monday that troops crossed the border on Sunday.")
    chosen = sentence_time(next(doc.sents), time_spans(doc, MONDAY))
    assert chosen is not None and chosen.text == "Sunday"


def test_sentence_time_of_a_sentence_without_dates_is_none():
    doc = english()("Troops crossed the border.")
    assert sentence_time(next(doc.sents), time_spans(doc, MONDAY)) is None


def test_habitual_plural_weekdays_and_modal_may_are_not_dates():
    assert spans("Markets are quiet on Mondays. Talks may resume.") == []


@pytest.mark.parametrize("text", ["", "   \n", "- one item\n- another item\n- a third",
                                  "Der Ausschuss hat lange beraten und nichts beschlossen.",
                                  " ".join(["and the troops moved"] * 1250)])
def test_bad_input_gives_no_dates_and_no_crash(text):
    assert spans(text) == []


def test_offsets_point_at_the_words():
    text = "Lawmakers met yesterday and again over the weekend."
    for span in time_spans(english()(text), MONDAY):
        assert text[span.start : span.end] == span.text
