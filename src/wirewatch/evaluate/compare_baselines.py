"""Simple comparers scored beside Wirewatch in the same run, as yardsticks.

Each follows the harness's system interface: `mark` (BASIL) or `summarize` (NeuS). Settings are
fixed, not tuned on DEV. The random ones draw from a generator seeded by the seed and the
article (or story) ids, so an article's answer does not depend on which others are scored
(`--limit`); the harness averages them over `RANDOM_SEEDS`.

BASIL marks ("single-source" is scored against informational bias, "commentary" against lexical):
- all-positive: every sentence both; the recall ceiling and the precision floor.
- random-rate: each sentence independently "single-source" with probability the gold rate of
  informational-bias sentences and "commentary" with that of lexical ones (it knows the rates).
- lead-3: the first three sentences of each article both, nothing else; lexical bias is most
  frequent in an article's opening sentences.
NeuS summaries (the system's budget is `SUMMARY_BUDGET` sentences):
- lead-each: the first sentence of each article, in the given order.
- lead-round-robin: the first sentence of each article, then the second of each..., up to the budget.
- first-article-lead-3: the first three sentences of the first article.
- random-3: three sentences drawn from all the story's sentences, kept in story order.
"""
from __future__ import annotations

import random
from collections.abc import Sequence

from wirewatch.evaluate.compare_data import BASIL, NEUS, ArticleSentences

SUMMARY_BUDGET = 5
RANDOM_SEEDS = (1, 2, 3, 4, 5)
SINGLE_SOURCE, COMMENTARY = "single-source", "commentary"
BOTH = frozenset({SINGLE_SOURCE, COMMENTARY})

Marks = list[list[set[str]]]


def _rng(seed: int, articles: Sequence[ArticleSentences]) -> random.Random:
    return random.Random(f"{seed}:" + "|".join(article.id for article in articles))


class AllPositive:
    """Marks every sentence single-source and commentary."""

    name = "all-positive"

    def mark(self, articles: Sequence[ArticleSentences]) -> Marks:
        return [[set(BOTH) for _ in article.sentences] for article in articles]


class RandomAtRate:
    """Marks each sentence at random, each mark at its own rate.

    rates: mark -> probability, e.g. {"single-source": 0.15, "commentary": 0.06}.
    """

    name = "random-rate"

    def __init__(self, rates: dict[str, float], seed: int = RANDOM_SEEDS[0]):
        self.rates, self.seed = dict(rates), seed

    def mark(self, articles: Sequence[ArticleSentences]) -> Marks:
        marks = []
        for article in articles:
            rng = _rng(self.seed, [article])
            marks.append([{m for m, rate in sorted(self.rates.items()) if rng.random() < rate}
                          for _ in article.sentences])
        return marks


class LeadMarks:
    """Marks the first `n` sentences of each article single-source and commentary."""

    def __init__(self, n: int = 3):
        self.n = n
        self.name = f"lead-{n}"

    def mark(self, articles: Sequence[ArticleSentences]) -> Marks:
        return [[set(BOTH) if i < self.n else set() for i in range(len(article.sentences))] for article in articles]


class LeadEach:
    """The first sentence of each article, up to the budget."""

    name = "lead-each"

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]:
        return [article.sentences[0] for article in articles if article.sentences][:SUMMARY_BUDGET]


class LeadRoundRobin:
    """Sentences taken by rank across the articles (all firsts, then all seconds...) up to the budget."""

    name = "lead-round-robin"

    def __init__(self, budget: int = SUMMARY_BUDGET):
        self.budget = budget

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]:
        summary: list[str] = []
        for rank in range(max((len(a.sentences) for a in articles), default=0)):
            summary.extend(a.sentences[rank] for a in articles if rank < len(a.sentences))
        return summary[:self.budget]


class FirstArticleLead:
    """The first `n` sentences of the first article: one outlet's lead, no comparison at all."""

    def __init__(self, n: int = 3):
        self.n = n
        self.name = f"first-article-lead-{n}"

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]:
        return list(articles[0].sentences[:self.n]) if articles else []


class RandomSentences:
    """`n` sentences drawn without replacement from the story's sentences, in story order."""

    def __init__(self, n: int = 3, seed: int = RANDOM_SEEDS[0]):
        self.n, self.seed = n, seed
        self.name = f"random-{n}"

    def summarize(self, articles: Sequence[ArticleSentences]) -> list[str]:
        pool = [sentence for article in articles for sentence in article.sentences]
        chosen = sorted(_rng(self.seed, articles).sample(range(len(pool)), min(self.n, len(pool))))
        return [pool[i] for i in chosen]


def compare_baselines(dataset: str, rates: dict[str, float] | None = None,
                      seeds: Sequence[int] = RANDOM_SEEDS) -> dict[str, list[object]]:
    """The baselines run on a data set: name -> one instance per seed (one for deterministic ones).

    rates: BASIL only, the gold rate per mark, for random-rate.
    """
    if dataset == BASIL:
        lead = LeadMarks(3)
        return {AllPositive.name: [AllPositive()],
                RandomAtRate.name: [RandomAtRate(rates or {}, seed) for seed in seeds],
                lead.name: [lead]}
    if dataset == NEUS:
        first, drawn = FirstArticleLead(3), [RandomSentences(3, seed) for seed in seeds]
        return {LeadEach.name: [LeadEach()], LeadRoundRobin.name: [LeadRoundRobin()],
                first.name: [first], drawn[0].name: drawn}
    raise ValueError(f"no comparison baselines for data set {dataset!r}")
