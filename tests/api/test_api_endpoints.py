"""Every REST endpoint over a small store filled by the real ingest and store functions."""
from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api_store import grouped_store
from wirewatch.api import create_app
from wirewatch.api.connections import ThreadConnections
from wirewatch.since import parse_since
from wirewatch.errors import BadQuery
from wirewatch.extract.actors import Actor
from wirewatch.model import Event, EventMention, SentenceEvent
from wirewatch.store.db import connect
from wirewatch.store.events import replace_story_events, save_article_extraction

STRIKE = (
    "Dockers strike at Santos strands forty ships\n"
    "Dockers at the port of Santos walked out on Wednesday over night-shift pay, leaving forty container "
    "ships waiting at anchor off the Brazilian coast, the port authority said.\n"
    "The union said the stoppage would last until the terminal operators reopened talks on the contract.\n"
    "Exporters of coffee and soy warned that a long strike would delay shipments bound for Europe.\n"
)
STRIKE_ENDS = (
    "Santos dockers end strike after pay deal\n"
    "Dockers at Santos, Brazil's busiest port, returned to work on Friday after the terminal operators "
    "agreed to raise night-shift pay by nine percent, the union said.\n"
    "About forty ships had waited at anchor during the two-day stoppage, and the backlog should clear "
    "within a week, according to the port authority.\n"
)
TANKER = (
    "Seoul detains sanctioned tanker off Jeju\n"
    "South Korea's coast guard seized a tanker blacklisted by Washington south of Jeju island on Saturday "
    "night, on suspicion that it was preparing to hand over diesel to a North Korean ship.\n"
    "The Togo-flagged vessel was escorted to Seogwipo and its seventeen crew members are being questioned, "
    "officials said on Sunday.\n"
    "Share on Facebook\n"
    "North Korean state media called the seizure an act of piracy and warned of countermeasures.\n"
)
SEIZURE = "South Korea's coast guard seized a tanker blacklisted by Washington south of Jeju island on Saturday night."


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Three ingested articles; stories s-port (with s-ends merged into it) and s-tanker; two events."""
    conn, db, ids = grouped_store(
        tmp_path_factory.mktemp("api"),
        {"Harbor Ledger": {"2023-08-02_santos-strike.txt": STRIKE, "2023-08-04_santos-strike-ends.txt": STRIKE_ENDS},
         "Delta Morning Post": {"2023-08-13_tanker.txt": TANKER}},
        [("s-port", "Dockers", date(2023, 8, 2)), ("s-ends", "Santos", date(2023, 8, 4)),
         ("s-tanker", "Seoul", date(2023, 8, 13))], merge=("s-port", "s-ends"))
    strike, ends, tanker = ids["Dockers"], ids["Santos"], ids["Seoul"]
    save_article_extraction(
        conn, tanker, "test", actors=[(0, 11, "South Korea", Actor("KOR", "KOR", None, "South Korea"))],
        events=[SentenceEvent(tanker, 0, len(SEIZURE), "KORCOP", "coast guard", "PRK", "North Korean", "171", "seized")])
    seizure = Event(id="e-seizure", story_id="s-tanker", source="KORCOP", source_name="coast guard", target="PRK",
                    target_name="North Korean", code="171", goldstein=-9.2, quad_class=4, negated=False,
                    hypothetical=False, reported_by=None, date_first=date(2023, 8, 12), date_last=date(2023, 8, 12),
                    place="Jeju", place_country="KOR", latitude=None, longitude=None,
                    mentions=(EventMention(tanker, 0, len(SEIZURE), SEIZURE, "Delta Morning Post", None,
                                           date(2023, 8, 13)),))
    walkout = Event(id="e-walkout", story_id="s-port", source="BRALAB", source_name="Dockers", target="BRABUS",
                    target_name="terminal operators", code="143", goldstein=-6.5, quad_class=3, negated=False,
                    hypothetical=False, reported_by=None, date_first=date(2023, 8, 2), date_last=date(2023, 8, 3),
                    place="Santos", place_country="BRA", latitude=None, longitude=None,
                    mentions=(EventMention(strike, 0, 60, "Dockers at the port of Santos walked out on Wednesday",
                                           "Harbor Ledger", None, date(2023, 8, 2)),))
    replace_story_events(conn, "s-tanker", [seizure])
    replace_story_events(conn, "s-port", [walkout])
    conn.close()
    return {"db": db, "strike": strike, "ends": ends, "tanker": tanker}


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store["db"])) as test_client:
        yield test_client


def ok(response) -> dict:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_health_reports_version_and_schema(client):
    body = ok(client.get("/api/health"))
    assert body["status"] == "ok" and body["schema_version"] >= 1 and body["version"]


def test_articles_are_listed_newest_first_with_listing_columns(client, store):
    body = ok(client.get("/api/articles"))
    assert [a["id"] for a in body["items"]] == [store["tanker"], store["ends"], store["strike"]]
    assert body["items"][0]["outlet"] == "Delta Morning Post" and body["items"][0]["published"] == "2023-08-13"
    assert "body" not in body["items"][0]
    assert (body["limit"], body["offset"], body["next"]) == (50, 0, None)


def test_following_next_links_visits_every_article_once(client, store):
    seen, url, pages = [], "/api/articles?limit=2", 0
    while url:
        body = ok(client.get(url))
        seen += [a["id"] for a in body["items"]]
        url, pages = body["next"], pages + 1
    assert pages == 2 and sorted(seen) == sorted([store["tanker"], store["ends"], store["strike"]])
    assert ok(client.get("/api/articles?limit=2"))["next"] == "/api/articles?limit=2&offset=2"


def test_next_link_keeps_the_filters(client):
    body = ok(client.get("/api/articles", params={"outlet": "Harbor Ledger", "limit": 1}))
    assert "outlet=Harbor+Ledger" in body["next"] and "offset=1" in body["next"]
    assert len(ok(client.get(body["next"]))["items"]) == 1


def test_articles_filter_by_outlet_and_since(client, store):
    ledger = ok(client.get("/api/articles", params={"outlet": "Harbor Ledger"}))["items"]
    assert {a["id"] for a in ledger} == {store["strike"], store["ends"]}
    recent = ok(client.get("/api/articles", params={"since": "2023-08-04"}))["items"]
    assert [a["id"] for a in recent] == [store["tanker"], store["ends"]]


def test_article_has_body_removed_lines_and_sightings_and_a_prefix_is_enough(client, store):
    body = ok(client.get(f"/api/articles/{store['tanker'][:8]}"))
    assert body["id"] == store["tanker"] and "coast guard seized a tanker" in body["body"]
    assert "Share on Facebook" not in body["body"]
    assert "Share on Facebook" in [line["text"] for line in body["removed"]]
    assert body["sightings"][0]["times_seen"] == 1


def test_unknown_article_is_404_json_with_its_code(client):
    response = client.get("/api/articles/zzzz")
    assert response.status_code == 404
    assert response.json()["error"] == "W003" and "zzzz" in response.json()["message"]


def test_stories_list_live_stories_with_counts(client):
    body = ok(client.get("/api/stories"))
    assert [s["id"] for s in body["items"]] == ["s-tanker", "s-port"]
    port = body["items"][1]
    assert (port["articles"], port["outlets"], port["outlet_names"]) == (2, 1, ["Harbor Ledger"])
    assert [s["id"] for s in ok(client.get("/api/stories?since=2023-08-10"))["items"]] == ["s-tanker"]
    page = ok(client.get("/api/stories?limit=1&offset=1"))
    assert [s["id"] for s in page["items"]] == ["s-port"] and page["next"] is None


def test_a_merged_story_id_resolves_to_the_story_it_joined(client, store):
    body = ok(client.get("/api/stories/s-ends"))
    assert (body["id"], body["requested_id"], body["merged_ids"]) == ("s-port", "s-ends", ["s-ends"])
    assert [a["id"] for a in body["articles"]] == [store["strike"], store["ends"]]
    assert body["first_report"] == store["strike"]


def test_unknown_story_is_404_json(client):
    response = client.get("/api/stories/s-nope")
    assert response.status_code == 404 and response.json()["error"] == "W007"


def test_events_list_and_filter_by_story_actor_code_and_since(client):
    def ids(**params):
        return [e["id"] for e in ok(client.get("/api/events", params=params))["items"]]

    assert ids() == ["e-seizure", "e-walkout"]
    assert ids(story="s-ends") == ["e-walkout"]  # the merged id finds the story's events
    assert ids(actor="prk") == ["e-seizure"]
    assert ids(code="14") == ["e-walkout"]
    assert ids(since="2023-08-10") == ["e-seizure"]
    assert ids(limit=1, offset=1) == ["e-walkout"]
    first = ok(client.get("/api/events"))["items"][0]
    assert first["code_name"] == "Seize or damage property" and first["sentence"] == SEIZURE


def test_event_has_its_mentions(client, store):
    body = ok(client.get("/api/events/e-seiz"))
    assert body["id"] == "e-seizure" and body["outlets"] == ["Delta Morning Post"]
    assert [m["article_id"] for m in body["mentions"]] == [store["tanker"]]


def test_event_errors_are_json_404_and_400(client):
    assert client.get("/api/events/e-nope").json()["error"] == "W009"
    assert client.get("/api/events?story=s-nope").status_code == 404
    response = client.get("/api/events?code=seize")
    assert response.status_code == 400 and response.json()["error"] == "W004"


def test_actors_are_counted_from_articles_and_events(client):
    actors = {a["code"]: a for a in ok(client.get("/api/actors"))["items"]}
    assert actors["KOR"]["mentions"] == 1 and actors["KOR"]["name"] == "South Korea"
    assert actors["PRK"]["events_as_target"] == 1 and actors["BRALAB"]["events_as_source"] == 1
    page = ok(client.get("/api/actors?limit=1"))
    assert len(page["items"]) == 1 and page["next"] == "/api/actors?limit=1&offset=1"


def test_search_finds_words_with_a_snippet_and_pages(client, store):
    body = ok(client.get("/api/search", params={"q": "tanker"}))
    assert [hit["id"] for hit in body["items"]] == [store["tanker"]]
    assert "[tanker]" in body["items"][0]["snippet"]
    first = ok(client.get("/api/search", params={"q": "Santos", "limit": 1}))
    second = ok(client.get(first["next"]))
    assert len(first["items"]) == len(second["items"]) == 1 and second["next"] is None
    assert first["items"][0]["id"] != second["items"][0]["id"]
    assert ok(client.get("/api/search", params={"q": "U.S.-led"}))["items"] == []  # punctuation: words only


@pytest.mark.parametrize("query", ['"', "   ", "!!!"])
def test_a_search_with_no_words_is_400_with_the_w004_message(client, query):
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 400
    assert response.json()["error"] == "W004" and response.json()["message"].startswith("[W004]")


@pytest.mark.parametrize("url", ["/api/search", "/api/articles?limit=0", "/api/stories?limit=100000",
                                 "/api/events?offset=-1", "/api/articles?since=yesterday"])
def test_bad_parameters_are_400_json_naming_the_parameter(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.json()["error"] == "W004"
    assert any(name in response.json()["message"] for name in ("q", "limit", "offset", "since"))


def test_unknown_routes_and_methods_are_json_too(client):
    assert client.get("/api/nothing").json() == {"error": "not_found", "message": "Not Found"}
    response = client.post("/api/articles")
    assert response.status_code == 405 and response.json()["error"] == "method_not_allowed"


def test_openapi_schema_lists_every_endpoint(client):
    paths = ok(client.get("/api/openapi.json"))["paths"]
    assert {"/api/health", "/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}",
            "/api/events", "/api/events/{event_id}", "/api/actors", "/api/search"} <= set(paths)


def test_the_api_keeps_reading_while_an_ingest_holds_the_write_lock(client, store):
    writer = connect(store["db"])
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE articles SET title = 'uncommitted' WHERE id = ?", (store["tanker"],))
        titles = [a["title"] for a in ok(client.get("/api/articles"))["items"]]
        assert "uncommitted" not in titles and len(titles) == 3
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_api_connections_are_read_only(store):
    connections = ThreadConnections(store["db"])
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connections.execute("DELETE FROM articles")
    assert connections.execute("SELECT count(*) FROM articles").fetchone()[0] == 3


def test_since_takes_a_day_or_a_span_and_rejects_anything_else():
    assert parse_since("2023-08-10") == date(2023, 8, 10)
    assert parse_since("7d", today=date(2023, 8, 14)) == date(2023, 8, 7)
    assert parse_since("2w", today=date(2023, 8, 14)) == date(2023, 7, 31)
    assert parse_since("") is None and parse_since(None) is None
    for bad in ("last week", "99999999999w"):
        with pytest.raises(BadQuery):
            parse_since(bad)
