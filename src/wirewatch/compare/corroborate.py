"""Mark each group of aligned claims: corroborated, single-source, conflict or commentary.

Two notions of "more than one source" are kept apart, because a rewrite repeats its original's
facts without checking them:

- ``outlets``: the distinct sources whose articles state the fact (an article of no known outlet
  is a source of its own, named by its article id).
- ``independent_outlets``: one per *family* of articles: an article and every article that is a
  copy or a rewrite of it (``copy_of`` / ``rewrite_of`` relations of the story, followed
  transitively, whether or not the original is in the group), and articles of one outlet, are one
  family. Each family is named by the source of its first article among the group's claims.

Statuses: ``corroborated`` when at least two outlets state the fact (``independent`` tells
whether at least two families do: only then is it independently corroborated);
``single-source`` when one outlet does; ``conflict`` when two fact claims of the group disagree
on an amount, a date, a place or an actor (``compare.facts``; ``reason`` says which);
``commentary`` when every claim of the group is commentary. Commentary claims stay in their
group but never count as a source of the fact.

``single_source_details`` lists the amounts, dates, places and quotes of a group that only one
outlet gives, so that a corroborated sentence does not lend its support to a detail that only
one article adds (the drills are reported by both, "August 21-31" by one).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from wirewatch.compare.claims import Claim
from wirewatch.compare.facts import actor_conflict, amounts_agree, date_conflict, number_conflict, place_conflict

Status = Literal["corroborated", "single-source", "conflict", "commentary"]
STATUSES: tuple[Status, ...] = ("corroborated", "single-source", "conflict", "commentary")
# Relations that make an article a repetition of another rather than an independent report.
DEPENDENT_RELATIONS = {"copy_of", "rewrite_of"}
# Share of a quote's words another claim must repeat for the quote to be given by both.
QUOTE_OVERLAP = 0.6


@dataclass(frozen=True)
class ArticleInfo:
    """What corroboration needs of an article: its outlet, its relations and its family."""

    id: str
    outlet: str | None
    title: str | None = None
    published: str | None = None
    relations: tuple[tuple[str, str], ...] = ()      # (relation, other article id)

    @property
    def source(self) -> str:
        """The outlet, or the article id when the outlet is unknown."""
        return self.outlet or self.id


@dataclass(frozen=True)
class ClaimGroup:
    """Aligned claims stating one fact, and how well it is sourced."""

    status: Status
    claims: tuple[Claim, ...]
    outlets: tuple[str, ...]
    independent_outlets: tuple[str, ...]
    reason: str | None = None
    single_source_details: tuple[str, ...] = field(default=())

    @property
    def independent(self) -> bool:
        """At least two independent families of articles state the fact."""
        return len(self.independent_outlets) >= 2

    @property
    def is_commentary(self) -> bool:
        return all(not c.is_fact for c in self.claims)


def families(articles: Sequence[ArticleInfo]) -> dict[str, str]:
    """Article id → the id of its family's first report (the earliest of its family in `articles`)."""
    order = {a.id: i for i, a in enumerate(articles)}
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: str, y: str) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            keep, gone = (rx, ry) if order[rx] <= order[ry] else (ry, rx)
            parent[gone] = keep

    by_outlet: dict[str, str] = {}
    for article in articles:
        for relation, other in article.relations:
            if relation in DEPENDENT_RELATIONS and other in parent:
                union(article.id, other)
        if article.outlet:
            union(article.id, by_outlet.setdefault(article.outlet, article.id))
    return {a.id: find(a.id) for a in articles}


def _words(text: str) -> set[str]:
    return {w.strip(".,;:!?\"“”'’").casefold() for w in text.split()} - {""}


def _quote_repeated(quote: str, other: Claim) -> bool:
    words = _words(quote)
    return bool(words) and len(words & _words(other.text)) / len(words) >= QUOTE_OVERLAP


def _details_alone(claim: Claim, others: Sequence[Claim]) -> list[str]:
    alone = []
    for number in claim.numbers:
        if not any(amounts_agree(number, n) for o in others for n in o.numbers):
            alone.append(number.text)
    for day in claim.dates:
        if not any(day.first <= d.last and d.first <= day.last for o in others for d in o.dates):
            alone.append(day.text)
    for place in claim.places:
        if not any(place in o.places for o in others):
            alone.append(place)
    for quote in claim.quotes:
        if not any(_quote_repeated(quote, o) for o in others):
            alone.append(f"“{quote}”")
    return alone


def _conflict(a: Claim, b: Claim, sources: Mapping[str, str]) -> str | None:
    def said(x: Claim) -> str:
        return sources.get(x.article_id, x.article_id)

    pair = number_conflict(a.numbers, b.numbers)
    if pair:
        def amount(q) -> str:
            return q.text if not q.counts or q.counts in q.text else f"{q.text} {q.counts}"

        return f"amounts differ: “{amount(pair[0])}” ({said(a)}) vs “{amount(pair[1])}” ({said(b)})"
    days = date_conflict(a.dates, b.dates)
    if days:
        return f"dates differ: “{days[0].text}” ({said(a)}) vs “{days[1].text}” ({said(b)})"
    places = place_conflict(a.places, b.places, (a.text, b.text), (a.actors, b.actors))
    if places:
        return f"places differ: {places[0]} ({said(a)}) vs {places[1]} ({said(b)})"
    actors = actor_conflict(a.subjects, a.actors, b.subjects, b.actors)
    if actors:
        return f"actors differ: {actors[0]} ({said(a)}) vs {actors[1]} ({said(b)})"
    return None


def mark_group(claims: Sequence[Claim], articles: Mapping[str, ArticleInfo], family: Mapping[str, str]) -> ClaimGroup:
    """The status of one group of aligned claims (at most one per article)."""
    facts = [c for c in claims if c.is_fact]
    counted = facts or list(claims)
    sources = {c.article_id: articles[c.article_id].source for c in claims}
    outlets = tuple(dict.fromkeys(sources[c.article_id] for c in counted))
    # One source per family, named by the family's first article among the group's claims.
    seen: dict[str, str] = {}
    for claim in counted:
        seen.setdefault(family[claim.article_id], sources[claim.article_id])
    independent = tuple(dict.fromkeys(seen.values()))
    reason = None
    for i, a in enumerate(facts):
        for b in facts[i + 1 :]:
            reason = _conflict(a, b, sources)
            if reason:
                break
        if reason:
            break
    if not facts:
        status: Status = "commentary"
    elif reason:
        status = "conflict"
    else:
        status = "corroborated" if len(outlets) >= 2 else "single-source"
    details: list[str] = []
    if len(outlets) >= 2:
        for claim in facts:
            others = [o for o in facts if sources[o.article_id] != sources[claim.article_id]]
            details.extend(d for d in _details_alone(claim, others) if d not in details)
    return ClaimGroup(status, tuple(claims), outlets, independent if facts else (), reason, tuple(details))
