import csv
import io
import json
from datetime import date

import pytest

from wirewatch.extract.actors import Actor
from wirewatch.model import Article, Event, EventMention, SentenceEvent
from wirewatch.store.articles import save_articles
from wirewatch.store.db import connect
from wirewatch.store.events import replace_story_events, save_article_extraction
from wirewatch.store.export_events import COLUMN_NAMES
from wirewatch.store.stories import add_to_story, create_story, merge_stories

YONHAP = "North Korea fired two ballistic missiles into the sea on Monday, South Korea's military said."
KCNA = "The DPRK conducted a successful drill of its strategic forces on Monday, KCNA reported."


@pytest.fixture
def stored(db_path):
    """Two outlets reporting one launch (story s-y, with s-k merged into it), and a criticism in s-y."""
    conn = connect(db_path)
    day = date(2023, 8, 14)
    save_articles(conn, [
        Article(id="y1", body=YONHAP, title="Missiles", author=None, outlet="Yonhap", url="https://yna.example/y1",
                published=day, language="en", source="y1.txt", kind="text"),
        Article(id="k1", body=KCNA, title="Drill", author=None, outlet="KCNA Watch", url="https://kcna.example/k1",
                published=date(2023, 8, 15), language="en", source="k1.txt", kind="text"),
    ])
    for story_id, article_id in (("s-y", "y1"), ("s-k", "k1")):
        create_story(conn, story_id, "Missiles", day)
        add_to_story(conn, article_id, story_id, 1.0, day, "t")
    merge_stories(conn, "s-y", "s-k")
    save_article_extraction(
        conn, "y1", "v1", actors=[(0, 11, "North Korea", Actor("PRK", "PRK", None, "North Korea"))],
        events=[SentenceEvent("y1", 0, len(YONHAP), "PRK", "North Korea", None, None, "190", "fired")])
    mentions = (EventMention("k1", 0, len(KCNA), KCNA, "KCNA Watch", "https://kcna.example/k1", date(2023, 8, 15)),
                EventMention("y1", 0, len(YONHAP), YONHAP, "Yonhap", "https://yna.example/y1", day))
    launch = Event(id="e-launch", story_id="s-y", source="PRKMIL", source_name="North Korea", target=None,
                   target_name=None, code="190", goldstein=-10.0, quad_class=4, negated=False, hypothetical=False,
                   reported_by=None, date_first=day, date_last=day, place=None, place_country=None, latitude=None,
                   longitude=None, mentions=mentions)
    criticism = Event(id="e-criticism", story_id="s-y", source="KORGOV", source_name="Seoul", target="PRKGOV",
                      target_name="Pyongyang", code="111", goldstein=-2.0, quad_class=3, negated=False,
                      hypothetical=True, reported_by="KORMIL", date_first=date(2023, 8, 13),
                      date_last=date(2023, 8, 13), place=None, place_country=None, latitude=None, longitude=None,
                      mentions=mentions[1:])
    replace_story_events(conn, "s-y", [launch, criticism])
    conn.close()


def test_events_table_shows_dyad_code_name_goldstein_counts_and_sentence(run, stored):
    result = run("events")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["date", "actors", "event", "note", "goldstein", "art/src", "sentence"]
    assert "PRKMIL → -" in lines[1] and "190 Use conventional military force" in lines[1]
    assert "-10.0" in lines[1] and "2/2" in lines[1]
    assert "KORGOV → PRKGOV" in lines[2] and "hypothetical, per KORMIL" in lines[2]


def test_events_json_filters_by_actor_code_date_and_merged_story(run, stored):
    rows = json.loads(run("events", "--json").output)
    assert [r["id"] for r in rows] == ["e-launch", "e-criticism"]
    assert {"id", "story_id", "source", "target", "code", "code_name", "goldstein", "num_articles", "num_sources",
            "date_first", "sentence", "negated", "hypothetical", "reported_by"} <= set(rows[0])
    assert rows[0]["num_articles"] == 2 and rows[0]["sentence"] == YONHAP
    assert [r["id"] for r in json.loads(run("events", "--actor", "PRK", "--json").output)] == ["e-launch", "e-criticism"]
    assert [r["id"] for r in json.loads(run("events", "--actor", "KOR", "--json").output)] == ["e-criticism"]
    assert [r["id"] for r in json.loads(run("events", "--code", "19", "--json").output)] == ["e-launch"]
    assert [r["id"] for r in json.loads(run("events", "--since", "2023-08-14", "--json").output)] == ["e-launch"]
    assert len(json.loads(run("events", "--story", "s-k", "--json").output)) == 2


def test_event_shows_mentions_grouped_by_outlet(run, stored):
    text = run("event", "e-la").output
    assert text.startswith("event e-launch: PRKMIL → -  190")
    assert "2 mention(s) in 2 article(s) from 2 source(s)" in text
    assert text.index("Yonhap") < text.index("KCNA Watch")
    record = json.loads(run("event", "e-launch", "--json").output)
    assert [m["outlet"] for m in record["mentions"]] == ["Yonhap", "KCNA Watch"]
    assert record["outlets"] == ["KCNA Watch", "Yonhap"] and record["source_url"] == "https://yna.example/y1"


def test_an_unknown_event_is_one_clear_line_and_exit_status_1(run, stored):
    result = run("event", "e-nope")
    assert result.exit_code == 1 and "no event with id 'e-nope'" in result.output


def test_a_bad_code_filter_is_one_clear_line(run, stored):
    result = run("events", "--code", "missile")
    assert result.exit_code == 1 and "W004" in result.output


def test_actors_lists_codes_with_counts(run, stored):
    rows = json.loads(run("actors", "--json").output)
    assert rows[0] == {"code": "PRK", "name": "North Korea", "country": "PRK", "role": None, "mentions": 1,
                       "articles": 1, "events_as_source": 0, "events_as_target": 0}
    assert {r["code"] for r in rows} == {"PRK", "PRKMIL", "KORGOV", "PRKGOV"}
    table = run("actors").output.splitlines()
    assert table[1].split() == ["PRK", "North", "Korea", "PRK", "-", "1", "1", "0", "0"]
    assert len(json.loads(run("actors", "--limit", "2", "--json").output)) == 2


def test_an_empty_store_says_how_events_and_actors_appear(run):
    assert "extract stage" in run("events").output
    assert "extract stage" in run("actors").output
    assert json.loads(run("events", "--json").output) == []
    assert json.loads(run("actors", "--json").output) == []


def test_export_table_events_writes_gdelt_columns(run, stored, tmp_path):
    reader = csv.DictReader(io.StringIO(run("export", "--table", "events", "--format", "csv").output))
    rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMN_NAMES and [r["GlobalEventID"] for r in rows] == ["e-launch", "e-criticism"]
    out = tmp_path / "events.jsonl"
    result = run("export", "--table", "events", "--format", "jsonl", "--output", str(out))
    assert result.exit_code == 0 and "2 events written" in result.output
    assert json.loads(out.read_text().splitlines()[0])["NumSources"] == 2


def test_help_lists_the_event_commands(run):
    output = run("--help").output
    for command in ("events", "event", "actors"):
        assert f"  {command} " in output


def test_show_lists_what_was_extracted_from_an_article(run, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Drills planned\n\nAugust 14, 2023\n\nSouth Korea and the United States will hold joint drills from "
        "August 21 to 31, involving tens of thousands of troops. North Korea accused the United States of "
        "planning an invasion.\n", encoding="utf-8")
    assert run("ingest", str(folder), "--quiet", "--no-stories").exit_code == 0
    article = json.loads(run("articles", "--json").output)[0]["id"]
    record = json.loads(run("show", article, "--json").output)
    found = record["extraction"]
    assert any(e["code"].startswith("11") and e["source"] == "PRK" for e in found["events"])
    assert any(q["counts"] == "troops" and q["approximate"] for q in found["quantities"])
    shown = run("show", article, "--extracted").output
    assert "PRK → USA" in shown and "tens of thousands" in shown


def test_show_says_when_an_article_was_not_extracted(run, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Quiet day\n\nNothing happened in the harbour today, officials said.\n",
                                  encoding="utf-8")
    run("ingest", str(folder), "--quiet", "--no-stories", "--no-extract")
    article = json.loads(run("articles", "--json").output)[0]["id"]
    assert json.loads(run("show", article, "--json").output)["extraction"] is None
    assert "reprocess --stage extract" in run("show", article, "--extracted").output


def test_ingest_evaluates_watch_rules_and_reports_alerts(run, tmp_path):
    assert run("watch", "add", "--pair", "RUS", "UKR").exit_code == 0
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Border clash\n\nAugust 14, 2023\n\nRussian forces attacked Ukrainian troops near the border on Monday "
        "and shelled Ukrainian positions through the night.\n", encoding="utf-8")
    result = run("ingest", str(folder), "--quiet", "--no-stories")
    assert result.exit_code == 0
    assert "alert:" in result.output and "RUS" in result.output
    again = json.loads(run("ingest", str(folder), "--json", "--no-stories").output)
    assert again["alerts"] == []  # the same escalation does not alert twice
