"""Response models: the OpenAPI schema of what each endpoint returns.

The store's readers return dicts; these models document them. Each allows extra fields, so
a column a later migration adds reaches clients before its model is updated.
"""
from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

T = TypeVar("T")


class Record(BaseModel):
    model_config = ConfigDict(extra="allow")


class Page(BaseModel, Generic[T]):
    """One page of a listing; ``next`` is the relative link to the following page, or null."""

    items: list[T]
    limit: int
    offset: int
    next: str | None = None


class ErrorBody(BaseModel):
    """Every error: a code (``W004``, or ``not_found``, ``unauthorized``...) and what to do."""

    error: str
    message: str


class Health(Record):
    status: str
    version: str
    schema_version: int


class ArticleSummary(Record):
    id: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None


class RemovedLine(Record):
    line_no: int
    text: str
    reason: str | None = None


class Sighting(Record):
    source: str
    url: str | None = None
    first_seen: str
    last_seen: str
    times_seen: int


class Article(ArticleSummary):
    """An article with its clean body, the lines cleaning removed, and where it was seen."""

    body: str
    kind: str | None = None
    date_source: str | None = None
    first_source: str | None = None
    ingested_at: str | None = None
    removed: list[RemovedLine] = []
    sightings: list[Sighting] = []


class SearchHit(ArticleSummary):
    snippet: str | None = None
    score: float


class StorySummary(Record):
    id: str
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    articles: int
    outlets: int
    outlet_names: list[str] = []


class Relation(Record):
    relation: str
    of: str
    score: float


class StoryArticle(Record):
    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    score: float | None = None
    relations: list[Relation] = []


class Story(Record):
    """A story; ``requested_id`` is the id asked for, which may be one merged into ``id``."""

    id: str
    title: str | None = None
    first_published: str | None = None
    last_published: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    requested_id: str
    merged_ids: list[str] = []
    articles: list[StoryArticle] = []
    outlets: list[str] = []
    first_report: str | None = None


class EventSummary(Record):
    """An event merged across a story's articles (CAMEO code, Goldstein score, counts)."""

    id: str
    story_id: str | None = None
    source: str | None = None
    source_name: str | None = None
    target: str | None = None
    target_name: str | None = None
    code: str
    code_name: str | None = None
    root: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    negated: bool = False
    hypothetical: bool = False
    reported_by: str | None = None
    date_first: str | None = None
    date_last: str | None = None
    num_mentions: int = 0
    num_articles: int = 0
    num_sources: int = 0
    sentence: str | None = None


class Mention(Record):
    article_id: str
    sentence_start: int
    sentence_end: int
    sentence: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


class Event(EventSummary):
    mentions: list[Mention] = []
    outlets: list[str] = []


class Actor(Record):
    code: str
    name: str | None = None
    country: str | None = None
    role: str | None = None
    mentions: int
    articles: int
    events_as_source: int
    events_as_target: int
