import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import write
from wirewatch.pipeline import ingest
from wirewatch.store.articles import get_article, list_articles, search_articles
from wirewatch.store.db import connect

CITIES = ["Valparaiso", "Mombasa", "Gdansk", "Chittagong", "Santos", "Durban", "Haiphong", "Tema"]


def port_story(i: int) -> str:
    """A short invented port report; each i gives a different article."""
    city = CITIES[i % len(CITIES)]
    return (
        f"Crane operators at {city} end stoppage number {i}\n"
        f"Crane operators at the port of {city} returned to work on Tuesday after stoppage number {i}, "
        "which had lasted three days over night-shift pay, the port authority said in a statement.\n"
        f"About {20 + i} container ships had waited at anchor, and the authority expects the backlog "
        f"to clear within {2 + i % 5} days.\n"
        "Union leaders said talks on a new contract would resume next month.\n"
    )


def test_seeds_become_two_clean_searchable_articles(conn, seeds):
    summary = ingest(conn, [str(seeds)], workers=1)
    assert (summary.ingested, summary.duplicates, summary.skipped) == (2, 0, [])
    rows = {row["title"]: row for row in list_articles(conn)}
    assert set(rows) == {
        "North Korean Leader Calls for Missile Production Surge Amidst Escalating Tensions",
        "Kim Jong Un Calls for Increased Missile Production as War Preparations Escalate",
    }
    riddy = get_article(conn, rows["Kim Jong Un Calls for Increased Missile Production as War Preparations Escalate"]["id"])
    assert riddy["published"] == "2023-08-14" and riddy["author"] == "Riddy10" and riddy["language"] == "en"
    removed = {line["text"]: line["reason"] for line in riddy["removed"]}
    assert "We're now on WhatsApp. Click here to join." in removed
    assert "01nkorea1 1 7885 videoSixteenByNine3000" in removed
    assert "READ ALSO" not in riddy["body"] and "Share This Article" not in riddy["body"]
    assert len(search_articles(conn, "missile production")) == 2


def test_reingesting_the_same_folder_adds_no_article_but_records_sightings(conn, tmp_path):
    for i in range(5):
        write(tmp_path / "news" / f"{i}.txt", port_story(i))
    first = ingest(conn, [str(tmp_path / "news")], workers=1)
    second = ingest(conn, [str(tmp_path / "news")], workers=1)
    assert (first.ingested, first.duplicates) == (5, 0)
    assert (second.ingested, second.duplicates) == (0, 5)
    assert len(list_articles(conn, limit=None)) == 5
    times = [r[0] for r in conn.execute("SELECT times_seen FROM sightings")]
    assert times == [2] * 5


def test_the_same_article_from_two_files_is_one_article_with_two_sightings(conn, tmp_path):
    write(tmp_path / "a.txt", port_story(1))
    write(tmp_path / "copy" / "a.txt", port_story(1).replace("\n", "\r\n"))
    summary = ingest(conn, [str(tmp_path)], workers=1)
    assert (summary.ingested, summary.duplicates) == (1, 1)
    [row] = list_articles(conn)
    assert len(get_article(conn, row["id"])["sightings"]) == 2


def test_outlet_flag_names_the_outlet_and_separates_identical_text(conn, tmp_path):
    path = write(tmp_path / "a.txt", port_story(2))
    ingest(conn, [str(path)], outlet="Harbor Ledger", workers=1)
    ingest(conn, [str(path)], outlet="Pacific Dispatch", workers=1)
    assert sorted(r["outlet"] for r in list_articles(conn)) == ["Harbor Ledger", "Pacific Dispatch"]


def test_a_line_repeated_across_an_outlets_articles_is_removed_as_boilerplate(conn, tmp_path):
    footer = "Harbor Ledger journalism is supported by readers like you, every single day."
    for i in range(4):
        lines = port_story(i).splitlines()
        lines.insert(2, footer)  # mid-article, where no cue would catch it
        write(tmp_path / "in" / f"{i}.txt", "\n".join(lines))
    ingest(conn, [str(tmp_path / "in")], outlet="Harbor Ledger", workers=1)
    for row in list_articles(conn):
        article = get_article(conn, row["id"])
        assert footer not in article["body"]
        assert {"text": footer, "reason": "repeated-in-outlet"}.items() <= next(
            line for line in article["removed"] if line["text"] == footer
        ).items()


def test_datelines_of_different_days_are_not_one_repeated_line(conn, tmp_path):
    for i in range(4):
        lines = port_story(i).splitlines()
        lines.insert(2, f"VALPARAISO, Aug {i + 3} (Port Wire) -")
        write(tmp_path / "in" / f"{i}.txt", "\n".join(lines))
    ingest(conn, [str(tmp_path / "in")], outlet="Harbor Ledger", workers=1)
    reasons = [r[0] for r in conn.execute("SELECT reason FROM removed_lines WHERE text LIKE 'VALPARAISO, Aug%'")]
    assert "repeated-in-outlet" not in reasons


def test_text_without_a_date_takes_the_day_in_its_file_name(conn, tmp_path):
    # Only weekdays ("on Tuesday"): the scraper's date-named file is the best estimate left.
    write(tmp_path / "in" / "2023-08-02_crane-operators.txt", port_story(1))
    write(tmp_path / "in" / "crane-operators-2.txt", port_story(2))
    ingest(conn, [str(tmp_path / "in")], workers=1)
    rows = {r["first_source"].rsplit("/", 1)[-1]: r for r in conn.execute("SELECT * FROM articles")}
    named = rows["2023-08-02_crane-operators.txt"]
    assert (named["published"], named["date_source"]) == ("2023-08-02", "fetched")
    # A file's own time is no publication date: a copy or a checkout resets it.
    assert rows["crane-operators-2.txt"]["published"] is None


def test_a_date_in_the_text_beats_the_day_in_the_file_name(conn, tmp_path):
    story = port_story(1).replace("\n", "\nVALPARAISO, Aug 1 (Port Wire) -\n", 1)
    write(tmp_path / "2023-08-02_crane-operators.txt", story)
    ingest(conn, [str(tmp_path)], workers=1)
    [row] = conn.execute("SELECT published, date_source FROM articles").fetchall()
    assert tuple(row) == ("2023-08-01", "text")


def test_bad_inputs_are_summarised_and_the_good_ones_stored(conn, tmp_path):
    folder = tmp_path / "in"
    write(folder / "good.txt", port_story(3))
    write(folder / "binary.txt", bytes(range(256)) * 10)
    write(folder / "empty.txt", "")
    write(folder / "dump.jsonl", json.dumps({"text": port_story(4)}) + "\n{broken\n")
    summary = ingest(conn, [str(folder), str(tmp_path / "missing")], workers=1)
    assert summary.ingested == 2
    reasons = sorted(s.reason.split(" (")[0] for s in summary.skipped)
    assert reasons == ["binary file, not text", "broken JSON line", "empty file", "no such file or folder"]
    stored = conn.execute("SELECT count(*) FROM skips WHERE run_id=?", (summary.run_id,)).fetchone()[0]
    assert stored == 4


def test_cleaning_in_worker_processes_gives_the_same_articles(tmp_path):
    for i in range(60):
        write(tmp_path / "news" / f"{i:03}.txt", port_story(i))
    one = connect(tmp_path / "one.db")
    two = connect(tmp_path / "two.db")
    ingest(one, [str(tmp_path / "news")], workers=1)
    ingest(two, [str(tmp_path / "news")], workers=2)
    ids = lambda c: sorted(r[0] for r in c.execute("SELECT id FROM articles"))
    assert ids(one) == ids(two) and len(ids(one)) == 60


def test_a_killed_ingest_leaves_whole_batches_and_a_rerun_completes_it(tmp_path, embedder):
    total = 400
    for i in range(total):
        write(tmp_path / "news" / f"{i:04}.txt", port_story(i))
    db = tmp_path / "kill.db"
    command = [sys.executable, "-m", "wirewatch.cli", "--db", str(db), "ingest", str(tmp_path / "news"),
               "--batch-size", "10", "--workers", "1", "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if db.exists() and _count(db) >= 30:
                break
            time.sleep(0.02)
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait()
    partial = _count(db)
    assert 0 < partial < total and partial % 10 == 0  # only whole batches were committed
    conn = connect(db)
    summary = ingest(conn, [str(tmp_path / "news")], workers=1, stories=True, embedder=embedder)
    assert summary.ingested == total - partial and summary.duplicates == partial
    # The articles the killed run stored but had not grouped yet are grouped by the re-run.
    assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == total
    assert conn.execute("SELECT count(DISTINCT id) FROM articles").fetchone()[0] == total
    orphans = conn.execute(
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sightings s WHERE s.article_id = a.id)"
    ).fetchone()[0]
    assert orphans == 0


def test_ingest_with_stories_groups_each_batch_as_it_is_stored(conn, tmp_path, hash_embedder):
    for i in range(6):
        write(tmp_path / "news" / f"{i}.txt", port_story(i))
    summary = ingest(conn, [str(tmp_path / "news")], workers=1, batch_size=2, stories=True, embedder=hash_embedder)
    assert summary.stories["articles"] == 6
    assert summary.as_dict()["stories"]["new_stories"] + summary.stories["joined"] == 6
    assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 6
    again = ingest(conn, [str(tmp_path / "news")], workers=1, stories=True, embedder=hash_embedder)
    assert again.stories["articles"] == 0


def _count(db: Path) -> int:
    try:
        conn = connect(db)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except Exception:
        return 0
