"""SQLite connections for the API: one per worker thread, read-only, opened on first use.

FastAPI runs synchronous endpoints in a thread pool; a connection per thread avoids both
sharing a connection across threads and paying the store's open-and-migrate cost on every
request. Each connection is in autocommit mode, so every query reads the latest committed
state, and WAL lets these readers work while an ingest writes.
"""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from fastapi import Request

from wirewatch.store.db import connect


class ThreadConnections:
    """Stands for "this thread's read-only connection to the store at ``path``".

    FastAPI may resolve a dependency in one pool thread and run the endpoint in another, so the
    dependency hands out this object, and each attribute (``execute``...) is looked up on the
    connection of the thread that uses it: store functions take it as a ``sqlite3.Connection``.
    """

    def __init__(self, path: Path):
        self.path = path
        self._local = threading.local()

    def get(self) -> sqlite3.Connection:
        """The calling thread's connection, opened (and made read-only) on first use."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect(self.path)
            # The API only reads; a bug that tried to write fails instead of touching the store.
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
        return conn

    def __getattr__(self, name: str):
        return getattr(self.get(), name)


def store_connection(request: Request) -> sqlite3.Connection:
    """FastAPI dependency: the app's store, read through the calling thread's connection."""
    return request.app.state.connections
