"""The compare and monitor routes (/api/stories/{id}/compare, pairs, series, intensity, alerts,
watches) and the dashboard page, over a small store filled by the real store functions."""
from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api_store import grouped_store
from conftest import WordHashEmbedder
from wirewatch.api import create_app
from wirewatch.compare import story as compare_story_module
from wirewatch.model import Event, EventMention
from wirewatch.store import watch as watch_store
from wirewatch.store.events import replace_story_events

STRIKE = (
    "Dockers strike at Santos strands forty ships\n"
    "Dockers at the port of Santos walked out on Wednesday over night-shift pay, leaving forty container "
    "ships waiting at anchor off the Brazilian coast, the port authority said.\n"
    "The union said the stoppage would last until the terminal operators reopened talks on the contract.\n"
    "Exporters of coffee and soy warned that a long strike would delay shipments bound for Europe.\n"
)
STRIKE_AGAIN = (
    "Santos strike leaves forty ships at anchor\n"
    "Dockers at the port of Santos walked out on Wednesday over night-shift pay, leaving forty container "
    "ships at anchor, the port authority said.\n"
    "Terminal operators said the walkout was illegal and would cost exporters millions.\n"
)
TANKER = (
    "Seoul detains sanctioned tanker off Jeju\n"
    "South Korea's coast guard seized a tanker blacklisted by Washington south of Jeju island on Saturday "
    "night, on suspicion that it was preparing to hand over diesel to a North Korean ship.\n"
    "North Korean state media called the seizure an act of piracy and warned of countermeasures.\n"
)


def event(event_id, story_id, source, target, code, goldstein, day, article, outlet):
    return Event(id=event_id, story_id=story_id, source=source, source_name=None, target=target, target_name=None,
                 code=code, goldstein=goldstein, quad_class=4 if goldstein < 0 else 1, negated=False,
                 hypothetical=False, reported_by=None, date_first=day, date_last=day, place=None,
                 place_country=None, latitude=None, longitude=None,
                 mentions=(EventMention(article, 0, 40, "a sentence", outlet, None, day),))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """Stories s-port (s-again merged into it) and s-tanker; four events; a pair rule with one alert."""
    conn, db, ids = grouped_store(
        tmp_path_factory.mktemp("api-monitor"),
        {"Harbor Ledger": {"2023-08-02_santos-strike.txt": STRIKE},
         "Delta Morning Post": {"2023-08-02_santos-again.txt": STRIKE_AGAIN, "2023-08-13_tanker.txt": TANKER}},
        [("s-port", "Dockers", date(2023, 8, 2)), ("s-again", "Santos", date(2023, 8, 2)),
         ("s-tanker", "Seoul", date(2023, 8, 13))], merge=("s-port", "s-again"))
    strike, again, tanker = ids["Dockers"], ids["Santos"], ids["Seoul"]
    post = "Delta Morning Post"
    replace_story_events(conn, "s-tanker", [
        event("e-seizure", "s-tanker", "KORCOP", "PRK", "171", -9.2, date(2023, 8, 12), tanker, post),
        event("e-protest", "s-tanker", "PRKGOV", "KOR", "112", -2.0, date(2023, 8, 13), tanker, post),
        event("e-aid", "s-tanker", "USA", "PRK", "036", 4.0, date(2023, 8, 10), tanker, post),
    ])
    replace_story_events(conn, "s-port", [
        event("e-walkout", "s-port", "BRALAB", "BRABUS", "143", -6.5, date(2023, 8, 2), strike, "Harbor Ledger")])
    rule = watch_store.add_rule(conn, "pair", "KOR", "PRK")
    conn.execute("BEGIN")
    alert_id = watch_store.save_alert(conn, rule, day=date(2023, 8, 12), detected_on=date(2023, 8, 13), value=-9.2,
                                      score=3.1, baseline_mean=0.0, baseline_std=1.0, method="zscore",
                                      events=[("e-seizure", "s-tanker", -9.2)])
    conn.execute("COMMIT")
    conn.close()
    return {"db": db, "strike": strike, "again": again, "tanker": tanker, "rule": rule["id"], "alert": alert_id}


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store["db"])) as test_client:
        yield test_client


@pytest.fixture
def word_hash_comparer(monkeypatch):
    """Compare with word-hash vectors instead of loading MiniLM (claims still come from spaCy)."""
    comparer = compare_story_module.Comparer(WordHashEmbedder())
    monkeypatch.setattr(compare_story_module, "default_comparer", lambda: comparer)
    return comparer


def ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


# --- compare ---


def test_compare_gives_articles_groups_counts_and_marks_that_point_into_each_body(client, store, word_hash_comparer):
    body = ok(client.get("/api/stories/s-again/compare"))  # a merged-away id compares the story it joined
    assert body["story_id"] == "s-port"
    assert [a["id"] for a in body["articles"]] == [store["strike"], store["again"]]
    assert set(body["counts"]) == {"corroborated", "single-source", "conflict", "commentary"}
    assert sum(body["counts"].values()) == len(body["groups"])
    assert set(body["marks"]) == {store["strike"], store["again"]}
    statuses = {g["status"] for g in body["groups"]}
    assert statuses <= set(body["counts"]) and "corroborated" in statuses
    corroborated = next(g for g in body["groups"] if g["status"] == "corroborated")
    assert sorted(corroborated["outlets"]) == ["Delta Morning Post", "Harbor Ledger"]
    for article_id, marks in body["marks"].items():
        text = ok(client.get(f"/api/articles/{article_id}"))["body"]
        assert marks and [m["index"] for m in marks] == sorted(m["index"] for m in marks)
        for mark in marks:
            group = body["groups"][mark["group"]]
            claim = next(c for c in group["claims"] if c["article_id"] == article_id and c["index"] == mark["index"])
            assert text[mark["start"]:mark["end"]] == claim["text"] and mark["status"] == group["status"]


def test_compare_of_an_unknown_story_is_404(client, word_hash_comparer):
    response = client.get("/api/stories/s-nope/compare")
    assert response.status_code == 404 and response.json()["error"] == "W007"


# --- pairs and series ---


def test_active_pairs_are_country_pairs_with_events_most_first(client):
    body = ok(client.get("/api/pairs"))
    assert [(p["a"], p["b"], p["events"]) for p in body["items"]] == [("KOR", "PRK", 2), ("PRK", "USA", 1)]
    assert body["since"] == "2023-05-15" and body["until"] is None  # 90 days before the latest event day
    kor = body["items"][0]
    assert (kor["value"], kor["conflict_events"], kor["last_day"]) == (-11.2, 2, "2023-08-13")
    assert [p["b"] for p in ok(client.get("/api/pairs?since=2023-08-11"))["items"]] == ["PRK"]
    assert ok(client.get("/api/pairs?until=2023-08-11&since=2023-08-01"))["items"][0]["b"] == "USA"


def test_series_has_one_row_per_day_up_to_the_latest_event_day(client):
    body = ok(client.get("/api/pairs/kor/prk/series"))
    assert (body["a"], body["b"], body["directed"]) == ("KOR", "PRK", False)
    assert (body["since"], body["until"]) == ("2023-06-15", "2023-08-13") and len(body["days"]) == 60
    values = {d["day"]: d["value"] for d in body["days"] if d["value"]}
    assert values == {"2023-08-12": -9.2, "2023-08-13": -2.0}
    day = next(d for d in body["days"] if d["day"] == "2023-08-12")
    assert [(e["id"], e["story_id"], e["contribution"]) for e in day["events"]] == [("e-seizure", "s-tanker", -9.2)]


def test_series_takes_a_period_and_a_direction(client):
    body = ok(client.get("/api/pairs/KOR/PRK/series", params={"since": "2023-08-10", "until": "2023-08-14"}))
    assert [d["day"] for d in body["days"]] == [f"2023-08-{n}" for n in range(10, 15)]
    directed = ok(client.get("/api/pairs/PRK/KOR/series?since=2023-08-10&until=2023-08-14&directed=true"))
    assert {d["day"]: d["value"] for d in directed["days"] if d["value"]} == {"2023-08-13": -2.0}


@pytest.mark.parametrize("url", [
    "/api/pairs/K!R/PRK/series",
    "/api/pairs/KOR/PRK/series?since=2023-08-14&until=2023-08-10",
    "/api/pairs/KOR/PRK/series?until=14-08-2023",
    "/api/pairs/KOR/PRK/series?since=1990-01-01&until=2023-08-10",
    "/api/pairs?since=yesterday",
])
def test_bad_series_and_pairs_queries_are_400(client, url):
    response = client.get(url)
    assert response.status_code == 400 and response.json()["error"] == "W004"


# --- intensity ---


def test_story_intensity_sums_absolute_goldstein_of_its_events(client):
    body = ok(client.get("/api/intensity", params=[("story", "s-tanker"), ("story", "s-again")]))
    assert body["items"] == [{"story_id": "s-tanker", "events": 3, "intensity": 15.2},
                             {"story_id": "s-again", "events": 1, "intensity": 6.5}]
    assert client.get("/api/intensity?story=s-nope").status_code == 404
    assert client.get("/api/intensity").status_code == 400


# --- alerts and watches ---


def test_alerts_are_listed_and_one_has_its_events_and_stories(client, store):
    body = ok(client.get("/api/alerts"))
    assert [(a["id"], a["label"], a["day"], a["num_events"]) for a in body["items"]] == [
        (store["alert"], "pair KOR-PRK", "2023-08-12", 1)]
    assert ok(client.get("/api/alerts?since=2023-08-13"))["items"] == []
    assert ok(client.get(f"/api/alerts?rule={store['rule']}&limit=1"))["next"] is None
    alert = ok(client.get(f"/api/alerts/{store['alert']}"))
    assert [e["event_id"] for e in alert["events"]] == ["e-seizure"]
    assert [s["id"] for s in alert["stories"]] == ["s-tanker"]


def test_unknown_alert_is_404(client):
    response = client.get("/api/alerts/999")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_watches_are_added_listed_and_removed(client, store):
    added = ok(client.post("/api/watches", json={"kind": "actor", "subject": "rus", "threshold": 3}), 201)
    assert (added["kind"], added["subject"], added["label"], added["removed_at"]) == ("actor", "RUS", "actor RUS", None)
    listed = [r["id"] for r in ok(client.get("/api/watches"))]
    assert store["rule"] in listed and added["id"] in listed
    removed = ok(client.delete(f"/api/watches/{added['id']}"))
    assert removed["removed_at"] is not None
    assert added["id"] not in [r["id"] for r in ok(client.get("/api/watches"))]
    assert added["id"] in [r["id"] for r in ok(client.get("/api/watches?include_removed=true"))]
    assert ok(client.delete(f"/api/watches/{added['id']}"))["removed_at"] == removed["removed_at"]


def test_removing_an_unknown_watch_is_404(client):
    response = client.delete("/api/watches/999")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


@pytest.mark.parametrize("rule", [
    {"kind": "pair", "subject": "PRK"},                       # a pair needs two actors
    {"kind": "event_type", "subject": "missiles"},            # not a CAMEO code
    {"kind": "keyword", "subject": "missile", "method": "guess"},
    {"kind": "nonsense", "subject": "PRK"},
    {"kind": "actor", "subject": "P R K"},
    {"kind": "keyword", "subject": "missile", "webhook": "file:///etc/passwd"},
])
def test_invalid_watches_are_400(client, rule):
    response = client.post("/api/watches", json=rule)
    assert response.status_code == 400 and response.json()["error"] == "W004"


def test_writes_from_another_origin_or_without_json_are_refused(client):
    before = len(ok(client.get("/api/watches?include_removed=true")))
    foreign = client.post("/api/watches", json={"kind": "keyword", "subject": "missile"},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    form = client.post("/api/watches", content='{"kind": "keyword", "subject": "missile"}',
                       headers={"Content-Type": "text/plain"})
    assert form.status_code in (400, 415)
    assert client.delete("/api/watches/1", headers={"Origin": "https://evil.example"}).status_code == 403
    assert len(ok(client.get("/api/watches?include_removed=true"))) == before
    same = client.post("/api/watches", json={"kind": "keyword", "subject": "missile"},
                       headers={"Origin": "http://testserver"})
    assert same.status_code == 201


# --- the dashboard page ---


def test_dashboard_page_is_served_at_the_root_under_the_strict_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script type="module" src="/static/app.js">' in page.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page.text), "no inline script"
    assert not re.search(r"<style|\sstyle=|\son\w+=", page.text), "no inline style or handler"
    for name, kind in (("app.js", "javascript"), ("dom.js", "javascript"), ("app.css", "text/css")):
        served = client.get(f"/static/{name}")
        assert served.status_code == 200 and kind in served.headers["content-type"]
        assert served.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/nope.js").status_code == 404


def test_dashboard_scripts_never_parse_html_strings():
    from wirewatch.api.dashboard import STATIC

    for script in STATIC.glob("*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(", text), script.name


def test_new_routes_are_in_the_schema_and_the_page_is_not(client):
    paths = ok(client.get("/api/openapi.json"))["paths"]
    for path in ("/api/stories/{story_id}/compare", "/api/pairs", "/api/pairs/{a}/{b}/series", "/api/intensity",
                 "/api/alerts", "/api/alerts/{alert_id}", "/api/watches", "/api/watches/{rule_id}"):
        assert path in paths
    assert "/" not in paths
