"""Reading and writing articles, sightings and removed lines in the store."""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Iterable, Iterator, Sequence

from wirewatch.errors import ArticleNotFound, BadQuery
from wirewatch.model import Article

LISTING_COLUMNS = ("id", "title", "author", "outlet", "url", "published", "language")


@dataclass
class BatchResult:
    new: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def existing_ids(conn: sqlite3.Connection, ids: Iterable[str]) -> set[str]:
    """Which of these article ids the store already holds."""
    return {row["id"] for row in articles_by_ids(conn, set(ids), ("id",))}


def articles_by_ids(conn: sqlite3.Connection, ids: Iterable[str], columns: Sequence[str]) -> list[sqlite3.Row]:
    """These columns of the stored articles among `ids`, in the order of `ids` (unknown ids left out).

    `columns` are names of the ``articles`` table, given by the caller's code, never by data.
    """
    wanted = list(dict.fromkeys(ids))
    rows: list[sqlite3.Row] = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows += conn.execute(f"SELECT {', '.join(columns)} FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                             chunk).fetchall()
    if "id" not in columns:
        return rows
    order = {article_id: i for i, article_id in enumerate(wanted)}
    return sorted(rows, key=lambda row: order[row["id"]])


def save_articles(
    conn: sqlite3.Connection,
    articles: Sequence[Article],
    *,
    line_keys: dict[str, set[str]] | None = None,
) -> BatchResult:
    """Store a batch in one transaction: new articles, or a new sighting of a known one.

    line_keys: for new articles, the keys of their lines, counted per outlet so that
    lines repeating across an outlet's articles can later be recognised as boilerplate.
    """
    result = BatchResult()
    seen_at = now_iso()
    for article in articles:
        cursor = conn.execute(
            "INSERT OR IGNORE INTO articles (id, title, author, outlet, url, published, date_source,"
            " language, kind, body, first_source, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                article.id, article.title, article.author, article.outlet, article.url,
                article.published.isoformat() if article.published else None, article.date_source,
                article.language, article.kind, article.body, article.source, seen_at,
            ),
        )
        if cursor.rowcount:
            result.new.append(article.id)
            conn.executemany(
                "INSERT INTO removed_lines (article_id, line_no, text, reason) VALUES (?,?,?,?)",
                [(article.id, line.line_no, line.text, line.reason) for line in article.removed],
            )
            if line_keys and article.outlet and article.id in line_keys:
                _count_outlet_lines(conn, article.outlet, line_keys[article.id])
        else:
            result.duplicates.append(article.id)
        conn.execute(
            "INSERT INTO sightings (article_id, source, url, first_seen, last_seen) VALUES (?,?,?,?,?)"
            " ON CONFLICT(article_id, source) DO UPDATE SET last_seen=excluded.last_seen,"
            " times_seen=times_seen+1",
            (article.id, article.source, article.url, seen_at, seen_at),
        )
    return result


def _count_outlet_lines(conn: sqlite3.Connection, outlet: str, keys: set[str]) -> None:
    conn.executemany(
        "INSERT INTO outlet_lines (outlet, line_key, n_articles) VALUES (?,?,1)"
        " ON CONFLICT(outlet, line_key) DO UPDATE SET n_articles=n_articles+1",
        [(outlet, key) for key in keys],
    )


def outlet_line_counts(conn: sqlite3.Connection, outlet: str, keys: Iterable[str]) -> dict[str, int]:
    """How many stored articles of ``outlet`` contain each of these line keys."""
    wanted = list(set(keys))
    counts: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = conn.execute(
            f"SELECT line_key, n_articles FROM outlet_lines WHERE outlet=? AND line_key IN ({marks})",
            [outlet, *chunk],
        )
        counts.update({row[0]: row[1] for row in rows})
    return counts


def list_articles(
    conn: sqlite3.Connection,
    *,
    limit: int | None = 50,
    offset: int = 0,
    outlet: str | None = None,
    since: str | None = None,
) -> list[dict]:
    """Articles, newest publication first, as rows of the listing columns."""
    where, params = [], []
    if outlet:
        where.append("outlet = ?")
        params.append(outlet)
    if since:
        where.append("published >= ?")
        params.append(since)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    sql = (
        f"SELECT {', '.join(LISTING_COLUMNS)} FROM articles {clause}"
        " ORDER BY published IS NULL, published DESC, seq DESC LIMIT ? OFFSET ?"
    )
    params += [limit if limit is not None else -1, offset]
    return [dict(row) for row in conn.execute(sql, params)]


def count_articles(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def get_article(conn: sqlite3.Connection, article_id: str) -> dict:
    """One article with body, removed lines and sightings; a unique id prefix is enough."""
    rows = conn.execute(
        "SELECT * FROM articles WHERE id = ? OR id LIKE ? LIMIT 2", (article_id, f"{_like(article_id)}%")
    ).fetchall()
    exact = [row for row in rows if row["id"] == article_id]
    if exact:
        rows = exact
    if not rows or not article_id:
        raise ArticleNotFound(f"no article with id {article_id!r}: `wirewatch articles` lists them")
    if len(rows) > 1:
        raise ArticleNotFound(f"id prefix {article_id!r} matches several articles: give more of the id")
    row = dict(rows[0])
    row.pop("seq", None)
    row["removed"] = [
        dict(r)
        for r in conn.execute(
            "SELECT line_no, text, reason FROM removed_lines WHERE article_id=? ORDER BY line_no", (row["id"],)
        )
    ]
    row["sightings"] = [
        dict(r)
        for r in conn.execute(
            "SELECT source, url, first_seen, last_seen, times_seen FROM sightings WHERE article_id=?"
            " ORDER BY first_seen, source",
            (row["id"],),
        )
    ]
    return row


def _like(text: str) -> str:
    return text.replace("%", "").replace("_", "")


def search_articles(conn: sqlite3.Connection, query: str, *, limit: int = 20) -> list[dict]:
    """Full-text search over titles and bodies, best match first, with a highlighted snippet.

    The query uses SQLite FTS5 syntax ("exact phrase", OR, NOT, prefix*); plain words must all match.
    """
    if not query.strip():
        raise BadQuery("empty search query")
    sql = (
        f"SELECT {', '.join('a.' + c for c in LISTING_COLUMNS)},"
        " snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snippet, bm25(articles_fts) AS score"
        " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid"
        " WHERE articles_fts MATCH ? ORDER BY score LIMIT ?"
    )
    try:
        rows = conn.execute(sql, (query, limit)).fetchall()
    except sqlite3.OperationalError:
        # Punctuation in a plain query (e.g. U.S.-led) is FTS5 syntax: search its words instead.
        words = re.findall(r"\w+", query)
        if not words:
            raise BadQuery(f"nothing to search for in {query!r}") from None
        rows = conn.execute(sql, (" ".join(f'"{w}"' for w in words), limit)).fetchall()
    return [dict(row) for row in rows]


def iter_all_articles(conn: sqlite3.Connection, batch: int = 1000) -> Iterator[dict]:
    """Every article with its body, oldest stored first, read in batches (for exports)."""
    last = 0
    while True:
        rows = conn.execute("SELECT * FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch)).fetchall()
        if not rows:
            return
        for row in rows:
            record = dict(row)
            last = record.pop("seq")
            yield record
