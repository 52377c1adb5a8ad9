"""``/api/actors``: actors found in articles and events, most mentioned first."""
from __future__ import annotations

from fastapi import APIRouter, Request

from wirewatch.api.params import PagingParams, StoreConn, page
from wirewatch.api.schemas import Actor, Page
from wirewatch.store import events as event_store

router = APIRouter(prefix="/actors", tags=["actors"])


@router.get("", response_model=Page[Actor], summary="List actors, most mentioned first")
def list_actors(request: Request, conn: StoreConn, paging: PagingParams) -> dict:
    """Actor codes with their most common name, country, role and mention and event counts."""
    rows = event_store.list_actors(conn, limit=paging.limit + 1, offset=paging.offset)
    return page(request, rows, paging)
