"""Reading and writing what the extract stage finds: per-article actor mentions, coded sentences,
quotes and quantities, and the events merged across a story's articles with their mentions.

Writers never commit: the caller owns the transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``), as for
articles and stories, so re-extracting an article or re-merging a story replaces its rows atomically.
Dates are stored as ISO text and flags as 0/1; readers give back ISO strings and booleans.
"""
from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from datetime import date
from typing import TYPE_CHECKING

from wirewatch.errors import ArticleNotFound, BadQuery, EventNotFound, UnknownEventCode
from wirewatch.extract.actors import country_of
from wirewatch.extract.cameo import event_code
from wirewatch.model import Event, EventMention, Quantity, Quote, SentenceEvent
from wirewatch.store.articles import now_iso
from wirewatch.store.stories import resolve_story_id

if TYPE_CHECKING:
    from wirewatch.extract.actors import Actor

SENTENCE_EVENT_COLUMNS = (
    "article_id", "sentence_start", "sentence_end", "seq", "source", "source_name", "target", "target_name",
    "code", "verb", "negated", "hypothetical", "reported_by", "date_first", "date_last", "place",
    "place_country", "latitude", "longitude",
)
EVENT_COLUMNS = (
    "id", "story_id", "source", "source_name", "source_country", "target", "target_name", "target_country",
    "code", "root", "quad_class", "goldstein", "negated", "hypothetical", "reported_by", "date_first",
    "date_last", "place", "place_country", "latitude", "longitude", "num_mentions", "num_articles",
    "num_sources", "first_seen", "source_url", "updated_at",
)
_FLAGS = ("negated", "hypothetical")
_CHUNK = 500


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _prefix_pattern(text: str) -> str:
    """A LIKE pattern (ESCAPE '\\') matching ``text`` as a literal prefix."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def actor_country(code: str | None) -> str | None:
    """The country part of an actor code (PRKGOV -> PRK); None for organisations (IGO...) and no actor."""
    country = country_of(code)
    return None if country is None or country.startswith("IGO") else country


def code_name(code: str) -> str | None:
    """The CAMEO name of an event code, or None for a code the shipped table lacks."""
    try:
        return event_code(code).name
    except UnknownEventCode:
        return None


# --- per-article extraction ---


def save_article_extraction(
    conn: sqlite3.Connection,
    article_id: str,
    version: str,
    *,
    actors: Sequence[tuple[int, int, str, Actor]] = (),
    events: Sequence[SentenceEvent] = (),
    quotes: Sequence[Quote] = (),
    quantities: Sequence[Quantity] = (),
) -> None:
    """Replace everything stored for the article's extraction and record which version produced it.

    actors: (start, end, text, Actor) per mention; one mention per start offset.
    Does not commit: call it inside the caller's transaction.
    """
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
        raise ArticleNotFound(f"no article with id {article_id!r} to store an extraction for")
    by_start: dict[int, tuple] = {}
    for start, end, text, actor in actors:
        row = (article_id, start, end, text, actor.code, actor.country, actor.role)
        kept = by_start.setdefault(start, row)
        if (kept[2], kept[4]) != (end, actor.code):  # the same mention twice is harmless; two are a bug
            raise ValueError(f"two different actor mentions start at offset {start} of article {article_id}")
    wrong = [e for e in events if e.article_id != article_id]
    if wrong:
        raise ValueError(f"a sentence event of article {wrong[0].article_id} was given for article {article_id}")
    for table in ("article_actors", "sentence_events", "quotes", "quantities"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
    conn.executemany(
        'INSERT INTO article_actors (article_id, start, "end", text, actor_code, country, role)'
        " VALUES (?,?,?,?,?,?,?)", list(by_start.values()))
    seqs: Counter[int] = Counter()
    rows = []
    for e in events:
        seq = seqs[e.sentence_start]
        seqs[e.sentence_start] += 1
        rows.append((article_id, e.sentence_start, e.sentence_end, seq, e.source, e.source_name, e.target,
                     e.target_name, e.code, e.verb, int(e.negated), int(e.hypothetical), e.reported_by,
                     _iso(e.date_first), _iso(e.date_last), e.place, e.place_country, e.latitude, e.longitude))
    marks = ",".join("?" * len(SENTENCE_EVENT_COLUMNS))
    conn.executemany(f"INSERT INTO sentence_events ({', '.join(SENTENCE_EVENT_COLUMNS)}) VALUES ({marks})", rows)
    # The same span found twice is one quote (or quantity), not a conflict.
    conn.executemany(
        'INSERT OR IGNORE INTO quotes (article_id, start, "end", text, speaker, speaker_actor) VALUES (?,?,?,?,?,?)',
        [(article_id, q.start, q.end, q.text, q.speaker, q.speaker_actor) for q in quotes])
    conn.executemany(
        'INSERT OR IGNORE INTO quantities (article_id, start, "end", text, value, approximate, unit, counts)'
        " VALUES (?,?,?,?,?,?,?,?)",
        [(article_id, q.start, q.end, q.text, q.value, int(q.approximate), q.unit, q.counts) for q in quantities])
    conn.execute(
        "INSERT INTO extractions (article_id, version, extracted_at) VALUES (?,?,?) ON CONFLICT(article_id)"
        " DO UPDATE SET version = excluded.version, extracted_at = excluded.extracted_at",
        (article_id, version, now_iso()))


def articles_to_extract(conn: sqlite3.Connection, version: str, limit: int | None = None) -> list[str]:
    """Articles never extracted, or extracted by another stage version, in publication order (undated last)."""
    return [row[0] for row in conn.execute(
        "SELECT a.id FROM articles a LEFT JOIN extractions x ON x.article_id = a.id"
        " WHERE x.article_id IS NULL OR x.version != ? ORDER BY a.published IS NULL, a.published, a.seq LIMIT ?",
        (version, -1 if limit is None else limit))]


def sentence_events_of(conn: sqlite3.Connection, article_ids: Iterable[str]) -> list[SentenceEvent]:
    """The stored sentence events of these articles: in the order the ids are given, then by position."""
    ids = list(dict.fromkeys(article_ids))
    found: dict[str, list[SentenceEvent]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(
            f"SELECT * FROM sentence_events WHERE article_id IN ({marks}) ORDER BY sentence_start, seq", chunk
        ):
            record = dict(row)
            record.pop("seq")
            for flag in _FLAGS:
                record[flag] = bool(record[flag])
            record["date_first"], record["date_last"] = _day(record["date_first"]), _day(record["date_last"])
            found.setdefault(record["article_id"], []).append(SentenceEvent(**record))
    return [event for article_id in ids for event in found.get(article_id, [])]


def quotes_of(conn: sqlite3.Connection, article_id: str) -> list[Quote]:
    """The article's stored quotes, in text order."""
    return [Quote(r["text"], r["start"], r["end"], r["speaker"], r["speaker_actor"]) for r in conn.execute(
        'SELECT text, start, "end", speaker, speaker_actor FROM quotes WHERE article_id = ? ORDER BY start, "end"',
        (article_id,))]


def quantities_of(conn: sqlite3.Connection, article_id: str) -> list[Quantity]:
    """The article's stored quantities, in text order."""
    return [Quantity(r["text"], r["start"], r["end"], r["value"], bool(r["approximate"]), r["unit"], r["counts"])
            for r in conn.execute(
                'SELECT text, start, "end", value, approximate, unit, counts FROM quantities WHERE article_id = ?'
                ' ORDER BY start, "end"', (article_id,))]


# --- events merged per story ---


def story_aliases(conn: sqlite3.Connection, story_id: str) -> list[str]:
    """The story id and every id merged into it (directly or through a chain of merges)."""
    return [row[0] for row in conn.execute(
        "WITH RECURSIVE aliases(id) AS (SELECT ? UNION SELECT s.id FROM stories s JOIN aliases a"
        " ON s.merged_into = a.id) SELECT id FROM aliases ORDER BY id", (story_id,))]


def _mention_key(mention: EventMention) -> tuple:
    return (mention.published is None, mention.published or date.min)


def replace_story_events(conn: sqlite3.Connection, story_id: str | None, events: Sequence[Event]) -> None:
    """Replace the story's events (those stored under its id or an id merged into it) with ``events``.

    Counts come from the mentions (repeated (article, sentence) pairs count once); ``source_url`` is the
    url of the earliest published mention that has one. With ``story_id`` None (articles in no story)
    only the events with the given ids are replaced. Does not commit.
    """
    if story_id is not None:
        aliases = story_aliases(conn, story_id)
        marks = ",".join("?" * len(aliases))
        conn.execute(f"DELETE FROM events WHERE story_id IN ({marks})", aliases)
    ids = [event.id for event in events]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(f"DELETE FROM events WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    stamp = now_iso()
    marks = ",".join("?" * len(EVENT_COLUMNS))
    for event in events:
        mentions = list({(m.article_id, m.sentence_start): m for m in event.mentions}.values())
        ordered = sorted(mentions, key=_mention_key)
        dated = [m.published for m in mentions if m.published]
        url = next((m.url for m in ordered if m.url), None)
        outlets = {m.outlet for m in mentions if m.outlet}
        row = (
            event.id, story_id, event.source, event.source_name, actor_country(event.source), event.target,
            event.target_name, actor_country(event.target), event.code, event.code[:2], event.quad_class,
            event.goldstein, int(event.negated), int(event.hypothetical), event.reported_by,
            _iso(event.date_first), _iso(event.date_last), event.place, event.place_country, event.latitude,
            event.longitude, len(mentions), len({m.article_id for m in mentions}),
            len(outlets) or (1 if mentions else 0), _iso(min(dated)) if dated else None, url, stamp,
        )
        conn.execute(f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({marks})", row)
        conn.executemany(
            "INSERT INTO event_mentions (event_id, article_id, sentence_start, sentence_end, sentence, outlet,"
            " url, published) VALUES (?,?,?,?,?,?,?,?)",
            [(event.id, m.article_id, m.sentence_start, m.sentence_end, m.sentence, m.outlet, m.url,
              _iso(m.published)) for m in ordered])


def _event_row(row: sqlite3.Row) -> dict:
    record = dict(row)
    for flag in _FLAGS:
        record[flag] = bool(record[flag])
    record["code_name"] = code_name(record["code"])
    return record


_FIRST_SENTENCE = (
    "(SELECT m.sentence FROM event_mentions m WHERE m.event_id = e.id"
    " ORDER BY m.published IS NULL, m.published, m.article_id, m.sentence_start LIMIT 1) AS sentence"
)


def list_events(
    conn: sqlite3.Connection,
    *,
    story: str | None = None,
    actor: str | None = None,
    since: date | str | None = None,
    code: str | None = None,
    limit: int | None = 50,
    offset: int = 0,
) -> list[dict]:
    """Events, most recent first, each with its CAMEO name and its earliest mention's sentence.

    story: a story id or unique prefix; events merged under ids since merged into it are included.
    actor: a code prefix matched against source or target (``PRK`` matches ``PRKGOV``).
    since: events whose last day is on or after this day (YYYY-MM-DD); undated events are left out.
    code: a CAMEO code prefix (``15`` matches 15, 150, 151...).
    """
    where, params = [], []
    if story:
        aliases = story_aliases(conn, resolve_story_id(conn, story))
        where.append(f"e.story_id IN ({','.join('?' * len(aliases))})")
        params += aliases
    if actor and actor.strip():
        pattern = _prefix_pattern(actor.strip().upper())
        where.append("(e.source LIKE ? ESCAPE '\\' OR e.target LIKE ? ESCAPE '\\')")
        params += [pattern, pattern]
    if since:
        where.append("COALESCE(e.date_last, e.date_first) >= ?")
        params.append(since.isoformat() if isinstance(since, date) else str(since))
    if code and code.strip():
        if not code.strip().isdigit():
            raise BadQuery(f"{code!r} is not a CAMEO event code: give digits with their leading zeros, e.g. 15 or 0211")
        where.append("e.code LIKE ? ESCAPE '\\'")
        params.append(_prefix_pattern(code.strip()))
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(
        f"SELECT e.*, {_FIRST_SENTENCE} FROM events e {clause}"
        " ORDER BY COALESCE(e.date_first, e.first_seen) IS NULL, COALESCE(e.date_first, e.first_seen) DESC,"
        " e.num_articles DESC, e.id LIMIT ? OFFSET ?",
        [*params, -1 if limit is None else limit, offset])
    return [_event_row(row) for row in rows]


def get_event(conn: sqlite3.Connection, event_id: str) -> dict:
    """One event with its mentions in publication order; a unique prefix of its id is enough."""
    rows = conn.execute("SELECT * FROM events WHERE id = ? OR id LIKE ? ESCAPE '\\' LIMIT 2",
                        (event_id, _prefix_pattern(event_id))).fetchall()
    exact = [row for row in rows if row["id"] == event_id]
    if exact:
        rows = exact
    if not rows or not event_id:
        raise EventNotFound(f"no event with id {event_id!r}: `wirewatch events` lists them")
    if len(rows) > 1:
        raise EventNotFound(f"event id prefix {event_id!r} matches several events: give more of the id")
    record = _event_row(rows[0])
    record["mentions"] = [dict(r) for r in conn.execute(
        "SELECT article_id, sentence_start, sentence_end, sentence, outlet, url, published FROM event_mentions"
        " WHERE event_id = ? ORDER BY published IS NULL, published, outlet, article_id, sentence_start",
        (record["id"],))]
    record["outlets"] = sorted({m["outlet"] for m in record["mentions"] if m["outlet"]})
    return record


def list_actors(conn: sqlite3.Connection, limit: int | None = 50, offset: int = 0) -> list[dict]:
    """Actors found in articles or events, most mentioned first.

    Each: code, name (the words most often naming it), country, role, mentions, articles (with a
    mention), events_as_source, events_as_target.
    """
    rows = [dict(r) for r in conn.execute(
        "WITH codes(code) AS (SELECT actor_code FROM article_actors UNION SELECT source FROM events"
        "   WHERE source IS NOT NULL UNION SELECT target FROM events WHERE target IS NOT NULL),"
        " mentioned AS (SELECT actor_code AS code, COUNT(*) AS mentions, COUNT(DISTINCT article_id) AS articles"
        "   FROM article_actors GROUP BY actor_code),"
        " as_source AS (SELECT source AS code, COUNT(*) AS n FROM events GROUP BY source),"
        " as_target AS (SELECT target AS code, COUNT(*) AS n FROM events GROUP BY target)"
        " SELECT c.code, COALESCE(m.mentions, 0) AS mentions, COALESCE(m.articles, 0) AS articles,"
        "  COALESCE(s.n, 0) AS events_as_source, COALESCE(t.n, 0) AS events_as_target"
        " FROM codes c LEFT JOIN mentioned m ON m.code = c.code LEFT JOIN as_source s ON s.code = c.code"
        " LEFT JOIN as_target t ON t.code = c.code"
        " ORDER BY mentions DESC, events_as_source + events_as_target DESC, c.code LIMIT ? OFFSET ?",
        (-1 if limit is None else limit, offset))]
    codes = [row["code"] for row in rows]
    if not codes:
        return []
    marks = ",".join("?" * len(codes))
    names: dict[str, Counter] = {code: Counter() for code in codes}
    kinds: dict[str, Counter] = {code: Counter() for code in codes}
    for r in conn.execute(f"SELECT actor_code, text, country, role, COUNT(*) AS n FROM article_actors"
                          f" WHERE actor_code IN ({marks}) GROUP BY actor_code, text, country, role", codes):
        names[r["actor_code"]][r["text"]] += r["n"]
        kinds[r["actor_code"]][(r["country"], r["role"])] += r["n"]
    for side in ("source", "target"):
        for r in conn.execute(f"SELECT {side}, {side}_name, COUNT(*) FROM events WHERE {side} IN ({marks})"
                              f" AND {side}_name IS NOT NULL GROUP BY {side}, {side}_name", codes):
            if not kinds[r[0]]:  # words from article mentions first, event names only when there are none
                names[r[0]][r[1]] += r[2]
    for row in rows:
        code = row["code"]
        row["name"] = _most_common(names[code])
        known = _most_common(kinds[code])
        row["country"], row["role"] = known if known else _split_code(code)
    keys = ("code", "name", "country", "role", "mentions", "articles", "events_as_source", "events_as_target")
    return [{key: row[key] for key in keys} for row in rows]


def _most_common(counter: Counter):
    """The most frequent key, ties broken by the smallest (so the answer does not depend on row order)."""
    if not counter:
        return None
    return min(counter.items(), key=lambda item: (-item[1], str(item[0])))[0]


def _split_code(code: str) -> tuple[str | None, str | None]:
    """(country, role) read from an actor code alone, as the actor table reads it."""
    if code.startswith("IGO"):
        return code[:6], code[6:] or None
    return code[:3], code[3:] or None


def extraction_of(conn: sqlite3.Connection, article_id: str) -> dict | None:
    """What the extract stage stored for an article (None when it has not run on it): its
    sentence events (with the sentence), quotes, quantities and actor mentions, as JSON-ready dicts."""
    done = conn.execute("SELECT version, extracted_at FROM extractions WHERE article_id = ?", (article_id,)).fetchone()
    if done is None:
        return None
    body = conn.execute("SELECT body FROM articles WHERE id = ?", (article_id,)).fetchone()["body"] or ""
    events = []
    for event in sentence_events_of(conn, [article_id]):
        row = {k: (_iso(v) if isinstance(v, date) else v) for k, v in asdict(event).items()}
        row["sentence"] = body[event.sentence_start:event.sentence_end].strip()
        events.append(row)
    actors = [dict(r) for r in conn.execute(
        'SELECT start, "end", text, actor_code FROM article_actors WHERE article_id = ? ORDER BY start', (article_id,))]
    return {"version": done["version"], "extracted_at": done["extracted_at"], "events": events,
            "quotes": [asdict(q) for q in quotes_of(conn, article_id)],
            "quantities": [asdict(q) for q in quantities_of(conn, article_id)], "actors": actors}
