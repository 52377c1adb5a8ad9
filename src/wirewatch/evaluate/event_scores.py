"""Scores of an event coder's answers against each event set's gold (pure functions)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wirewatch.evaluate import event_metrics as em
from wirewatch.evaluate.common import rounded
from wirewatch.evaluate.event_data import CodedEvent, PetrarchItem, PloverItem


def _share(hits: Sequence[bool]) -> float | None:
    return sum(hits) / len(hits) if hits else None


def score_petrarch(items: Sequence[PetrarchItem], outputs: Sequence[Sequence[CodedEvent]]) -> dict[str, Any]:
    """Triple P/R/F1 (strict and by actor country), per-gold-event aligned accuracies, false events."""
    strict = [em.triple_counts(item.events, events) for item, events in zip(items, outputs)]
    country = [em.triple_counts(item.events, events, country_only=True) for item, events in zip(items, outputs)]
    aligned = [pair for item, events in zip(items, outputs) for pair in em.align_events(item.events, events)]

    def agree(aspect: Callable[[Any], Any]) -> float | None:
        # Over the gold events that have the aspect (the unit tests' 9xx codes have no CAMEO root);
        # a gold event left without a predicted partner counts as a miss.
        return _share([p is not None and aspect(g) == aspect(p) for g, p in aligned if aspect(g) is not None])

    strict_prf = em.prf(*map(sum, zip(*strict)))
    country_prf = em.prf(*map(sum, zip(*country)))
    empty = [events for item, events in zip(items, outputs) if item.no_events]
    return rounded({
        **strict_prf, "f1_std": em.bootstrap_f1_std(strict),
        **{f"country_{k}": v for k, v in country_prf.items()},
        "sentences_exact": _share([fp == 0 and fn == 0 for _, fp, fn in strict]),
        "root_accuracy": agree(lambda e: em.root_code(e.code)),
        "quad_accuracy": agree(lambda e: em.quad_class(e.code)),
        "pentaclass_accuracy": agree(lambda e: em.pentaclass(e.code)),
        "source_match": agree(lambda e: em.normalise_actor(e.source)),
        "target_match": agree(lambda e: em.normalise_actor(e.target)),
        "source_country_match": agree(lambda e: em.country_part(e.source)),
        "target_country_match": agree(lambda e: em.country_part(e.target)),
        "false_events": sum(len(events) for events in empty),
        "false_event_sentences": sum(1 for events in empty if events),
        "false_event_rate": _share([bool(events) for events in empty]),
        "gold_events": sum(len(item.events) for item in items),
        "predicted_events": sum(len(events) for events in outputs),
        "no_event_sentences": len(empty),
    })


def score_plover(items: Sequence[PloverItem], types: Sequence[str | None] | None,
                 outputs: Sequence[Sequence[CodedEvent]]) -> dict[str, Any]:
    """Event-type accuracy and macro-F1 (0.5b1 and 2021+ names) and actor country/sector match.

    The headline type scores use 2021+ names when the system speaks them, else the 18 types.
    """
    scores: dict[str, Any] = {}
    if types is not None:
        gold_05 = [item.event_type for item in items]
        pred_05 = [em.plover_05(t) for t in types]
        gold_21, pred_21 = [em.plover_2021(t) for t in gold_05], [em.plover_2021(t) for t in types]
        labels_21 = list(dict.fromkeys(em.plover_2021(t) for t in em.PLOVER_TYPES))
        names = "2021" if em.speaks_plover_2021(types) else "0.5b1"
        scores.update({
            "type_accuracy_0.5b1": em.accuracy(gold_05, pred_05),
            "type_macro_f1_0.5b1": em.macro_f1(gold_05, pred_05, em.PLOVER_TYPES),
            "type_accuracy_2021": em.accuracy(gold_21, pred_21),
            "type_macro_f1_2021": em.macro_f1(gold_21, pred_21, labels_21),
            "type_names": names, "typed_sentences": sum(t is not None for t in types),
        })
        gold, pred, labels = (gold_21, pred_21, labels_21) if names == "2021" else (gold_05, pred_05, em.PLOVER_TYPES)
        scores.update({"type_accuracy": scores[f"type_accuracy_{names}"],
                       "type_accuracy_std": em.bootstrap_accuracy_std([g == p for g, p in zip(gold, pred)]),
                       "type_macro_f1": scores[f"type_macro_f1_{names}"],
                       "type_macro_f1_std": em.bootstrap_macro_f1_std(gold, pred, labels)})
    else:
        scores.update({"type_accuracy": None, "type_macro_f1": None})
    for side, attribute in (("source", "sources"), ("target", "targets")):
        scored = [(getattr(item, attribute), events) for item, events in zip(items, outputs)
                  if any(a.code for a in getattr(item, attribute))]
        scores[f"{side}_country_match"] = _share([em.actor_hit(g, e, side, False) for g, e in scored])
        scores[f"{side}_actor_match"] = _share([em.actor_hit(g, e, side, True) for g, e in scored])
        scores[f"{side}_scored"] = len(scored)
    scores["events_per_sentence"] = sum(len(e) for e in outputs) / len(outputs) if outputs else 0.0
    return rounded(scores)


def score_pentaclass(gold: Sequence[int], predicted: Sequence[int | None]) -> dict[str, Any]:
    """Five-class macro-F1 (with bootstrap std), accuracy and per-class F1."""
    per_class = em.per_label_f1(gold, predicted, em.PENTACLASSES)
    return rounded({
        "macro_f1": em.macro_f1(gold, predicted, em.PENTACLASSES),
        "macro_f1_std": em.bootstrap_macro_f1_std(gold, predicted, em.PENTACLASSES),
        "accuracy": em.accuracy(gold, predicted),
        "answered": sum(p is not None for p in predicted),
        **{f"f1_class_{label}": f1 for label, f1 in per_class.items()},
    })
