"""Publication dates from HTML pages and from dates written in plain text."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from wirewatch.clean.dates import find_html_date, resolve_text_date

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
REFERENCE = date(2026, 11, 23)

PAGE = """<html><head><title>Harbour ferry returns</title>{head}</head><body>
<article><h1>Harbour ferry returns</h1>{body}
<p>The ferry between the old harbour and the island resumed service after a winter of repairs,
the operator said. Crossings run every forty minutes until the autumn timetable starts.</p>
</article><footer>Copyright 2019 Harbour Gazette</footer></body></html>"""


def page(head: str = "", body: str = "") -> str:
    return PAGE.format(head=head, body=body)


def seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix}_*.txt is read from {SEEDS}, which is absent")
    return found[0].read_text(encoding="utf-8")


# --- plain text: the seeds -------------------------------------------------------------------


def test_seed_004_weekday_without_year_resolves_to_2023():
    assert resolve_text_date(seed("004"), REFERENCE) == date(2023, 8, 14)


def test_seed_000_without_dates_gives_none():
    assert resolve_text_date(seed("000"), REFERENCE) is None


# --- plain text: days without a year ----------------------------------------------------------


def test_weekday_picks_latest_year_where_the_day_falls_on_it():
    text = "As the ministry announced on Monday, August 14, the bridge will stay closed."
    assert resolve_text_date(text, REFERENCE) == date(2023, 8, 14)


def test_weekday_mismatch_in_reference_year_moves_back_to_a_matching_year():
    # 14 August 2026 is a Friday; the latest Tuesday 14 August not after the reference is in 2018.
    text = "The council met on Tuesday, August 14, to approve the budget."
    assert resolve_text_date(text, REFERENCE) == date(2018, 8, 14)


def test_day_without_year_or_weekday_is_the_latest_one_not_after_the_reference():
    text = "The harbour reopened on August 14 after repairs."
    assert resolve_text_date(text, date(2023, 8, 10)) == date(2022, 8, 14)
    assert resolve_text_date(text, date(2023, 8, 14)) == date(2023, 8, 14)


def test_day_before_month_without_year_resolves():
    assert resolve_text_date("Voting closed on 3 March.", date(2024, 5, 1)) == date(2024, 3, 3)


def test_abbreviated_weekday_with_dot_counts_as_a_weekday():
    assert resolve_text_date("Posted Sun. Aug. 13", REFERENCE) == date(2023, 8, 13)


# --- plain text: full dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Published August 14, 2023, the report found rising costs.",
        "Published Aug. 14, 2023 at 9:00",
        "The report, published 14 August 2023, found rising costs.",
        "The report was published on the 14th of August 2023.",
        "Published: 2023-08-14",
        "Veröffentlicht am 14.08.2023",
        "Posted 8/14/2023",
        "Posted 14/08/2023",
    ],
)
def test_full_dates_parse_directly(text):
    assert resolve_text_date(text, REFERENCE) == date(2023, 8, 14)


def test_full_date_with_contradicting_weekday_loses_to_a_consistent_one():
    # 14 August 2023 was a Monday, 21 August 2023 too.
    text = "Filed on Monday, August 21, 2023.\nThe talks had started on Friday, August 14, 2023."
    assert resolve_text_date(text, REFERENCE) == date(2023, 8, 21)


def test_full_date_with_contradicting_weekday_is_still_used_alone():
    assert resolve_text_date("Filed on Friday, August 14, 2023.", REFERENCE) == date(2023, 8, 14)


# --- plain text: choosing among several dates -------------------------------------------------


def test_slashed_date_read_either_way_is_month_first_but_yields_to_a_clear_date():
    assert resolve_text_date("Posted 03/04/2023", REFERENCE) == date(2023, 3, 4)
    text = "Headline\nBy A. Writer\nIntro.\nThe board met on 03/04/2023.\nIts decision was published on 21 April 2023."
    assert resolve_text_date(text, REFERENCE) == date(2023, 4, 21)


def test_dates_after_the_reference_are_never_chosen():
    text = "Elections are due on November 5, 2030. The commission said so on October 2, 2026."
    assert resolve_text_date(text, REFERENCE) == date(2026, 10, 2)


def test_only_future_dates_give_none():
    assert resolve_text_date("The vote is set for March 3, 2031.", REFERENCE) is None


def test_ranges_are_not_publication_dates():
    text = "Drills are scheduled for August 21-31. Talks run 3-7 September in Geneva."
    assert resolve_text_date(text, REFERENCE) is None


def test_dateline_date_beats_a_later_mention():
    text = (
        "Port strike ends\n"
        "LISBON, 12 March 2024 - Dock workers returned to work.\n"
        "The strike had begun on 2 February 2024 and cost millions.\n"
    )
    assert resolve_text_date(text, REFERENCE) == date(2024, 3, 12)


def test_reported_on_date_beats_a_bare_mention():
    text = (
        "Headline\nBy A. Writer\nSome context first.\n"
        "A similar protest in May 2, 2019 drew crowds.\n"
        "The agency reported on Thursday, March 14, 2024 that talks had failed."
    )
    assert resolve_text_date(text, REFERENCE) == date(2024, 3, 14)


def test_modal_may_is_not_a_month():
    assert resolve_text_date("Prices may 3 times exceed the estimate.", REFERENCE) is None


def test_impossible_day_is_ignored():
    assert resolve_text_date("Published February 30, 2023.", REFERENCE) is None


def test_text_without_dates_gives_none():
    assert resolve_text_date("Nothing here names a day at all.", REFERENCE) is None
    assert resolve_text_date("", REFERENCE) is None


def test_datetime_reference_is_accepted():
    text = "As reported on Monday, August 14, the plant reopened."
    assert resolve_text_date(text, datetime(2026, 11, 23, 8, 30)) == date(2023, 8, 14)


# --- HTML pages -------------------------------------------------------------------------------


def test_html_meta_published_time():
    head = '<meta property="article:published_time" content="2021-05-04T08:00:00+02:00">'
    assert find_html_date(page(head=head)) == date(2021, 5, 4)


def test_html_json_ld_date_published():
    head = ('<script type="application/ld+json">'
            '{"@type": "NewsArticle", "datePublished": "2020-02-11T10:00:00Z"}</script>')
    assert find_html_date(page(head=head)) == date(2020, 2, 11)


def test_html_microdata_date_published_beats_an_update_line():
    body = ('<p><span itemprop="datePublished" content="2018-10-18T17:08:11+02:00">18 Oct</span></p>'
            '<div class="date">Updated 2018-10-25</div>')
    assert find_html_date(page(body=body)) == date(2018, 10, 18)


def test_html_date_outside_the_url_month_gives_way_to_one_inside_it():
    body = '<p>Posted 14.03.2021</p><div class="date">2019-06-02</div>'
    url = "https://gazette.example/news/2021/03/ferry-returns/"
    assert find_html_date(page(body=body), url=url) == date(2021, 3, 14)


def test_html_bytes_are_decoded():
    head = '<meta property="article:published_time" content="2021-05-04">'
    assert find_html_date(page(head=head).encode("utf-8")) == date(2021, 5, 4)


def test_html_without_markup_or_content_gives_none():
    assert find_html_date("") is None
    assert find_html_date("https://gazette.example/news/2021/03/ferry-returns/") is None


# --- plain text: dates of coming events -------------------------------------------------------


def test_weekday_date_just_after_the_reference_is_a_coming_event_not_years_back():
    # 21 August 2023 was a Monday, twelve days after the crawl: the drills start then. Reading it
    # as the last Monday, 21 August before the crawl (2017) would date the article six years back.
    text = (
        "US and South Korea set dates for summer drills\n\n"
        "Tens of thousands of troops will take part when the exercises begin on Monday, August 21."
    )
    assert resolve_text_date(text, date(2023, 8, 9)) is None


def test_coming_weekday_date_gives_way_to_the_dateline():
    text = (
        "Allies unveil bigger summer war games\n"
        "Thursday, August 10, 2023 | 10:05\n"
        "The allies will begin their annual exercises on Monday, August 28, the two allies said.\n"
    )
    assert resolve_text_date(text, date(2023, 8, 10)) == date(2023, 8, 10)


def test_weekday_date_with_no_coming_match_still_resolves_years_back():
    # 14 August 2026 is a Friday and 2027's a Saturday: nothing near the reference fits a Monday,
    # so the article is from the last year where it did (the seed 004 case).
    text = "As reported by the state media on Monday, August 14, the plant reopened."
    assert resolve_text_date(text, date(2026, 11, 23)) == date(2023, 8, 14)


def test_weekday_date_a_few_days_before_the_reference_is_taken():
    assert resolve_text_date("Published on Monday, August 7", date(2023, 8, 9)) == date(2023, 8, 7)


def test_among_equally_good_dates_the_one_nearest_the_reference_wins():
    text = (
        "Headline\nBy A. Writer\nSome context first.\n"
        "The law passed on 3 March 2019 and was amended on 12 May 2024.\n"
    )
    assert resolve_text_date(text, REFERENCE) == date(2024, 5, 12)
