"""Simple event coders scored beside Wirewatch in the same run, as yardsticks.

Each follows the harness's system interface (`code`, and where it makes sense `plover_type`,
`pentaclass`, `fit`). Their settings are fixed, not tuned per data set.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

from wirewatch.evaluate.event_data import CONFLIBERT, PETRARCH, PLOVER, CodedEvent, EventSentence


class NoEvents:
    """Answers nothing for every sentence: the floor of recall and of false events."""

    name = "no-events"

    def code(self, sentences: Sequence[EventSentence]) -> list[list[CodedEvent]]:
        return [[] for _ in sentences]

    def plover_type(self, sentences: Sequence[EventSentence]) -> list[str | None]:
        return [None for _ in sentences]

    def pentaclass(self, sentences: Sequence[EventSentence]) -> list[int | None]:
        return [None for _ in sentences]


class MajorityClass:
    """Answers the most frequent label of what it was fitted on (ties: the smallest label), for
    every sentence; codes no events. Built for PLOVER types and pentaclasses alike."""

    name = "majority"

    def __init__(self, labels: Sequence[Hashable] = ()):
        self.label: Any = None
        if labels:
            self.fit([], labels)

    def fit(self, sentences: Sequence[EventSentence], labels: Sequence[Hashable]) -> None:
        counts = Counter(labels)
        top = max(counts.values()) if counts else 0
        self.label = min((label for label, n in counts.items() if n == top), key=repr, default=None)

    def code(self, sentences: Sequence[EventSentence]) -> list[list[CodedEvent]]:
        return [[] for _ in sentences]

    def plover_type(self, sentences: Sequence[EventSentence]) -> list[Any]:
        return [self.label for _ in sentences]

    def pentaclass(self, sentences: Sequence[EventSentence]) -> list[Any]:
        return [self.label for _ in sentences]


class TfidfLogisticPentaclass:
    """Pentaclass from word uni- and bigram TF-IDF and a logistic regression (balanced class
    weights); answers None before it is fitted. Codes no events."""

    name = "tfidf-logreg"

    def __init__(self, c: float = 4.0, seed: int = 0):
        self.c, self.seed = c, seed
        self.model: Any = None

    def fit(self, sentences: Sequence[EventSentence], labels: Sequence[int]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        self.model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, strip_accents="unicode"),
            # newton-cg: the same optimum as lbfgs here, found some 10 times faster on these sparse features.
            LogisticRegression(C=self.c, solver="newton-cg", max_iter=2000, class_weight="balanced",
                               random_state=self.seed),
        )
        self.model.fit([s.text for s in sentences], list(labels))

    def code(self, sentences: Sequence[EventSentence]) -> list[list[CodedEvent]]:
        return [[] for _ in sentences]

    def pentaclass(self, sentences: Sequence[EventSentence]) -> list[int | None]:
        if self.model is None:
            return [None for _ in sentences]
        return [int(label) for label in self.model.predict([s.text for s in sentences])]


def event_baselines(dataset: str, labels: Sequence[Hashable] = ()) -> dict[str, object]:
    """The baselines run on a data set, by name.

    labels: for PLOVER, the set's own gold types, which the majority baseline answers from (a
        floor that knows the label distribution); ConfliBERT's baselines are fitted by the
        harness's cross-validation instead.
    """
    if dataset == PETRARCH:
        return {NoEvents.name: NoEvents()}
    if dataset == PLOVER:
        return {NoEvents.name: NoEvents(), MajorityClass.name: MajorityClass(labels)}
    if dataset == CONFLIBERT:
        return {MajorityClass.name: MajorityClass(), TfidfLogisticPentaclass.name: TfidfLogisticPentaclass()}
    raise ValueError(f"no baselines for data set {dataset!r}")
