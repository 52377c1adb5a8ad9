"""Online story assignment: each arriving article joins the best candidate story or starts one.

Candidates come from approximate nearest-neighbour indexes (faiss HNSW over float16 codes) kept
per time bucket: one bucket per week of publication, or per block of arrivals for undated streams.
A query searches only the buckets inside the time window, and buckets that fall out of
retention are dropped, so the cost per article stays flat as the archive grows.

A candidate story is scored by a weighted mix of
- vector similarity: the mean of the cosine to the story's centroid and to its closest member;
- lexical similarity: cosine of idf-weighted terms of the article and of the story, which
  separates two happenings of one kind (two earthquakes, two summits) that embed alike;
and is ruled out when its articles are further apart in time than the window.
"""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from wirewatch.cluster.terms import TermStats, cosine, document_terms
from wirewatch.model import StoryDoc


@dataclass(frozen=True)
class StoryConfig:
    """Settings of story assignment; one fixed set is used for every evaluation set.

    join_threshold: the least combined score for an article to join a story.
    short_join_threshold: the same for a text of at most `short_terms` distinct terms (a bare
        headline); between `short_terms` and `long_terms` the threshold is interpolated.
        Short texts share fewer words and embed less sharply, so the same story scores lower.
    merge_threshold: when an article scores at least join_threshold with a second story too,
        the two stories merge if their own combined similarity reaches this.
    vector_weight: share of the vector similarity in the combined score (the rest is lexical).
    window_days: articles further apart than this in publication date are not one story.
    window_articles: for undated streams, how many recent arrivals the window holds.
    retention_days: buckets older than this behind the newest article are dropped.
    neighbours: nearest articles fetched per query, shared among the buckets searched by their
        size, with at least `min_neighbours` from each.
    search_effort: HNSW's efSearch for one query, shared among the buckets likewise (never below
        a bucket's share of neighbours).
    bucket_days: days of publication one index bucket holds. A dated query searches the buckets
        of its ±window_days: three weekly buckets rather than fifteen daily ones, which keeps the
        cost flat when a day holds tens of thousands of articles (``benchmarks.stories --scale``).
    """

    join_threshold: float = 0.5
    short_join_threshold: float = 0.3
    short_terms: int = 10
    long_terms: int = 40
    vector_weight: float = 0.7
    merge_threshold: float = 0.6
    window_days: int = 7
    window_articles: int = 5000
    retention_days: int = 30
    neighbours: int = 30
    min_neighbours: int = 10
    search_effort: int = 64
    bucket_days: int = 7


@dataclass(frozen=True)
class Assignment:
    """Where one article went. score: its combined score with that story (1.0 for a new story)."""

    article_id: str
    story_id: str
    score: float
    new_story: bool
    runner_up: tuple[str, float] | None = None
    merged: tuple[str, ...] = ()


@dataclass
class _Story:
    id: str
    vector_sum: np.ndarray
    counts: Counter = field(default_factory=Counter)
    size: int = 0
    first: date | None = None
    last: date | None = None

    # The story's terms as numbers and their 1 + ln(count), kept until its counts change.
    _terms: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False, compare=False)

    def add(self, vector: np.ndarray, counts: Counter, published: date | None) -> None:
        self.vector_sum += vector
        self.counts.update(counts)
        self._terms = None
        self.size += 1
        if published:
            self.first = min(self.first or published, published)
            self.last = max(self.last or published, published)

    def term_norm(self, stats: TermStats) -> float:
        """The length of the story's tf × idf vector under the current document frequencies."""
        if self._terms is None:
            present = [(t, c) for t, c in self.counts.items() if c > 0]
            self._terms = (stats.numbers(t for t, _ in present),
                           np.log(np.fromiter((c for _, c in present), dtype=np.float64, count=len(present))) + 1.0)
        return stats.norm(*self._terms)

    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum


class _Bucket:
    """An HNSW index over the vectors of one time bucket, with the story of each row.

    The index keeps each vector as float16 (faiss's scalar quantiser, no training needed): half
    the memory of float32, and the same story figures on every evaluation set. Searching a big
    bucket is bound by memory latency, so the smaller codes are faster there too
    (``benchmarks.stories --scale``).
    """

    def __init__(self, dimensions: int):
        import faiss

        self.index = faiss.IndexHNSWSQ(dimensions, faiss.ScalarQuantizer.QT_fp16, 32, faiss.METRIC_INNER_PRODUCT)
        self.params = faiss.SearchParametersHNSW()
        self.stories: list[str] = []

    def add(self, vector: np.ndarray, story_id: str) -> None:
        self.index.add(vector.reshape(1, -1))
        self.stories.append(story_id)

    def extend(self, vectors: np.ndarray, story_ids: list[str]) -> None:
        """Add many rows in one call (faiss builds the graph for them in parallel)."""
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        self.stories.extend(story_ids)

    def search(self, vector: np.ndarray, k: int, effort: int) -> list[tuple[str, float]]:
        """The story of each of the `k` nearest rows, with its cosine; `effort`: HNSW's efSearch."""
        if not self.stories:
            return []
        self.params.efSearch = max(effort, k)
        scores, rows = self.index.search(vector.reshape(1, -1), min(k, len(self.stories)), params=self.params)
        return [(self.stories[r], float(s)) for s, r in zip(scores[0], rows[0]) if r >= 0]


class StoryIndex:
    """The in-memory state of online assignment; the store adapter rebuilds it for the window.

    new_story_id: makes the id of a story from the id of the article that starts it.
    """

    def __init__(self, dimensions: int, config: StoryConfig = StoryConfig(), new_story_id=None):
        self.config = config
        self.dimensions = dimensions
        self.term_stats = TermStats()
        self.stories: dict[str, _Story] = {}
        self.buckets: dict[tuple, _Bucket] = {}
        self.arrivals = 0
        self.newest: date | None = None
        self.new_story_id = new_story_id or (lambda article_id: f"s-{article_id}")
        self.aliases: dict[str, str] = {}

    # --- state -------------------------------------------------------------------------

    def _bucket_key(self, published: date | None, arrival: int) -> tuple:
        if published is not None:
            return ("d", published.toordinal() // self.config.bucket_days)
        return ("n", arrival // self.config.window_articles)

    def _search_keys(self, published: date | None, arrival: int) -> list[tuple]:
        """Buckets a query searches: those of the window's days and of the recent undated arrivals.

        An undated article is compared with every day retained, since it may belong to any.
        """
        block, size = arrival // self.config.window_articles, self.config.bucket_days
        keys: list[tuple] = [("n", block - 1), ("n", block)]
        if published is not None:
            day, span = published.toordinal(), self.config.window_days
            keys += [("d", b) for b in range((day - span) // size, (day + span) // size + 1)]
        elif self.newest is not None:
            day = self.newest.toordinal()
            keys += [("d", b) for b in range((day - self.config.retention_days) // size, day // size + 1)]
        return keys

    def remember(self, doc: StoryDoc, vector: np.ndarray, story_id: str) -> None:
        """Add an already-assigned article (from the store) without scoring it."""
        counts = document_terms(doc)
        self.term_stats.add(counts)
        self._attach(doc, vector, counts, story_id)

    def remember_many(self, items: Iterable[tuple[StoryDoc, np.ndarray, str]]) -> int:
        """``remember`` for many already-assigned articles (rebuilding the window from the store):
        the same state, but each time bucket's vectors go to its index in one call, and old
        buckets and stories are evicted once, at the end. Returns how many were added."""
        pending: dict[tuple, tuple[list[np.ndarray], list[str]]] = {}
        for doc, vector, story_id in items:
            counts = document_terms(doc)
            self.term_stats.add(counts)
            key, _ = self._record(doc, vector, counts, story_id)
            rows, ids = pending.setdefault(key, ([], []))
            rows.append(vector)
            ids.append(story_id)
        for key, (rows, ids) in pending.items():
            self._bucket(key).extend(np.vstack(rows), ids)
        if self.newest is not None:
            self._evict()
        return sum(len(ids) for _, ids in pending.values())

    def _attach(self, doc: StoryDoc, vector: np.ndarray, counts: Counter, story_id: str) -> None:
        key, newer = self._record(doc, vector, counts, story_id)
        self._bucket(key).add(vector, story_id)
        if newer:
            self._evict()

    def _record(self, doc: StoryDoc, vector: np.ndarray, counts: Counter, story_id: str) -> tuple[tuple, bool]:
        """Add the article to its story and count its arrival; returns its bucket key and whether
        it is the newest article yet (which moves the retention horizon)."""
        story = self.stories.get(story_id)
        if story is None:
            story = self.stories[story_id] = _Story(story_id, np.zeros(self.dimensions, dtype=np.float32))
        story.add(vector, counts, doc.published)
        key = self._bucket_key(doc.published, self.arrivals)
        self.arrivals += 1
        newer = doc.published is not None and (self.newest is None or doc.published > self.newest)
        if newer:
            self.newest = doc.published
        return key, newer

    def _bucket(self, key: tuple) -> _Bucket:
        bucket = self.buckets.get(key)
        if bucket is None:
            bucket = self.buckets[key] = _Bucket(self.dimensions)
        return bucket

    def _evict(self) -> None:
        horizon = self.newest.toordinal() - self.config.retention_days
        size = self.config.bucket_days
        for key in [k for k in self.buckets if k[0] == "d" and (k[1] + 1) * size - 1 < horizon]:
            del self.buckets[key]
        for sid in [s.id for s in self.stories.values() if s.last and s.last.toordinal() < horizon]:
            del self.stories[sid]

    # --- scoring -----------------------------------------------------------------------

    def candidates(self, doc: StoryDoc, vector: np.ndarray) -> dict[str, float]:
        """Story id → the best cosine between the article and one of its members in the window.

        The query's search budget (``neighbours`` rows at HNSW effort ``search_effort``) is shared
        among the window's buckets by their size, with a floor per bucket: a query costs about
        one index search however many buckets the window spans.
        """
        best: dict[str, float] = {}
        c = self.config
        buckets = [b for b in map(self.buckets.get, self._search_keys(doc.published, self.arrivals)) if b]
        total = sum(len(b.stories) for b in buckets)
        for bucket in buckets:
            share = len(bucket.stories) / total
            k = max(math.ceil(c.neighbours * share), c.min_neighbours)
            for story_id, score in bucket.search(vector, k, math.ceil(c.search_effort * share)):
                story_id = self.resolve(story_id)
                if score > best.get(story_id, -1.0):
                    best[story_id] = score
        return best

    def score(self, story: _Story, vector: np.ndarray, weights: dict[str, float], nearest: float,
              published: date | None) -> float:
        if published and story.first and story.last:
            gap = max(story.first.toordinal() - published.toordinal(), published.toordinal() - story.last.toordinal(), 0)
            if gap > self.config.window_days:
                return 0.0
        vector_similarity = 0.5 * (float(story.centroid() @ vector) + nearest)
        lexical = self.lexical(weights, story)
        w = self.config.vector_weight
        return w * vector_similarity + (1.0 - w) * lexical

    def assign(self, doc: StoryDoc, vector: np.ndarray) -> Assignment:
        """Score the candidate stories, join the best one or start a story, and index the article."""
        counts = document_terms(doc)
        self.term_stats.add(counts)
        weights = self.term_stats.weigh(counts)
        scored = sorted(
            ((self.score(self.stories[sid], vector, weights, nearest, doc.published), sid)
             for sid, nearest in self.candidates(doc, vector).items() if sid in self.stories),
            reverse=True,
        )
        runner_up = (scored[1][1], round(scored[1][0], 4)) if len(scored) > 1 else None
        threshold = self.threshold(len(counts))
        if scored and scored[0][0] >= threshold:
            score, story_id = scored[0]
            self._attach(doc, vector, counts, story_id)
            merged = tuple(self._merge_bridged(story_id, [sid for s, sid in scored[1:] if s >= threshold]))
            return Assignment(doc.id, self.resolve(story_id), round(score, 4), False, runner_up, merged)
        story_id = self.new_story_id(doc.id)
        self._attach(doc, vector, counts, story_id)
        return Assignment(doc.id, story_id, 1.0, True, runner_up)

    def lexical(self, weights: dict[str, float], story: _Story) -> float:
        """``cosine(weights, term_stats.weigh(story.counts))``, without weighing every term of the
        story: the dot product needs only the article's terms, and the story's length is one numpy
        pass over its term numbers (a story of a hundred articles has thousands of terms)."""
        norm = story.term_norm(self.term_stats)
        if not norm:
            return 0.0
        counts, idf = story.counts, self.term_stats.idf
        return sum(w * (1.0 + math.log(counts[t])) * idf(t) for t, w in weights.items() if counts.get(t, 0) > 0) / norm

    def threshold(self, distinct_terms: int) -> float:
        """The join threshold for a text with this many distinct terms."""
        c = self.config
        share = (distinct_terms - c.short_terms) / max(c.long_terms - c.short_terms, 1)
        share = min(max(share, 0.0), 1.0)
        return c.short_join_threshold + share * (c.join_threshold - c.short_join_threshold)

    def story_similarity(self, a: _Story, b: _Story) -> float:
        """Combined similarity of two stories' centroids, the same mix as for an article."""
        w = self.config.vector_weight
        lexical = cosine(self.term_stats.weigh(a.counts), self.term_stats.weigh(b.counts))
        return w * float(a.centroid() @ b.centroid()) + (1.0 - w) * lexical

    def _merge_bridged(self, story_id: str, others: list[str]) -> list[str]:
        """Merge into the older story the stories an article bridges, when they are alike themselves."""
        absorbed = []
        for other in others:
            keep, gone = self.resolve(story_id), self.resolve(other)
            if keep == gone or gone not in self.stories or keep not in self.stories:
                continue
            if self.story_similarity(self.stories[keep], self.stories[gone]) < self.config.merge_threshold:
                continue
            if self.stories[gone].size > self.stories[keep].size:
                keep, gone = gone, keep
            self.merge(keep, gone)
            absorbed.append(gone)
        return absorbed

    def merge(self, keep: str, gone: str) -> None:
        """Fold story `gone` into `keep`; `gone` stays resolvable as an alias."""
        a, b = self.stories[keep], self.stories.pop(gone)
        a.vector_sum += b.vector_sum
        a.counts.update(b.counts)
        a._terms = None
        a.size += b.size
        dates = [d for d in (a.first, a.last, b.first, b.last) if d]
        a.first, a.last = (min(dates), max(dates)) if dates else (None, None)
        self.aliases[gone] = keep

    def resolve(self, story_id: str) -> str:
        while story_id in self.aliases:
            story_id = self.aliases[story_id]
        return story_id
