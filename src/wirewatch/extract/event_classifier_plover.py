"""A learned PLOVER event type for a sentence, trained only on the NGEC project's synthetic
headlines and PLOVER codebook (never on the PLOVER GSR it is scored on).

Answers use PLOVER 0.5b1 names, those of the GSR and of `wirewatch.evaluate.event_metrics`:
NGEC's 2021+ labels are mapped back through their modes (REQUEST -> DEMAND; ACCUSE's
investigate mode -> INVESTIGATE, its other modes -> DISAPPROVE; ASSAULT by conventional
military means -> FIGHT). Learned from templated headlines, it is a weak coder on its own
(see `PloverTypeClassifier`): use it as a fallback beside a dictionary coder, trusting its
answer only above a confidence threshold.
"""
from __future__ import annotations

import csv
import logging
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from wirewatch.extract.event_classifier import SentenceClassifier, TextEmbedder, cached_model, find_training

log = logging.getLogger(__name__)

PLOVER_FOLDER = "ngec"
HEADLINES_FILE = "synthetic_headlines.csv"
COUNTRIES_FILE = "countries.csv"
CODEBOOK_FILE = "PLOVER_structured_codebook_updated.csv"
TRAINING_FILES = (HEADLINES_FILE, COUNTRIES_FILE, CODEBOOK_FILE)
# Each template headline is filled this many times with different countries, so that no
# country name becomes a cue for an event type.
FILLS = 3
FILL_SEED = 0

_RENAMED_05 = {"REQUEST": "DEMAND", "ACCUSE": "DISAPPROVE"}
# PLOVER 0.5b1 split violence into FIGHT (conventional military force: small arms, heavy
# weapons, aircraft) and ASSAULT (abduction, beating, torture, bombing, massacre...).
_FIGHT_MODES = frozenset({"firearms", "heavy-weapons", "aerial", "drone"})


def plover_05_type(event: str, mode: str | None = None) -> str:
    """The PLOVER 0.5b1 type of a 2021+ (event, mode) label."""
    event, mode = event.strip().upper(), (mode or "").strip().lower()
    if event == "ACCUSE" and mode == "investigate":
        return "INVESTIGATE"
    if event == "ASSAULT" and mode in _FIGHT_MODES:
        return "FIGHT"
    return _RENAMED_05.get(event, event)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(handle)]


def fill_template(title: str, countries: Sequence[str], rng: random.Random) -> str:
    """A template headline with distinct countries for {country_1}, {country_2}, {country_3}
    and {city} (no city list ships with the data: a country name stands in)."""
    names = rng.sample(list(countries), k=min(4, len(countries)))
    slots = {"country_1": names[0], "country_2": names[1 % len(names)], "country_3": names[2 % len(names)],
             "city": names[3 % len(names)]}
    for slot, name in slots.items():
        title = title.replace("{" + slot + "}", name)
    return title


def read_plover_training(headlines: Path, countries: Path, codebook: Path, fills: int = FILLS,
                         seed: int = FILL_SEED) -> tuple[list[str], list[str]]:
    """Training texts and their 0.5b1 types: each headline filled `fills` times, then each
    distinct codebook mode definition and event definition once."""
    names = [row["Name"] for row in _rows(countries) if row.get("Name")] or ["the country"]
    rng = random.Random(seed)
    texts, labels = [], []
    for row in _rows(headlines):
        if not row.get("event") or not row.get("title"):
            continue
        label = plover_05_type(row["event"], row.get("mode"))
        variants = {fill_template(row["title"], names, rng) for _ in range(fills)}
        for text in sorted(variants):
            texts.append(text)
            labels.append(label)
    seen = set()
    for row in _rows(codebook):
        if not row.get("event"):
            continue
        label = plover_05_type(row["event"], row.get("mode"))
        for text in (row.get("mode_def", ""), row.get("event_def", "")):
            if text and (text, label) not in seen:
                seen.add((text, label))
                texts.append(text)
                labels.append(label)
    return texts, labels


class PloverTypeClassifier(SentenceClassifier):
    """A sentence's PLOVER 0.5b1 event type, among the types it was trained on.

    The embedding weighs twice as much as for pentaclasses (1.0): the training headlines are
    templated, and their wording transfers worse than their meaning. Chosen by 5-fold CV on
    NGEC's headlines grouped by template (macro-F1 0.671, word TF-IDF alone 0.510), not on the
    GSR. `predict_proba`'s top probability is the confidence to threshold on.
    """

    def __init__(self, c: float = 64.0, embedding_weight: float = 1.0, seed: int = 0,
                 embedder: TextEmbedder | None = None):
        super().__init__(c=c, embedding_weight=embedding_weight, seed=seed, embedder=embedder)

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                      pentaclass: SentenceClassifier | None = None) -> np.ndarray:
        """One row per text, one column per type of `classes`.

        pentaclass: a fitted `PentaclassClassifier` to agree with: each type's probability is
            multiplied by that model's probability of the type's pentaclass, then renormalised
            (a product of experts; the pentaclass model learned from real news sentences).
        """
        texts = list(texts)
        if pentaclass is not None and embeddings is None and self.embedding_weight and pentaclass.embedding_weight:
            embeddings = self.embed(texts)  # one embedding pass for both models
        probabilities = super().predict_proba(texts, embeddings)
        if pentaclass is None or not len(probabilities):
            return probabilities
        agreement = pentaclass.predict_proba(texts, embeddings) @ pentaclass_profile(self.classes, pentaclass.classes).T
        combined = probabilities * agreement
        totals = combined.sum(axis=1, keepdims=True)
        # Where the two models rule each other out entirely, the type model alone answers.
        return np.where(totals > 0, combined / np.where(totals > 0, totals, 1.0), probabilities)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None,
                pentaclass: SentenceClassifier | None = None) -> list[str]:
        probabilities = self.predict_proba(texts, embeddings, pentaclass)
        classes = self.classes
        return [str(classes[i]) for i in probabilities.argmax(axis=1)]

    def top(self, texts: Sequence[str], k: int = 3, pentaclass: SentenceClassifier | None = None
            ) -> list[list[tuple[str, float]]]:
        """The `k` most probable types per text, with their probabilities, best first."""
        probabilities = self.predict_proba(texts, pentaclass=pentaclass)
        classes = self.classes
        return [[(str(classes[i]), float(row[i])) for i in row.argsort()[::-1][:k]] for row in probabilities]


def pentaclass_profile(types: Sequence[str], pentaclasses: Sequence[int]) -> np.ndarray:
    """Row t: the share of the CAMEO codes of PLOVER type t (via Wirewatch's CAMEO-to-PLOVER
    table) in each pentaclass; a type the table does not know gets a flat row."""
    from wirewatch.extract.cameo import all_codes, plover_type

    counts: dict[str, Counter[int]] = {}
    for code in all_codes():
        event_type = plover_type(code.code)
        if event_type:
            counts.setdefault(_plover_2021(event_type), Counter())[code.pentaclass] += 1
    profile = np.full((len(types), len(pentaclasses)), 1.0 / max(len(pentaclasses), 1))
    for row, event_type in enumerate(types):
        seen = counts.get(_plover_2021(event_type))
        if seen:
            profile[row] = [seen[k] / sum(seen.values()) for k in pentaclasses]
    return profile


def _plover_2021(event_type: str) -> str:
    name = event_type.strip().upper()
    return {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}.get(name, name)


def trained_plover(training: Path | None = None, embedder: TextEmbedder | None = None
                   ) -> PloverTypeClassifier | None:
    """A `PloverTypeClassifier` trained on NGEC's synthetic headlines and codebook (cached), or
    None when they are missing.

    training: a folder holding the NGEC files or holding ``ngec/``; default
        `$WIREWATCH_EVENT_TRAINING`, else ``<repository root>/../shared/eval/events``.
    embedder: the sentence embedder to use (and share with other models); default MiniLM.
    """
    files = find_training(training, TRAINING_FILES, PLOVER_FOLDER)
    if files is None:
        return None

    def train() -> PloverTypeClassifier:
        texts, labels = read_plover_training(*files)
        return PloverTypeClassifier(embedder=embedder).fit(texts, labels)

    try:
        model = cached_model("plover", files, train, embedder)
    except (ValueError, KeyError) as exc:  # files without the expected columns or rows
        log.warning("cannot train the PLOVER type model on %s: %s", files[0].parent, exc)
        return None
    if not isinstance(model, PloverTypeClassifier):
        return None
    model._embedder = embedder or model._embedder
    return model
