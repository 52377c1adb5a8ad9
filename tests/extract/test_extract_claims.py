"""The extract stage stores each article's claims, as compare would find them from the text."""
from datetime import date

import pytest

from wirewatch.compare.claims import ArticleText, article_claims
from wirewatch.extract.stage import ExtractStage, reprocess_extract
from wirewatch.model import Article
from wirewatch.store.articles import save_articles
from wirewatch.store.claims import load_claims

DAY = date(2024, 3, 5)
BODIES = {
    "a1": ("Harbor Ledger", DAY,
           "The navy of Norway detained a cargo ship carrying 14 containers off the coast of Bergen on Tuesday.\n"
           "Port workers in Bergen halted loading for several hours while police secured the quay; officials "
           "said the ship would stay in port until Friday.\n"
           "\"We will inspect every container,\" the harbour master said.\n"
           "The authorities must explain why the inspection took so long."),
    "a2": ("Fjord Post", None,
           "Norway's navy held a freighter with 20 containers near Bergen on Tuesday.\n"
           "Insurers raised premiums for the route by 5 percent on Wednesday."),
}


@pytest.fixture
def extracted(conn):
    save_articles(conn, [Article(aid, body, "Cargo ship detained", None, outlet, None, day, "en", f"test:{aid}", "text")
                         for aid, (outlet, day, body) in BODIES.items()])
    conn.commit()
    stage = ExtractStage(conn, processes=1)
    try:
        stage.process()
    finally:
        stage.close()
    return conn


def _from_text(article_id: str):
    outlet, day, body = BODIES[article_id]
    return article_claims([ArticleText(article_id, body, outlet, day)])[article_id]


def test_the_stage_stores_the_claims_compare_finds_in_the_text(extracted):
    stored = load_claims(extracted, {aid: day for aid, (_, day, _) in BODIES.items()},
                         {aid: outlet for aid, (outlet, _, _) in BODIES.items()})
    assert set(stored) == {"a1", "a2"}
    for article_id in BODIES:
        assert stored[article_id] == _from_text(article_id)
    first = stored["a1"]
    assert first[0].numbers and first[0].dates and first[0].terms
    assert any(c.kind == "commentary" for c in first) and any(c.quotes for c in first)


def test_claims_resolved_against_another_date_are_not_served(extracted):
    # a2 has no date: its stored claims have no dates, and are no use where compare dates it by a relation.
    assert load_claims(extracted, {"a2": None})["a2"][0].dates == ()
    assert load_claims(extracted, {"a2": DAY, "a1": date(2024, 3, 6)}) == {}


def test_re_extraction_replaces_the_stored_claims(extracted):
    extracted.execute("UPDATE claims SET text = 'stale' WHERE article_id = 'a1'")
    extracted.execute("INSERT INTO claims SELECT article_id, 99, start, \"end\", text, kind, score, attributed_to,"
                      " actors, numbers, dates, report_dates, places, subjects, quotes, cues, terms"
                      " FROM claims WHERE article_id = 'a1' AND \"index\" = 0")
    reprocess_extract(extracted)
    stored = load_claims(extracted, {"a1": DAY}, {"a1": "Harbor Ledger"})["a1"]
    assert stored == _from_text("a1")
    count = extracted.execute("SELECT claims FROM claim_sets WHERE article_id = 'a1'").fetchone()[0]
    assert count == len(stored) == extracted.execute("SELECT COUNT(*) FROM claims WHERE article_id = 'a1'").fetchone()[0]
