"""Typed records: the only currency passed between Wirewatch stages."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

DocKind = Literal["text", "html"]


@dataclass(frozen=True)
class RawDocument:
    """One article as a reader found it, before cleaning.

    source: where it came from, precise enough to find it again
        (``path``, ``path:line`` for JSON Lines, ``path#record-id`` for WARC, ``<stdin>``).
    fetched: when it was crawled or saved (WARC date, feed date, file time);
        the reference for resolving dates such as "Monday, August 14".
    """

    source: str
    content: str
    kind: DocKind
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    language: str | None = None
    author: str | None = None
    fetched: datetime | None = None


@dataclass(frozen=True)
class Skip:
    """An input that could not become an article, with a one-line reason."""

    source: str
    reason: str


@dataclass(frozen=True)
class RemovedLine:
    """A line the cleaner dropped; kept so that nothing is silently lost.

    line_no: 0-based index among the input's lines.
    reason: a short cue name such as ``promo``, ``read-also``, ``byline``, ``media-debris``.
    """

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class CleanedText:
    """The plain-text cleaner's result: body paragraphs joined by newlines."""

    body: str
    title: str | None = None
    author: str | None = None
    removed: tuple[RemovedLine, ...] = ()


@dataclass(frozen=True)
class HtmlExtraction:
    """Main text and metadata found in an HTML page."""

    body: str
    title: str | None = None
    author: str | None = None
    published: date | None = None
    sitename: str | None = None
    url: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Article:
    """A cleaned article, ready for the store. ``id`` is a hash of outlet + normalized body."""

    id: str
    body: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: date | None
    language: str | None
    source: str
    kind: DocKind
    removed: tuple[RemovedLine, ...] = field(default=())
    date_source: str | None = None


@dataclass(frozen=True)
class StoryDoc:
    """What story grouping sees of an article: enough to compare it with others.

    published: None when unknown (some evaluation sets have only an arrival order).
    """

    id: str
    title: str
    body: str
    published: date | None = None
    outlet: str | None = None
