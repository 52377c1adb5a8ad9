"""The record of each ingest run and of what it skipped, so nothing is dropped unseen."""
from __future__ import annotations

import json
import sqlite3
from typing import Sequence

from wirewatch.model import Skip
from wirewatch.store.articles import now_iso


def start_run(conn: sqlite3.Connection, inputs: Sequence[str]) -> int:
    cursor = conn.execute("INSERT INTO ingest_runs (started_at, inputs) VALUES (?, ?)", (now_iso(), json.dumps(list(inputs))))
    return int(cursor.lastrowid)


def record_progress(
    conn: sqlite3.Connection, run_id: int, *, ingested: int, duplicates: int, skips: Sequence[Skip]
) -> None:
    """Add a batch's counts and skips to the run (called inside the batch's transaction)."""
    conn.executemany(
        "INSERT INTO skips (run_id, source, reason) VALUES (?,?,?)", [(run_id, s.source, s.reason) for s in skips]
    )
    conn.execute(
        "UPDATE ingest_runs SET ingested=ingested+?, duplicates=duplicates+?, skipped=skipped+? WHERE id=?",
        (ingested, duplicates, len(skips), run_id),
    )


def finish_run(conn: sqlite3.Connection, run_id: int) -> None:
    conn.execute("UPDATE ingest_runs SET finished_at=? WHERE id=?", (now_iso(), run_id))


def list_runs(conn: sqlite3.Connection, limit: int = 20) -> list[dict]:
    rows = conn.execute("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?", (limit,))
    return [dict(row) for row in rows]


def run_skips(conn: sqlite3.Connection, run_id: int) -> list[dict]:
    rows = conn.execute("SELECT source, reason FROM skips WHERE run_id=? ORDER BY rowid", (run_id,))
    return [dict(row) for row in rows]
