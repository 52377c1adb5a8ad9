"""Opening the embedded SQLite store and bringing its schema up to date."""
from __future__ import annotations

import os
import sqlite3
from importlib import resources
from pathlib import Path

import platformdirs

from wirewatch.errors import SchemaTooNew, StoreError

DB_ENV = "WIREWATCH_DB"


def default_db_path() -> Path:
    """``$WIREWATCH_DB`` if set, else ``wirewatch.db`` in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV]).expanduser()
    return Path(platformdirs.user_data_dir("wirewatch")) / "wirewatch.db"


def migrations() -> list[tuple[int, str, str]]:
    """Numbered migrations shipped with the package, as (number, name, sql), in order."""
    folder = resources.files("wirewatch.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            number = int(entry.name.split("_", 1)[0])
            found.append((number, entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def connect(path: Path | str | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the store at ``path`` and apply pending migrations.

    WAL mode lets a reader (the dashboard, a search) work while an ingest writes.
    """
    db_path = Path(path).expanduser() if path else default_db_path()
    if str(db_path) != ":memory:":
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the folder for the store {db_path}: {exc.strerror}") from exc
    try:
        conn = sqlite3.connect(str(db_path), timeout=30.0, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {db_path} as a Wirewatch store: {exc}") from exc
    migrate(conn)
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def migrate(conn: sqlite3.Connection) -> int:
    """Apply every migration newer than the store's ``user_version``, each in its own transaction."""
    current = schema_version(conn)
    available = migrations()
    latest = available[-1][0] if available else 0
    if current > latest:
        raise SchemaTooNew(
            f"this store has schema version {current} but this Wirewatch knows only up to {latest}: "
            "upgrade Wirewatch to open it"
        )
    for number, name, sql in available:
        if number <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            # Another process may have migrated while we waited for the write lock.
            if schema_version(conn) >= number:
                conn.execute("COMMIT")
                continue
            # executescript would commit on its own; run the statements inside our transaction instead.
            for statement in _split_sql(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number}")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"migration {name} failed: {exc}") from exc
    return schema_version(conn)


def _split_sql(script: str) -> list[str]:
    """Split a migration into complete statements (triggers contain inner semicolons)."""
    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements
