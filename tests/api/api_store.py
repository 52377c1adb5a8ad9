"""A small store for the API tests: two outlets' articles grouped into given stories."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from conftest import write
from wirewatch.pipeline import ingest
from wirewatch.store.articles import list_articles
from wirewatch.store.db import connect
from wirewatch.store.stories import add_to_story, create_story, merge_stories


def grouped_store(root: Path, files: dict[str, dict[str, str]], stories: list[tuple[str, str, date]],
                  merge: tuple[str, str]):
    """Ingest ``files`` (outlet -> {file name: text}) without stories, put each article in the story
    given for the first word of its title (``(story_id, title_word, day)``), and merge ``merge[1]``
    into ``merge[0]``. Returns the open connection, the store's path and the article ids by title word."""
    for number, (outlet, texts) in enumerate(files.items()):
        for name, text in texts.items():
            write(root / f"outlet-{number}" / name, text)
    db = root / "store.db"
    conn = connect(db)
    for number, outlet in enumerate(files):
        ingest(conn, [str(root / f"outlet-{number}")], outlet=outlet, workers=1)
    ids = {row["title"].split()[0]: row["id"] for row in list_articles(conn)}
    for story_id, word, day in stories:
        create_story(conn, story_id, "story " + story_id, day)
        add_to_story(conn, ids[word], story_id, 1.0, day, "test")
    merge_stories(conn, *merge)
    return conn, db, ids
