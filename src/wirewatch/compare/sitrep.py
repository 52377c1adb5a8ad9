"""The situation report: the top stories of the store, each summarised with what its sources agree on.

``situation_report(conn, since=None, actor=None, limit=10)`` ranks the live stories and, for the
top ``limit``, compares their sources (``compare_story``) and gathers what a reader needs: the
cited summary, the facts that are corroborated, single-source or in conflict, key quotes with
their speakers, the coded events and the outlets. Render it with ``compare.sitrep_render``.

Ranking. Each candidate story gets

    score = ln(1 + outlets) + recency + ln(1 + intensity / INTENSITY_SCALE)
    recency = 0.5 ** (age_days / HALF_LIFE_DAYS)
    intensity = sum over the story's events of |goldstein| * num_sources

where ``outlets`` counts the story's distinct sources, ``age_days`` is the number of days between
the story's last publication and the newest story's (the reference day; the report reads the
same on an archive as on a live feed; an undated story has recency 0), and negated or
hypothetical events, which did not happen, add no intensity. Each term is about 0 to 3 for
ordinary stories, so breadth of coverage, freshness and the weight of what happened (a
missile strike at Goldstein -10 reported by three outlets: 30) count alike; the logs keep a
story with fifty rewrites or a hundred minor events from drowning the rest.
"""
from __future__ import annotations

import math
import re
import sqlite3
from datetime import date, datetime, timezone

from wirewatch.compare.corroborate import ClaimGroup
from wirewatch.compare.story import Comparer, StoryComparison, compare_story, default_comparer
from wirewatch.compare.summary import broken_quote, summarize_story, summary_as_dicts, voice_of

HALF_LIFE_DAYS = 2.0
INTENSITY_SCALE = 10.0
# Stories considered for ranking (the most recently published first).
CANDIDATES = 500
# Items shown per story.
MAX_FACTS = 8
MAX_QUOTES = 5
MAX_EVENTS = 10
# Quotes shorter than this (words) are scare quotes, not statements.
MIN_QUOTE_WORDS = 4
FORMULA = ("score = ln(1 + outlets) + 0.5 ** (age_days / {half}) + ln(1 + intensity / {scale}); "
           "intensity = sum of |goldstein| * num_sources over the story's events (negated and hypothetical "
           "ones left out); age_days from the newest story's last publication").format(
               half=HALF_LIFE_DAYS, scale=INTENSITY_SCALE)
_EVENT_FIELDS = ("id", "code", "code_name", "source", "source_name", "target", "target_name", "date_first",
                 "date_last", "place", "goldstein", "quad_class", "num_articles", "num_sources", "negated",
                 "hypothetical", "reported_by", "sentence")


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def intensity(events: list[dict]) -> float:
    """Sum of |Goldstein| weighted by sources over the events that happened (see the module docstring)."""
    return sum(abs(e["goldstein"]) * max(e["num_sources"], 1) for e in events
               if not e.get("negated") and not e.get("hypothetical"))


def rank_terms(outlets: int, last_published: str | None, reference: date | None, events: list[dict]) -> dict:
    """The three terms of a story's score and the score itself."""
    day = _day(last_published)
    recency = 0.0 if day is None or reference is None else 0.5 ** (max((reference - day).days, 0) / HALF_LIFE_DAYS)
    weight = intensity(events)
    terms = {"outlets": math.log1p(outlets), "recency": recency, "intensity": math.log1p(weight / INTENSITY_SCALE)}
    return {"score": round(sum(terms.values()), 4), **{k: round(v, 4) for k, v in terms.items()},
            "event_intensity": round(weight, 2)}


def _actor_stories(conn: sqlite3.Connection, actor: str, since: date | None) -> set[str]:
    """Live ids of the stories with an event whose source or target is the actor (a code prefix)."""
    from wirewatch.store.events import list_events
    from wirewatch.store.stories import resolve_story_id

    found: set[str] = set()
    for story_id in {e["story_id"] for e in list_events(conn, actor=actor, since=since, limit=None) if e["story_id"]}:
        try:
            found.add(resolve_story_id(conn, story_id))
        except Exception:  # noqa: BLE001 - an event of a story since removed: nothing to report
            continue
    return found


def ranked_stories(conn: sqlite3.Connection, since: date | None = None, actor: str | None = None) -> list[dict]:
    """The candidate stories with their rank terms, best first (ties: more articles, then id)."""
    from wirewatch.store.events import list_events
    from wirewatch.store.stories import list_stories

    rows = list_stories(conn, since=since, limit=CANDIDATES)
    if actor:
        allowed = _actor_stories(conn, actor, since)
        rows = [r for r in rows if r["id"] in allowed]
    days = [d for d in (_day(r["last_published"]) for r in rows) if d]
    reference = max(days) if days else None
    ranked = []
    for row in rows:
        events = list_events(conn, story=row["id"], limit=None)
        ranked.append({**row, "rank": rank_terms(row["outlets"], row["last_published"], reference, events),
                       "events": events})
    ranked.sort(key=lambda r: (-r["rank"]["score"], -r["articles"], r["id"]))
    return ranked


def _fact(group: ClaimGroup, order: dict[str, int]) -> dict:
    voice = voice_of(group, order)
    return {"text": voice.text, "outlets": list(group.outlets), "independent": group.independent,
            "article_id": voice.article_id, "reason": group.reason}


def facts_by_status(comparison: StoryComparison, limit: int = MAX_FACTS) -> dict[str, list[dict]]:
    """What is corroborated, single-source and in conflict: one sentence per group (at most `limit` each).

    A corroborated or single-source group voiced by a piece of a quotation that the sentence
    splitter cut (its quotation marks do not pair up) is left out: out of its article it misquotes
    the speaker, and the quotation itself is among the key quotes. Conflicts are always listed."""
    order = {a.id: i for i, a in enumerate(comparison.articles)}
    found: dict[str, list[dict]] = {"corroborated": [], "single_source": [], "conflict": []}
    groups = sorted(comparison.groups, key=lambda g: (-len(g.independent_outlets), -len(g.outlets),
                                                      min(c.index for c in g.claims)))
    for group in groups:
        key = group.status.replace("-", "_")
        if key not in found or len(found[key]) >= limit:
            continue
        fact = _fact(group, order)
        if key != "conflict" and broken_quote(fact["text"]):
            continue
        found[key].append(fact)
    return found


def _quote_key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def key_quotes(conn: sqlite3.Connection, comparison: StoryComparison, limit: int = MAX_QUOTES) -> list[dict]:
    """The story's direct quotes with a speaker, one per wording, most widely reported first."""
    from wirewatch.store.events import quotes_of

    found: dict[str, dict] = {}
    for position, article in enumerate(comparison.articles):
        for quote in quotes_of(conn, article.id):
            if not quote.speaker or len(quote.text.split()) < MIN_QUOTE_WORDS:
                continue
            entry = found.setdefault(_quote_key(quote.text), {
                "text": quote.text, "speaker": quote.speaker, "speaker_actor": quote.speaker_actor,
                "outlets": [], "article_id": article.id, "first": (position, quote.start)})
            if article.source not in entry["outlets"]:
                entry["outlets"].append(article.source)
    ranked = sorted(found.values(), key=lambda q: (-len(q["outlets"]), q["first"]))[:limit]
    return [{k: v for k, v in q.items() if k != "first"} for q in ranked]


def story_report(conn: sqlite3.Connection, row: dict, comparer: Comparer) -> dict:
    """One story's entry in the report (``row``: one of ``ranked_stories``)."""
    comparison = compare_story(conn, row["id"], comparer=comparer)
    return {
        "id": row["id"], "title": row["title"], "first_published": row["first_published"],
        "last_published": row["last_published"], "articles": row["articles"],
        "outlets": sorted({a.source for a in comparison.articles}), "rank": row["rank"],
        "summary": summary_as_dicts(summarize_story(comparison, vectors=comparer.vectors)),
        **facts_by_status(comparison),
        "quotes": key_quotes(conn, comparison),
        "events": [{k: e.get(k) for k in _EVENT_FIELDS} for e in row["events"][:MAX_EVENTS]],
        "sources": [{"id": a.id, "outlet": a.outlet, "title": a.title, "published": a.published,
                     "relations": [{"relation": r, "of": o} for r, o in a.relations]} for a in comparison.articles],
    }


def situation_report(conn: sqlite3.Connection, since: date | None = None, actor: str | None = None,
                     limit: int = 10, *, comparer: Comparer | None = None) -> dict:
    """The top `limit` stories (see the module docstring for the ranking), each compared and summarised.

    since: only stories published on or after this day. actor: only stories with an event whose
        source or target starts with this code (``PRK`` matches ``PRKGOV``).
    comparer: the embedder and caches for ``compare_story``; default the process's shared one.
    """
    comparer = comparer or default_comparer()
    actor = actor.strip().upper() if actor and actor.strip() else None
    ranked = ranked_stories(conn, since=since, actor=actor)
    return {
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "since": since.isoformat() if since else None, "actor": actor, "limit": limit,
        "candidates": len(ranked), "ranking": FORMULA,
        "stories": [story_report(conn, row, comparer) for row in ranked[:limit]],
    }
