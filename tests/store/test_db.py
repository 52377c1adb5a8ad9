import sqlite3

import pytest

from wirewatch.errors import SchemaTooNew
from wirewatch.store.db import connect, migrations, schema_version


def test_new_store_is_migrated_to_the_latest_version_in_wal_mode(conn):
    assert schema_version(conn) == migrations()[-1][0]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"articles", "sightings", "removed_lines", "articles_fts", "ingest_runs", "skips"} <= tables


def test_reopening_a_store_applies_no_migration_twice(db_path):
    connect(db_path).close()
    again = connect(db_path)
    assert schema_version(again) == migrations()[-1][0]


def test_store_from_a_newer_wirewatch_is_refused_with_a_clear_error(db_path):
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA user_version=999")
    raw.close()
    with pytest.raises(SchemaTooNew, match="upgrade Wirewatch"):
        connect(db_path)


def test_db_location_comes_from_the_environment(monkeypatch, tmp_path):
    from wirewatch.store.db import default_db_path

    monkeypatch.setenv("WIREWATCH_DB", str(tmp_path / "env.db"))
    assert default_db_path() == tmp_path / "env.db"


def test_a_reader_sees_committed_rows_while_a_writer_holds_a_transaction(db_path):
    writer = connect(db_path)
    reader = connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(
        "INSERT INTO articles (id, kind, body, first_source, ingested_at) VALUES ('a1', 'text', 'x', 's', 't')"
    )
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    writer.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
