"""Score an outlet comparer on the comparison sets: BASIL (which sentences carry bias) and the
NeuS AllSides roundups (a neutral summary of three outlets' leads).

A system is any object with, for one story at a time (its `ArticleSentences`, sentences split
by the harness, see compare_data.py):
- ``mark(articles) -> list[list[set[str]]]``: per article, per sentence, the sentence's marks
  from `MARKS`. On BASIL, "single-source" is scored against sentences holding an informational-
  bias span, "commentary" against those holding a lexical-bias span, and either mark against
  sentences holding any bias span; the other marks are accepted and not scored.
- ``summarize(articles) -> list[str]``: a summary of at most `SUMMARY_BUDGET` sentences (a
  longer one is cut to the budget, with a note). On NeuS it is scored with ROUGE-1/2/L
  F-measure (rouge-score, Porter stemmer, the sentences joined by spaces) against the target
  roundup's title and body, averaged over stories; ± is the bootstrap std over stories, and
  ``margins`` gives the paired per-story difference from each baseline (summary_margins.py).
Only the method a data set needs is called. A crash on a story counts as marking nothing (or an
empty summary) and is reported, never stopping the run; a wrong number of articles or
sentences is a ValueError, a bug rather than a miss. BASIL's precision, recall and F1 pool
sentences over all articles (precision 0 when nothing is marked); ± is the bootstrap std of F1
over articles. Random baselines are averaged over their seeds (see compare_baselines.py).
"""
from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from wirewatch.evaluate.common import Progress, bootstrap_std, write_predictions
from wirewatch.evaluate.compare_baselines import COMMENTARY, SINGLE_SOURCE, SUMMARY_BUDGET, compare_baselines
from wirewatch.evaluate.compare_data import (
    BASIL, INFORMATIONAL, LEXICAL, ArticleSentences, BiasStory, CompareSet, RoundupStory, Splitter,
    load_compare_set, spacy_sentences)
from wirewatch.evaluate.summary_margins import summary_margins

MARKS = frozenset({SINGLE_SOURCE, COMMENTARY, "corroborated", "conflict", "attributed"})
WIREWATCH_COMPARER = "wirewatch.compare.evaluation.WirewatchComparer"
# task -> (the marks that count as answering yes, the gold bias type; None: any bias)
TASKS = {"informational": (frozenset({SINGLE_SOURCE}), INFORMATIONAL),
         "lexical": (frozenset({COMMENTARY}), LEXICAL),
         "any": (frozenset({SINGLE_SOURCE, COMMENTARY}), None)}
ROUGE = ("rouge1", "rouge2", "rougeL")


class CompareSystem(Protocol):
    def mark(self, articles: Sequence[ArticleSentences]) -> list[list[set[str]]]: ...

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]: ...


def wirewatch_comparer() -> CompareSystem:
    """The system under test: Wirewatch's outlet comparer (imported only when used).

    Raises ImportError, or whatever building it raises, when it is not available.
    """
    from wirewatch.compare.evaluation import WirewatchComparer

    return WirewatchComparer()


# --- asking a system ---


@dataclass
class Answers:
    """A system's answer per story, the stories it crashed on, its seconds, and oddities seen."""

    values: list[Any] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    unknown_marks: set[str] = field(default_factory=set)
    cut_summaries: int = 0


def _articles(story: BiasStory | RoundupStory) -> list[ArticleSentences]:
    return [a.article for a in story.articles] if isinstance(story, BiasStory) else list(story.articles)


def _marks(value: Any, answers: Answers) -> frozenset[str]:
    labels = {value} if isinstance(value, str) else {str(v) for v in value or ()}
    answers.unknown_marks |= labels - MARKS
    return frozenset(labels & MARKS)


def _summary(value: Any, answers: Answers) -> list[str]:
    sentences = [value] if isinstance(value, str) else list(value or ())
    sentences = [" ".join(str(s).split()) for s in sentences if str(s).strip()]
    answers.cut_summaries += len(sentences) > SUMMARY_BUDGET
    return sentences[:SUMMARY_BUDGET]


def ask(system: Any, method: str, stories: Sequence[BiasStory | RoundupStory],
        report: Callable[[int], None] | None = None) -> Answers:
    """Call `system.<method>(articles)` on each story: marks as frozensets per sentence per
    article (`mark`) or a summary cut to the budget (`summarize`); see the module docstring."""
    call, answers = getattr(system, method), Answers()
    for done, story in enumerate(stories, start=1):
        articles = _articles(story)
        start = time.perf_counter()
        try:
            raw = call(articles)
            if method == "mark":
                raw = [list(article) for article in raw]
        except Exception as exc:  # noqa: BLE001 - a crash of the system under test is a miss
            raw = [[None] * len(a.sentences) for a in articles] if method == "mark" else None
            answers.errors[story.id] = f"{type(exc).__name__}: {exc}"
        answers.seconds += time.perf_counter() - start
        if method == "mark":
            shape = [len(article) for article in raw]
            if shape != [len(a.sentences) for a in articles]:
                raise ValueError(f"{type(system).__name__}.mark returned marks for {shape} sentences on story "
                                 f"{story.id}, whose articles have {[len(a.sentences) for a in articles]}")
            answers.values.append([[_marks(v, answers) for v in article] for article in raw])
        else:
            answers.values.append(_summary(raw, answers))
        if report is not None:
            report(done)
    return answers


# --- scoring ---


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a ratio has nothing to divide by."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def article_counts(gold: Sequence[frozenset[str]], marks: Sequence[frozenset[str]]) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per task for one article's sentences."""
    counts = {}
    for task, (answering, bias) in TASKS.items():
        said = [bool(m & answering) for m in marks]
        true = [bool(g) if bias is None else bias in g for g in gold]
        counts[task] = (sum(s and t for s, t in zip(said, true)), sum(s and not t for s, t in zip(said, true)),
                        sum(t and not s for s, t in zip(said, true)))
    return counts


def _pooled_f1(task: str) -> Callable[[Sequence[dict[str, tuple[int, int, int]]]], float]:
    def statistic(sample: Sequence[dict[str, tuple[int, int, int]]]) -> float:
        return prf(*(sum(c[task][i] for c in sample) for i in range(3)))[2]
    return statistic


def score_marks(stories: Sequence[BiasStory], marks: Sequence[list[list[frozenset[str]]]]) -> dict[str, Any]:
    """Pooled precision, recall, F1 (± bootstrap over articles) and positives marked, per task."""
    counts = [article_counts(a.bias, m) for story, story_marks in zip(stories, marks)
              for a, m in zip(story.articles, story_marks)]
    scores: dict[str, Any] = {}
    for task in TASKS:
        tp, fp, fn = (sum(c[task][i] for c in counts) for i in range(3))
        precision, recall, f1 = prf(tp, fp, fn)
        scores.update({f"{task}_precision": precision, f"{task}_recall": recall, f"{task}_f1": f1,
                       f"{task}_f1_std": bootstrap_std(counts, _pooled_f1(task)), f"{task}_marked": tp + fp})
    return scores


class _RememberingTokenizer:
    """rouge-score's own tokenizer (Porter stemmer), remembering each text's tokens: every
    system scores against the same references, and stemming is half of ROUGE's time."""

    def __init__(self) -> None:
        from rouge_score import tokenizers  # imported late: only NeuS needs it

        self.inner, self.seen = tokenizers.DefaultTokenizer(use_stemmer=True), {}

    def tokenize(self, text: str) -> list[str]:
        if text not in self.seen:
            self.seen[text] = self.inner.tokenize(text)
        return self.seen[text]


def rouge_per_story(summaries: Sequence[Sequence[str]], references: Sequence[str],
                    tokenizer: Any = None) -> list[dict[str, float]]:
    """ROUGE-1/2/L F-measure of each summary (sentences joined by spaces) against its reference.

    tokenizer: one shared across calls saves re-stemming; default rouge-score's, with the stemmer.
    """
    from rouge_score import rouge_scorer  # imported late: only NeuS needs it

    scorer = rouge_scorer.RougeScorer(list(ROUGE), use_stemmer=True, tokenizer=tokenizer)
    return [{name: value.fmeasure for name, value in scorer.score(reference, " ".join(summary)).items()}
            for summary, reference in zip(summaries, references)]


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def score_summaries(stories: Sequence[RoundupStory], summaries: Sequence[list[str]],
                    tokenizer: Any = None, per_story: list[dict[str, float]] | None = None) -> dict[str, Any]:
    """Mean ROUGE F-measures with bootstrap std over stories, and the summaries' mean length.

    per_story: if given, receives each story's ROUGE (for the paired margins)."""
    rows = rouge_per_story(summaries, [story.reference for story in stories], tokenizer)
    if per_story is not None:
        per_story.extend(rows)
    scores: dict[str, Any] = {}
    for name in ROUGE:
        values = [s[name] for s in rows]
        scores.update({name: _mean(values), f"{name}_std": bootstrap_std(values, _mean)})
    scores["sentences"] = _mean([len(s) for s in summaries])
    scores["words"] = _mean([len(" ".join(s).split()) for s in summaries])
    return scores


def _timing(stories: int, answers: Answers) -> dict[str, Any]:
    # Below a millisecond the rate says nothing but the clock's resolution.
    rate = round(stories / answers.seconds, 1) if answers.seconds >= 1e-3 else None
    return {"seconds": round(answers.seconds, 3), "stories_per_second": rate, "crashed_stories": len(answers.errors)}


def mean_over_seeds(runs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Key-wise mean of the numeric scores of several seeded runs (seconds and crashes summed), with `seeds`."""
    if len(runs) == 1:
        return dict(runs[0])
    merged: dict[str, Any] = {}
    for key, value in runs[0].items():
        values = [run[key] for run in runs]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and None not in values:
            # Time and crashes add up over the seeds; scores are averaged.
            merged[key] = sum(values) if key in ("seconds", "crashed_stories") else sum(values) / len(values)
        else:
            merged[key] = value
    return {**merged, "seeds": len(runs)}


def _rounded(scores: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in scores.items()}


# --- harness ---


def _display(name: str) -> str:
    return "the system under test" if name == "system" else f"baseline {name}"


def gold_rates(stories: Sequence[BiasStory]) -> dict[str, float]:
    """The share of sentences holding informational (-> single-source) and lexical (-> commentary) bias."""
    gold = [bias for story in stories for article in story.articles for bias in article.bias]
    return {SINGLE_SOURCE: _mean([INFORMATIONAL in g for g in gold]), COMMENTARY: _mean([LEXICAL in g for g in gold])}


def _gold_summary(compare_set: CompareSet) -> dict[str, Any]:
    if compare_set.dataset == BASIL:
        gold = [b for story in compare_set.stories for article in story.articles for b in article.bias]
        return {"articles": sum(len(s.articles) for s in compare_set.stories), "sentences": len(gold),
                "informational_sentences": sum(INFORMATIONAL in g for g in gold),
                "lexical_sentences": sum(LEXICAL in g for g in gold), "any_bias_sentences": sum(bool(g) for g in gold)}
    return {"articles": sum(len(s.articles) for s in compare_set.stories),
            "reference_words": round(_mean([len(s.reference.split()) for s in compare_set.stories]), 1)}


def _prediction_rows(compare_set: CompareSet, answers: Answers) -> list[dict[str, Any]]:
    rows = []
    for story, value in zip(compare_set.stories, answers.values):
        error = {"error": answers.errors[story.id]} if story.id in answers.errors else {}
        if compare_set.dataset == BASIL:
            rows.extend({"id": a.article.id, "marks": [sorted(m) for m in marks], **error}
                        for a, marks in zip(story.articles, value))
        else:
            rows.append({"id": story.id, "summary": value, **error})
    return rows


def evaluate_compare(
    data: Path,
    *,
    system: CompareSystem | None = None,
    predictions: Path | None = None,
    baselines: bool = True,
    progress: Progress | None = None,
    split: str | None = None,
    limit: int | None = None,
    splitter: Splitter = spacy_sentences,
) -> dict[str, Any]:
    """Score an outlet comparer on a comparison data set folder (which set is detected from its layout).

    system: see the module docstring; default Wirewatch's `WirewatchComparer`. If that cannot be
        imported or built, or lacks the method the data set needs, only the baselines run and
        the result's `system` is None, with a note.
    predictions: where to write the system's answers, one JSON line per item: ``{"id", "marks":
        [[mark, ...] per sentence]}`` per BASIL article, ``{"id", "summary": [sentence, ...]}``
        per NeuS line (``error`` added where the system crashed).
    split: NeuS lines, "val" | "train" | "all" (default: val on the DEV file; see compare_data).
    limit: score only the first `limit` stories (BASIL: by year folder, then uuid; NeuS: by line).
    splitter: the sentence splitter (default spaCy); tests may pass a simpler one.
    """
    data = Path(data)
    compare_set = load_compare_set(data, split=split, limit=limit, splitter=splitter)
    stories, notes = compare_set.stories, list(compare_set.notes)
    method = "mark" if compare_set.dataset == BASIL else "summarize"
    if system is None:
        try:
            system = wirewatch_comparer()
        except Exception as exc:  # noqa: BLE001 - any failure to build the comparer leaves the baselines
            notes.append(f"the Wirewatch comparer ({WIREWATCH_COMPARER}) is not available ({type(exc).__name__}: "
                         f"{exc}); only the baselines were run")
    if system is not None and not callable(getattr(system, method, None)):
        notes.append(f"the system under test ({type(system).__name__}) has no {method}(): only the baselines were run")
        system = None
    systems: dict[str, list[Any]] = {"system": [system]} if system is not None else {}
    if baselines:
        rates = gold_rates(stories) if compare_set.dataset == BASIL else None
        systems.update(compare_baselines(compare_set.dataset, rates))
    if not systems:
        raise ValueError("nothing to score: no system under test and no baselines")
    total = len(stories) * sum(len(runs) for runs in systems.values())
    done = [0]

    def report(count: int) -> None:
        if progress is not None:
            progress(done[0] + count, total)

    score: Callable[..., dict[str, Any]] = (
        score_marks if compare_set.dataset == BASIL else partial(score_summaries, tokenizer=_RememberingTokenizer()))
    scored, system_answers = {}, None
    rouge_of: dict[str, list[list[dict[str, float]]]] = {}
    for name, instances in systems.items():
        runs = []
        for instance in instances:
            answers = ask(instance, method, stories, report)
            done[0] += len(stories)
            per_story: list[dict[str, float]] = []
            extra = {} if compare_set.dataset == BASIL else {"per_story": per_story}
            runs.append({**score(stories, answers.values, **extra), **_timing(len(stories), answers)})
            if extra:
                rouge_of.setdefault(name, []).append(per_story)
            if answers.unknown_marks:
                notes.append(f"{_display(name)} gave marks outside {sorted(MARKS)}, ignored: "
                             f"{sorted(answers.unknown_marks)}")
            if answers.cut_summaries:
                notes.append(f"{_display(name)}: {answers.cut_summaries} summaries were longer than "
                             f"{SUMMARY_BUDGET} sentences and were cut to the budget")
            if name == "system":
                system_answers = answers
        scored[name] = _rounded(mean_over_seeds(runs))
    if predictions is not None:
        if system_answers is None:
            notes.append(f"no predictions written to {predictions}: there is no system under test")
        else:
            write_predictions(predictions, _prediction_rows(compare_set, system_answers))
    result = {"dataset": compare_set.dataset, "data": str(data), "stories": len(stories),
              **({"split": compare_set.split} if compare_set.split else {}), **_gold_summary(compare_set),
              "system": scored.pop("system", None), "baselines": scored}
    if rouge_of.get("system") and len(rouge_of) > 1:
        result["margins"] = summary_margins(rouge_of, list(ROUGE))
    return {**result, "notes": notes}
