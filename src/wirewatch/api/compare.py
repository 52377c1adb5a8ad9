"""``/api/stories/{id}/compare``: a story's sources side by side, each claim marked.

The comparison runs ``compare.story.compare_story`` and returns ``comparison_as_dict``. The first
call of a process loads the sentence model (seconds); later calls reuse the Comparer's caches,
which are the only cache: nothing else is kept between requests.
"""
from __future__ import annotations

import threading

from fastapi import APIRouter

from wirewatch.api.params import StoreConn
from wirewatch.api.schemas import ErrorBody, Record

router = APIRouter(prefix="/stories", tags=["compare"])

# The shared Comparer's caches are plain dicts, not safe for two threads at once: compare one story at a time.
_COMPARE_LOCK = threading.Lock()


class ComparisonArticle(Record):
    id: str
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    relations: list[dict] = []


class ClaimGroupOut(Record):
    id: int
    status: str
    independent: bool
    outlets: list[str] = []
    independent_outlets: list[str] = []
    reason: str | None = None
    claims: list[dict] = []


class Comparison(Record):
    """The story's articles, its groups of aligned claims, and per article each claim's mark."""

    story_id: str
    articles: list[ComparisonArticle]
    counts: dict[str, int]
    groups: list[ClaimGroupOut]
    marks: dict[str, list[dict]]


@router.get("/{story_id}/compare", response_model=Comparison, summary="Compare the sources of a story",
            responses={404: {"model": ErrorBody, "description": "No such story (W007)"}})
def compare(story_id: str, conn: StoreConn) -> dict:
    """Every article's claims, aligned across articles and marked corroborated, single-source,
    commentary or conflict. ``marks[article_id]`` gives each claim's offsets in the article's body.

    A unique id prefix or a merged-away id is enough. The first call may take seconds (model load).
    """
    from wirewatch.compare.story import compare_story, comparison_as_dict  # loads spaCy and torch: on first use

    with _COMPARE_LOCK:
        return comparison_as_dict(compare_story(conn, story_id))
