"""Copy and rewrite relations within a story, oriented by publication date, and its title.

Articles do not arrive in publication order (a backfill, a late feed), so relations are
worked out again for each story an ingest batch touched: in publication order (then arrival),
each article that is not a copy is compared with the earlier reports of other outlets, and is
marked a rewrite of the one whose specifics it carries most. Copies are found by MinHash LSH
as articles arrive; here a copy pair is turned round when the "copy" was published first.
"""
from __future__ import annotations

import sqlite3

from wirewatch.cluster.rewrites import compare_profiles, report_profile

# Most articles of one story compared pairwise (the earliest ones: the reports others rewrite).
MAX_MEMBERS = 200


def _same_outlet(a: str | None, b: str | None) -> bool:
    return bool(a and b and a.casefold() == b.casefold())


def relate_story(conn: sqlite3.Connection, story_id: str) -> tuple[int, int]:
    """Rewrite the story's copy and rewrite relations; returns (copies, rewrites)."""
    members = conn.execute(
        "SELECT a.id, a.title, a.body, a.outlet FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " WHERE s.story_id = ? ORDER BY a.published IS NULL, a.published, a.seq LIMIT ?",
        (story_id, MAX_MEMBERS)).fetchall()
    rank = {row["id"]: i for i, row in enumerate(members)}
    marks = ",".join("?" * len(rank))
    copies = []
    for article_id, other_id, score in conn.execute(
            f"SELECT article_id, other_id, score FROM article_relations WHERE relation = 'copy_of'"
            f" AND article_id IN ({marks}) AND other_id IN ({marks})", [*rank, *rank]):
        later, earlier = (article_id, other_id) if rank[article_id] > rank[other_id] else (other_id, article_id)
        copies.append((later, earlier, score))
    conn.execute(f"DELETE FROM article_relations WHERE article_id IN ({marks})"
                 f" AND (relation = 'rewrite_of' OR other_id IN ({marks}))", [*rank, *rank])
    conn.executemany("INSERT OR REPLACE INTO article_relations (article_id, other_id, relation, score)"
                     " VALUES (?, ?, 'copy_of', ?)", copies)
    copied = {later for later, _, _ in copies}
    profiles = [report_profile(row["body"]) for row in members]
    rewrites = []
    for i, row in enumerate(members):
        if row["id"] in copied:
            continue
        best = None
        for j in range(i):
            earlier = members[j]
            if earlier["id"] in copied or _same_outlet(earlier["outlet"], row["outlet"]):
                continue
            evidence = compare_profiles(profiles[i], profiles[j])
            if evidence.is_rewrite and (best is None or evidence.fact_containment > best[2]):
                best = (row["id"], earlier["id"], evidence.fact_containment)
        if best:
            rewrites.append(best)
    conn.executemany("INSERT OR REPLACE INTO article_relations (article_id, other_id, relation, score)"
                     " VALUES (?, ?, 'rewrite_of', ?)", rewrites)
    # The story is named after its first report: the earliest article that copies or rewrites none.
    derived = copied | {r[0] for r in rewrites}
    first = next((row for row in members if row["id"] not in derived and row["title"]), None)
    if first is not None:
        conn.execute("UPDATE stories SET title = ? WHERE id = ?", (first["title"], story_id))
    return len(copies), len(rewrites)
