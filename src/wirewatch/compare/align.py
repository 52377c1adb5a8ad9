"""Align the claims of a story's articles that state the same fact.

Two claims of different articles are scored by the cosine of their MiniLM vectors plus the
overlap of their content words and small bonuses for what they share: actor codes, compatible
amounts of the same thing, overlapping dates; a fact paired with commentary loses a little. Pairs at or above ``ALIGN_THRESHOLD`` are joined greedily, best pair first, into groups
that hold at most one claim per article; two groups are joined only when their claims are, on
average, still alike (``GROUP_LINK_MIN``), so that a chain of loose matches cannot glue
different facts together. A claim that matches nothing is a group of its own.

Only claims that can state a fact are embedded (``alignable``): commentary, which is never the
source of a fact, and claims of fewer than ``MIN_ALIGN_TERMS`` content words ("He declined to
comment.") align only with the same words in another article (a copy), which needs no vector.
On a 50-article story that spares about a seventh of the embedding, the whole cost of a first
comparison (``python -m benchmarks.compare``).

Vectors are cached by claim text (``ClaimVectors``): copies and rewrites repeat sentences, and
comparing a story again after one more article arrives re-embeds only the new sentences.
``compare.story`` also keeps them in the store (``claim_vectors``, float16) for other processes.
"""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from wirewatch.compare.claims import Claim
from wirewatch.compare.facts import numbers_agree, shared_dates

# Score at which two claims state the same fact. MiniLM puts paraphrases of one news fact at
# 0.6-0.9 and different facts of one story at 0.3-0.6; long sentences that share one fact among
# others fall near 0.5, which the word overlap and the shared details lift.
ALIGN_THRESHOLD = 0.6
# Weight of the word overlap (share of the shorter claim's content-word stems found in the other).
OVERLAP_WEIGHT = 0.25
# Bonus per actor code two claims share (at most ACTOR_BONUS_MAX in all).
ACTOR_BONUS = 0.03
ACTOR_BONUS_MAX = 0.06
# Bonus when both name the same amount of the same thing, and when their dates overlap.
NUMBER_BONUS = 0.06
DATE_BONUS = 0.04
# A fact claim and a commentary claim are a weaker match: a fact repeated as fact wins the pairing.
KIND_PENALTY = 0.05
# Two groups join only if the mean score of all pairs across them is at least this.
GROUP_LINK_MIN = 0.55
# Claims with fewer content-word stems than this are aligned by identical text only.
MIN_ALIGN_TERMS = 3
# Claims are embedded from their first 64 word pieces (about 48 words): longer ones are run-ons,
# whose opening says what they are about.
CLAIM_TOKENS = 64
# Vectors kept in a ClaimVectors cache.
CACHE_SIZE = 50_000


def claim_embedder():
    """The default embedder of claims: MiniLM on the first ``CLAIM_TOKENS`` word pieces, in bfloat16
    where the CPU does it natively (2.4–2.9 times faster on the development machine, the same vectors
    to within rounding: ``cluster.embed``). Its name, which keys stored vectors, says the length."""
    from wirewatch.cluster.embed import Embedder

    embedder = Embedder(max_tokens=CLAIM_TOKENS, bf16=None)
    embedder.name = f"{embedder.name}@{CLAIM_TOKENS}"
    return embedder


def alignable(claim: Claim) -> bool:
    """Whether the claim is aligned by meaning (embedded), not only by identical text."""
    return claim.kind != "commentary" and len(claim.terms) >= MIN_ALIGN_TERMS


class ClaimVectors:
    """Unit vectors of claim texts, cached by text (least recently used dropped first).

    embedder: anything with ``embed(texts) -> ndarray`` of unit rows; default MiniLM (``Embedder``),
        in bfloat16 where the CPU does it natively.
    """

    def __init__(self, embedder=None, size: int = CACHE_SIZE):
        self._embedder = embedder
        self._size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    @property
    def embedder(self):
        if self._embedder is None:
            self._embedder = claim_embedder()
        return self._embedder

    @property
    def model(self) -> str:
        """The embedder's name: stored vectors are kept per model."""
        return getattr(self.embedder, "name", None) or type(self.embedder).__name__

    def missing(self, texts: Sequence[str]) -> list[str]:
        """The texts (once each) whose vectors are not cached."""
        return list(dict.fromkeys(t for t in texts if t not in self._cache))

    def add(self, vectors: Mapping[str, np.ndarray]) -> None:
        """Cache vectors found elsewhere (the store's ``claim_vectors``)."""
        for text, row in vectors.items():
            self._cache[text] = np.asarray(row, dtype=np.float32)

    def embed(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Embed these texts in one batch and cache them; returns the new vectors by text.

        Vectors are rounded to float16, as the store keeps them, so that a comparison gives the
        same scores whether its vectors were just computed or read back from the store.
        """
        texts = list(texts)
        if not texts:
            return {}
        found = {text: np.asarray(row, dtype=np.float16).astype(np.float32)
                 for text, row in zip(texts, self.embedder.embed(texts))}
        self.add(found)
        return found

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One unit row per text, embedding only the texts not cached yet."""
        self.embed(self.missing(texts))
        rows = []
        for text in texts:
            self._cache.move_to_end(text)
            rows.append(self._cache[text])
        while len(self._cache) > self._size:
            self._cache.popitem(last=False)
        if not rows:
            return np.zeros((0, getattr(self.embedder, "dimensions", 384)), dtype=np.float32)
        return np.vstack(rows)


@dataclass(frozen=True)
class Alignment:
    """Groups of aligned claims (indices into the claims given) and each pair's score."""

    groups: list[list[int]]
    scores: dict[tuple[int, int], float]

    def score(self, i: int, j: int) -> float | None:
        return self.scores.get((min(i, j), max(i, j)))


def pair_score(a: Claim, b: Claim, cosine: float) -> float:
    """The cosine of two claims' vectors plus the bonuses for what they share."""
    shared = len(set(a.actors) & set(b.actors))
    score = cosine + min(ACTOR_BONUS * shared, ACTOR_BONUS_MAX)
    if a.terms and b.terms:
        score += OVERLAP_WEIGHT * len(a.terms & b.terms) / min(len(a.terms), len(b.terms))
    if a.is_fact != b.is_fact:
        score -= KIND_PENALTY
    if a.numbers and b.numbers and numbers_agree(a.numbers, b.numbers) is True:
        score += NUMBER_BONUS
    if shared_dates(a.dates, b.dates):
        score += DATE_BONUS
    return score


def _incidence(sets: Sequence) -> np.ndarray:
    """A claims x items 0/1 matrix for the items of each claim (terms, actor codes)."""
    index: dict[str, int] = {}
    for items in sets:
        for item in items:
            index.setdefault(item, len(index))
    matrix = np.zeros((len(sets), max(len(index), 1)), dtype=np.float32)
    for row, items in enumerate(sets):
        for item in items:
            matrix[row, index[item]] = 1.0
    return matrix


def _pair_scores(claims: Sequence[Claim], vectors: np.ndarray) -> dict[tuple[int, int], float]:
    """``pair_score`` of every cross-article pair that can reach the threshold, computed in bulk:
    cosine, word overlap, actors and kind as matrices, amounts and dates only for the survivors.

    vectors: one row per claim; a claim that is not ``alignable`` has a zero row and counts as
    cosine 1 with a claim of the very same text, 0 with any other."""
    cosines = vectors @ vectors.T
    texts = {}
    same = np.array([texts.setdefault(c.text, len(texts)) for c in claims])
    cosines[same[:, None] == same[None, :]] = 1.0
    articles = np.array([c.article_id for c in claims])
    terms = _incidence([c.terms for c in claims])
    sizes = terms.sum(axis=1)
    smaller = np.minimum(sizes[:, None], sizes[None, :])
    overlap = np.divide(terms @ terms.T, smaller, out=np.zeros_like(cosines), where=smaller > 0)
    actors = _incidence([set(c.actors) for c in claims])
    facts = np.array([c.is_fact for c in claims])
    base = (cosines + OVERLAP_WEIGHT * overlap + np.minimum(ACTOR_BONUS * (actors @ actors.T), ACTOR_BONUS_MAX)
            - KIND_PENALTY * (facts[:, None] != facts[None, :]))
    reachable = base + NUMBER_BONUS + DATE_BONUS >= ALIGN_THRESHOLD
    rows, cols = np.nonzero(np.triu(reachable, k=1) & (articles[:, None] != articles[None, :]))
    scores = {}
    for i, j in zip(rows.tolist(), cols.tolist()):
        a, b = claims[i], claims[j]
        score = float(base[i, j])
        if a.numbers and b.numbers and numbers_agree(a.numbers, b.numbers) is True:
            score += NUMBER_BONUS
        if a.dates and b.dates and shared_dates(a.dates, b.dates):
            score += DATE_BONUS
        scores[(i, j)] = score
    return scores


def align_claims(claims: Sequence[Claim], vectors: ClaimVectors | None = None) -> Alignment:
    """Group the claims that state the same fact: at most one claim per article in a group.

    Every claim is in exactly one group; groups come in the order of their first claim.
    """
    if not claims:
        return Alignment([], {})
    vectors = vectors or ClaimVectors()
    embedded = [i for i, c in enumerate(claims) if alignable(c)]
    found = vectors.vectors([claims[i].text for i in embedded])
    rows = np.zeros((len(claims), found.shape[1]), dtype=np.float32)
    rows[embedded] = found
    scores = _pair_scores(claims, rows)
    group_of = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    articles: dict[int, set[str]] = {i: {c.article_id} for i, c in enumerate(claims)}
    for (i, j), score in sorted(scores.items(), key=lambda kv: (-kv[1], kv[0])):
        if score < ALIGN_THRESHOLD:
            break
        a, b = group_of[i], group_of[j]
        if a == b or articles[a] & articles[b]:
            continue
        cross = [scores.get((min(x, y), max(x, y)), 0.0) for x in members[a] for y in members[b]]
        if sum(cross) / len(cross) < GROUP_LINK_MIN:
            continue
        keep, gone = (a, b) if a < b else (b, a)
        for index in members[gone]:
            group_of[index] = keep
        members[keep].extend(members.pop(gone))
        articles[keep] |= articles.pop(gone)
    groups = sorted((sorted(m) for m in members.values()), key=lambda g: g[0])
    return Alignment(groups, scores)
