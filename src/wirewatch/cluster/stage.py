"""The stories stage over the store: embed, sketch, assign, relate; one transaction per batch.

The in-memory index is rebuilt from the store for the time window when the stage starts,
so an ingest that was killed, or run later on new files, continues the same stories.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from wirewatch.cluster import copies, embed
from wirewatch.cluster.assign import Assignment, StoryConfig, StoryIndex
from wirewatch.cluster.relations import relate_story
from wirewatch.model import StoryDoc
from wirewatch.store import stories as store
from wirewatch.store.articles import articles_by_ids

STAGE_VERSION = f"stories-1/{embed.MODEL_NAME}"
# Most articles read back to rebuild the index; beyond this the oldest of the window are left out.
MAX_WINDOW_ARTICLES = 200_000
BATCH = 64


@dataclass
class StoriesSummary:
    articles: int = 0
    new_stories: int = 0
    joined: int = 0
    merged: int = 0
    story_ids: set[str] = field(default_factory=set)
    # story id → (copies, rewrites) as last worked out
    relations: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def copies(self) -> int:
        return sum(c for c, _ in self.relations.values())

    @property
    def rewrites(self) -> int:
        return sum(r for _, r in self.relations.values())

    def add(self, other: "StoriesSummary") -> None:
        """Fold another run's counts into this one."""
        for name in ("articles", "new_stories", "joined", "merged"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.story_ids |= other.story_ids
        self.relations.update(other.relations)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "new_stories": self.new_stories, "joined": self.joined,
                "merged": self.merged, "copies": self.copies, "rewrites": self.rewrites,
                "stories_touched": len(self.story_ids)}


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _doc(row) -> StoryDoc:
    return StoryDoc(row["id"], row["title"] or "", row["body"], _day(row["published"]), row["outlet"])


class StoryStage:
    """Assigns stored articles to stories, online, in publication then arrival order."""

    def __init__(self, conn: sqlite3.Connection, embedder: embed.Embedder | None = None,
                 config: StoryConfig = StoryConfig()):
        self.conn = conn
        self.embedder = embedder or embed.Embedder()
        self.config = config
        self.index: StoryIndex | None = None
        self.copies = copies.CopyIndex()

    def _load_window(self, earliest: date | None) -> StoryIndex:
        index = StoryIndex(self.embedder.dimensions, self.config)
        since = earliest - timedelta(days=self.config.retention_days) if earliest else None
        rows = store.window_articles(self.conn, since, MAX_WINDOW_ARTICLES)
        missing = [r for r in rows if r["vector"] is None]
        fresh = dict(zip((r["id"] for r in missing), self.embedder.embed_docs([_doc(r) for r in missing])))
        ordered = sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["seq"]))
        index.remember_many((_doc(row), fresh[row["id"]] if row["id"] in fresh else embed.from_blob(row["vector"]),
                             row["story_id"]) for row in ordered)
        for row in ordered:
            if row["minhash"] is not None:
                self.copies.add(row["id"], copies.from_blob(row["minhash"]))
        return index

    def process(self, article_ids: Sequence[str] | None = None,
                progress: Callable[[int], None] | None = None) -> StoriesSummary:
        """Assign these articles (default: every article without a story); already assigned ones are skipped."""
        rows = self._rows(article_ids)
        summary = StoriesSummary()
        if not rows:
            return summary
        if self.index is None:
            self.index = self._load_window(_day(rows[0]["published"]))
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            docs = [_doc(r) for r in batch]
            vectors = self.embedder.embed_docs(docs)
            with self.conn:  # one transaction per batch (the connection is in autocommit mode)
                self.conn.execute("BEGIN IMMEDIATE")
                store.save_vectors(self.conn, self.embedder.name, ((d.id, embed.to_blob(v)) for d, v in zip(docs, vectors)))
                touched = {self._assign_one(doc, vector, summary).story_id for doc, vector in zip(docs, vectors)}
                for story_id in sorted({self.index.resolve(s) for s in touched}):
                    copies_found, rewrites_found = relate_story(self.conn, story_id)
                    summary.relations[story_id] = (copies_found, rewrites_found)
            if progress:
                progress(len(batch))
        return summary

    def _rows(self, article_ids: Sequence[str] | None) -> list[sqlite3.Row]:
        wanted = store.unassigned_article_ids(self.conn)
        if article_ids is not None:
            chosen = set(article_ids)
            wanted = [i for i in wanted if i in chosen]
        rows = articles_by_ids(self.conn, wanted, ("id", "title", "body", "published", "outlet", "seq"))
        return sorted(rows, key=lambda r: (r["published"] is None, r["published"] or "", r["seq"]))

    def _assign_one(self, doc: StoryDoc, vector, summary: StoriesSummary) -> Assignment:
        assignment = self.index.assign(doc, vector)
        if assignment.new_story:
            store.create_story(self.conn, assignment.story_id, doc.title or None, doc.published)
            summary.new_stories += 1
        else:
            summary.joined += 1
        store.add_to_story(self.conn, doc.id, assignment.story_id, assignment.score, doc.published, STAGE_VERSION)
        for gone in assignment.merged:
            store.merge_stories(self.conn, self.index.resolve(gone), gone)
            summary.relations.pop(gone, None)
            summary.merged += 1
        summary.articles += 1
        summary.story_ids.add(assignment.story_id)

        sketch = copies.signature(doc.body)
        store.save_sketches(self.conn, [(doc.id, copies.to_blob(sketch))])
        matches = self.copies.match(doc.id, sketch)
        self.copies.add(doc.id, sketch)
        if matches:
            store.save_relations(self.conn, [(m.article_id, m.other_id, "copy_of", m.jaccard) for m in matches[:1]])
        return assignment


def reprocess_stories(conn: sqlite3.Connection, embedder: embed.Embedder | None = None,
                      config: StoryConfig = StoryConfig(),
                      progress: Callable[[int], None] | None = None) -> StoriesSummary:
    """Forget every story and relation, then assign all articles again in publication order.

    Vectors are kept when they come from the same model. The old stories stay readable
    until the new assignment commits its first batch.
    """
    with conn:
        conn.execute("DELETE FROM article_relations")
        conn.execute("DELETE FROM story_articles")
        conn.execute("DELETE FROM stories")
        conn.execute("DELETE FROM article_sketches")
    return StoryStage(conn, embedder, config).process(None, progress)
