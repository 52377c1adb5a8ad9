"""Cleaning a batch of documents, in this process or in worker processes, in two rounds.

Round one cleans every document (``prepare_for_store``), in worker processes when there
are enough documents. Once the batch's line keys are counted, round two removes the
outlet's repeated lines from the texts that hold them (``CleaningJob.reclean``). Round one
sends each text's line analysis back with it, so round two costs only the article-block
search, not a second judging of every line.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Iterable, Sequence

from wirewatch.clean.article import prepare_document, warm_up
from wirewatch.clean.repeated import outlet_line_keys
from wirewatch.clean.text import TextAnalysis, finish_text
from wirewatch.model import Article, CleanedText, RawDocument, Skip

# Documents per task sent to a worker: enough to make a task worth its round trip.
CHUNK = 8

Outcome = tuple["Prepared", "TextAnalysis | None"]


@dataclass(frozen=True)
class Prepared:
    """What round one yields for a document.

    line_keys: for a text article, the keys of its short lines (counted per outlet).
    open_keys: for a text article, the keys of the lines no cue judged: only those can be
        removed as repeated in round two.
    """

    result: Article | Skip
    line_keys: frozenset[str] | None = None
    open_keys: frozenset[str] | None = None


def prepare_for_store(raw: RawDocument, *, outlet: str | None, today: date | None) -> Outcome:
    """Clean one document and collect its line keys: all of round one for it."""
    cleaned = prepare_document(raw, outlet=outlet, today=today)
    analysis = cleaned.analysis
    if raw.kind != "text" or not isinstance(cleaned.result, Article) or analysis is None:
        return Prepared(cleaned.result), None
    open_keys = analysis.open_keys()
    return Prepared(cleaned.result, frozenset(outlet_line_keys(raw, analysis)), open_keys), analysis


class CleaningJob:
    """One batch being cleaned: round one's results (as they come), then round two on request."""

    def __init__(self, outcomes: Iterable[Outcome]):
        self._outcomes = outcomes
        self._results: list[Prepared] | None = None
        self._analyses: dict[int, TextAnalysis] = {}

    def results(self) -> list[Prepared]:
        """Round one's results, in the batch's order (waits for them)."""
        if self._results is None:
            self._results = []
            for position, (prepared, analysis) in enumerate(self._outcomes):
                if analysis is not None:
                    self._analyses[position] = analysis
                self._results.append(prepared)
        return self._results

    def reclean(self, requests: dict[int, frozenset[str]]) -> dict[int, CleanedText]:
        """Round two: for each document position, its text cleaned again without these repeated lines."""
        self.results()
        return {i: finish_text(self._analyses[i], repeated_lines=keys) for i, keys in requests.items()}

    def close(self) -> None:
        """Let go of the batch's analyses."""
        self._analyses.clear()


class Cleaner:
    """Starts round one for each batch: in this process, or in worker processes from the first
    batch of at least ``min_pool_batch`` documents on (worker start-up costs more on fewer).

    The workers start once and serve every batch; each loads the cue tables and the language
    model once (forked workers find them loaded already, see ``warm_up``).
    """

    def __init__(self, workers: int, min_pool_batch: int, *, outlet: str | None, today: date | None):
        self._workers, self._min_pool_batch = workers, min_pool_batch
        self._prepare = partial(prepare_for_store, outlet=outlet, today=today)
        self._pool: ProcessPoolExecutor | None = None

    def clean(self, raws: Sequence[RawDocument]) -> CleaningJob:
        """Start round one for a batch; with workers, it runs while the caller does other work."""
        if self._pool is None and self._workers > 1 and len(raws) >= self._min_pool_batch:
            self._pool = ProcessPoolExecutor(max_workers=self._workers, initializer=warm_up)
        if self._pool is None:
            return CleaningJob(map(self._prepare, raws))
        return CleaningJob(self._pool.map(self._prepare, raws, chunksize=CHUNK))

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
