"""The seed story's events, end to end: ingest, group, extract, merge (issue 5's done-when)."""
from datetime import date

import pytest

from wirewatch.store import events as event_store


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, embedder):
    from conftest import seed_store

    conn = seed_store(tmp_path_factory, embedder, extract=True)
    yield conn
    conn.close()


def _events(conn, **filters):
    return [event_store.get_event(conn, e["id"]) for e in event_store.list_events(conn, limit=None, **filters)]


def _in_both_articles(event) -> bool:
    return len({m["article_id"] for m in event["mentions"]}) == 2


def test_the_missile_production_order_is_one_force_posture_event_dated_the_weekend_visit(seeded):
    found = [e for e in _events(seeded, actor="PRK", code="15") if (e["source"] or "").startswith("PRK")]
    assert len(found) == 1
    order = found[0]
    assert order["source"] == "PRKGOV" and order["source_name"].startswith("Kim")
    assert (order["date_first"], order["date_last"]) == ("2023-08-12", "2023-08-13")
    assert order["first_seen"] == "2023-08-14"
    assert _in_both_articles(order)


def test_the_joint_drills_are_one_usa_kor_event_for_august_21_to_31(seeded):
    drills = [e for e in _events(seeded, code="06") if {e["source"][:3], (e["target"] or "")[:3]} == {"KOR", "USA"}]
    assert len(drills) == 1
    assert (drills[0]["date_first"], drills[0]["date_last"]) == ("2023-08-21", "2023-08-31")
    assert _in_both_articles(drills[0])


def test_the_accusation_of_arms_supplies_and_its_denial(seeded):
    accusations = _events(seeded, code="112")
    assert [(e["source"], e["target"]) for e in accusations] == [("USA", "PRK")]
    supply = [e for e in _events(seeded, code="07") if e["source"] == "PRK" and e["target"] == "RUS"]
    assert supply and supply[0]["reported_by"] == "USA"      # alleged, not established
    deniers = {e["source"] for e in _events(seeded, code="016")}
    assert "PRK" in deniers


def test_kims_quote_is_attributed_to_him(seeded):
    quotes = [q for row in seeded.execute("SELECT id FROM articles") for q in event_store.quotes_of(seeded, row["id"])]
    assert any(q.speaker_actor == "PRKGOV" and "munitions industry" in q.text for q in quotes)


def test_no_event_is_coded_twice_from_the_same_sentence(seeded):
    for event in _events(seeded):
        keys = [(m["article_id"], m["sentence_start"]) for m in event["mentions"]]
        assert len(keys) == len(set(keys))
    assert date.fromisoformat(_events(seeded)[0]["first_seen"])
