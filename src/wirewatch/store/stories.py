"""Reading and writing stories, story membership, article vectors, sketches and relations."""
from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date

from wirewatch.errors import StoryNotFound
from wirewatch.store.articles import now_iso


def save_vectors(conn: sqlite3.Connection, model: str, rows: Iterable[tuple[str, bytes]]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO article_vectors (article_id, model, vector) VALUES (?, ?, ?)",
        ((article_id, model, blob) for article_id, blob in rows),
    )


def load_vectors(conn: sqlite3.Connection, model: str, ids: Sequence[str]) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(
            f"SELECT article_id, vector FROM article_vectors WHERE model = ? AND article_id IN ({marks})",
            [model, *chunk]))
    return found


def save_sketches(conn: sqlite3.Connection, rows: Iterable[tuple[str, bytes]]) -> None:
    conn.executemany("INSERT OR REPLACE INTO article_sketches (article_id, minhash) VALUES (?, ?)", rows)


def unassigned_article_ids(conn: sqlite3.Connection) -> list[str]:
    """Articles with no story yet, in publication then arrival order (undated last)."""
    return [row[0] for row in conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN story_articles s ON s.article_id = a.id"
        " WHERE s.article_id IS NULL ORDER BY a.published IS NULL, a.published, a.seq")]


def window_articles(conn: sqlite3.Connection, since: date | None, limit: int) -> list[sqlite3.Row]:
    """Assigned articles that the online index needs (at most the latest `limit` arrivals):
    those published since `since` or undated, or all when `since` is None. Each row: id, title,
    body, published, outlet, seq, story_id, vector, minhash; the caller orders them."""
    query = (
        "SELECT a.id, a.title, a.body, a.published, a.outlet, a.seq, s.story_id, v.vector, k.minhash"
        " FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " LEFT JOIN article_vectors v ON v.article_id = a.id"
        " LEFT JOIN article_sketches k ON k.article_id = a.id"
    )
    if since is not None:
        rows = conn.execute(query + " WHERE a.published >= ? OR a.published IS NULL ORDER BY a.seq DESC LIMIT ?",
                            (since.isoformat(), limit)).fetchall()
    else:
        rows = conn.execute(query + " ORDER BY a.seq DESC LIMIT ?", (limit,)).fetchall()
    return rows


def create_story(conn: sqlite3.Connection, story_id: str, title: str | None, published: date | None) -> None:
    stamp = now_iso()
    day = published.isoformat() if published else None
    conn.execute(
        "INSERT OR IGNORE INTO stories (id, title, first_published, last_published, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?)", (story_id, title, day, day, stamp, stamp))


def add_to_story(conn: sqlite3.Connection, article_id: str, story_id: str, score: float,
                 published: date | None, version: str) -> None:
    stamp = now_iso()
    conn.execute(
        "INSERT OR REPLACE INTO story_articles (article_id, story_id, score, assigned_at, version)"
        " VALUES (?, ?, ?, ?, ?)", (article_id, story_id, score, stamp, version))
    day = published.isoformat() if published else None
    conn.execute(
        "UPDATE stories SET updated_at = ?,"
        " first_published = CASE WHEN ? IS NULL THEN first_published"
        "   WHEN first_published IS NULL OR ? < first_published THEN ? ELSE first_published END,"
        " last_published = CASE WHEN ? IS NULL THEN last_published"
        "   WHEN last_published IS NULL OR ? > last_published THEN ? ELSE last_published END"
        " WHERE id = ?", (stamp, day, day, day, day, day, day, story_id))


def save_relations(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, str, float]]) -> None:
    """Rows of (article_id, other_id, relation, score): article_id is a copy or rewrite of other_id."""
    conn.executemany(
        "INSERT OR REPLACE INTO article_relations (article_id, other_id, relation, score) VALUES (?, ?, ?, ?)",
        rows)


def merge_stories(conn: sqlite3.Connection, keep: str, absorb: str) -> None:
    """Move `absorb`'s articles into `keep`; `absorb` stays as an alias of `keep`."""
    if keep == absorb:
        return
    conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (keep, absorb))
    conn.execute("UPDATE stories SET merged_into = ?, updated_at = ? WHERE id = ?", (keep, now_iso(), absorb))
    conn.execute("UPDATE stories SET merged_into = ? WHERE merged_into = ?", (keep, absorb))
    conn.execute(
        "UPDATE stories SET"
        " first_published = (SELECT MIN(a.published) FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?),"
        " last_published = (SELECT MAX(a.published) FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story_id = ?)"
        " WHERE id = ?", (keep, keep, keep))


def resolve_story_id(conn: sqlite3.Connection, story_id: str) -> str:
    """The live id for a story id or a unique prefix of one, following merges."""
    rows = conn.execute("SELECT id, merged_into FROM stories WHERE id = ? OR id LIKE ? LIMIT 3",
                        (story_id, story_id.replace("%", "").replace("_", r"\_") + "%")).fetchall()
    exact = [r for r in rows if r["id"] == story_id]
    if exact:
        rows = exact
    if not rows:
        raise StoryNotFound(f"no story with id {story_id!r}")
    if len(rows) > 1:
        raise StoryNotFound(f"story id prefix {story_id!r} is ambiguous; give more characters")
    current, merged_into = rows[0]["id"], rows[0]["merged_into"]
    seen = {current}
    while merged_into and merged_into not in seen:
        seen.add(merged_into)
        current = merged_into
        merged_into = conn.execute("SELECT merged_into FROM stories WHERE id = ?", (current,)).fetchone()[0]
    return current


def list_stories(conn: sqlite3.Connection, *, since: date | None = None, limit: int = 50,
                 offset: int = 0, min_articles: int = 1) -> list[dict]:
    """Live stories, most recently published first, with article and outlet counts."""
    rows = conn.execute(
        "SELECT st.id, st.title, st.first_published, st.last_published,"
        " COUNT(sa.article_id) AS articles, COUNT(DISTINCT COALESCE(a.outlet, a.id)) AS outlets,"
        " GROUP_CONCAT(DISTINCT a.outlet) AS outlet_names"
        " FROM stories st JOIN story_articles sa ON sa.story_id = st.id JOIN articles a ON a.id = sa.article_id"
        " WHERE st.merged_into IS NULL AND (? IS NULL OR st.last_published >= ?)"
        " GROUP BY st.id HAVING COUNT(sa.article_id) >= ?"
        " ORDER BY st.last_published IS NULL, st.last_published DESC, COUNT(sa.article_id) DESC, st.id"
        " LIMIT ? OFFSET ?",
        (since.isoformat() if since else None, since.isoformat() if since else None, min_articles, limit, offset),
    ).fetchall()
    result = []
    for row in rows:
        item = dict(row)
        names = item.pop("outlet_names")
        item["outlet_names"] = sorted(names.split(",")) if names else []
        result.append(item)
    return result


def get_story(conn: sqlite3.Connection, story_id: str) -> dict:
    """A story with its articles in publication order, their relations, and the first report."""
    live = resolve_story_id(conn, story_id)
    story = dict(conn.execute("SELECT id, title, first_published, last_published, created_at, updated_at"
                              " FROM stories WHERE id = ?", (live,)).fetchone())
    story["requested_id"] = story_id
    story["merged_ids"] = [r[0] for r in conn.execute("SELECT id FROM stories WHERE merged_into = ? ORDER BY id", (live,))]
    articles = [dict(r) for r in conn.execute(
        "SELECT a.id, a.title, a.outlet, a.url, a.published, a.seq, sa.score"
        " FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = ?"
        " ORDER BY a.published IS NULL, a.published, a.seq", (live,))]
    ids = [a["id"] for a in articles]
    marks = ",".join("?" * len(ids))
    relations = [dict(r) for r in conn.execute(
        f"SELECT article_id, other_id, relation, score FROM article_relations WHERE article_id IN ({marks})"
        " ORDER BY article_id, relation, score DESC", ids)] if ids else []
    by_article: dict[str, list[dict]] = {}
    for rel in relations:
        by_article.setdefault(rel["article_id"], []).append(
            {"relation": rel["relation"], "of": rel["other_id"], "score": round(rel["score"], 3)})
    for article in articles:
        article.pop("seq")
        article["relations"] = by_article.get(article["id"], [])
    story["articles"] = articles
    story["outlets"] = sorted({a["outlet"] for a in articles if a["outlet"]})
    originals = [a for a in articles if not a["relations"]]
    story["first_report"] = (originals or articles)[0]["id"] if articles else None
    return story


def story_of(conn: sqlite3.Connection, article_id: str) -> str | None:
    row = conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def joined_articles(conn: sqlite3.Connection, article_ids: Sequence[str]) -> set[str]:
    """Those of these articles that joined a story rather than started one (score below 1.0)."""
    ids = list(article_ids)
    if not ids:
        return set()
    return {row[0] for row in conn.execute(
        f"SELECT article_id FROM story_articles WHERE score < 1.0 AND article_id IN ({','.join('?' * len(ids))})", ids)}
