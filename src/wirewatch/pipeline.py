"""Runs the stages over batches of articles: the one place that orders them."""
from __future__ import annotations

import os
import sqlite3
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from wirewatch.clean.article import clean_document
from wirewatch.clean.repeated import outlet_line_keys, repeated_line_removals
from wirewatch.ingest.readers import read_input
from wirewatch.ingest.sources import DEFAULT_MAX_BYTES, InputFile, iter_input_files
from wirewatch.model import Article, RawDocument, Skip
from wirewatch.store import articles as article_store
from wirewatch.store import runs

DEFAULT_BATCH = 200
# Below this many documents in a batch, starting worker processes costs more than it saves.
_POOL_MIN_BATCH = 48


@dataclass
class IngestSummary:
    run_id: int
    ingested: int = 0
    duplicates: int = 0
    skipped: list[Skip] = field(default_factory=list)
    documents: int = 0
    seconds: float = 0.0
    stories: dict | None = None

    def as_dict(self) -> dict:
        return {
            "run": self.run_id,
            "documents": self.documents,
            "ingested": self.ingested,
            "duplicates": self.duplicates,
            "skipped": len(self.skipped),
            "skips": [{"source": s.source, "reason": s.reason} for s in self.skipped],
            "seconds": round(self.seconds, 3),
            **({"stories": self.stories} if self.stories is not None else {}),
        }


def count_input_files(paths: Sequence[str]) -> int:
    """How many files an ingest of ``paths`` will open (for a progress bar)."""
    return sum(1 for item in iter_input_files([p for p in paths if p != "-"]) if isinstance(item, InputFile)) + (
        1 if "-" in paths else 0
    )


def ingest(
    conn: sqlite3.Connection,
    paths: Sequence[str],
    *,
    outlet: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    workers: int | None = None,
    stdin: BinaryIO | None = None,
    today: date | None = None,
    on_file: Callable[[str], None] | None = None,
    stories: bool = False,
    embedder=None,
) -> IngestSummary:
    """Read, clean and store every article under ``paths``; one transaction per batch.

    A killed ingest leaves only whole batches behind; running it again stores the rest and
    counts what was already stored as duplicates (new sightings), so nothing is lost or doubled.
    workers: processes for cleaning (default: one per core, at most 4; 1 cleans in this process).
    on_file: called with each input file's name once it has been read.
    stories: group each batch's new articles into stories (and mark copies and rewrites)
        right after the batch is stored; `embedder` replaces the default embedding model.
    """
    started = time.perf_counter()
    summary = IngestSummary(run_id=runs.start_run(conn, paths))
    clean = partial(clean_document, outlet=outlet, today=today)
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    pool: Executor | None = None
    story_stage = None
    if stories:
        from wirewatch.cluster.stage import StoriesSummary, StoryStage  # torch is loaded only when grouping

        story_stage, story_summary = StoryStage(conn, embedder), StoriesSummary()
    try:
        for batch, skips in _batches(_documents(paths, max_bytes, stdin, on_file), batch_size):
            if pool is None and workers > 1 and len(batch) >= _POOL_MIN_BATCH:
                pool = ProcessPoolExecutor(max_workers=workers)
            results = list(pool.map(clean, batch, chunksize=8) if pool else map(clean, batch))
            new_ids = _store_batch(conn, summary, batch, results, skips)
            if story_stage is not None and new_ids:
                story_summary.add(story_stage.process(new_ids))
                summary.stories = story_summary.as_dict()
        if story_stage is not None:
            # Articles stored but not grouped: by an ingest killed between the two steps,
            # or one run with stories off.
            story_summary.add(story_stage.process())
            summary.stories = story_summary.as_dict()
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        runs.finish_run(conn, summary.run_id)
        summary.seconds = time.perf_counter() - started
    return summary


def _documents(
    paths: Sequence[str], max_bytes: int, stdin: BinaryIO | None, on_file: Callable[[str], None] | None
) -> Iterator[RawDocument | Skip]:
    for item in iter_input_files(paths, stdin=stdin):
        if isinstance(item, Skip):
            yield item
            continue
        yield from read_input(item, max_bytes=max_bytes)
        if on_file:
            on_file(item.source)


def _batches(
    documents: Iterable[RawDocument | Skip], size: int
) -> Iterator[tuple[list[RawDocument], list[Skip]]]:
    batch: list[RawDocument] = []
    skips: list[Skip] = []
    for document in documents:
        if isinstance(document, Skip):
            skips.append(document)
        else:
            batch.append(document)
        if len(batch) >= size or len(skips) >= size:
            yield batch, skips
            batch, skips = [], []
    if batch or skips:
        yield batch, skips


def _store_batch(
    conn: sqlite3.Connection,
    summary: IngestSummary,
    raws: list[RawDocument],
    results: list[Article | Skip],
    skips: list[Skip],
) -> list[str]:
    """Store one batch in one transaction; returns the ids of the articles it added."""
    skips = skips + [r for r in results if isinstance(r, Skip)]
    pairs = [(raw, art) for raw, art in zip(raws, results) if isinstance(art, Article)]
    conn.execute("BEGIN IMMEDIATE")
    try:
        known = article_store.existing_ids(conn, (art.id for _, art in pairs))
        line_keys = {art.id: outlet_line_keys(raw) for raw, art in pairs if art.id not in known and raw.kind == "text"}
        removals = repeated_line_removals(conn, pairs, line_keys)
        articles = [removals.get(art.id, art) for _, art in pairs]
        result = article_store.save_articles(conn, articles, line_keys=line_keys)
        runs.record_progress(
            conn, summary.run_id, ingested=len(result.new), duplicates=len(result.duplicates), skips=skips
        )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    summary.documents += len(raws)
    summary.ingested += len(result.new)
    summary.duplicates += len(result.duplicates)
    summary.skipped.extend(skips)
    return result.new
