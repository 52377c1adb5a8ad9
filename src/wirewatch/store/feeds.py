"""Followed feeds in the store: conditional-GET state per feed and the entries seen in each.

An entry is written as ``pending`` in the same transaction as the feed's new ETag and
Last-Modified, so a follower stopped at any point never loses one: the next poll may answer
304, but the pending entries are still there to fetch. An entry leaves ``pending`` only once
its page is stored as an article (``stored``) or known not to become one (``skipped``).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable, Sequence

from wirewatch.store.articles import now_iso

PENDING, STORED, SKIPPED = "pending", "stored", "skipped"


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, as read from the feed.

    key: the entry's id (guid), else its link: what tells a new entry from one seen before.
    url: the article page, absolute; None when the entry has no link.
    """

    key: str
    url: str | None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    language: str | None = None


@dataclass(frozen=True)
class FeedState:
    url: str
    etag: str | None
    last_modified: str | None
    errors_in_row: int


@dataclass(frozen=True)
class PendingPage:
    """An article page to fetch, with what its feed said about it (the first feed, if several list it)."""

    url: str
    feed_url: str
    outlet: str | None
    title: str | None
    author: str | None
    published: date | None
    language: str | None
    attempts: int


def feed_state(conn: sqlite3.Connection, url: str) -> FeedState:
    """The conditional-GET state of a feed (a feed never polled has none)."""
    row = conn.execute("SELECT etag, last_modified, errors_in_row FROM feeds WHERE url=?", (url,)).fetchone()
    if row is None:
        return FeedState(url, None, None, 0)
    return FeedState(url, row["etag"], row["last_modified"], row["errors_in_row"])


def record_poll(
    conn: sqlite3.Connection,
    url: str,
    entries: Sequence[FeedEntry],
    *,
    etag: str | None,
    last_modified: str | None,
    title: str | None,
    outlet: str | None,
    refuse: Callable[[str], str | None],
) -> tuple[int, list[tuple[str, str]]]:
    """Store a feed's new entries and its new validators in one transaction.

    refuse: gives the reason a page URL must not be fetched, or None; such an entry is stored
        as skipped. An entry whose page another feed already brought in is stored as such.
    Returns how many entries are new and to fetch, and (url, reason) of the new ones refused.
    """
    seen_at = now_iso()
    new, refused = 0, []
    conn.execute("BEGIN IMMEDIATE")
    try:
        _ensure_feed(conn, url)
        known = _known_keys(conn, url, [e.key for e in entries])
        for entry in entries:
            if entry.key in known:
                continue
            known.add(entry.key)
            state, reason = PENDING, None
            if entry.url is None:
                state, reason = SKIPPED, "feed entry has no link"
            elif (why := refuse(entry.url)) is not None:
                state, reason = SKIPPED, why
                refused.append((entry.url, why))
            elif conn.execute("SELECT 1 FROM feed_entries WHERE url=? AND state=?", (entry.url, STORED)).fetchone():
                state, reason = STORED, "stored from another feed"
            conn.execute(
                "INSERT INTO feed_entries (feed_url, entry_key, url, title, author, published, language, state,"
                " reason, first_seen, done_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (url, entry.key, entry.url, entry.title, entry.author,
                 entry.published.isoformat() if entry.published else None, entry.language, state, reason,
                 seen_at, None if state == PENDING else seen_at),
            )
            new += state == PENDING
        conn.execute(
            "UPDATE feeds SET etag=?, last_modified=?, title=?, outlet=?, last_polled=?, last_changed=?,"
            " last_status='ok', last_error=NULL, errors_in_row=0 WHERE url=?",
            (etag, last_modified, title, outlet, seen_at, seen_at, url),
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return new, refused


def record_not_modified(conn: sqlite3.Connection, url: str) -> None:
    _ensure_feed(conn, url)
    conn.execute(
        "UPDATE feeds SET last_polled=?, last_status='not-modified', last_error=NULL, errors_in_row=0 WHERE url=?",
        (now_iso(), url),
    )


def record_feed_error(conn: sqlite3.Connection, url: str, reason: str) -> None:
    """A poll that failed; the validators are kept so that the next poll is still conditional."""
    _ensure_feed(conn, url)
    conn.execute(
        "UPDATE feeds SET last_polled=?, last_status='error', last_error=?, errors_in_row=errors_in_row+1"
        " WHERE url=?",
        (now_iso(), reason, url),
    )


def pending_pages(conn: sqlite3.Connection, feed_urls: Sequence[str]) -> list[PendingPage]:
    """The pages still to fetch for these feeds, one per URL, oldest entry first."""
    if not feed_urls:
        return []
    marks = ",".join("?" * len(feed_urls))
    rows = conn.execute(
        "SELECT e.url, e.feed_url, f.outlet, e.title, e.author, e.published, e.language, MAX(e.attempts) AS attempts,"
        " MIN(e.rowid) AS first FROM feed_entries e JOIN feeds f ON f.url = e.feed_url"
        f" WHERE e.state=? AND e.feed_url IN ({marks}) GROUP BY e.url ORDER BY first",
        (PENDING, *feed_urls),
    )
    return [
        PendingPage(
            url=row["url"], feed_url=row["feed_url"], outlet=row["outlet"], title=row["title"],
            author=row["author"], published=date.fromisoformat(row["published"]) if row["published"] else None,
            language=row["language"], attempts=row["attempts"],
        )
        for row in rows
    ]


def mark_stored(conn: sqlite3.Connection, urls: Iterable[str]) -> None:
    """The pages at these URLs are stored: every pending entry linking to one is done."""
    done_at = now_iso()
    conn.executemany(
        "UPDATE feed_entries SET state=?, reason=NULL, done_at=? WHERE url=? AND state=?",
        [(STORED, done_at, url, PENDING) for url in set(urls)],
    )


def mark_skipped(conn: sqlite3.Connection, skips: Iterable[tuple[str, str]]) -> None:
    """These pages will not become articles, for the reason given; their entries are not fetched again."""
    done_at = now_iso()
    conn.executemany(
        "UPDATE feed_entries SET state=?, reason=?, done_at=? WHERE url=? AND state IN (?, ?)",
        [(SKIPPED, reason, done_at, url, PENDING, STORED) for url, reason in skips],
    )


def record_page_failure(conn: sqlite3.Connection, url: str, reason: str) -> int:
    """A fetch that failed but may work later; returns how many times this page has failed."""
    conn.execute(
        "UPDATE feed_entries SET attempts=attempts+1, reason=? WHERE url=? AND state=?", (reason, url, PENDING)
    )
    row = conn.execute("SELECT MAX(attempts) FROM feed_entries WHERE url=?", (url,)).fetchone()
    return int(row[0] or 0)


def list_feeds(conn: sqlite3.Connection) -> list[dict]:
    """Every followed feed with its last poll and its entries counted by state."""
    rows = conn.execute(
        "SELECT f.*, SUM(e.state='pending') AS pending, SUM(e.state='stored') AS stored,"
        " SUM(e.state='skipped') AS skipped FROM feeds f LEFT JOIN feed_entries e ON e.feed_url = f.url"
        " GROUP BY f.url ORDER BY f.url"
    )
    return [{**dict(row), **{k: row[k] or 0 for k in ("pending", "stored", "skipped")}} for row in rows]


def feed_entries(conn: sqlite3.Connection, feed_url: str) -> list[dict]:
    rows = conn.execute("SELECT * FROM feed_entries WHERE feed_url=? ORDER BY rowid", (feed_url,))
    return [dict(row) for row in rows]


def _ensure_feed(conn: sqlite3.Connection, url: str) -> None:
    conn.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))


def _known_keys(conn: sqlite3.Connection, feed_url: str, keys: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            row[0]
            for row in conn.execute(
                f"SELECT entry_key FROM feed_entries WHERE feed_url=? AND entry_key IN ({marks})", (feed_url, *chunk)
            )
        )
    return found
