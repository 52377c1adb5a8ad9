"""The story grouper as the evaluation harness sees it: docs in, story labels out."""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from wirewatch.cluster.assign import StoryConfig, StoryIndex
from wirewatch.cluster.embed import Embedder
from wirewatch.cluster.terms import TermStats, cosine, document_terms
from wirewatch.model import StoryDoc


class WirewatchGrouper:
    """Runs online assignment over docs in arrival order, exactly as ingest does, in memory."""

    def __init__(self, config: StoryConfig = StoryConfig(), embedder: Embedder | None = None):
        self.config = config
        self.embedder = embedder or Embedder()

    def group(self, docs: Sequence[StoryDoc]) -> list[str]:
        vectors = self.embedder.embed_docs(docs)
        index = StoryIndex(vectors.shape[1] if len(docs) else self.embedder.dimensions, self.config)
        labels = [index.assign(doc, vector).story_id for doc, vector in zip(docs, vectors)]
        # Stories merged after an article joined them answer to the story that absorbed them.
        return [index.resolve(label) for label in labels]

    def similarity(self, pairs: Sequence[tuple[StoryDoc, StoryDoc]]) -> list[float]:
        """The same mix of vector and lexical similarity that assignment uses, per pair.

        Term weights use document frequencies over all the texts of the pairs.
        """
        firsts = self.embedder.embed_docs([a for a, _ in pairs])
        seconds = self.embedder.embed_docs([b for _, b in pairs])
        stats = TermStats()
        counted = [(document_terms(a), document_terms(b)) for a, b in pairs]
        for a, b in counted:
            stats.add(a)
            stats.add(b)
        w = self.config.vector_weight
        return [
            w * float(np.dot(u, v)) + (1.0 - w) * cosine(stats.weigh(a), stats.weigh(b))
            for u, v, (a, b) in zip(firsts, seconds, counted)
        ]
