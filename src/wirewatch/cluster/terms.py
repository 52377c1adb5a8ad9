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

import numpy as np

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from wirewatch.model import StoryDoc

_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "say", "told", "also", "would", "could", "new"}


# Lexical evidence reads further than the embedding's lead: names and places of the
# happening recur through the body (measured on ECB+ DEV, docs/evaluation.md).
BODY_WORDS = 600


# A name: a capitalised word inside a sentence (after a word, comma, semicolon or bracket);
# a word capitalised only where a sentence starts ("Concerns", "Having") is not one.
_NAME = re.compile(r"(?<=[\w,;)] )[A-Z][\w-]+")
POSSESSIVE = re.compile(r"['’]s\b")


def name_words(text: str) -> list[str]:
    """The names in a text, lower-cased, one entry per occurrence, possessives stripped."""
    return [w.lower() for w in _NAME.findall(POSSESSIVE.sub("", text)) if w.lower() not in STOP_WORDS]


def document_terms(doc: StoryDoc, body_words: int = BODY_WORDS) -> Counter[str]:
    """Term counts of a document: its title and body, where the title and the names weigh double.

    The title names the happening; names (people, places, organisations) tell two happenings
    of one kind apart. A bare headline (no body) is counted as it is.
    """
    counts = terms(doc.title or "")
    body_text = " ".join(doc.body.split()[:body_words])
    body = terms(body_text)
    if body:
        counts.update(counts)
        counts.update(body)
        counts.update(name for name in name_words(body_text) if name in body)
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
        # Document frequencies by term number, so that many terms are weighed at once (``norm``).
        self.vocabulary: dict[str, int] = {}
        self._df = np.zeros(1024, dtype=np.float64)

    def add(self, counts: Mapping[str, int]) -> None:
        self.documents += 1
        for term in counts:
            number = self.vocabulary.setdefault(term, len(self.vocabulary))
            if number >= len(self._df):
                self._df = np.concatenate([self._df, np.zeros(len(self._df))])
            self._df[number] += 1

    def numbers(self, terms: Iterable[str]) -> np.ndarray:
        """The term numbers of terms already seen (every term of an added document is)."""
        return np.fromiter((self.vocabulary[t] for t in terms), dtype=np.int64)

    def norm(self, numbers: np.ndarray, tf: np.ndarray) -> float:
        """The length of the sublinear tf × idf vector whose terms are ``numbers`` and whose
        1 + ln(count) are ``tf``: what ``weigh`` divides by, for a long vector in one numpy pass."""
        idf = np.log((1 + self.documents) / (1 + self._df[numbers])) + 1.0
        return float(np.sqrt(np.sum((tf * idf) ** 2)))

    def idf(self, term: str) -> float:
        number = self.vocabulary.get(term)
        frequency = self._df[number] if number is not None else 0.0
        return math.log((1 + self.documents) / (1 + frequency)) + 1.0

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
