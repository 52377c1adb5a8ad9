"""Exporting events in GDELT's column layout (plus Wirewatch's own columns) as JSON Lines, CSV or Parquet.

One row per event (a happening merged across a story's articles). GDELT columns kept, with their meaning here:

- GlobalEventID: the event id (``e-`` + hash; a string, where GDELT has an integer).
- SQLDATE, MonthYear, Year: the day the event happened (``date_first``) as the integers YYYYMMDD,
  YYYYMM and YYYY; FractionDate: YYYY.FFFF with FFFF = (month * 30 + day) / 365, as GDELT computes it.
  All empty when the event has no date.
- Actor1Code/Actor2Code: the source/target actor codes (CAMEO style: PRKGOV, IGOUNO); Actor1Name/
  Actor2Name: the words naming them; Actor1CountryCode/Actor2CountryCode: the ISO alpha-3 country
  (empty for organisations); Actor1Type1Code/Actor2Type1Code: the first role after the country
  (GOV, MIL...; ``IGO`` for organisations).
- IsRootEvent: 1 when some mention is in the first paragraph of its article (GDELT: the lead), else 0.
- EventCode, EventBaseCode, EventRootCode: the CAMEO code and its 3- and 2-digit prefixes.
- QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
- GoldsteinScale: the code's Goldstein value, -10 (most conflictual) to +10.
- NumMentions: sentences reporting it; NumArticles: distinct articles; NumSources: distinct outlets.
- ActionGeo_Type: 0 no place, 1 a country, 3 a place in the USA, 4 a place elsewhere (GDELT's
  USCITY/WORLDCITY: Wirewatch does not tell states and regions from cities).
- ActionGeo_FullName: the place's name; ActionGeo_CountryCode: its ISO alpha-3 country (GDELT: FIPS 10-4);
  ActionGeo_Lat/ActionGeo_Long: its coordinates where the gazetteer has them.
- DATEADDED: when the event was last written to the store, as the integer YYYYMMDDHHMMSS (UTC).
- SOURCEURL: the url of the earliest mention that has one.

Wirewatch columns: StoryID (the story it was merged under), Negated (1: the sentence says it did not
happen), Hypothetical (1: threatened, planned or conditional), ReportedBy (who the articles attribute
the event to, when reported speech), PloverType (the PLOVER event type of the CAMEO code, where there is one).
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import IO, Iterator

from wirewatch.errors import UnknownEventCode
from wirewatch.extract.cameo import plover_type
from wirewatch.store.export import export_rows

_INT, _FLOAT, _STR, _FLAG = "int32", "float64", "string", "int8"
EVENT_EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GlobalEventID", _STR), ("SQLDATE", _INT), ("MonthYear", _INT), ("Year", _INT), ("FractionDate", _FLOAT),
    ("Actor1Code", _STR), ("Actor1Name", _STR), ("Actor1CountryCode", _STR), ("Actor1Type1Code", _STR),
    ("Actor2Code", _STR), ("Actor2Name", _STR), ("Actor2CountryCode", _STR), ("Actor2Type1Code", _STR),
    ("IsRootEvent", _FLAG), ("EventCode", _STR), ("EventBaseCode", _STR), ("EventRootCode", _STR),
    ("QuadClass", _INT), ("GoldsteinScale", _FLOAT), ("NumMentions", _INT), ("NumSources", _INT),
    ("NumArticles", _INT), ("ActionGeo_Type", _INT), ("ActionGeo_FullName", _STR),
    ("ActionGeo_CountryCode", _STR), ("ActionGeo_Lat", _FLOAT), ("ActionGeo_Long", _FLOAT),
    ("DATEADDED", "int64"), ("SOURCEURL", _STR), ("StoryID", _STR), ("Negated", _FLAG),
    ("Hypothetical", _FLAG), ("ReportedBy", _STR), ("PloverType", _STR),
)
COLUMN_NAMES = tuple(name for name, _ in EVENT_EXPORT_COLUMNS)

# A mention is in the lead when it starts before the article's first line break.
_QUERY = (
    "SELECT e.rowid AS rowid_, e.*, EXISTS(SELECT 1 FROM event_mentions m JOIN articles a ON a.id = m.article_id"
    "  WHERE m.event_id = e.id AND (instr(a.body, char(10)) = 0 OR m.sentence_start < instr(a.body, char(10))))"
    " AS is_root FROM events e WHERE e.rowid > ? ORDER BY e.rowid LIMIT ?"
)


def iter_event_rows(conn: sqlite3.Connection, batch: int = 1000) -> Iterator[dict]:
    """Every stored event as a dict of the export columns, in the order they were written."""
    last = 0
    while True:
        rows = conn.execute(_QUERY, (last, batch)).fetchall()
        if not rows:
            return
        for row in rows:
            last = row["rowid_"]
            yield gdelt_row(dict(row))


def gdelt_row(event: dict) -> dict:
    """One ``events`` row (with ``is_root``) in the export's columns."""
    day = event["date_first"]
    year, month, dom = (int(part) for part in day.split("-")) if day else (None, None, None)
    code = event["code"]
    try:
        plover = plover_type(code)
    except UnknownEventCode:
        plover = None
    return {
        "GlobalEventID": event["id"],
        "SQLDATE": year * 10000 + month * 100 + dom if day else None,
        "MonthYear": year * 100 + month if day else None,
        "Year": year,
        "FractionDate": round(year + (month * 30 + dom) / 365, 4) if day else None,
        "Actor1Code": event["source"], "Actor1Name": event["source_name"],
        "Actor1CountryCode": event["source_country"], "Actor1Type1Code": _type_code(event["source"]),
        "Actor2Code": event["target"], "Actor2Name": event["target_name"],
        "Actor2CountryCode": event["target_country"], "Actor2Type1Code": _type_code(event["target"]),
        "IsRootEvent": int(bool(event.get("is_root"))),
        "EventCode": code, "EventBaseCode": code[:3], "EventRootCode": code[:2],
        "QuadClass": event["quad_class"], "GoldsteinScale": event["goldstein"],
        "NumMentions": event["num_mentions"], "NumSources": event["num_sources"],
        "NumArticles": event["num_articles"],
        "ActionGeo_Type": _geo_type(event["place"], event["place_country"], event["latitude"]),
        "ActionGeo_FullName": event["place"], "ActionGeo_CountryCode": event["place_country"],
        "ActionGeo_Lat": event["latitude"], "ActionGeo_Long": event["longitude"],
        "DATEADDED": int(re.sub(r"\D", "", event["updated_at"])[:14]) if event.get("updated_at") else None,
        "SOURCEURL": event["source_url"], "StoryID": event["story_id"],
        "Negated": int(bool(event["negated"])), "Hypothetical": int(bool(event["hypothetical"])),
        "ReportedBy": event["reported_by"], "PloverType": plover,
    }


def _type_code(actor: str | None) -> str | None:
    if not actor:
        return None
    if actor.startswith("IGO"):
        return "IGO"
    return actor[3:6] or None


def _geo_type(place: str | None, country: str | None, latitude: float | None) -> int:
    if not place and not country:
        return 0
    if not place or latitude is None or _names_country(place, country):
        return 1
    return 3 if country == "USA" else 4


def _names_country(place: str, country: str | None) -> bool:
    """Whether ``place`` is a name of ``country`` itself ("North Korea" for PRK), per the actor table."""
    if not country:
        return False
    from wirewatch.extract.actors import actor_table

    key = re.sub(r"^the\s+", "", " ".join(place.split()), flags=re.I).casefold().strip(" .,")
    return actor_table().countries.get(key) == country


def export_events(conn: sqlite3.Connection, fmt: str, *, stream: IO[str] | None = None,
                  path: Path | None = None) -> int:
    """Write every event in ``fmt``; returns how many were written.

    Parquet goes to ``path``: a ``.parquet`` file, or a folder partitioned by the event's month
    (``month=YYYY-MM``, ``month=unknown`` for undated events).
    """
    return export_rows(iter_event_rows(conn), fmt, EVENT_EXPORT_COLUMNS, _month, stream=stream, path=path)


def _month(row: dict) -> str:
    month = row["MonthYear"]
    return f"{month // 100:04d}-{month % 100:02d}" if month else "unknown"
