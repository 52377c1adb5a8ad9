"""Score story grouping on the labelled story sets: BASIL, ECB+, Google News (MStream), NeuS
AllSides, NewsWCL50 (grouping) and SemEval-2022 task 8 (pair similarity).

A system is any object with two methods:
- ``group(docs) -> list[str]``: one story label per `StoryDoc`, the docs given in arrival
  order; the system must take them online, one after another, as a live stream would bring them.
- ``similarity(pairs) -> list[float]``: one score per (doc, doc) pair, higher = more alike.
If `group` accepts a ``progress`` keyword, it is passed a callback ``(done, total)`` over its docs.
"""
from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from wirewatch.evaluate import clustering_metrics as cm
from wirewatch.evaluate.common import Progress, rounded, write_predictions
from wirewatch.evaluate.story_baselines import story_baselines
from wirewatch.evaluate.story_margins import bcubed_margins
from wirewatch.evaluate.story_order import order_stability
from wirewatch.evaluate.story_data import GroupingRun, PairItem, StoryItem, StorySet, load_story_set
from wirewatch.model import StoryDoc

SEMEVAL_METRIC = "pearson(similarity, -Overall): gold Overall 1 = same story, so the sign is flipped"


class StorySystem(Protocol):
    def group(self, docs: Sequence[StoryDoc]) -> list[str]: ...

    def similarity(self, pairs: Sequence[tuple[StoryDoc, StoryDoc]]) -> list[float]: ...


def wirewatch_grouper() -> StorySystem:
    """The system under test: Wirewatch's story grouper (imported only when used)."""
    from wirewatch.cluster.evaluation import WirewatchGrouper

    return WirewatchGrouper()


# --- scoring ---


def score_grouping(items: Sequence[StoryItem], labels: Sequence[str], level: str) -> dict[str, Any]:
    """Every grouping score of `labels` against the items' gold at `level`, rounded."""
    return rounded(cm.clustering_scores([item.gold[level] for item in items], list(labels)))


def score_similarity(pairs: Sequence[PairItem], similarities: Sequence[float]) -> dict[str, Any]:
    """Pearson r of the similarities with -Overall (so that agreeing with the gold is positive)."""
    r = cm.pearson(list(similarities), [-pair.overall for pair in pairs])
    return rounded({"pearson": r, "pairs": len(pairs)})


# --- running a system ---


class _Tally:
    """Overall progress across the system and the baselines, all runs: docs (or pairs) done / total."""

    def __init__(self, total: int, progress: Progress | None):
        self.total, self.done, self.progress = total, 0, progress

    def within(self, size: int) -> Callable[[int, int], None]:
        start = self.done

        def report(done: int, _total: int) -> None:
            if self.progress is not None:
                self.progress(min(start + done, start + size), self.total)

        return report

    def advance(self, size: int) -> None:
        self.done += size
        if self.progress is not None:
            self.progress(self.done, self.total)


def _accepts_progress(method: Callable[..., Any]) -> bool:
    try:
        return "progress" in inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False


def run_grouping(system: StorySystem, docs: Sequence[StoryDoc],
                 progress: Progress | None = None) -> tuple[list[str], float]:
    """The system's label per doc and the seconds it took; a wrong number of labels is a ValueError."""
    start = time.perf_counter()
    if progress is not None and _accepts_progress(system.group):
        labels = system.group(docs, progress=progress)  # type: ignore[call-arg]
    else:
        labels = system.group(docs)
    seconds = time.perf_counter() - start
    labels = [str(label) for label in labels]
    if len(labels) != len(docs):
        raise ValueError(f"{type(system).__name__}.group returned {len(labels)} labels for {len(docs)} docs")
    return labels, seconds


def run_similarity(system: StorySystem, pairs: Sequence[PairItem]) -> tuple[list[float], float]:
    """The system's similarity per pair and the seconds it took."""
    start = time.perf_counter()
    scores = [float(s) for s in system.similarity([(p.first, p.second) for p in pairs])]
    seconds = time.perf_counter() - start
    if len(scores) != len(pairs):
        raise ValueError(f"{type(system).__name__}.similarity returned {len(scores)} scores for {len(pairs)} pairs")
    return scores, seconds


def _timing(count: int, seconds: float) -> dict[str, float]:
    return {"seconds": round(seconds, 3), "docs_per_second": round(count / seconds, 1) if seconds > 0 else 0.0}


# --- harness ---


def _grouping_result(story_set: StorySet, systems: dict[str, StorySystem], tally: _Tally,
                     ) -> tuple[dict[str, Any], dict[str, dict[str, list[str]]]]:
    """Scores per run and gold level for every system, and the labels (run -> system -> labels)."""
    runs: dict[str, Any] = {}
    labels_by_run: dict[str, dict[str, list[str]]] = {}
    for run in story_set.runs:
        docs = [item.doc for item in run.items]
        labels_by_run[run.name] = {}
        timings = {}
        for name, system in systems.items():
            labels, seconds = run_grouping(system, docs, tally.within(len(docs)))
            tally.advance(len(docs))
            labels_by_run[run.name][name] = labels
            timings[name] = _timing(len(docs), seconds)
        levels = {}
        for level in run.items[0].gold if run.items else ():
            scored = {name: {**score_grouping(run.items, labels, level), **timings[name]}
                      for name, labels in labels_by_run[run.name].items()}
            levels[level] = {"system": scored.pop("system"), "baselines": scored}
        runs[run.name] = {"items": len(run.items), "order": run.order, "levels": levels}
    return runs, labels_by_run


def _write_grouping_predictions(path: Path, runs: Sequence[GroupingRun], labels: dict[str, dict[str, list[str]]]) -> None:
    """One line per item of each run: README id (plus side for NeuS, file when several runs) and story."""
    rows = []
    for run in runs:
        for item, story in zip(run.items, labels[run.name]["system"]):
            row: dict[str, Any] = {"id": item.item_id}
            if item.side is not None:
                row["side"] = item.side
            if len(runs) > 1:
                row["file"] = run.name
            row["story"] = story
            rows.append(row)
    write_predictions(path, rows)


def _evaluate_pairs(story_set: StorySet, systems: dict[str, StorySystem], tally: _Tally,
                    predictions: Path | None) -> dict[str, Any]:
    scored = {}
    system_scores: list[float] = []
    for name, system in systems.items():
        scores, seconds = run_similarity(system, story_set.pairs)
        tally.advance(len(story_set.pairs))
        if name == "system":
            system_scores = scores
        scored[name] = {**score_similarity(story_set.pairs, scores), **_timing(2 * len(scores), seconds)}
    if predictions is not None:
        write_predictions(predictions, ({"id": p.pair_id, "similarity": s} for p, s in zip(story_set.pairs, system_scores)))
    system = scored.pop("system")
    return {"items": len(story_set.pairs), "metric": SEMEVAL_METRIC, "system": system, "baselines": scored}


def evaluate_stories(
    data: Path,
    *,
    system: StorySystem | None = None,
    predictions: Path | None = None,
    baselines: bool = True,
    progress: Progress | None = None,
    orders: int = 0,
) -> dict[str, Any]:
    """Score a story grouper on a story data set folder (which set is detected from its layout).

    system: see the module docstring; default Wirewatch's `WirewatchGrouper`.
    predictions: where to write one JSON line per item, ``{"id", "story"}`` (NeuS adds ``side``,
        a folder with two files adds ``file``), or per SemEval pair ``{"id", "similarity"}``.
    baselines: also run the TF-IDF centroid and MinHash LSH groupers on the same docs.
    progress: called with (docs done, total) over the system and the baselines.
    orders: also run the system on this many shuffled arrival orders of the headline run
        (see story_order.py) and report how much its result moves.
    The headline figures (`system`, `baselines`) are those of the first run at its first gold
    level; `runs` holds every run and level (MStream: News-T and News; ECB+: subtopic and topic).
    With baselines, `margins` says how clearly the headline B-cubed F1 beats each (story_margins.py).
    """
    data = Path(data)
    story_set = load_story_set(data)
    systems: dict[str, StorySystem] = {"system": system if system is not None else wirewatch_grouper()}
    if baselines:
        systems.update(story_baselines())
    result: dict[str, Any] = {"dataset": story_set.dataset, "data": str(data)}
    if story_set.pairs:
        tally = _Tally(len(story_set.pairs) * len(systems), progress)
        return {**result, **_evaluate_pairs(story_set, systems, tally, predictions), "notes": story_set.notes}
    tally = _Tally(sum(len(run.items) for run in story_set.runs) * len(systems), progress)
    runs, labels = _grouping_result(story_set, systems, tally)
    if predictions is not None:
        _write_grouping_predictions(predictions, story_set.runs, labels)
    headline = story_set.runs[0]
    level = next(iter(runs[headline.name]["levels"]))
    scores = runs[headline.name]["levels"][level]
    result.update({"items": len(headline.items), "run": headline.name, "level": level, "order": headline.order,
                   "system": scores["system"], "baselines": scores["baselines"], "runs": runs, "notes": story_set.notes})
    if baselines:
        result["margins"] = bcubed_margins(headline.items, labels[headline.name], level)
    if orders > 0:
        result["order_stability"] = order_stability(systems["system"], headline.items,
                                                    labels[headline.name]["system"], level, orders)
    return result
