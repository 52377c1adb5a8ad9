"""The monitor over HTTP: active pairs, a pair's tension series, story intensity, alerts and watch rules.

Everything here reads through the API's read-only connections except the watch rules' POST and
DELETE, which open a short-lived writing connection of their own. Those two only accept a JSON
request from the dashboard's own origin: a page elsewhere cannot send JSON to the server without a
CORS preflight (which the server never grants), and a request carrying a foreign ``Origin`` is refused.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from wirewatch.api.params import SINCE_HELP, Paging, PagingParams, StoreConn, page
from wirewatch.since import parse_since
from wirewatch.api.schemas import ErrorBody, Page, Record
from wirewatch.errors import BadQuery
from wirewatch.monitor import tension
from wirewatch.monitor.escalation import METHODS
from wirewatch.store import watch as watch_store
from wirewatch.store.db import connect
from wirewatch.store.events import story_aliases
from wirewatch.store.stories import resolve_story_id

router = APIRouter(tags=["monitor"])

# A default window when the request names none: this many days up to the store's latest event day.
DEFAULT_PAIRS_DAYS = 90
DEFAULT_SERIES_DAYS = 60
MAX_SERIES_DAYS = 3660
MAX_STORIES = 100
_ACTOR_CODE = re.compile(r"^[A-Za-z0-9]{3,15}$")


class Pair(Record):
    a: str
    b: str
    events: int
    value: float
    conflict_events: int
    last_day: str


class Pairs(BaseModel):
    since: str
    until: str | None
    items: list[Pair]


class SeriesEvent(Record):
    id: str
    story_id: str | None = None
    source: str | None = None
    target: str | None = None
    code: str
    goldstein: float
    independent_outlets: int
    contribution: float


class SeriesDay(Record):
    day: str
    value: float
    events: list[SeriesEvent] = []


class Series(BaseModel):
    """A pair's daily tension from ``since`` to ``until``; quiet days are 0."""

    a: str
    b: str
    directed: bool
    since: str
    until: str
    days: list[SeriesDay]


class StoryIntensity(Record):
    story_id: str
    events: int
    intensity: float


class Intensities(BaseModel):
    items: list[StoryIntensity]


class Alert(Record):
    id: int
    rule_id: int
    day: str
    detected_on: str
    label: str
    value: float
    score: float
    method: str


class Rule(Record):
    id: int
    kind: str
    subject: str
    other: str | None = None
    directed: bool
    threshold: float
    method: str
    webhook: str | None = None
    created_at: str
    removed_at: str | None = None
    label: str


class NewRule(BaseModel):
    """A watch rule to add: ``pair`` needs ``subject`` and ``other``; the other kinds one ``subject``."""

    kind: Literal["pair", "actor", "keyword", "event_type"]
    subject: str = Field(min_length=1, max_length=200)
    other: str | None = Field(default=None, max_length=15)
    directed: bool = False
    threshold: float = Field(default=2.5, gt=0, le=100)
    method: Literal[METHODS] = "zscore"  # type: ignore[valid-type]
    webhook: str | None = Field(default=None, max_length=2000)


def _latest_day(conn) -> date:
    from wirewatch.monitor.watch import latest_event_day

    return latest_event_day(conn) or date.today()


def _actor(code: str) -> str:
    if not _ACTOR_CODE.match(code):
        raise BadQuery(f"{code!r} is not an actor code: give 3 to 15 letters or digits, e.g. PRK or PRKGOV")
    return code.upper()


def _until(value: str | None) -> date | None:
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadQuery(f"until={value!r} is not a day (YYYY-MM-DD)") from None


@router.get("/pairs", response_model=Pairs, summary="Pairs of countries with events, most events first")
def list_pairs(
    conn: StoreConn,
    since: Annotated[str | None, Query(description="From this day (default: 90 days before the latest event). "
                                       + SINCE_HELP)] = None,
    until: Annotated[str | None, Query(description="Up to this day (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict:
    """Country-level pairs with events in the period: event count, tension (negative: conflict), last day."""
    last = _until(until)
    first = parse_since(since) or (last or _latest_day(conn)) - timedelta(days=DEFAULT_PAIRS_DAYS)
    items = tension.active_pairs(conn, first, until=last, limit=limit)
    return {"since": first.isoformat(), "until": last.isoformat() if last else None, "items": items}


@router.get("/pairs/{a}/{b}/series", response_model=Series, summary="Daily tension between two actors",
            responses={400: {"model": ErrorBody, "description": "A bad actor code or period (W004)"}})
def pair_series(
    a: str,
    b: str,
    conn: StoreConn,
    since: Annotated[str | None, Query(description="First day (default: 60 days before `until`). "
                                       + SINCE_HELP)] = None,
    until: Annotated[str | None, Query(description="Last day, YYYY-MM-DD (default: the latest event day).")] = None,
    directed: Annotated[bool, Query(description="Only events with `a` as source and `b` as target.")] = False,
) -> dict:
    """Every day of the period with its weighted Goldstein sum and the events behind it (largest first).

    a, b: actor code prefixes (PRK matches PRKGOV).
    """
    a, b = _actor(a), _actor(b)
    last = _until(until) or _latest_day(conn)
    first = parse_since(since) or last - timedelta(days=DEFAULT_SERIES_DAYS - 1)
    if first > last:
        raise BadQuery(f"since ({first}) is after until ({last})")
    if (last - first).days >= MAX_SERIES_DAYS:
        raise BadQuery(f"a series covers at most {MAX_SERIES_DAYS} days: narrow since/until")
    days = [{"day": d.day.isoformat(), "value": d.value,
             "events": [{"id": e.id, "story_id": e.story_id, "source": e.source, "target": e.target, "code": e.code,
                         "goldstein": e.goldstein, "independent_outlets": e.independent_outlets,
                         "contribution": round(e.contribution, 4)} for e in d.events]}
            for d in tension.pair_series(conn, a, b, first, last, directed=directed)]
    return {"a": a, "b": b, "directed": directed, "since": first.isoformat(), "until": last.isoformat(),
            "days": days}


@router.get("/intensity", response_model=Intensities, summary="Event intensity of stories",
            responses={404: {"model": ErrorBody, "description": "No such story (W007)"}})
def story_intensity(
    conn: StoreConn,
    story: Annotated[list[str], Query(description="Story ids (repeat the parameter), at most 100.")],
) -> dict:
    """For each story: its events and their summed |Goldstein| (merged-away stories' events included)."""
    if len(story) > MAX_STORIES:
        raise BadQuery(f"at most {MAX_STORIES} stories per request")
    items = []
    for story_id in story:
        aliases = story_aliases(conn, resolve_story_id(conn, story_id))
        marks = ",".join("?" * len(aliases))
        count, total = conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(ABS(goldstein)), 0) FROM events WHERE story_id IN ({marks})"
            " AND goldstein IS NOT NULL", aliases).fetchone()
        items.append({"story_id": story_id, "events": count, "intensity": round(total, 3)})
    return {"items": items}


@router.get("/alerts", response_model=Page[Alert], summary="Alerts, most recent escalation first")
def list_alerts(
    request: Request,
    conn: StoreConn,
    paging: PagingParams,
    since: Annotated[str | None, Query(description="Only alerts on or after. " + SINCE_HELP)] = None,
    rule: Annotated[int | None, Query(description="Only this rule's alerts.")] = None,
) -> dict:
    """Stored alerts with their rule's label, day, score, tension and number of events."""
    rows = watch_store.list_alerts(conn, since=parse_since(since), rule_id=rule,
                                   limit=paging.offset + paging.limit + 1)
    return page(request, rows[paging.offset:], Paging(paging.limit, paging.offset))


@router.get("/alerts/{alert_id}", response_model=Alert, summary="One alert with its events and stories",
            responses={404: {"model": ErrorBody, "description": "No such alert"}})
def get_alert(alert_id: int, conn: StoreConn) -> dict:
    """The alert with its events (largest contribution to conflict first), stories and deliveries."""
    if conn.execute("SELECT 1 FROM alerts WHERE id = ?", (alert_id,)).fetchone() is None:
        raise HTTPException(404, f"no alert with id {alert_id}")
    return watch_store.get_alert(conn, alert_id)


@router.get("/watches", response_model=list[Rule], summary="Watch rules")
def list_watches(
    conn: StoreConn,
    include_removed: Annotated[bool, Query(description="Also list removed rules.")] = False,
) -> list[dict]:
    """The watch rules in the order they were added."""
    return watch_store.list_rules(conn, include_removed=include_removed)


def _check_write(request: Request, *, needs_json: bool) -> None:
    """Refuse a write that a page on another origin could have sent (see the module docstring)."""
    origin = request.headers.get("origin")
    if origin is not None:
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.lower() != own.lower():
            raise HTTPException(403, "cross-origin writes are refused")
    if needs_json and request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send the rule as application/json")


@router.post("/watches", response_model=Rule, status_code=201, summary="Add a watch rule",
             responses={400: {"model": ErrorBody, "description": "An invalid rule (W004)"},
                        403: {"model": ErrorBody, "description": "A cross-origin request"},
                        415: {"model": ErrorBody, "description": "A body that is not JSON"}})
def add_watch(rule: NewRule, request: Request) -> dict:
    """Store a new active rule; ``wirewatch watch check`` (or ``follow``) evaluates it."""
    _check_write(request, needs_json=True)
    if rule.kind in ("pair", "actor"):
        _actor(rule.subject)
    if rule.other is not None:
        _actor(rule.other)
    conn = connect(request.app.state.db_path)
    try:
        return watch_store.add_rule(conn, rule.kind, rule.subject, rule.other, directed=rule.directed,
                                    threshold=rule.threshold, method=rule.method, webhook=rule.webhook)
    finally:
        conn.close()


@router.delete("/watches/{rule_id}", response_model=Rule, summary="Remove a watch rule",
               responses={404: {"model": ErrorBody, "description": "No such rule"},
                          403: {"model": ErrorBody, "description": "A cross-origin request"}})
def remove_watch(rule_id: int, request: Request) -> dict:
    """Stop the rule (its past alerts stay); removing a removed rule again changes nothing."""
    _check_write(request, needs_json=False)
    conn = connect(request.app.state.db_path)
    try:
        if conn.execute("SELECT 1 FROM watch_rules WHERE id = ?", (rule_id,)).fetchone() is None:
            raise HTTPException(404, f"no watch rule with id {rule_id}")
        return watch_store.remove_rule(conn, rule_id)
    finally:
        conn.close()
