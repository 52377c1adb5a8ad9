"""Score an event coder on the labelled event sets: PETRARCH validation records (the unit tests,
or the sealed PETR-2 GSR), the PLOVER GSR and ConfliBERT's CAMEO pentaclasses.

A system is any object with ``code(sentences) -> list[list[CodedEvent]]``: the events of each
`EventSentence`, in order (an empty list: no event). Optional methods, used where present:
- ``plover_type(sentences) -> list[str | None]``: a PLOVER type per sentence (0.5b1 or 2021+ names);
- ``pentaclass(sentences) -> list[int | None]``: a pentaclass 0-4 per sentence; without it the
  pentaclass of the sentence's first coded event is used;
- ``fit(sentences, labels)``: train from scratch on pentaclass labels; ConfliBERT's file is then
  also scored by cross-validation, each fold fitting a deep copy of the system;
- ``load_dictionaries(folder)``: called with the PETRARCH data folder before coding, so that a
  coder can load the validation dictionaries (``PETR.Validate.*``) the records are meant for;
- ``trained_on(path) -> bool``: whether the system learned from this very file, so that its
  as-is ConfliBERT score is flagged as a training-set score.
A crash on the whole batch is retried sentence by sentence; a sentence that still crashes
counts as answering nothing, and is reported, but never stops the run.
"""
from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from wirewatch.evaluate import event_metrics as em
from wirewatch.evaluate.common import Progress, write_predictions
from wirewatch.evaluate.event_baselines import event_baselines
from wirewatch.evaluate.event_data import (
    CONFLIBERT, PETRARCH, PLOVER, CodedEvent, EventSentence, EventSet, load_event_set)
from wirewatch.evaluate.event_scores import score_pentaclass, score_petrarch, score_plover

FOLDS = 5
FOLD_SEED = 20240611
WIREWATCH_CODER = "wirewatch.extract.evaluation.WirewatchCoder"


class EventSystem(Protocol):
    def code(self, sentences: Sequence[EventSentence]) -> list[list[CodedEvent]]: ...


def wirewatch_coder() -> EventSystem:
    """The system under test: Wirewatch's event coder (imported only when used).

    Raises ImportError, or whatever building it raises, when it is not available.
    """
    from wirewatch.extract.evaluation import WirewatchCoder

    return WirewatchCoder()


# --- asking a system ---


@dataclass
class Answers:
    """A system's answer per sentence, the sentences it crashed on and the seconds it took."""

    values: list[Any]
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


def as_event(value: Any) -> CodedEvent:
    """A CodedEvent from a system's event: a CodedEvent, any object or dict with source, target
    and code, or a (source, target, code) tuple."""
    if isinstance(value, CodedEvent):
        return value
    if isinstance(value, dict):
        source, target, code = value.get("source"), value.get("target"), value.get("code")
    elif isinstance(value, (tuple, list)) and len(value) == 3:
        source, target, code = value
    else:
        source, target, code = (getattr(value, name, None) for name in ("source", "target", "code"))
    return CodedEvent(None if source is None else str(source), None if target is None else str(target),
                      "" if code is None else str(code).strip())


def _events(value: Any) -> list[CodedEvent]:
    return [as_event(event) for event in value or ()]


def _plover_answer(value: Any) -> str | None:
    if value is None:
        return None
    return str(value).strip().upper() or None


def _pentaclass_answer(value: Any) -> int | None:
    try:
        label = int(value)
    except (TypeError, ValueError):
        return None
    return label if label in em.PENTACLASSES else None


def ask(system: Any, method: str, sentences: Sequence[EventSentence], convert: Callable[[Any], Any]) -> Answers:
    """Call `system.<method>(sentences)` and convert each answer; see the module docstring for crashes.

    A system that returns the wrong number of answers is a ValueError: that is a bug, not a miss.
    """
    call = getattr(system, method)
    answers = Answers([])
    start = time.perf_counter()
    try:
        raw = list(call(sentences))
    except Exception:  # noqa: BLE001 - retried one sentence at a time to find the culprits
        raw = []
        for sentence in sentences:
            try:
                raw.append(call([sentence])[0])
            except Exception as exc:  # noqa: BLE001 - a crash of the system under test is a miss
                raw.append(None)
                answers.errors[sentence.id] = f"{type(exc).__name__}: {exc}"
    answers.seconds = time.perf_counter() - start
    if len(raw) != len(sentences):
        raise ValueError(f"{type(system).__name__}.{method} returned {len(raw)} answers for {len(sentences)} sentences")
    answers.values = [convert(value) for value in raw]
    return answers


def _timing(count: int, answers: Answers) -> dict[str, Any]:
    # Below a millisecond the rate says nothing but the clock's resolution.
    rate = round(count / answers.seconds, 1) if answers.seconds >= 1e-3 else None
    return {"seconds": round(answers.seconds, 3), "sentences_per_second": rate,
            "crashed_sentences": len(answers.errors)}


# --- the three data sets ---


def _display(name: str) -> str:
    return "the system under test" if name == "system" else f"baseline {name}"


def _first_pentaclass(events: Sequence[CodedEvent]) -> int | None:
    return next((em.pentaclass(e.code) for e in events if em.pentaclass(e.code) is not None), None)


def _event_rows(events: Sequence[CodedEvent]) -> list[dict[str, Any]]:
    return [{"source": e.source, "target": e.target, "code": e.code} for e in events]


def _evaluate_petrarch(event_set: EventSet, systems: dict[str, Any], report: Callable[[int], None]
                       ) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    sentences = [item.sentence for item in event_set.items]
    scored, rows, notes = {}, [], []
    for name, system in systems.items():
        if hasattr(system, "load_dictionaries"):
            try:
                system.load_dictionaries(event_set.path.parent)
            except Exception as exc:  # noqa: BLE001 - coding still runs, with the system's own dictionaries
                notes.append(f"{_display(name)}: load_dictionaries failed ({type(exc).__name__}: {exc})")
        answers = ask(system, "code", sentences, _events)
        report(len(sentences))
        scored[name] = {**score_petrarch(event_set.items, answers.values), **_timing(len(sentences), answers)}
        if name == "system":
            rows = [{"id": s.id, "events": _event_rows(events), **({"error": answers.errors[s.id]}
                     if s.id in answers.errors else {})} for s, events in zip(sentences, answers.values)]
    return scored, rows, notes


def _evaluate_plover(event_set: EventSet, systems: dict[str, Any], report: Callable[[int], None]
                     ) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    sentences = [item.sentence for item in event_set.items]
    scored, rows, notes = {}, [], []
    for name, system in systems.items():
        answers = ask(system, "code", sentences, _events)
        types = ask(system, "plover_type", sentences, _plover_answer) if hasattr(system, "plover_type") else None
        if types is None:
            notes.append(f"{_display(name)} has no plover_type(): event types are not scored, only actors")
        else:
            answers.seconds += types.seconds
            answers.errors.update(types.errors)
        report(len(sentences))
        scored[name] = {**score_plover(event_set.items, types.values if types else None, answers.values),
                        **_timing(len(sentences), answers)}
        if name == "system":
            rows = [{"id": s.id, "type": types.values[i] if types else None, "events": _event_rows(events)}
                    for i, (s, events) in enumerate(zip(sentences, answers.values))]
    return scored, rows, notes


def ask_pentaclass(system: Any, sentences: Sequence[EventSentence]) -> Answers:
    """The system's pentaclass per sentence: its `pentaclass`, else the class of its first coded event."""
    if hasattr(system, "pentaclass"):
        return ask(system, "pentaclass", sentences, _pentaclass_answer)
    answers = ask(system, "code", sentences, _events)
    answers.values = [_first_pentaclass(events) for events in answers.values]
    return answers


def _fresh_copy(system: Any) -> Any:
    # fit() trains from scratch, so the system itself will do where it cannot be copied
    # (it is then left fitted on the last fold).
    try:
        return copy.deepcopy(system)
    except Exception:  # noqa: BLE001 - deepcopy fails in many ways (locks, open files, C objects)
        return system


def cross_validate(system: Any, sentences: Sequence[EventSentence], labels: Sequence[int], folds: int,
                   seed: int = FOLD_SEED) -> tuple[list[int | None], Answers, list[float]]:
    """Pentaclass of each sentence from a deep copy of `system` fitted on the other folds
    (stratified folds, fixed seed; see `event_metrics.fold_of_items`).

    Returns the pooled answers (in item order), their errors and seconds (fitting included),
    and the macro-F1 of each fold.
    """
    assignment = em.fold_of_items(labels, folds, seed)
    pooled: list[int | None] = [None] * len(sentences)
    total = Answers([])
    fold_scores = []
    for fold in range(folds):
        train = [i for i, f in enumerate(assignment) if f != fold]
        test = [i for i, f in enumerate(assignment) if f == fold]
        learner = _fresh_copy(system)
        start = time.perf_counter()
        try:
            learner.fit([sentences[i] for i in train], [labels[i] for i in train])
        except Exception as exc:  # noqa: BLE001 - a fold that cannot be fitted answers nothing
            total.errors.update({sentences[i].id: f"fit: {type(exc).__name__}: {exc}" for i in test})
            total.seconds += time.perf_counter() - start
            fold_scores.append(0.0)
            continue
        total.seconds += time.perf_counter() - start
        answers = ask_pentaclass(learner, [sentences[i] for i in test])
        total.seconds += answers.seconds
        total.errors.update(answers.errors)
        for i, label in zip(test, answers.values):
            pooled[i] = label
        fold_scores.append(em.macro_f1([labels[i] for i in test], answers.values, em.PENTACLASSES))
    total.values = pooled
    return pooled, total, fold_scores


def _evaluate_conflibert(event_set: EventSet, systems: dict[str, Any], report: Callable[[int], None],
                         folds: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[str]]:
    sentences = [item.sentence for item in event_set.items]
    gold = [item.label for item in event_set.items]
    scored, notes = {}, []
    rows = [{"id": s.id} for s in sentences]
    for name, system in systems.items():
        as_is = name == "system" or not hasattr(system, "fit")
        if as_is:
            answers = ask_pentaclass(system, sentences)
            if not hasattr(system, "pentaclass"):
                notes.append(f"{_display(name)} has no pentaclass(): the class of its first coded event is scored")
            report(len(sentences))
            scored[name] = {"protocol": "as-is", **score_pentaclass(gold, answers.values),
                            **_timing(len(sentences), answers)}
            if name == "system":
                for row, label in zip(rows, answers.values):
                    row["label"] = label
                trained_on = getattr(system, "trained_on", None)
                if trained_on is not None and trained_on(event_set.path):
                    scored[name]["training_set_score"] = True
                    notes.append("the system's classifier was trained on this very file: its as-is score is a "
                                 "training-set score, not an accuracy; read the cross-validated one")
        if hasattr(system, "fit"):
            key = "system_cv" if name == "system" else name
            if folds < 2:
                notes.append(f"{_display(name)} learns: not cross-validated (folds = {folds})")
                continue
            pooled, answers, fold_scores = cross_validate(system, sentences, gold, folds)
            report(len(sentences))
            scored[key] = {"protocol": f"{folds}-fold CV", **score_pentaclass(gold, pooled),
                           "fold_macro_f1": [round(s, 4) for s in fold_scores], **_timing(len(sentences), answers)}
            if name == "system":
                for row, label in zip(rows, pooled):
                    row["cv_label"] = label
    return scored, rows, notes


def evaluate_events(
    data: Path,
    *,
    system: EventSystem | None = None,
    predictions: Path | None = None,
    baselines: bool = True,
    progress: Progress | None = None,
    folds: int = FOLDS,
) -> dict[str, Any]:
    """Score an event coder on an event data set folder (which set is detected from its layout).

    system: see the module docstring; default Wirewatch's `WirewatchCoder`. If that cannot be
        imported or built, only the baselines run and the result's `system` is None, with a note.
    predictions: where to write one JSON line per sentence: ``{"id", "events": [{"source",
        "target", "code"}]}`` (PETRARCH), ``{"id", "type", "events"}`` (PLOVER), ``{"id",
        "label"}`` (ConfliBERT; ``cv_label`` too for a system that learns).
    baselines: also run the data set's baselines (see event_baselines.py) in the same run.
    folds: cross-validation folds for systems with `fit` on ConfliBERT (fixed seed); < 2: none.
    """
    data = Path(data)
    event_set = load_event_set(data)
    notes = list(event_set.notes)
    if system is None:
        try:
            system = wirewatch_coder()
        except Exception as exc:  # noqa: BLE001 - any failure to build the coder leaves the baselines
            notes.append(f"the Wirewatch coder ({WIREWATCH_CODER}) is not available ({type(exc).__name__}: "
                         f"{exc}); only the baselines were run")
    systems: dict[str, Any] = {"system": system} if system is not None else {}
    if baselines:
        labels = [item.event_type for item in event_set.items] if event_set.dataset == PLOVER else ()
        systems.update(event_baselines(event_set.dataset, labels))
    if not systems:
        raise ValueError("nothing to score: no system under test and no baselines")
    runs = len(systems) + (sum(hasattr(s, "fit") for s in systems.values()) if event_set.dataset == CONFLIBERT else 0)
    done = [0]

    def report(count: int) -> None:
        done[0] += count
        if progress is not None:
            progress(done[0], runs * len(event_set.items))

    if event_set.dataset == PETRARCH:
        scored, rows, more_notes = _evaluate_petrarch(event_set, systems, report)
    elif event_set.dataset == PLOVER:
        scored, rows, more_notes = _evaluate_plover(event_set, systems, report)
    else:
        scored, rows, more_notes = _evaluate_conflibert(event_set, systems, report, folds)
    if predictions is not None:
        if system is None:
            notes.append(f"no predictions written to {predictions}: there is no system under test")
        else:
            write_predictions(predictions, rows)
    result = {"dataset": event_set.dataset, "data": str(data), "file": event_set.path.name,
              "items": len(event_set.items), "system": scored.pop("system", None)}
    if "system_cv" in scored:
        result["system_cv"] = scored.pop("system_cv")
    return {**result, "baselines": scored, "notes": notes + more_notes}
