"""HTML page to main text and metadata."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from trafilatura import extract_metadata, load_html

from wirewatch.clean.html import HtmlSettings, extract_html, is_boilerplate_line, page_metadata, tidy_body
from wirewatch.clean.text_cues import load_cues, parse_cues
from wirewatch.model import HtmlExtraction

URL = "https://courier.example/local/2024/03/riverside-library-reopens"
PLAIN = HtmlSettings(favor_precision=False, drop_title_line=False, drop_boilerplate=False)

ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Riverside library reopens after flood repairs | Millbrook Courier</title>
<meta property="og:title" content="Riverside library reopens after flood repairs">
<meta property="og:site_name" content="Millbrook Courier">
<meta name="author" content="Dana Whitfield">
<meta property="article:published_time" content="2024-03-12T07:30:00+01:00">
<link rel="canonical" href="https://courier.example/local/2024/03/riverside-library-reopens">
</head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/weather">Weather</a></li><li><a href="/opinion">Opinion</a></li>
</ul></nav></header>
<main>
<article>
<h1>Riverside library reopens after flood repairs</h1>
<p class="byline">By Dana Whitfield</p>
<p>The Riverside branch library reopened on Tuesday, four months after the autumn flood left
its ground floor under half a metre of water and destroyed most of the children's collection.</p>
<p>Volunteers spent the winter drying and sorting more than twelve thousand books, and the council
paid for new shelving, flooring and a raised electrical system designed to survive the next high tide.</p>
<p>"We lost almost everything below the first shelf," said head librarian Marta Okafor, who moved
the remaining stock to a church hall so that lending could continue through the closure.</p>
<p>Neighbouring branches donated duplicate copies, and a local bakery ran a weekly book sale that
raised enough money to replace the picture books before the building was even finished.</p>
<p>READ MORE: Council approves new flood barrier for the east bank</p>
<p>The library will keep extended opening hours until the end of April, and a storytelling
afternoon for families is planned for the first Saturday of every month.</p>
<p>Sign up for our morning newsletter to get local news in your inbox.</p>
</article>
</main>
<aside><h3>Most read</h3><ul>
<li><a href="/a">Bus routes change next week</a></li><li><a href="/b">New mayor sworn in</a></li>
<li><a href="/c">School fair raises record sum</a></li></ul></aside>
<footer><p>&copy; 2024 Millbrook Courier. All rights reserved.</p>
<p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></p></footer>
</body>
</html>
"""

GERMAN = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Neue Fähre für den Hafen</title></head>
<body><article><h1>Neue Fähre für den Hafen</h1>
<p>Die Stadtwerke haben am Montag eine neue Elektrofähre in Dienst gestellt, die künftig
zwischen dem Altstadtufer und der Insel pendelt und die alte Dieselfähre ersetzt.</p>
<p>Nach Angaben des Betreibers spart das Schiff jährlich rund zweihundert Tonnen Kohlendioxid,
weil es nachts an der Anlegestelle mit Strom aus dem städtischen Solarpark geladen wird.</p>
<p>Die Überfahrt dauert wie bisher zwölf Minuten, und Fahrräder dürfen weiterhin kostenlos
mitgenommen werden, teilte die Stadt in einer Pressemitteilung mit.</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def article() -> HtmlExtraction:
    return extract_html(ARTICLE, url=URL)


def test_body_keeps_the_article_paragraphs(article):
    assert article.body.startswith("The Riverside branch library reopened on Tuesday")
    assert "a local bakery ran a weekly book sale" in article.body
    assert article.body.endswith("the first Saturday of every month.")


def test_body_leaves_out_navigation_sidebar_and_footer(article):
    for chrome in ("Weather", "Bus routes change next week", "All rights reserved", "Privacy"):
        assert chrome not in article.body


def test_body_leaves_out_promotion_lines(article):
    assert "READ MORE" not in article.body
    assert "Sign up for our morning newsletter" not in article.body


def test_body_does_not_repeat_the_headline(article):
    assert "Riverside library reopens after flood repairs" not in article.body


def test_metadata_is_filled(article):
    assert article.title == "Riverside library reopens after flood repairs"
    assert article.author == "Dana Whitfield"
    assert article.published == date(2024, 3, 12)
    assert article.sitename == "Millbrook Courier"
    assert article.url == URL
    assert article.language == "en"


def test_page_url_is_taken_from_the_canonical_link_when_none_is_given():
    assert extract_html(ARTICLE).url == URL


def test_balanced_mode_without_tidying_keeps_headline_and_promotion():
    body = extract_html(ARTICLE, settings=PLAIN).body
    assert body.startswith("Riverside library reopens after flood repairs")
    assert "READ MORE: Council approves new flood barrier" in body


def test_bytes_are_decoded_with_the_declared_charset():
    page = GERMAN.replace('charset="utf-8"', 'charset="windows-1252"').encode("cp1252")
    result = extract_html(page)
    assert "Die Überfahrt dauert wie bisher zwölf Minuten" in result.body
    assert result.title == "Neue Fähre für den Hafen"


def test_language_is_identified_from_the_body():
    assert extract_html(GERMAN).language == "de"


@pytest.mark.parametrize("page", ["", "   \n", b"", "<html><head><title>Empty</title></head><body></body></html>"])
def test_page_without_main_text_gives_empty_body(page):
    assert extract_html(page).body == ""


def test_plain_text_is_not_a_page():
    assert extract_html("A sentence with no markup.").body == ""


# --- tidying ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "READ MORE: Council approves new flood barrier",
        "See also: the full timetable",
        "Related: Ten walks along the river",
        "DON'T MISS",
        "Most read",
        "More from Millbrook Courier",
        "Sign up for our newsletter",
        "Subscribe to the Courier for £1 a week",
        "Follow the Courier on Facebook and Twitter",
        "Like this story? Share it with a friend!",
        "© 2024 Millbrook Courier",
        "Copyright (c) 2024 Millbrook Courier",
        "Advertisement",
        "(Reporting by Ana Ruiz; Editing by Tom Field)",
        "The post Flood barrier approved appeared first on Millbrook Courier.",
        "ⓒ Millbrook Courier. All rights reserved. Reproduction prohibited.",
        "Millbrook Media Ltd. All rights reserved.",
    ],
)
def test_promotion_and_navigation_lines_are_boilerplate(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Also on Tuesday, the mayor opened the new bridge.",
        "Popular support for the barrier grew after the flood.",
        "More on that later, the chair said.",
        "Copyright law was not part of the debate.",
        "The treaty left all rights reserved by the crown untouched, the court found.",
        "Readers can write to letters@millbrook-courier.example with their views.",
        "Don't miss the sunset from the pier, locals advise.",
        # Long paragraphs are prose even when they open with a cue.
        "Sign up sheets for the reading club filled within an hour, the librarian said. " * 4,
    ],
)
def test_sentences_that_merely_contain_cue_words_are_kept(line):
    assert not is_boilerplate_line(line)


SAMPLE_PAGES = sorted((Path(__file__).resolve().parents[2] / "samples" / "news" / "html").rglob("*.html"))


@pytest.mark.parametrize("url", [None, URL])
def test_page_metadata_gives_what_trafilaturas_extract_metadata_gives(url):
    pages = [ARTICLE] + [path.read_text(encoding="utf-8") for path in SAMPLE_PAGES]
    for html in pages:
        tree = load_html(html)
        full = extract_metadata(tree, default_url=url, date_config={"extensive_search": False})
        ours = page_metadata(tree, url)
        assert (ours.title, ours.author, ours.url, ours.sitename) == (full.title, full.author, full.url, full.sitename)


def test_promotion_line_patterns_are_data_read_from_the_cue_file():
    cues = parse_cues({"families": {}, "html_promo": {"max_chars": 40, "line_starts": [r"listen\s+live\b"]}})
    assert cues.html_promo.matches("» Listen live: the council debate")
    assert not cues.html_promo.matches("Listen live to the council debate, which runs until late tonight.")
    assert not cues.html_promo.matches("READ MORE: the council debate")
    assert len(load_cues().html_promo.pattern.pattern) > 100  # the packaged file's [html_promo]


def test_tidy_body_drops_headline_line_ignoring_case_and_punctuation():
    text = "Library reopens — after flood!\nThe branch reopened on Tuesday.\n\n  Volunteers helped.  "
    assert tidy_body(text, "Library Reopens After Flood", HtmlSettings()) == (
        "The branch reopened on Tuesday.\nVolunteers helped."
    )


def test_tidy_body_keeps_a_first_line_that_differs_from_the_title():
    text = "The branch reopened on Tuesday.\nVolunteers helped."
    assert tidy_body(text, "Library reopens", HtmlSettings()) == text
