"""Extraction in worker processes: spaCy's parse is the cost, and it is per article, so two
cores extract about twice as fast as one.

`ExtractPool(processes).extract(items)` returns the `ArticleExtraction` of each
(article id, clean body, publication date), in order. Workers are started once, on first use,
from a fork server (a clean process, whatever the caller has loaded: torch, open stores), and
each loads the spaCy pipeline once. Small batches are extracted in this process instead:
below `MIN_PARALLEL` articles a pool would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from datetime import date

from wirewatch.extract.article import ArticleExtraction, extract_article
from wirewatch.extract.nlp import MAX_CHARS, english

MIN_PARALLEL = 16
Item = tuple[str, str, "date | None"]


def _warm() -> None:
    english()


def _extract_chunk(chunk: Sequence[Item]) -> list[ArticleExtraction]:
    docs = english().pipe((text[:MAX_CHARS] for _, text, _ in chunk), batch_size=32)
    return [extract_article(doc, article_id, day) for doc, (article_id, _, day) in zip(docs, chunk)]


class ExtractPool:
    """A pool of extraction processes (none when `processes` is 1); close() when done."""

    def __init__(self, processes: int = 1):
        self.processes = max(1, processes)
        self._pool = None

    def extract(self, items: Sequence[Item]) -> list[ArticleExtraction]:
        items = list(items)
        if self.processes == 1 or len(items) < MIN_PARALLEL:
            return _extract_chunk(items)
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            self._pool = context.Pool(self.processes, initializer=_warm)
        # Small contiguous chunks keep both workers busy when article lengths differ.
        size = max(1, len(items) // (self.processes * 4))
        chunks = [items[i : i + size] for i in range(0, len(items), size)]
        return [found for part in self._pool.map(_extract_chunk, chunks) for found in part]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> "ExtractPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def extract_texts(items: Sequence[Item], processes: int = 1) -> list[ArticleExtraction]:
    """One-off extraction of `items` (a pool is started and closed for the call)."""
    with ExtractPool(processes) as pool:
        return pool.extract(items)
