"""``/api/search``: full-text search of titles and bodies (SQLite FTS5)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from wirewatch.api.params import Paging, StoreConn, page
from wirewatch.api.schemas import ErrorBody, Page, SearchHit
from wirewatch.store import articles as article_store

router = APIRouter(tags=["search"])

MAX_SEARCH_LIMIT = 100
MAX_SEARCH_DEPTH = 1000  # ranking is redone for every page, so deep pages are refused


@router.get("/search", response_model=Page[SearchHit], summary="Full-text search",
            responses={400: {"model": ErrorBody, "description": "An empty query, or one with no words (W004)"}})
def search(
    request: Request,
    conn: StoreConn,
    q: Annotated[str, Query(description='FTS5 query: words (all must match), "exact phrase", OR, NOT, prefix*.')],
    limit: Annotated[int, Query(ge=1, le=MAX_SEARCH_LIMIT)] = 20,
    offset: Annotated[int, Query(ge=0, le=MAX_SEARCH_DEPTH)] = 0,
) -> dict:
    """Articles matching ``q``, best first, each with a snippet whose matches are in [brackets]."""
    rows = article_store.search_articles(conn, q, limit=offset + limit + 1)
    return page(request, rows[offset:], Paging(limit, offset))
