"""Wirewatch's event coder as the `wirewatch evaluate events` harness sees it (evaluate/events.py).

- `code`: the events of each sentence, from the project's verb dictionary and actor table;
  after `load_dictionaries(folder)`, from the PETRARCH-format dictionaries of that folder instead
  (the PETRARCH validation records are written for their own dictionaries and fictional actors).
- `plover_type`: the PLOVER type of the sentence's first coded act, whether or not its actors
  were found.
- `pentaclass`: a learned classifier (extract/event_classifier.py) trained on the DEV training
  file when one is found, else the class of the first coded act; `fit` trains it from scratch
  (the harness's cross-validation).
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from wirewatch.extract.cameo import pentaclass as code_pentaclass
from wirewatch.extract.cameo import plover_type as code_plover_type
from wirewatch.extract.coder import CodedClause, SentenceCoder
from wirewatch.extract.mentions import actor_mentions
from wirewatch.extract.nlp import analyse
from wirewatch.extract.participants import Participants

log = logging.getLogger(__name__)


def clause_events(clause: CodedClause) -> list[tuple[str | None, str | None, str]]:
    """(source, target, code) triples of a clause: one per source and target pair."""
    sources = [p.code for p in clause.sources] or [None]
    targets = [p.code for p in clause.targets] or [None]
    return [(s, t, clause.code) for s in sources for t in targets]


class WirewatchCoder:
    """See the module docstring."""

    def __init__(self):
        self._petrarch = None
        self._classifier = None
        self._classifier_loaded = False
        self._last: tuple[tuple[str, ...], list[list[CodedClause]]] | None = None

    # --- coding ---

    def _clauses(self, sentences) -> list[list[CodedClause]]:
        """The coded clauses of each sentence; the harness asks `code` and `plover_type` of the
        same sentences, so the last batch's analysis is kept rather than parsed twice."""
        texts = tuple(s.text for s in sentences)
        if self._last is None or self._last[0] != texts:
            result = []
            for doc in analyse(texts):
                coder = SentenceCoder(Participants(actor_mentions(doc)))
                result.append([clause for sent in doc.sents for clause in coder.code(sent)])
            self._last = (texts, result)
        return self._last[1]

    def load_dictionaries(self, folder: Path) -> None:
        from wirewatch.extract.petrarch import PetrarchCoder, PetrarchDictionaries

        self._petrarch = PetrarchCoder(PetrarchDictionaries.from_folder(Path(folder)))

    def code(self, sentences: Sequence) -> list[list[tuple[str | None, str | None, str]]]:
        if self._petrarch is not None:
            coded = self._petrarch.code([s.text for s in sentences], [s.date for s in sentences])
            return [[(e.source, e.target, e.code) for e in events] for events in coded]
        return [[event for clause in clauses if clause.sources or clause.targets
                 for event in clause_events(clause)] for clauses in self._clauses(sentences)]

    def plover_type(self, sentences: Sequence) -> list[str | None]:
        types = []
        for clauses in self._clauses(sentences):
            found = (code_plover_type(c.code) for c in clauses)
            types.append(next((t for t in found if t), None))
        return types

    # --- pentaclass ---

    def _trained(self):
        if not self._classifier_loaded:
            self._classifier_loaded = True
            try:
                from wirewatch.extract.event_classifier import trained_pentaclass

                self._classifier = trained_pentaclass()
            except Exception as exc:  # noqa: BLE001 - the coder's own classes still answer
                log.warning("no trained pentaclass classifier (%s: %s)", type(exc).__name__, exc)
        return self._classifier

    def fit(self, sentences: Sequence, labels: Sequence[int]) -> None:
        from wirewatch.extract.event_classifier import PentaclassClassifier

        self._classifier = PentaclassClassifier()
        self._classifier.fit([s.text for s in sentences], list(labels))
        self._classifier_loaded = True

    def trained_on(self, path: Path) -> bool:
        """Whether the pentaclass classifier was trained on this very file (a training-set score)."""
        from wirewatch.extract.event_classifier import files_digest

        classifier = self._trained()
        digest = getattr(classifier, "training_digest", None)
        return digest is not None and Path(path).is_file() and digest == files_digest([Path(path)])

    def pentaclass(self, sentences: Sequence) -> list[int | None]:
        classifier = self._trained()
        if classifier is not None:
            return [int(label) for label in classifier.predict([s.text for s in sentences])]
        return [next((code_pentaclass(c.code) for c in clauses), None) for clauses in self._clauses(sentences)]
