"""``/api/events``: events merged per story, filtered by story, actor, day or CAMEO code."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from wirewatch.api.params import SINCE_HELP, PagingParams, StoreConn, page
from wirewatch.since import parse_since
from wirewatch.api.schemas import ErrorBody, Event, EventSummary, Page
from wirewatch.store import events as event_store

router = APIRouter(prefix="/events", tags=["events"])


@router.get("", response_model=Page[EventSummary], summary="List events, most recent first",
            responses={400: {"model": ErrorBody, "description": "A code that is not digits (W004)"},
                       404: {"model": ErrorBody, "description": "No such story (W007)"}})
def list_events(
    request: Request,
    conn: StoreConn,
    paging: PagingParams,
    story: Annotated[str | None, Query(description="A story id or unique prefix; merged stories included.")] = None,
    actor: Annotated[str | None, Query(description="Actor code prefix, as source or target (PRK matches PRKGOV).")] = None,
    since: Annotated[str | None, Query(description="Only events whose last day is on or after. " + SINCE_HELP)] = None,
    code: Annotated[str | None, Query(description="CAMEO code prefix with leading zeros (15, 0211).")] = None,
) -> dict:
    """Events with their CAMEO name, Goldstein score, counts and earliest mention's sentence."""
    rows = event_store.list_events(conn, story=story, actor=actor, since=parse_since(since), code=code,
                                   limit=paging.limit + 1, offset=paging.offset)
    return page(request, rows, paging)


@router.get("/{event_id}", response_model=Event, summary="One event",
            responses={404: {"model": ErrorBody, "description": "No such event (W009)"}})
def get_event(event_id: str, conn: StoreConn) -> dict:
    """The event with every mention (article, sentence, outlet) in publication order."""
    return event_store.get_event(conn, event_id)
