"""Replaying a dated archive through the monitor, one simulated day at a time.

Every document under the given folders is read with the project's readers and dated as the
clean stage dates it (its own field, the HTML metadata, a date in the text or the file name),
so the order is the one the store will record. Day by day, oldest first, the day's documents are
ingested with stories and extraction on, then the watch rules are evaluated with ``as_of`` set to
that day, and the alerts that fire are handed to the caller as they come. Documents the clean
stage cannot date are ingested after the last dated day, with no evaluation of their own (their
events count only where the extract stage dates them, and their mentions can add outlets to
events already stored).

Each day's raw documents go to ``pipeline.ingest_documents`` as they were read, so the articles,
their sources and their date provenance are exactly what an ``ingest`` of the same files stores.
"""
from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from wirewatch import pipeline
from wirewatch.clean.article import clean_document
from wirewatch.ingest.readers import read_documents
from wirewatch.model import RawDocument, Skip
from wirewatch.monitor.watch import WatchConfig, evaluate_rules


@dataclass
class ReplayDay:
    """What one simulated day did: documents fed, articles new, events stored, alerts raised."""

    day: date | None
    documents: int
    ingested: int
    events: int
    alerts: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"day": self.day.isoformat() if self.day else None, "documents": self.documents,
                "ingested": self.ingested, "events": self.events, "alerts": self.alerts}


def dated_documents(paths: Sequence[str]) -> tuple[list[tuple[date | None, RawDocument]], list[Skip]]:
    """Every document under ``paths`` with the publication date cleaning gives it, oldest first.

    Documents cleaning rejects are left out here too (the ingest would skip them).
    """
    found, skips = [], []
    for position, item in enumerate(read_documents(list(paths))):
        if isinstance(item, Skip):
            skips.append(item)
            continue
        cleaned = clean_document(item)
        if isinstance(cleaned, Skip):
            skips.append(cleaned)
            continue
        found.append((cleaned.published, position, item))
    found.sort(key=lambda entry: (entry[0] is None, entry[0] or date.min, entry[1]))
    return [(day, raw) for day, _, raw in found], skips


def group_by_day(documents: Sequence[tuple[date | None, RawDocument]]) -> list[tuple[date | None, list[RawDocument]]]:
    """Consecutive runs of the same day (the input is sorted), undated last."""
    groups: list[tuple[date | None, list[RawDocument]]] = []
    for day, raw in documents:
        if groups and groups[-1][0] == day:
            groups[-1][1].append(raw)
        else:
            groups.append((day, [raw]))
    return groups


def _ingest_day(conn: sqlite3.Connection, day: date | None, documents: list[RawDocument],
                **options) -> pipeline.IngestSummary:
    label = f"replay:{day.isoformat() if day else 'undated'}"
    return pipeline.ingest_documents(conn, documents, inputs=[label], **options)


def replay(conn: sqlite3.Connection, paths: Sequence[str], *, speed: float = 0.0, embedder=None,
           workers: int = 1, config: WatchConfig = WatchConfig(), deliver: bool = True,
           sleep: Callable[[float], None] = time.sleep) -> Iterator[ReplayDay]:
    """Feed the archive under ``paths`` through ingest, stories, extract and the watch rules, day by day.

    Yields one ``ReplayDay`` per simulated day, with the alerts that fired on it.
    speed: simulated days per second (0: as fast as possible).
    embedder: the stories stage's embedding model (default: the project's), loaded once for all days.
    workers: cleaning and extraction processes per day (1: in this process, models loaded once).
    """
    documents, _ = dated_documents(paths)
    if embedder is None:
        from wirewatch.cluster.embed import Embedder  # torch is loaded only when replaying

        embedder = Embedder()
    for day, group in group_by_day(documents):
        summary = _ingest_day(conn, day, group, stories=True, extract=True, embedder=embedder, workers=workers)
        alerts = evaluate_rules(conn, day, config=config, deliver=deliver) if day is not None else []
        events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        yield ReplayDay(day, len(group), summary.ingested, events, alerts)
        if speed > 0:
            sleep(1.0 / speed)

