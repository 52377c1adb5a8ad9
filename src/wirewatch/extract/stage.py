"""The extract stage: analyse articles, store what each says, and merge events per story.

`ExtractStage.process(ids)` extracts the given articles (default: every article not yet
extracted by this stage version) in batches, one transaction per batch, so a killed run
leaves whole articles behind and a re-run does the rest. Each article's claims are stored
too (store/claims.py; re-extraction replaces them), so compare need not parse it again, and
for an article that joined a story, so are the vectors of its claims that are aligned by
meaning (``claim_vectors``, written in a short transaction of their own after the batch's): the
first comparison of a story embeds only its first report's claims, and a 50-article story
compares in about 0.1 s instead of about 2 s (``python -m benchmarks.compare``). After each
batch the events of every story the batch touched are merged again from all of that story's
articles (extract/merge.py), so a story's events stay one per happening as articles arrive.
"""
from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from wirewatch.extract.merge import ArticleInfo, merge_story_events
from wirewatch.extract.workers import ExtractPool
from wirewatch.store import claims as claim_store
from wirewatch.store import events as event_store
from wirewatch.store.articles import articles_by_ids
from wirewatch.store.stories import joined_articles, resolve_story_id, story_of

# Articles extracted by another version are extracted again by the next ingest or reprocess.
# extract-2: a quote's speaker is the one whose verb of saying governs it, and a title's named
# apposition ("the spokesperson, Mira Castell, said"). extract-3: a US state's name is the state,
# not a small town of that name abroad, a facility is not a city by a translated name, and a
# number that names something ("Flight 370", "H.R. 8") counts nothing.
STAGE_VERSION = "extract-3"
log = logging.getLogger(__name__)
BATCH = 64


@dataclass
class ExtractSummary:
    articles: int = 0
    sentence_events: int = 0
    quotes: int = 0
    stories: set[str] = field(default_factory=set)
    events: int = 0
    claim_vectors: int = 0

    def add(self, other: "ExtractSummary") -> None:
        """Fold another run's counts into this one; ``events`` is the store's total after it."""
        for name in ("articles", "sentence_events", "quotes", "claim_vectors"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.stories |= other.stories
        self.events = other.events

    def as_dict(self) -> dict:
        return {"articles": self.articles, "sentence_events": self.sentence_events, "quotes": self.quotes,
                "stories": len(self.stories), "events": self.events, "claim_vectors": self.claim_vectors}


def _day(value) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _article_rows(conn: sqlite3.Connection, ids: Sequence[str]) -> list[sqlite3.Row]:
    return articles_by_ids(conn, ids, ("id", "body", "published", "outlet", "url"))


def _story_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, str | None]:
    """Each article's story, through merges (None: in no story)."""
    found = {article_id: story_of(conn, article_id) for article_id in article_ids}
    return {article_id: resolve_story_id(conn, story) if story else None for article_id, story in found.items()}


def merge_events_of_story(conn: sqlite3.Connection, story_id: str | None, article_ids: Sequence[str] = ()) -> int:
    """Merge again the events of a story from all its articles (or, story None, of these articles
    on their own); returns how many events it has. Runs inside the caller's transaction."""
    if story_id is not None:
        article_ids = [r["article_id"] for r in conn.execute(
            "SELECT sa.article_id FROM story_articles sa JOIN stories s ON s.id = sa.story_id"
            " WHERE sa.story_id = ? OR s.merged_into = ?", (story_id, story_id))]
    infos = {r["id"]: ArticleInfo(r["body"] or "", r["outlet"], r["url"], _day(r["published"]))
             for r in _article_rows(conn, list(article_ids))}
    merged = merge_story_events(story_id, event_store.sentence_events_of(conn, list(infos)), infos)
    if story_id is None and infos:
        # Loose articles' earlier events may have other ids now: drop every story-less event they mention.
        ids = list(infos)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            conn.execute(
                "DELETE FROM events WHERE story_id IS NULL AND id IN (SELECT event_id FROM event_mentions"
                f" WHERE article_id IN ({','.join('?' * len(chunk))}))", chunk)
    event_store.replace_story_events(conn, story_id, merged)
    return len(merged)


def remerge_all_events(conn: sqlite3.Connection) -> int:
    """Merge every extracted article's events again under its current story (after the stories
    were regrouped); returns how many events there are. One transaction."""
    with conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM events")
        extracted = [r["article_id"] for r in conn.execute("SELECT article_id FROM extractions")]
        stories = _story_of(conn, extracted)
        for story_id in sorted({s for s in stories.values() if s}):
            merge_events_of_story(conn, story_id)
        loose = [a for a, s in stories.items() if s is None]
        if loose:
            merge_events_of_story(conn, None, loose)
    return conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]


class ExtractStage:
    """Extraction over one store; see the module docstring. `processes`: extraction workers
    (default: one per core, at most 4; 1 extracts in this process). close() stops them.

    comparer: whose embedder and vector cache make the claim vectors (default: the process's
        ``default_comparer()``, so that a comparison in the same process finds them cached);
        ``embed_claims=False`` stores claims without vectors (compare then embeds them).
    """

    def __init__(self, conn: sqlite3.Connection, batch_size: int = BATCH, processes: int | None = None,
                 comparer=None, embed_claims: bool = True):
        self.conn = conn
        self.batch_size = batch_size
        self.pool = ExtractPool(processes if processes is not None else min(os.cpu_count() or 1, 4))
        self.embed_claims = embed_claims
        self._comparer = comparer

    def _store_claim_vectors(self, found) -> int:
        """Embed and store the claim vectors of the articles that joined a story (not those that
        started one: most stay alone and are never compared; a comparison embeds the first
        report's claims itself). Returns how many were embedded."""
        from wirewatch.compare.align import alignable
        from wirewatch.compare.story import default_comparer

        joined = joined_articles(self.conn, [e.article_id for e in found])
        comparer = self._comparer or default_comparer()
        return comparer.store_vectors(self.conn, [c.text for e in found if e.article_id in joined
                                                  for c in e.claims if alignable(c)])

    def close(self) -> None:
        self.pool.close()

    def process(self, article_ids: Sequence[str] | None = None,
                progress: Callable[[int], None] | None = None) -> ExtractSummary:
        todo = event_store.articles_to_extract(self.conn, STAGE_VERSION)
        if article_ids is not None:
            wanted = set(article_ids)
            todo = [a for a in todo if a in wanted]
        summary = ExtractSummary()
        for start in range(0, len(todo), self.batch_size):
            rows = _article_rows(self.conn, todo[start : start + self.batch_size])
            days = {r["id"]: _day(r["published"]) for r in rows}
            found = self.pool.extract([(r["id"], r["body"] or "", days[r["id"]]) for r in rows])
            with self.conn:
                self.conn.execute("BEGIN IMMEDIATE")
                for extraction in found:
                    event_store.save_article_extraction(
                        self.conn, extraction.article_id, STAGE_VERSION,
                        actors=[(m.start, m.end, m.text, m.actor) for m in extraction.actors],
                        events=extraction.events, quotes=extraction.quotes, quantities=extraction.quantities)
                    claim_store.save_claims(self.conn, extraction.article_id, extraction.claims,
                                            days[extraction.article_id])
                    summary.sentence_events += len(extraction.events)
                    summary.quotes += len(extraction.quotes)
                stories = _story_of(self.conn, [r["id"] for r in rows])
                for story_id in sorted({s for s in stories.values() if s}):
                    merge_events_of_story(self.conn, story_id)
                    summary.stories.add(story_id)
                loose = [a for a, s in stories.items() if s is None]
                if loose:
                    merge_events_of_story(self.conn, None, loose)
            if self.embed_claims:
                try:
                    summary.claim_vectors += self._store_claim_vectors(found)
                except Exception as exc:  # an aid to compare, never a reason to stop an ingest
                    log.warning("claim vectors of %d articles not stored (%s: %s); compare will embed them",
                                len(found), type(exc).__name__, exc)
            summary.articles += len(rows)
            if progress:
                progress(len(rows))
        summary.events = self.conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        return summary


def reprocess_extract(conn: sqlite3.Connection, progress: Callable[[int], None] | None = None) -> ExtractSummary:
    """Extract every article again (after a dictionary or model change)."""
    with conn:
        conn.execute("DELETE FROM extractions")
    stage = ExtractStage(conn)
    try:
        return stage.process(None, progress)
    finally:
        stage.close()
