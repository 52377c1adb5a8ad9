"""The situation report: ranking, contents and its Markdown, HTML and JSON renderings."""
import json
from datetime import date

import pytest

from wirewatch.clean.article import article_id
from wirewatch.compare.sitrep import intensity, rank_terms, situation_report
from wirewatch.compare.sitrep_render import render_html, render_json, render_markdown, render_report
from wirewatch.compare.story import Comparer
from wirewatch.model import Article
from wirewatch.store.articles import save_articles
from wirewatch.store.stories import add_to_story, create_story

HOSTILE_TITLE = "Dockworkers strike shuts Port Avery <script>alert('x')</script>"
STRIKE_A = ("Dockworkers at Port Avery walked off the job on Monday, halting all container traffic at the harbour. "
            "The union said 2,000 members joined the strike over the new contract. "
            "\"We will not return until the contract is signed,\" union leader Maria Santos said on Monday. "
            "The port authority said talks with the union would resume on Wednesday. "
            "<img src=x onerror=alert(1)> The shutdown is a disgrace that should never have been allowed to happen.")
STRIKE_B = ("Container traffic at Port Avery stopped on Monday after dockworkers walked off the job at the harbour. "
            "About 2,000 union members joined the strike over the new contract, the union said. "
            "\"We will not return until the contract is signed,\" Maria Santos, the union leader, told reporters. "
            "Shipping companies diverted three cargo vessels to the port of Lindale.")
CATCH = ("Fishermen on Gull Island landed a record herring catch this week, the island's cooperative said. "
         "The cooperative said prices at the morning auction fell by a fifth as boats returned full.")


def _article(outlet, title, body, day):
    return Article(article_id(outlet, body), body, title, None, outlet, None, day, "en", f"test:{outlet}", "text")


def build_store(conn):
    """Two stories: a port strike told by two outlets (one title hostile), and a fishing story by one."""
    strike = [_article("Harbor Ledger", HOSTILE_TITLE, STRIKE_A, date(2024, 3, 4)),
              _article("Delta Morning Post", "Port Avery dockworkers strike", STRIKE_B, date(2024, 3, 4))]
    fishing = [_article("Coast Wire", "Record herring catch on Gull Island", CATCH, date(2024, 3, 1))]
    save_articles(conn, strike + fishing)
    for story_id, articles in (("s-strike", strike), ("s-fishing", fishing)):
        create_story(conn, story_id, articles[0].title, articles[0].published)
        for article in articles:
            add_to_story(conn, article.id, story_id, 1.0, article.published, "test")
    conn.commit()
    return [a.id for a in strike], [a.id for a in fishing]


@pytest.fixture
def report(conn, hash_embedder):
    build_store(conn)
    return situation_report(conn, comparer=Comparer(hash_embedder))


def test_intensity_weighs_goldstein_by_sources_and_skips_what_did_not_happen():
    events = [{"goldstein": -10.0, "num_sources": 3}, {"goldstein": 3.4, "num_sources": 1},
              {"goldstein": -9.5, "num_sources": 2, "negated": True}, {"goldstein": 7.0, "num_sources": 1,
                                                                     "hypothetical": True}]
    assert intensity(events) == pytest.approx(33.4)


def test_rank_terms_reward_outlets_recency_and_intensity():
    fresh = rank_terms(3, "2024-03-04", date(2024, 3, 4), [])
    old = rank_terms(3, "2024-03-02", date(2024, 3, 4), [])
    assert fresh["recency"] == 1.0 and old["recency"] == pytest.approx(0.5)
    assert rank_terms(1, "2024-03-04", date(2024, 3, 4), [])["score"] < fresh["score"]
    violent = rank_terms(3, "2024-03-04", date(2024, 3, 4), [{"goldstein": -10.0, "num_sources": 3}])
    assert violent["score"] > fresh["score"] and violent["event_intensity"] == 30.0
    assert rank_terms(2, None, date(2024, 3, 4), [])["recency"] == 0.0


def test_the_report_ranks_the_wider_fresher_story_first_and_summarises_it(report):
    assert [s["id"] for s in report["stories"]] == ["s-strike", "s-fishing"]
    strike = report["stories"][0]
    assert strike["outlets"] == ["Delta Morning Post", "Harbor Ledger"]
    assert 1 <= len(strike["summary"]) <= 5
    assert all(s["text"] in STRIKE_A + STRIKE_B for s in strike["summary"])
    assert not any("disgrace" in s["text"] for s in strike["summary"])
    assert {"corroborated", "single_source", "conflict", "quotes", "events", "sources", "rank"} <= set(strike)


def test_limit_and_actor_filter_the_stories(conn, hash_embedder):
    build_store(conn)
    assert len(situation_report(conn, limit=1, comparer=Comparer(hash_embedder))["stories"]) == 1
    assert situation_report(conn, actor="PRK", comparer=Comparer(hash_embedder))["stories"] == []
    assert [s["id"] for s in situation_report(conn, since=date(2024, 3, 3),
                                              comparer=Comparer(hash_embedder))["stories"]] == ["s-strike"]


def test_markdown_lists_the_summary_with_citations_and_escapes_markup(report):
    text = render_markdown(report)
    assert text.startswith("# Situation report") and "## 1." in text and "**Summary**" in text
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "Harbor Ledger" in text


def test_html_is_a_standalone_page_with_every_article_string_escaped(report):
    page = render_html(report)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img" not in page
    # onerror= survives only as inert text inside an escaped tag, never as an attribute.
    assert all(page[max(0, i - 40):i].count("&lt;img") == 1 for i in _find_all(page, "onerror="))


def _find_all(text, needle):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def test_hostile_text_in_a_summary_sentence_is_escaped_in_html():
    story = {"id": "s-x", "title": "<b onmouseover=alert(1)>t</b>", "first_published": None,
             "last_published": None, "articles": 1, "outlets": ["<i>Outlet</i>"], "rank": {"score": 1.0},
             "summary": [{"text": "Boats sank. <script>steal()</script>", "outlets": ["\"><svg onload=x>"],
                          "status": "single-source"}],
             "corroborated": [], "single_source": [], "conflict": [{"text": "<script>", "outlets": [],
                                                                    "reason": "<img src=x onerror=y>"}],
             "quotes": [{"text": "<script>", "speaker": "<b>Ann</b>", "outlets": ["o"]}], "events": []}
    page = render_html({"generated_at": "now", "candidates": 1, "ranking": "r", "stories": [story]})
    for tag in ("<script", "<svg", "<img", "<b ", "<b>", "<i>"):
        assert tag not in page


def test_json_is_the_report_itself(report):
    data = json.loads(render_json(report))
    assert data["stories"][0]["id"] == "s-strike" and isinstance(data["stories"][0]["summary"], list)
    assert set(data) >= {"generated_at", "since", "actor", "limit", "candidates", "ranking", "stories"}
    assert json.loads(render_report(report, "json")) == data
    with pytest.raises(ValueError):
        render_report(report, "pdf")


def test_a_cut_piece_of_a_quote_is_not_listed_as_a_fact_but_a_conflict_always_is():
    from test_summary import CLAIMED, POWER, claim, comparison, group

    from wirewatch.compare.sitrep import facts_by_status

    piece = group("single-source", claim("a2", 5, "“We will stay on the quay until the contract is signed."))
    found = facts_by_status(comparison(POWER, piece, CLAIMED))
    assert [f["text"] for f in found["single_source"]] == [POWER.claims[0].text]
    assert len(found["conflict"]) == 1
