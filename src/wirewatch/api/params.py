"""Query parameters shared by the routers: pagination, ``since`` days, and the page envelope."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request

from wirewatch.api.connections import store_connection

DEFAULT_LIMIT = 50
MAX_LIMIT = 500

StoreConn = Annotated[sqlite3.Connection, Depends(store_connection)]
"""A router's handle on the store: ``def endpoint(conn: StoreConn)``."""


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, description="Items to skip.")] = 0,
) -> Paging:
    """FastAPI dependency: ``limit`` and ``offset`` from the query string, validated."""
    return Paging(limit, offset)


PagingParams = Annotated[Paging, Depends(paging)]


def page(request: Request, rows: list, paging: Paging) -> dict:
    """The page envelope for ``rows``, fetched with ``limit + 1`` so that one extra row tells
    whether a next page exists; ``next`` is a relative link to it, or None on the last page."""
    items = rows[: paging.limit]
    following = None
    if len(rows) > paging.limit:
        url = request.url.include_query_params(limit=paging.limit, offset=paging.offset + paging.limit)
        following = f"{url.path}?{url.query}"
    return {"items": items, "limit": paging.limit, "offset": paging.offset, "next": following}


SINCE_HELP = "A day (YYYY-MM-DD) or a span back from now (24h, 7d, 2w)."
