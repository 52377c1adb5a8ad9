"""Lexical evidence for story grouping: term weights with an inverse document frequency
learned online, as articles arrive.

Embeddings say two articles are about the same kind of thing; the rare words they share
(place and person names, numbers, the unusual noun) say whether it is the same happening.
Two earthquakes in one week embed alike but share few rare terms.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from wirewatch.model import StoryDoc

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "also", "would", "could", "new"}


# Lexical evidence reads further than the embedding's lead: names and places of the
# happening recur through the body (measured on ECB+ DEV, docs/evaluation.md).
BODY_WORDS = 600


def document_terms(doc: StoryDoc, body_words: int = BODY_WORDS) -> Counter[str]:
    """Term counts of a document's title (counted twice when there is a body: it names the happening) and body."""
    counts = terms(doc.title or "")
    body = terms(" ".join(doc.body.split()[:body_words]))
    if body:
        # Beside a body the title weighs double; a bare headline is left as it is.
        counts.update(counts)
        counts.update(body)
    return counts


def terms(text: str) -> Counter[str]:
    """Term counts of a text: lower-cased words, stop words and one-letter tokens dropped."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if len(word) > 1 and word not in STOP_WORDS:
            counts[word] += 1
    return counts


class TermStats:
    """Document frequencies seen so far; idf = ln((1 + N) / (1 + df)) + 1, as scikit-learn's smooth idf."""

    def __init__(self) -> None:
        self.documents = 0
        self.frequency: Counter[str] = Counter()

    def add(self, counts: Mapping[str, int]) -> None:
        self.documents += 1
        self.frequency.update(counts.keys())

    def idf(self, term: str) -> float:
        return math.log((1 + self.documents) / (1 + self.frequency.get(term, 0))) + 1.0

    def weigh(self, counts: Mapping[str, float]) -> dict[str, float]:
        """Sublinear tf × idf, unit length."""
        weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items() if c > 0}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {t: w / norm for t, w in weights.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine of two unit-length sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def merge_counts(target: Counter[str], counts: Iterable[tuple[str, int]]) -> None:
    for term, count in counts:
        target[term] += count
