"""Splitting an article into claims with offsets into its clean body."""
from datetime import date

from wirewatch.compare.claims import ArticleText, article_claims

BODY = (
    "Ship Detained\n"
    "The navy of Norway detained a cargo ship off Bergen on Tuesday; officials in Oslo questioned 20 crew members.\n"
    "Norway confirmed the inspection, while Panama protested the detention.\n"
    "The coast guard boarded the ship while inspecting the harbour."
)


def test_claims_are_sentences_split_only_at_clear_clause_boundaries():
    claims = article_claims([ArticleText("a1", BODY, "Harbor Ledger", date(2024, 3, 7))])["a1"]
    texts = [c.text for c in claims]
    assert texts[0].startswith("The navy of Norway detained") and texts[0].endswith("on Tuesday")
    assert texts[1].startswith("officials in Oslo questioned")
    assert texts[2] == "Norway confirmed the inspection" and texts[3].startswith("while Panama")
    assert texts[4] == "The coast guard boarded the ship while inspecting the harbour."   # no subject: one claim
    assert all(BODY[c.start : c.end] == c.text for c in claims)
    assert [c.index for c in claims] == list(range(len(claims)))


def test_claims_carry_actors_numbers_and_dates():
    claims = article_claims([ArticleText("a1", BODY, "Harbor Ledger", date(2024, 3, 7))])["a1"]
    assert "NOR" in {code[:3] for code in claims[0].actors}
    assert claims[0].dates and claims[0].dates[0].first == date(2024, 3, 5)
    assert claims[1].numbers[0].value == 20


def test_an_article_without_a_date_has_no_resolved_dates():
    claims = article_claims([ArticleText("a1", BODY)])["a1"]
    assert all(not c.dates for c in claims)
