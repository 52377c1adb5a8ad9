"""Simple story groupers scored beside Wirewatch in the same run, as yardsticks.

Both follow the harness's system interface: `group(docs)` labels docs taken one at a time in
arrival order, `similarity(pairs)` scores pairs. Their settings are fixed, not tuned per data set.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from wirewatch.model import StoryDoc

_WORD = re.compile(r"\w+")


def baseline_text(doc: StoryDoc) -> str:
    """Title and body as one text."""
    return f"{doc.title}\n{doc.body}".strip()


class TfidfCentroidGrouper:
    """One-pass clustering on TF-IDF vectors: a doc joins the cluster whose centroid is most
    similar (cosine) if that similarity reaches `threshold`, else starts a new cluster.

    Docs are assigned strictly in arrival order, but the vocabulary and IDF are fitted on the
    whole set up front (an online IDF would be fairer to the stream; for a baseline the
    difference is small and this keeps it simple). `similarity` fits on the texts of all pairs.
    threshold: one fixed value for every data set.
    """

    name = "tfidf-centroid"

    def __init__(self, threshold: float = 0.3):
        self.threshold = threshold

    @staticmethod
    def _vectors(texts: Sequence[str]):
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        try:
            return vectorizer.fit_transform(texts).tocsr()  # rows are L2-normalised
        except ValueError:  # only stop words or no text at all: nothing to compare
            from scipy.sparse import csr_matrix

            return csr_matrix((len(texts), 1))

    def group(self, docs: Sequence[StoryDoc]) -> list[str]:
        if not docs:
            return []
        vectors = self._vectors([baseline_text(d) for d in docs])
        # Every doc-doc dot product at once (sparse); doc i only ever reads those with docs before it.
        dots = (vectors @ vectors.T).tocsr()
        self_dots = dots.diagonal()  # 1 for a doc with any term, 0 for an empty one
        labels = np.full(len(docs), -1, dtype=np.int64)
        # A centroid is the sum of its unit doc vectors; cosine does not care about its length, so
        # cos(x, S) = (sum over members d of d·x) / |S|, with |S|² kept up to date incrementally.
        norms_sq: list[float] = []
        for i in range(len(docs)):
            self_dot = float(self_dots[i])
            row = slice(dots.indptr[i], dots.indptr[i + 1])
            earlier = dots.indices[row] < i
            columns, values = dots.indices[row][earlier], dots.data[row][earlier]
            if self_dot == 0.0 or not norms_sq:
                labels[i] = self._start(norms_sq, self_dot)
                continue
            per_cluster = np.bincount(labels[columns], weights=values, minlength=len(norms_sq))
            cosines = per_cluster / np.sqrt(np.asarray(norms_sq))
            best = int(np.argmax(cosines))
            if cosines[best] >= self.threshold:
                labels[i] = best
                norms_sq[best] += 2 * per_cluster[best] + self_dot
            else:
                labels[i] = self._start(norms_sq, self_dot)
        return [f"tfidf-{label}" for label in labels]

    @staticmethod
    def _start(norms_sq: list[float], self_dot: float) -> int:
        # An empty vector gets a norm of 1 so that its (all-zero) centroid never divides by 0.
        norms_sq.append(self_dot or 1.0)
        return len(norms_sq) - 1

    def similarity(self, pairs: Sequence[tuple[StoryDoc, StoryDoc]]) -> list[float]:
        if not pairs:
            return []
        vectors = self._vectors([baseline_text(d) for pair in pairs for d in pair])
        firsts, seconds = vectors[0::2], vectors[1::2]
        return [float(v) for v in np.asarray(firsts.multiply(seconds).sum(axis=1)).ravel()]


def word_shingles(text: str, n: int = 3) -> set[str]:
    """Lower-cased word n-grams; a text of 1..n-1 words is one shingle, an empty text none."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


class MinHashGrouper:
    """Near-duplicate grouping: MinHash over word 3-shingles and an LSH index at a Jaccard threshold.

    A doc joins the cluster of its earliest-arrived LSH hit, else starts a new cluster; a doc
    with no words is always alone. `similarity` is the MinHash estimate of the Jaccard index.
    """

    name = "minhash-lsh"

    def __init__(self, threshold: float = 0.5, num_perm: int = 128, shingle_words: int = 3, seed: int = 1):
        self.threshold = threshold
        self.num_perm = num_perm
        self.shingle_words = shingle_words
        self.seed = seed

    def _minhash(self, doc: StoryDoc):
        from datasketch import MinHash

        shingles = word_shingles(baseline_text(doc), self.shingle_words)
        if not shingles:
            return None
        minhash = MinHash(num_perm=self.num_perm, seed=self.seed)
        minhash.update_batch([s.encode("utf-8") for s in shingles])
        return minhash

    def group(self, docs: Sequence[StoryDoc]) -> list[str]:
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.threshold, num_perm=self.num_perm)
        labels: list[str] = []
        for i, doc in enumerate(docs):
            minhash = self._minhash(doc)
            if minhash is None:
                labels.append(f"minhash-{i}")
                continue
            hits = lsh.query(minhash)
            labels.append(labels[min(hits)] if hits else f"minhash-{i}")
            lsh.insert(i, minhash)  # keyed by arrival index, so min() is the earliest hit
        return labels

    def similarity(self, pairs: Sequence[tuple[StoryDoc, StoryDoc]]) -> list[float]:
        scores = []
        for a, b in pairs:
            first, second = self._minhash(a), self._minhash(b)
            scores.append(0.0 if first is None or second is None else float(first.jaccard(second)))
        return scores


def story_baselines() -> dict[str, object]:
    """The baselines every story evaluation runs, by name."""
    return {TfidfCentroidGrouper.name: TfidfCentroidGrouper(), MinHashGrouper.name: MinHashGrouper()}
