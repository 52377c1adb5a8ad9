"""Compare the sources of a story: claims of every article, aligned and marked (the store adapter).

``compare_story(conn, story_id)`` reads the story's articles and their copy/rewrite relations,
splits each into claims, aligns the claims that state the same fact and marks each group
(``compare.corroborate``). ``comparison_as_dict`` gives the result as plain JSON-ready data.

Dates in an article without a publication date are resolved against the date of the article it
copies or rewrites, else the story's first publication date; with neither, it has no dates.

Claims come from the store when the extract stage saved them (``store.claims``): parsing is most
of a cold comparison's cost, and the stage has the parse already. The stage resolves dates
against the article's own date only, so an undated article whose comparison date comes from a
relation or the story (or an article extracted before claims were stored, or by another claim
splitter version) is parsed here instead, as before. Claim vectors are read from the store's
``claim_vectors``; those missing are embedded in one batch and written back in one short
transaction, except on a read-only connection (the API's), where they stay in memory.
Claims and vectors are also cached in a ``Comparer`` (articles are immutable: an article's id is
a hash of its body), so comparing a story again after it grows looks up only the new articles.
"""
from __future__ import annotations

import sqlite3
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache

from wirewatch.compare.align import ClaimVectors, align_claims, alignable
from wirewatch.compare.claims import ArticleText, Claim, article_claims
from wirewatch.compare.corroborate import ArticleInfo, ClaimGroup, families, mark_group

# Articles whose claims a Comparer keeps.
CLAIM_CACHE_SIZE = 5_000


@dataclass(frozen=True)
class ClaimMark:
    """How one claim of an article fared: its group, the group's status, whether independently so."""

    index: int
    start: int
    end: int
    kind: str
    group: int
    status: str
    outlets: int
    independent: bool


@dataclass
class StoryComparison:
    """A story's articles, its groups of aligned claims and, per article, each claim's mark."""

    story_id: str
    articles: list[ArticleInfo]
    groups: list[ClaimGroup]
    marks: dict[str, list[ClaimMark]] = field(default_factory=dict)

    def groups_with(self, status: str) -> list[ClaimGroup]:
        return [g for g in self.groups if g.status == status]

    def group_of(self, article_id: str, index: int) -> ClaimGroup:
        """The group holding claim `index` of the article."""
        return self.groups[next(m.group for m in self.marks[article_id] if m.index == index)]


def _day(value) -> date | None:
    if isinstance(value, date):
        return value
    return date.fromisoformat(value) if value else None


class Comparer:
    """Compares stories, keeping claims (by article) and claim vectors (by text) between calls.

    embedder: for the claim vectors; default MiniLM (``cluster.embed.Embedder``).
    """

    def __init__(self, embedder=None, cache_size: int = CLAIM_CACHE_SIZE):
        self.vectors = ClaimVectors(embedder)
        self._claims: OrderedDict[tuple, list[Claim]] = OrderedDict()
        self._cache_size = cache_size

    def claims(self, texts: list[ArticleText]) -> dict[str, list[Claim]]:
        """Claims of each article, analysing only those not cached."""
        missing = [a for a in texts if self._key(a.id, a.outlet, a.published) not in self._claims]
        for article_id, found in article_claims(missing).items():
            article = next(a for a in missing if a.id == article_id)
            self._claims[self._key(article.id, article.outlet, article.published)] = found
        return self._take({a.id: self._key(a.id, a.outlet, a.published) for a in texts})

    @staticmethod
    def _key(article_id: str, outlet: str | None, reference: date | None) -> tuple:
        return (article_id, outlet, reference)

    def _take(self, keys: dict[str, tuple]) -> dict[str, list[Claim]]:
        """The cached claims under these keys (by article id), then the cache trimmed."""
        result = {}
        for article_id, key in keys.items():
            self._claims.move_to_end(key)
            result[article_id] = self._claims[key]
        while len(self._claims) > self._cache_size:
            self._claims.popitem(last=False)
        return result

    def story_claims(self, conn: sqlite3.Connection, infos: list[ArticleInfo],
                     references: dict[str, date | None]) -> dict[str, list[Claim]]:
        """Claims of the story's articles: cached, else stored by the extract stage, else parsed.

        references: the date each article's dates are resolved against.
        """
        from wirewatch.store.articles import articles_by_ids
        from wirewatch.store.claims import load_claims

        keys = {i.id: self._key(i.id, i.outlet, references[i.id]) for i in infos}
        need = [i for i in infos if keys[i.id] not in self._claims]
        if need:
            stored = load_claims(conn, {i.id: references[i.id] for i in need}, {i.id: i.outlet for i in need})
            for article_id, found in stored.items():
                self._claims[keys[article_id]] = found
            missing = [i for i in need if i.id not in stored]
            bodies = {r["id"]: r["body"] for r in articles_by_ids(conn, [i.id for i in missing], ("id", "body"))}
            parse = [ArticleText(i.id, bodies.get(i.id) or "", i.outlet, references[i.id]) for i in missing]
            for article_id, found in article_claims(parse).items():
                self._claims[keys[article_id]] = found
        return self._take(keys)

    def store_vectors(self, conn: sqlite3.Connection, texts: list[str]) -> int:
        """Make the vectors of these claim texts ready: cached, else read from the store, else
        embedded (one batch) and written to the store when it can be written; returns how many
        were embedded."""
        from wirewatch.store.claims import load_vectors, save_vectors

        missing = self.vectors.missing(texts)
        if not missing:
            return 0
        model = self.vectors.model
        found = load_vectors(conn, missing, model)
        self.vectors.add(found)
        new = self.vectors.embed([t for t in missing if t not in found])
        save_vectors(conn, new, model)
        return len(new)

    def compare(self, conn: sqlite3.Connection, story_id: str) -> StoryComparison:
        """Compare the sources of one story (an id, a unique prefix or a merged-away id)."""
        from wirewatch.store.stories import get_story

        story = get_story(conn, story_id)
        rows = story["articles"]
        infos = [ArticleInfo(r["id"], r["outlet"], r["title"], r["published"],
                             tuple((rel["relation"], rel["of"]) for rel in r["relations"])) for r in rows]
        dated = {r["id"]: _day(r["published"]) for r in rows}
        fallback = _day(story.get("first_published"))
        references = {info.id: dated[info.id] or next(
            (dated[other] for _, other in info.relations if dated.get(other)), None) or fallback for info in infos}
        claims = self.story_claims(conn, infos, references)
        self.store_vectors(conn, [c.text for i in infos for c in claims[i.id] if alignable(c)])
        return compare_articles(story["id"], infos, claims, self.vectors)


def compare_articles(story_id: str, articles: list[ArticleInfo], claims: dict[str, list[Claim]],
                     vectors: ClaimVectors | None = None) -> StoryComparison:
    """The pure core of ``compare_story``: align and mark the claims of these articles (in story order)."""
    everything = [c for a in articles for c in claims.get(a.id, [])]
    alignment = align_claims(everything, vectors)
    by_id = {a.id: a for a in articles}
    family = families(articles)
    groups = [mark_group([everything[i] for i in members], by_id, family) for members in alignment.groups]
    marks: dict[str, list[ClaimMark]] = {a.id: [] for a in articles}
    for number, group in enumerate(groups):
        for claim in group.claims:
            marks[claim.article_id].append(ClaimMark(claim.index, claim.start, claim.end, claim.kind, number,
                                                     group.status, len(group.outlets), group.independent))
    for found in marks.values():
        found.sort(key=lambda m: m.index)
    return StoryComparison(story_id, articles, groups, marks)


@lru_cache(maxsize=1)
def default_comparer() -> Comparer:
    """The process's shared Comparer (MiniLM, caches warm across calls)."""
    return Comparer()


def compare_story(conn: sqlite3.Connection, story_id: str, *, comparer: Comparer | None = None) -> StoryComparison:
    """Split a story's articles into claims, align them across articles and mark each group.

    comparer: holds the embedder and the caches; default ``default_comparer()``.
    """
    return (comparer or default_comparer()).compare(conn, story_id)


def _claim_dict(claim: Claim) -> dict:
    return {
        "article_id": claim.article_id, "outlet": claim.outlet, "index": claim.index,
        "start": claim.start, "end": claim.end, "text": claim.text, "kind": claim.kind,
        "score": claim.score, "cues": list(claim.cues), "attributed_to": claim.attributed_to,
        "actors": list(claim.actors), "subjects": list(claim.subjects),
        "numbers": [{"text": q.text, "value": q.value, "approximate": q.approximate, "unit": q.unit,
                     "counts": q.counts} for q in claim.numbers],
        "dates": [{"text": d.text, "first": d.first.isoformat(), "last": d.last.isoformat()} for d in claim.dates],
        "places": list(claim.places), "quotes": list(claim.quotes),
    }


def comparison_as_dict(comparison: StoryComparison) -> dict:
    """The comparison as JSON-ready data (lists, strings, numbers, booleans)."""
    counts = {status: 0 for status in ("corroborated", "single-source", "conflict", "commentary")}
    for group in comparison.groups:
        counts[group.status] += 1
    return {
        "story_id": comparison.story_id,
        "articles": [{"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published,
                      "relations": [{"relation": r, "of": o} for r, o in a.relations]} for a in comparison.articles],
        "counts": counts,
        "groups": [{"id": i, "status": g.status, "independent": g.independent, "outlets": list(g.outlets),
                    "independent_outlets": list(g.independent_outlets), "reason": g.reason,
                    "single_source_details": list(g.single_source_details),
                    "claims": [_claim_dict(c) for c in g.claims]} for i, g in enumerate(comparison.groups)],
        "marks": {article_id: [asdict(m) for m in found] for article_id, found in comparison.marks.items()},
    }
