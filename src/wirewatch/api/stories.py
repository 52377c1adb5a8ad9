"""``/api/stories``: the story listing and one story with its articles (merged ids resolve)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from wirewatch.api.params import SINCE_HELP, PagingParams, StoreConn, page
from wirewatch.since import parse_since
from wirewatch.api.schemas import ErrorBody, Page, Story, StorySummary
from wirewatch.store import stories as story_store

router = APIRouter(prefix="/stories", tags=["stories"])


@router.get("", response_model=Page[StorySummary], summary="List stories, most recently reported first")
def list_stories(
    request: Request,
    conn: StoreConn,
    paging: PagingParams,
    since: Annotated[str | None, Query(description="Only stories with an article on or after. " + SINCE_HELP)] = None,
    min_articles: Annotated[int, Query(ge=1, description="Hide stories with fewer articles.")] = 1,
) -> dict:
    """Live stories (not merged away) with their article and outlet counts."""
    rows = story_store.list_stories(conn, since=parse_since(since), limit=paging.limit + 1, offset=paging.offset,
                                    min_articles=min_articles)
    return page(request, rows, paging)


@router.get("/{story_id}", response_model=Story, summary="One story",
            responses={404: {"model": ErrorBody, "description": "No such story (W007)"}})
def get_story(story_id: str, conn: StoreConn) -> dict:
    """The story with its articles in publication order, their copy/rewrite relations and the first report.

    A unique id prefix is enough, and the id of a story merged into another gives that other
    story (``requested_id`` keeps the id asked for).
    """
    return story_store.get_story(conn, story_id)
