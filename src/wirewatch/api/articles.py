"""``/api/articles``: the article listing and one article with its body and removed lines."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from wirewatch.api.params import SINCE_HELP, PagingParams, StoreConn, page
from wirewatch.since import parse_since
from wirewatch.api.schemas import Article, ArticleSummary, ErrorBody, Page
from wirewatch.store import articles as article_store

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleSummary], summary="List articles, newest first")
def list_articles(
    request: Request,
    conn: StoreConn,
    paging: PagingParams,
    outlet: Annotated[str | None, Query(description="Only this outlet (exact name).")] = None,
    since: Annotated[str | None, Query(description="Only articles published on or after. " + SINCE_HELP)] = None,
) -> dict:
    """Articles by publication date, newest first (undated last); ``next`` links the following page."""
    day = parse_since(since)
    rows = article_store.list_articles(conn, limit=paging.limit + 1, offset=paging.offset, outlet=outlet,
                                       since=day.isoformat() if day else None)
    return page(request, rows, paging)


@router.get("/{article_id}", response_model=Article, summary="One article",
            responses={404: {"model": ErrorBody, "description": "No such article (W003)"}})
def get_article(article_id: str, conn: StoreConn) -> dict:
    """The article's metadata, clean body, removed lines (with the reason) and sightings.

    A unique prefix of the id is enough.
    """
    return article_store.get_article(conn, article_id)
