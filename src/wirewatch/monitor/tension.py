"""Tension index: a daily series of weighted Goldstein scores over deduplicated events.

The series reads the ``events`` table (one row per happening, merged across a story's articles),
never raw mentions, so one happening reported fifty times is still one event. Each event adds

    goldstein x (1 + ln(independent outlets)) x (REPORTED_WEIGHT if attributed else 1)

to the day it happened. *Independent outlets* are the outlets of the event's mentions once the
mentions whose articles are copies or rewrites (``article_relations``) of another mention's article
are folded into that article: a wire story and four verbatim copies are one independent report.
The logarithm gives diminishing returns: a second independent outlet adds evidence that the
happening matters, the tenth adds little, and one widely syndicated event cannot outweigh several
distinct ones. A single-outlet event counts at face value (weight 1).

Negated events ("did not attack") are left out. Hypothetical events and threats count with their
own Goldstein score, as CAMEO codes them (a threat, 13x, is already scored as a threat, not as the
act threatened). Attributed events (``reported_by``: "X says Y did Z") count at REPORTED_WEIGHT,
because one party's claim is weaker evidence than a report of the act itself.

The day is the day the event happened (``date_first``), but never later than the day it was first
reported (``first_seen``): a drill "scheduled for August 21" reported on August 10 is news of
August 10. Undated events are left out. Positive values are cooperation, negative values conflict.
"""
from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

REPORTED_WEIGHT = 0.5


@dataclass(frozen=True)
class TensionEvent:
    """One event as the index counts it: its Goldstein score, its weight and their product."""

    id: str
    story_id: str | None
    day: date
    source: str | None
    target: str | None
    code: str
    goldstein: float
    independent_outlets: int
    weight: float

    @property
    def contribution(self) -> float:
        return self.goldstein * self.weight


class TensionDay(NamedTuple):
    """One day of a series: the weighted sum and the events behind it (largest magnitude first)."""

    day: date
    value: float
    events: tuple[TensionEvent, ...]


def outlet_weight(independent_outlets: int) -> float:
    """1 + ln(n): 1 for a single outlet, about 1.7 for two, 2.6 for five, 3.3 for ten."""
    return 1.0 + math.log(max(independent_outlets, 1))


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _prefix(code: str) -> str:
    text = code.strip().upper()
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


# The event's day: when it happened, but not after its first report (see the module docstring).
EVENT_DAY_SQL = ("CASE WHEN e.date_first IS NULL THEN e.first_seen"
        " WHEN e.first_seen IS NOT NULL AND e.first_seen < e.date_first THEN e.first_seen"
        " ELSE e.date_first END")


def independent_outlets(conn: sqlite3.Connection, event_ids: Sequence[str]) -> dict[str, int]:
    """For each event, its independent outlets: mentions folded along copy/rewrite relations.

    Mention articles joined by a relation (in either direction, transitively) form one report; a
    report counts once per distinct outlet of its earliest article (an article without outlet is its
    own outlet). Events with no mention count one.
    """
    mentions: dict[str, dict[str, tuple]] = {event_id: {} for event_id in event_ids}
    ids = list(mentions)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for row in conn.execute(
            "SELECT event_id, article_id, outlet, published FROM event_mentions"
            f" WHERE event_id IN ({','.join('?' * len(chunk))})", chunk):
            mentions[row[0]].setdefault(row[1], (row[3] or "9999", row[1], row[2] or f"article:{row[1]}"))
    articles = sorted({a for found in mentions.values() for a in found})
    edges: list[tuple[str, str]] = []
    for start in range(0, len(articles), 400):
        chunk = articles[start : start + 400]
        marks = ",".join("?" * len(chunk))
        edges += conn.execute(
            f"SELECT article_id, other_id FROM article_relations WHERE article_id IN ({marks})"
            f" OR other_id IN ({marks})", chunk + chunk).fetchall()
    counts = {}
    for event_id, found in mentions.items():
        if not found:
            counts[event_id] = 1
            continue
        parent = {a: a for a in found}

        def root(a: str) -> str:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for a, b in edges:
            if a in parent and b in parent:
                parent[root(a)] = root(b)
        groups: dict[str, list[tuple]] = {}
        for article_id, key in found.items():
            groups.setdefault(root(article_id), []).append(key)
        counts[event_id] = len({min(group)[2] for group in groups.values()})
    return counts


def _events(conn: sqlite3.Connection, where: str, params: list, start: date, end: date) -> list[TensionEvent]:
    rows = conn.execute(
        f"SELECT e.id, e.story_id, {EVENT_DAY_SQL} AS day, e.source, e.target, e.code, e.goldstein, e.reported_by"
        f" FROM events e WHERE e.negated = 0 AND {EVENT_DAY_SQL} BETWEEN ? AND ? AND ({where}) ORDER BY day, e.id",
        [start.isoformat(), end.isoformat(), *params]).fetchall()
    outlets = independent_outlets(conn, [r["id"] for r in rows])
    found = []
    for r in rows:
        weight = outlet_weight(outlets[r["id"]]) * (REPORTED_WEIGHT if r["reported_by"] else 1.0)
        found.append(TensionEvent(r["id"], r["story_id"], date.fromisoformat(r["day"][:10]), r["source"],
                                  r["target"], r["code"], r["goldstein"], outlets[r["id"]], weight))
    return found


def daily_series(events: Iterable[TensionEvent], start: date, end: date, *, magnitude: bool = False
                 ) -> list[TensionDay]:
    """Every day from start to end (quiet days are 0): the sum of contributions and its events.

    magnitude: sum |goldstein| x weight instead (how much happened, whatever its sign).
    """
    by_day: dict[date, list[TensionEvent]] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    series = []
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        todays = sorted(by_day.get(day, []), key=lambda e: (-abs(e.contribution), e.id))
        value = sum(abs(e.contribution) if magnitude else e.contribution for e in todays)
        series.append(TensionDay(day, round(value, 6), tuple(todays)))
    return series


def pair_filter(a: str, b: str, directed: bool = False) -> tuple[str, list]:
    """SQL condition and parameters for events between two actors (code prefixes: PRK matches PRKGOV)."""
    pa, pb = _prefix(a), _prefix(b)
    clause = "(e.source LIKE ? ESCAPE '\\' AND e.target LIKE ? ESCAPE '\\')"
    if directed:
        return clause, [pa, pb]
    return f"{clause} OR {clause}", [pa, pb, pb, pa]


def actor_filter(actor: str) -> tuple[str, list]:
    """Events with the actor (a code prefix) on either side and someone on the other."""
    p = _prefix(actor)
    return ("(e.source LIKE ? ESCAPE '\\' AND e.target IS NOT NULL) OR"
            " (e.target LIKE ? ESCAPE '\\' AND e.source IS NOT NULL)", [p, p])


def keyword_filter(keyword: str) -> tuple[str, list]:
    """Events with a mention sentence containing the keyword (case-insensitive, ASCII case folding)."""
    text = keyword.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.id"
            " AND m.sentence LIKE ? ESCAPE '\\')", [f"%{text}%"])


def code_filter(code: str) -> tuple[str, list]:
    """Events with this CAMEO code or a code under it (15 matches 150, 151...)."""
    return "e.code LIKE ? ESCAPE '\\'", [_prefix(code)]


def filtered_series(conn: sqlite3.Connection, condition: tuple[str, list], start: date | str, end: date | str,
                    *, magnitude: bool = False) -> list[TensionDay]:
    """The daily series of the events matching ``condition`` (one of the *_filter functions)."""
    first, last = _as_date(start), _as_date(end)
    return daily_series(_events(conn, condition[0], condition[1], first, last), first, last, magnitude=magnitude)


def pair_series(conn: sqlite3.Connection, a: str, b: str, start: date | str, end: date | str, *,
                directed: bool = False) -> list[TensionDay]:
    """Daily tension between two actors from start to end inclusive, as (day, value, events).

    a, b: actor code prefixes, country level (PRK) or actor level (PRKGOV).
    directed: only events with ``a`` as source and ``b`` as target (default: both directions).
    """
    return filtered_series(conn, pair_filter(a, b, directed), start, end)


def active_pairs(conn: sqlite3.Connection, since: date | str, *, until: date | str | None = None,
                 limit: int | None = 50) -> list[dict]:
    """Country-level pairs with events since a day, most events first.

    Each: a, b (sorted; an international organisation stands as its own code), events, value (the
    tension over the period), conflict_events (negative Goldstein), last_day.
    """
    first = _as_date(since)
    last = _as_date(until) or date.max
    rows = conn.execute(
        "SELECT COALESCE(e.source_country, e.source) AS x, COALESCE(e.target_country, e.target) AS y"
        " , e.id FROM events e WHERE e.negated = 0 AND e.source IS NOT NULL AND e.target IS NOT NULL"
        f" AND {EVENT_DAY_SQL} BETWEEN ? AND ?", (first.isoformat(), last.isoformat())).fetchall()
    pairs: dict[tuple[str, str], list[str]] = {}
    for x, y, event_id in rows:
        if x != y:
            pairs.setdefault(tuple(sorted((x, y))), []).append(event_id)
    result = []
    for (a, b), _ in pairs.items():
        events = _events(conn, *pair_filter(a, b), first, last)
        if not events:
            continue
        result.append({"a": a, "b": b, "events": len(events),
                       "value": round(sum(e.contribution for e in events), 3),
                       "conflict_events": sum(1 for e in events if e.goldstein < 0),
                       "last_day": max(e.day for e in events).isoformat()})
    result.sort(key=lambda p: (-p["events"], p["value"], p["a"], p["b"]))
    return result if limit is None else result[:limit]
