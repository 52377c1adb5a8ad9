"""The stories stage over a real store: the seeds, the sample archive, resuming, merging."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, write
from wirewatch.cluster.stage import StoryStage, reprocess_stories
from wirewatch.errors import StoryNotFound
from wirewatch.pipeline import ingest
from wirewatch.store import stories as story_store

SAMPLES = REPO / "samples" / "news"


def _ingest_samples(conn) -> None:
    ingest(conn, [str(SAMPLES / "txt" / "harbor-ledger")], outlet="Harbor Ledger", workers=1)
    ingest(conn, [str(SAMPLES / "txt" / "delta-morning-post")], outlet="Delta Morning Post", workers=1)
    ingest(conn, [str(SAMPLES / name) for name in ("jsonl", "html", "feeds", "warc")], workers=1)


def _seed_ids(conn, seeds: Path) -> dict[str, str]:
    """Seed file prefix (000, 004) → article id."""
    return {Path(row[1]).name[:3]: row[0] for row in conn.execute(
        "SELECT id, first_source FROM articles WHERE first_source LIKE ?", (f"{seeds}%",))}


def test_the_two_seed_articles_form_one_story_and_000_rewrites_004(conn, seeds, embedder):
    ingest(conn, [str(seeds)], workers=1)
    summary = StoryStage(conn, embedder).process()
    ids = _seed_ids(conn, seeds)
    assert summary.articles == 2 and summary.new_stories == 1
    story = story_store.get_story(conn, story_store.story_of(conn, ids["000"]))
    assert {a["id"] for a in story["articles"]} == {ids["000"], ids["004"]}
    assert story["first_report"] == ids["004"]
    rewrite = next(a for a in story["articles"] if a["id"] == ids["000"])["relations"]
    assert [(r["relation"], r["of"]) for r in rewrite] == [("rewrite_of", ids["004"])]


def test_the_sample_archive_joins_nothing_to_the_seed_story(conn, seeds, embedder):
    _ingest_samples(conn)
    ingest(conn, [str(seeds)], workers=1)
    StoryStage(conn, embedder).process()
    ids = _seed_ids(conn, seeds)
    story = story_store.get_story(conn, story_store.story_of(conn, ids["004"]))
    assert {a["id"] for a in story["articles"]} == set(ids.values())


def test_copies_of_the_sample_wire_reports_are_marked_copy_of_an_earlier_article(conn, embedder):
    _ingest_samples(conn)
    summary = StoryStage(conn, embedder).process()
    assert summary.copies >= 10
    for article_id, other_id in conn.execute(
            "SELECT article_id, other_id FROM article_relations WHERE relation = 'copy_of'"):
        assert story_store.story_of(conn, article_id) == story_store.story_of(conn, other_id)


def test_running_the_stage_again_changes_nothing(conn, tmp_path, hash_embedder):
    for i, text in enumerate(["Dockworkers at Santos strike over pay; dozens of ships wait offshore. " * 3,
                              "Santos dockworkers strike over pay as dozens of ships wait offshore. " * 3]):
        write(tmp_path / "news" / f"{i}.txt", f"Santos strike\n{text}\n")
    ingest(conn, [str(tmp_path / "news")], workers=1)
    first = StoryStage(conn, hash_embedder).process()
    before = conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY 1").fetchall()
    second = StoryStage(conn, hash_embedder).process()
    assert first.articles == 2 and second.articles == 0
    assert conn.execute("SELECT article_id, story_id FROM story_articles ORDER BY 1").fetchall() == before


def test_a_later_run_continues_the_stories_of_an_earlier_one(conn, tmp_path, hash_embedder):
    text = "Crane operators at Gdansk returned to work after a three-day stoppage over night-shift pay. " * 3
    write(tmp_path / "a" / "1.txt", f"Gdansk cranes restart\n{text}\n")
    ingest(conn, [str(tmp_path / "a")], workers=1, outlet="Baltic Post")
    StoryStage(conn, hash_embedder).process()
    write(tmp_path / "b" / "2.txt", f"Gdansk cranes restart\n{text}\nShare this article\n")
    ingest(conn, [str(tmp_path / "b")], workers=1, outlet="Harbour Times")
    summary = StoryStage(conn, hash_embedder).process()
    assert summary.joined == 1 and summary.copies == 1
    assert len(story_store.list_stories(conn)) == 1


def test_a_merged_story_id_still_resolves_to_the_story_that_absorbed_it(conn, tmp_path, hash_embedder):
    write(tmp_path / "n" / "1.txt", "Port strike in Santos\n" + "Dockworkers walked out at Santos port. " * 5)
    write(tmp_path / "n" / "2.txt", "Grain exports delayed\n" + "Soy cargoes wait at anchor off Brazil. " * 5)
    ingest(conn, [str(tmp_path / "n")], workers=1)
    StoryStage(conn, hash_embedder).process()
    keep, gone = [row["id"] for row in story_store.list_stories(conn)]
    with conn:
        story_store.merge_stories(conn, keep, gone)
    assert story_store.resolve_story_id(conn, gone) == keep
    merged = story_store.get_story(conn, gone)
    assert merged["id"] == keep and len(merged["articles"]) == 2 and merged["merged_ids"] == [gone]
    assert [row["id"] for row in story_store.list_stories(conn)] == [keep]


def test_an_unknown_story_id_is_a_clear_error(conn):
    with pytest.raises(StoryNotFound, match="no story"):
        story_store.get_story(conn, "s-doesnotexist")


def test_reprocessing_rebuilds_the_same_stories(conn, embedder):
    _ingest_samples(conn)
    StoryStage(conn, embedder).process()
    before = sorted(map(tuple, conn.execute("SELECT article_id, story_id FROM story_articles")))
    summary = reprocess_stories(conn, embedder)
    assert summary.articles == len(before)
    assert sorted(map(tuple, conn.execute("SELECT article_id, story_id FROM story_articles"))) == before
