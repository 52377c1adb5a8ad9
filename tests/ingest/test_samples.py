"""The bundled sample archive read end to end, checked against its ground truth (samples/MANIFEST.jsonl)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from wirewatch.pipeline import ingest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
NEWS = SAMPLES / "news"
# Plain-text files name no outlet: they are ingested per outlet folder, as `make demo` does.
TEXT_OUTLETS = {"txt/harbor-ledger": "Harbor Ledger", "txt/delta-morning-post": "Delta Morning Post"}
# Articles whose manifest date the text cannot give, and why.
KNOWN_DATE_MISSES = {
    # A wire copy: its only date is the agency's dateline ("NEW DELHI, Aug 6 (Meridian Wire)"),
    # a day before the outlet ran it (the file is named 2023-08-07).
    "HL5",
}


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """Each manifest entry with the stored article it became."""
    from wirewatch.store.db import connect

    conn = connect(tmp_path_factory.mktemp("samples") / "samples.db")
    for folder, outlet in TEXT_OUTLETS.items():
        ingest(conn, [str(NEWS / folder)], outlet=outlet, workers=1)
    others = sorted(p for p in NEWS.iterdir() if p.name != "txt")
    ingest(conn, [str(p) for p in others], workers=1)
    rows = conn.execute(
        "SELECT a.*, s.source AS seen_as FROM articles a JOIN sightings s ON s.article_id = a.id"
    ).fetchall()
    by_locator = {}
    for row in rows:
        source = str(Path(row["seen_as"]).relative_to(NEWS))
        by_locator[source] = dict(row)
        if row["url"]:
            by_locator[row["url"]] = dict(row)
    conn.close()
    manifest = [json.loads(line) for line in (SAMPLES / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines()]
    return [(entry, by_locator.get(_locator(entry))) for entry in manifest]


def _locator(entry: dict) -> str:
    """How the store names the manifest entry's source (see the manifest's `locator` field)."""
    if entry["format"] == "warc":
        return entry["url"]
    if entry["locator"] is None:
        return entry["path"]
    separator = ":" if entry["format"] == "jsonl" else "#entry"
    return f"{entry['path']}{separator}{entry['locator']}"


def test_every_sample_article_is_stored(stored):
    assert [entry["key"] for entry, row in stored if row is None] == []


def test_sample_publication_dates_match_the_manifest(stored):
    dated = [(entry, row) for entry, row in stored if entry.get("published")]
    misses = {entry["key"]: (entry["published"], row["published"]) for entry, row in dated
              if row["published"] != entry["published"]}
    assert set(misses) <= KNOWN_DATE_MISSES, misses
    assert len(dated) - len(misses) >= 59


def test_sample_outlets_are_names_or_else_url_hosts(stored):
    # A record that names no outlet (crawl export line 7) falls back to its URL's host.
    wrong = {entry["key"]: row["outlet"] for entry, row in stored
             if row["outlet"] not in (entry["outlet"], entry["domain"])}
    assert wrong == {}
    assert {row["outlet"] for entry, row in stored if entry["format"] == "rss"} == {"The Northern Gazette"}
