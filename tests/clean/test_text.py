"""Tests for the plain-text boilerplate cleaner (wirewatch.clean.text).

The seed articles are real scraped texts read at run time from ../shared/seeds
(never copied here); every other fixture is invented for these tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.clean.byline import parse_byline
from wirewatch.clean.text import clean_text, line_key
from wirewatch.clean.text_cues import load_cues
from wirewatch.model import CleanedText

SEEDS = Path(__file__).resolve().parents[2] / "../shared/seeds"

# Invented story paragraphs, reused to build test inputs.
P1 = "The harbour council approved a plan on Tuesday to rebuild the old fish market before the winter storms arrive."
P2 = "Officials said the work would take about nine months and cost less than the repairs made after last year's flooding."
P3 = "Several traders told reporters they would move their stalls to a temporary hall on the north quay during the works."
P4 = "The council expects the new market to open in time for the spring festival, when visitor numbers usually double."


def seed_lines(prefix: str) -> list[str]:
    """The lines of the seed file whose name starts with ``prefix``; skip when seeds are absent."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed article {prefix}_*.txt is read from {SEEDS.resolve()}, which is absent")
    return matches[0].read_text(encoding="utf-8").splitlines()


def accounted_lines(result: CleanedText, lines: list[str]) -> None:
    """Assert that body, title and removed account for every non-blank input line, once."""
    body = result.body.splitlines() if result.body else []
    removed_nos = [r.line_no for r in result.removed]
    assert len(removed_nos) == len(set(removed_nos))
    for r in result.removed:
        assert lines[r.line_no].strip() == r.text
        assert r.reason
    non_blank = [line.strip() for line in lines if line.strip()]
    expected = len(non_blank) - len(removed_nos) - (1 if result.title else 0)
    assert len(body) == expected


def removed_reasons(result: CleanedText) -> dict[int, str]:
    return {r.line_no: r.reason for r in result.removed}


# --- Acceptance: the seed articles -------------------------------------------------

# 0-based line numbers of the boilerplate in seed 004, with a marker that each must contain.
SEED_004_BOILERPLATE = {
    2: ("By ", "byline"),
    10: ("WhatsApp", "promo"),
    12: ("READ ALSO", "read-also"),
    20: ("videoSixteenByNine", "media-debris"),
    28: ("READ ALSO", "read-also"),
    38: ("Share This Article", "share"),
}


def test_seed_004_removes_exactly_its_boilerplate_lines_with_reasons():
    lines = seed_lines("004")
    for no, (marker, _) in SEED_004_BOILERPLATE.items():
        assert marker in lines[no], f"seed 004 changed: line {no} no longer holds {marker!r}"
    result = clean_text("\n".join(lines))
    assert removed_reasons(result) == {no: reason for no, (_, reason) in SEED_004_BOILERPLATE.items()}


def test_seed_004_reads_author_from_byline_and_title_from_first_line():
    lines = seed_lines("004")
    result = clean_text("\n".join(lines))
    assert result.author == "Riddy10"
    assert result.title == lines[0].strip()


def test_seed_004_keeps_every_story_paragraph_including_the_short_last_ones():
    lines = seed_lines("004")
    result = clean_text("\n".join(lines))
    story = [
        line.strip()
        for no, line in enumerate(lines)
        if no > 0 and line.strip() and no not in SEED_004_BOILERPLATE
    ]
    assert result.body.splitlines() == story
    assert lines[34].strip() in story and lines[36].strip() in story  # the short closing lines
    accounted_lines(result, lines)


def test_seed_000_removes_only_keep_reading_and_keeps_the_subheading():
    lines = seed_lines("000")
    assert lines[3].strip() == "Keep Reading", "seed 000 changed: line 3 is no longer the teaser link"
    result = clean_text("\n".join(lines))
    assert removed_reasons(result) == {3: "keep-reading"}
    assert result.title == lines[0].strip()
    story = [line.strip() for no, line in enumerate(lines) if no not in (0, 3) and line.strip()]
    assert result.body.splitlines() == story
    assert lines[4].strip() in result.body.splitlines()  # the subheading is part of the article
    accounted_lines(result, lines)


# --- Cue families --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("We're now on Telegram. Click here to join.", "promo"),
        ("Follow us on Instagram", "promo"),
        ("READ ALSO: Ferry strike ends after two days of talks", "read-also"),
        ("Read more: Lighthouse keepers return to the western cape", "read-also"),
        ("Related: How the old quay was built", "read-also"),
        ("Share This Article", "share"),
        ("Share on Facebook", "share"),
        ("Print this article", "share"),
        ("Subscribe to our newsletter", "subscribe"),
        ("Sign up for our daily newsletter for the latest harbour news", "subscribe"),
        ("Keep Reading", "keep-reading"),
        ("Continue reading the main story", "keep-reading"),
        ("Advertisement", "advertisement"),
        ("Photo: Jane Doe / Harbour Gazette", "caption"),
        ("Traders pack up their stalls on the north quay. (Photo: Getty Images)", "caption"),
        ("Updated: 3 March 2021 10:15 am", "timestamp"),
        ("March 3, 2021", "timestamp"),
        ("Skip to content", "navigation"),
        ("Home > News > Harbour", "navigation"),
        ("Tags: harbour, market, council", "navigation"),
        ("01harbour2 1 4410 videoSixteenByNine1050", "media-debris"),
        ("Most Popular", "related"),
        ("You may also like", "related"),
        ("Marta on March 4, 2021 at 9:12 am said:", "comment-meta"),
        ("(Reporting by Ana Ruiz; Editing by Tom Field)", "credits"),
        ("Reporting by Ana Ruiz in Valparaiso; Editing by Tom Field", "credits"),
        ("The post Harbour market moves to the north quay appeared first on Harbour Gazette.", "credits"),
    ],
)
def test_cue_family_line_is_removed_with_its_reason(line, reason):
    result = clean_text("\n".join([P1, P2, line, P3, P4]), title_first_line=False)
    assert removed_reasons(result) == {2: reason}
    assert result.body.splitlines() == [P1, P2, P3, P4]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", "comments"),
        ("12 Comments", "comments"),
        ("© 2021 Harbour Gazette Ltd. All rights reserved.", "footer"),
        ("This website uses cookies to improve your experience.", "consent"),
    ],
)
def test_article_ending_cue_is_removed_and_nothing_after_it_joins_the_story(line, reason):
    reader_comment = "I have bought fish at that market for thirty years and I hope the new hall keeps its old charm."
    result = clean_text("\n".join([P1, P2, P3, line, reader_comment]), title_first_line=False)
    assert removed_reasons(result) == {3: reason, 4: "outside-article"}
    assert result.body.splitlines() == [P1, P2, P3]


@pytest.mark.parametrize(
    "sentence",
    [
        "Share prices at the fish auction rose by a third after the council announced the plan.",
        "Photographers gathered on the quay to record the last morning of trading in the old hall.",
        "Related costs, such as new cold stores, will be paid from the port's own reserves next year.",
        "By Monday, the first cranes had arrived on the quay to take down the roof of the old hall.",
        "Reporting by the harbour radio station first revealed the plan to move the market.",
    ],
)
def test_story_sentences_that_start_like_cues_are_kept(sentence):
    result = clean_text("\n".join([P1, sentence, P2]), title_first_line=False)
    assert result.removed == ()
    assert sentence in result.body.splitlines()


def test_every_cue_family_explains_itself_in_the_data_file():
    cues = load_cues()
    assert load_cues() is cues  # parsed once, then cached
    names = {family.name for family in cues.families}
    assert {"promo", "read-also", "share", "subscribe", "keep-reading", "caption", "media-debris"} <= names
    text = (Path(__file__).resolve().parents[2] / "src/wirewatch/data/boilerplate_cues.toml").read_text()
    for name in names:
        block = text.split(f"[families.{name}]", 1)[1]
        assert block.lstrip().startswith("#"), f"family {name} has no comment explaining it"


# --- Bylines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Quill42 5 Min Read", "Quill42"),
        ("By Jane Doe and John Roe | Reuters", "Jane Doe and John Roe"),
        ("By Jane Doe On 3/4/21 at 9:00 AM EST", "Jane Doe"),
        ("By Jane Doe - Harbour Gazette Contributor", "Jane Doe"),
        ("By Jane Doe, Gazette Staff", "Jane Doe"),
        ("By JANE DOE, JOHN ROE and MARTA LEE", "JANE DOE, JOHN ROE and MARTA LEE"),
        ("by Jane Doe", "Jane Doe"),
    ],
)
def test_byline_forms_give_the_author(line, author):
    assert parse_byline(line, load_cues()) == (True, author)


@pytest.mark.parametrize(
    "line",
    [
        "By then the tide had turned.",
        "By Monday, the quay was empty.",
        "Bystanders watched the cranes.",
        "The market by the sea",
    ],
)
def test_sentences_starting_with_by_are_not_bylines(line):
    assert parse_byline(line, load_cues())[0] is False


def test_byline_line_is_removed_and_author_set():
    text = "\n".join(["Harbour Council Backs New Fish Market", "", "By Jane Doe | Harbour Gazette", "", P1, P2])
    result = clean_text(text)
    assert result.title == "Harbour Council Backs New Fish Market"
    assert result.author == "Jane Doe"
    assert removed_reasons(result) == {2: "byline"}
    assert result.body == f"{P1}\n{P2}"


def test_bare_by_followed_by_a_name_line_is_one_byline():
    result = clean_text("\n".join(["By", "Jane Doe", P1, P2]), title_first_line=False)
    assert result.author == "Jane Doe"
    assert removed_reasons(result) == {0: "byline", 1: "byline"}


# --- Repeated lines across an outlet -------------------------------------------------


def test_line_key_ignores_case_spacing_and_edge_punctuation():
    assert line_key("  Copyright 2023   HARBOUR Gazette. ") == line_key("copyright 2023 harbour gazette")
    assert line_key("Harbour news") != line_key("Harbour views")


@pytest.mark.parametrize(
    "first, second",
    [
        ("SEOUL, Aug 10 (Meridian Wire) –", "SEOUL, Aug 4 (Meridian Wire) –"),
        ("Friday, August 4, 2023 | 13:10", "Friday, August 11, 2023 | 06:55"),
        ("Aug 10", "Aug 11"),
        ("Page 3 of 12", "Page 4 of 12"),
        ("Copyright 2021 Harbour Gazette", "Copyright 2023 Harbour Gazette"),
    ],
)
def test_line_key_keeps_the_numbers_of_lines_that_differ_by_them(first, second):
    # Datelines and stamps of different days are different lines, not one repeated line.
    assert line_key(first) != line_key(second)


@pytest.mark.parametrize("lines", [("Share 1,204", "share 87", "SHARE"), ("Comments (12)", "Comments (3)"),
                                   ("Shares: 1.2k", "Shares: 40")])
def test_line_key_drops_a_trailing_counter(lines):
    assert len({line_key(line) for line in lines}) == 1


def test_lines_repeated_across_the_outlet_are_removed():
    promo = "Harbour Gazette: independent news from the coast since 1921"
    text = "\n".join([P1, promo, P2, P3])
    result = clean_text(text, repeated_lines=frozenset({line_key(promo)}), title_first_line=False)
    assert removed_reasons(result) == {1: "repeated-in-outlet"}
    assert result.body.splitlines() == [P1, P2, P3]


# --- Whole-page text ---------------------------------------------------------------------


def test_whole_page_keeps_the_article_and_drops_menus_teasers_and_comments():
    menu = ["Home", "News", "Sport", "Weather", "Business", "Culture", "Opinion", "Contact"]
    teasers = [
        "Lifeboat Crew Rescues Two Kayakers Off The Point",
        "Council Names New Harbour Master After Long Search",
        "Ferry Timetable Changes For The Winter Season",
    ]
    comment = "I have shopped at that market for thirty years and I hope the new hall keeps the old character."
    page = [
        "Harbour council backs new fish market | Harbour Gazette",
        *menu,
        "Harbour council backs new fish market",
        "By Jane Doe",
        "March 3, 2021",
        P1, P2, "Advertisement", P3, P4,
        "Most Popular", *teasers,
        "2 Comments", "Marta on March 4, 2021 at 9:12 am said:", comment,
        "© 2021 Harbour Gazette. All rights reserved.",
    ]
    result = clean_text("\n".join(page))
    assert result.body.splitlines() == [P1, P2, P3, P4]
    assert result.author == "Jane Doe"
    accounted_lines(result, page)


def test_article_after_a_long_menu_block_is_found_without_title():
    page = [f"Section {name}" for name in "ABCDEFGHIJKLMNOPQRST"] + [P1, P2, P3]
    result = clean_text("\n".join(page), title_first_line=False)
    assert result.body.splitlines() == [P1, P2, P3]
    assert all(r.reason == "navigation" for r in result.removed)


# --- Edge cases ---------------------------------------------------------------------------


def test_empty_and_blank_inputs_give_an_empty_result():
    for text in ("", "\n\n", "   \n\t\n"):
        assert clean_text(text) == CleanedText(body="")


def test_input_of_only_boilerplate_gives_an_empty_body_and_lists_every_line():
    lines = ["Share This Article", "Advertisement", "Subscribe to our newsletter", "Keep Reading"]
    result = clean_text("\n".join(lines))
    assert result.body == ""
    assert result.title is None
    assert [r.line_no for r in result.removed] == [0, 1, 2, 3]


def test_no_title_when_the_first_line_is_a_sentence():
    result = clean_text("\n".join([P1, P2]))
    assert result.title is None
    assert result.body.splitlines() == [P1, P2]


def test_title_first_line_false_keeps_the_first_line_in_the_body():
    result = clean_text("\n".join(["Harbour Council Backs New Fish Market", P1, P2]), title_first_line=False)
    assert result.title is None
    assert result.body.splitlines()[-2:] == [P1, P2]


def test_windows_line_endings_give_clean_lines_and_the_same_line_numbers():
    lines = ["Harbour Council Backs New Fish Market", "", P1, "Share This Article", P2]
    unix, windows = clean_text("\n".join(lines)), clean_text("\r\n".join(lines) + "\r\n")
    assert windows == unix
    assert "\r" not in windows.body
    assert removed_reasons(windows) == {3: "share"}


def test_very_long_single_line_is_kept_whole():
    paragraph = " ".join([P1, P2, P3, P4] * 250)
    result = clean_text(paragraph)
    assert result.body == paragraph
    assert result.removed == ()


def test_short_lines_without_any_prose_are_kept_rather_than_guessed_away():
    lines = ["Tide table", "High water 06:12", "Low water 12:30"]
    result = clean_text("\n".join(lines), title_first_line=False)
    assert result.body.splitlines() == lines
