"""Runs the stages over batches of articles: the one place that orders them."""
from __future__ import annotations

import gc
import os
import sqlite3
import time
from dataclasses import dataclass, field, replace
from datetime import date
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from wirewatch.clean.article import warm_up
from wirewatch.clean.repeated import repeated_lines_to_remove
from wirewatch.clean.workers import Cleaner, CleaningJob
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
    extract: dict | None = None

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
            **({"extract": self.extract} if self.extract is not None else {}),
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
    extract: bool = False,
) -> IngestSummary:
    """Read, clean and store every article under ``paths``; one transaction per batch.

    A killed ingest leaves only whole batches behind; running it again stores the rest and
    counts what was already stored as duplicates (new sightings), so nothing is lost or doubled.
    workers: processes for cleaning (default: one per core, at most 4; 1 cleans in this process).
    on_file: called with each input file's name once it has been read.
    stories: group each batch's new articles into stories (and mark copies and rewrites)
        right after the batch is stored; `embedder` replaces the default embedding model.
    extract: then extract actors, events, quotes and quantities of each batch's new articles
        and merge the events of the stories they joined.
    """
    return ingest_documents(
        conn, _documents(paths, max_bytes, stdin, on_file), inputs=paths, outlet=outlet, batch_size=batch_size,
        workers=workers, today=today, stories=stories, embedder=embedder, extract=extract,
    )


def ingest_documents(
    conn: sqlite3.Connection,
    documents: Iterable[RawDocument | Skip | None],
    *,
    inputs: Sequence[str] = (),
    outlet: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    workers: int | None = None,
    today: date | None = None,
    stories: bool = False,
    embedder=None,
    extract: bool = False,
    on_batch: Callable[[list[RawDocument], list[Skip], IngestSummary], None] | None = None,
) -> IngestSummary:
    """Clean and store documents as they come (a reader's, or pages fetched by ``follow``); one transaction per batch.

    documents: raw documents and skips; a ``None`` ends the current batch early and stores it
        (with the one before) at once: a stream that pauses yields one so that what it has is not
        left waiting for the next batch to fill.
    inputs: what the run record names as its inputs (paths, feed URLs).
    on_batch: called after each batch is committed with its documents, all its skips (cleaning's
        too) and the summary so far; the batch's stories and events follow it.
    The other arguments are ``ingest``'s.
    """
    started = time.perf_counter()
    summary = IngestSummary(run_id=runs.start_run(conn, inputs))
    warm_up()  # before any worker is forked from this process, so that each starts with it
    workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
    cleaner = Cleaner(workers, _POOL_MIN_BATCH, outlet=outlet, today=today)
    story_stage = None
    if stories:
        from wirewatch.cluster.stage import StoriesSummary, StoryStage  # torch is loaded only when grouping

        story_stage, story_summary = StoryStage(conn, embedder), StoriesSummary()
    extract_stage = None
    if extract:
        from wirewatch.extract.stage import ExtractStage, ExtractSummary  # spaCy is loaded only when extracting

        extract_stage, extract_summary = ExtractStage(conn, processes=workers), ExtractSummary()

    def run_extract(ids: Sequence[str] | None) -> None:
        extract_summary.add(extract_stage.process(ids))
        summary.extract = extract_summary.as_dict()

    def store(batch: list[RawDocument], skips: list[Skip], job: CleaningJob) -> None:
        try:
            new_ids, all_skips = _store_batch(conn, summary, batch, job, skips)
        finally:
            job.close()
        if on_batch is not None:
            on_batch(batch, all_skips, summary)
        if story_stage is not None and new_ids:
            story_summary.add(story_stage.process(new_ids))
            summary.stories = story_summary.as_dict()
        if extract_stage is not None and new_ids:
            run_extract(new_ids)

    frozen = _freeze_heap()
    try:
        pending = None
        for batch, skips, flush in _batches(documents, batch_size):
            # The workers clean this batch while the previous one is stored.
            job = cleaner.clean(batch) if batch or skips else None
            if pending is not None:
                store(*pending)
                pending = None
            if job is not None:
                pending = (batch, skips, job)
            if flush and pending is not None:
                store(*pending)
                pending = None
        if pending is not None:
            store(*pending)
        if story_stage is not None:
            # Articles stored but not grouped: by an ingest killed between the two steps,
            # or one run with stories off.
            story_summary.add(story_stage.process())
            summary.stories = story_summary.as_dict()
        if extract_stage is not None:
            run_extract(None)  # likewise: stored but not extracted
    finally:
        cleaner.shutdown()
        if extract_stage is not None:
            extract_stage.close()
        if frozen:
            gc.unfreeze()
        runs.finish_run(conn, summary.run_id)
        summary.seconds = time.perf_counter() - started
    return summary


def _freeze_heap() -> bool:
    """Leave the objects that exist now (modules, models) out of garbage collection; True if done.

    An ingest allocates many short-lived objects (lines, results); each full collection would
    otherwise walk the whole long-lived heap again. Forked workers also share those pages
    untouched. ``gc.unfreeze()`` undoes it; a caller's own freeze is left alone.
    """
    if gc.get_freeze_count():
        return False
    gc.freeze()
    return True


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
    documents: Iterable[RawDocument | Skip | None], size: int
) -> Iterator[tuple[list[RawDocument], list[Skip], bool]]:
    """Batches of at most ``size`` documents (or skips), each with whether a ``None`` ended it."""
    batch: list[RawDocument] = []
    skips: list[Skip] = []
    for document in documents:
        if document is None:
            yield batch, skips, True
            batch, skips = [], []
            continue
        if isinstance(document, Skip):
            skips.append(document)
        else:
            batch.append(document)
        if len(batch) >= size or len(skips) >= size:
            yield batch, skips, False
            batch, skips = [], []
    if batch or skips:
        yield batch, skips, False


def _store_batch(
    conn: sqlite3.Connection,
    summary: IngestSummary,
    raws: list[RawDocument],
    job: CleaningJob,
    skips: list[Skip],
) -> tuple[list[str], list[Skip]]:
    """Store one batch in one transaction; returns the ids of the articles it added and all its skips."""
    prepared = job.results()
    skips = skips + [p.result for p in prepared if isinstance(p.result, Skip)]
    kept = [p for p in prepared if isinstance(p.result, Article)]
    positions = [i for i, p in enumerate(prepared) if isinstance(p.result, Article)]
    articles = [p.result for p in kept]
    conn.execute("BEGIN IMMEDIATE")
    try:
        known = article_store.existing_ids(conn, (art.id for art in articles))
        line_keys = {p.result.id: p.line_keys for p in kept if p.line_keys is not None and p.result.id not in known}
        requests = repeated_lines_to_remove(conn, articles, line_keys, [p.open_keys for p in kept])
        recleaned = job.reclean({positions[i]: keys for i, keys in requests.items()})
        removals = {}
        for i in requests:
            cleaned = recleaned[positions[i]]
            removals[articles[i].id] = replace(articles[i], body=cleaned.body, removed=cleaned.removed)
        articles = [removals.get(art.id, art) for art in articles]
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
    return result.new, skips
